import { describe, expect, it } from 'vitest';
import {
  openMetricsReader,
  prometheusTextReader,
  promtoolDumpReader,
} from '../../../../core/ingest/formats/metrics';
import { ParseError } from '../../../../core/ingest/types';
import { readFixture, readText } from './read';

const SCRAPE = 1_700_000_100_000;

describe('Prometheus text exposition 0.0.4 reader', () => {
  it('reads samples with labels and integer-ms timestamps', async () => {
    const r = await readFixture(prometheusTextReader, 'exposition-0.0.4.prom', { fileTimeMs: SCRAPE });
    expect(r.get('api_requests_total', { route: '/login', status: '200' })).toMatchObject({
      ts: [1700000000000],
      values: [2041],
    });
    expect(r.get('api_requests_total', { route: '/login', status: '500' }).values).toEqual([7]);
    expect(r.get('queue_depth_weird', { problem: 'overflow' })).toMatchObject({ ts: [-3600000], values: [Infinity] });
  });

  it('unescapes \\\\, \\" and \\n in label values', async () => {
    const r = await readFixture(prometheusTextReader, 'exposition-0.0.4.prom', { fileTimeMs: SCRAPE });
    const s = r.get('backup_last_file_bytes');
    expect(s.labels).toEqual({ file: 'D:\\backups\\db.bak', note: 'said "hi"\nthen left' });
    expect(s.values).toEqual([1.5e9]);
  });

  it('reads histograms as _bucket{le} / _sum / _count series, le="+Inf" included', async () => {
    const r = await readFixture(prometheusTextReader, 'exposition-0.0.4.prom', { fileTimeMs: SCRAPE });
    expect(r.get('api_latency_seconds_bucket', { le: '+Inf' }).values).toEqual([200]);
    expect(r.get('api_latency_seconds_bucket', { le: '0.1' }).values).toEqual([120]);
    expect(r.get('api_latency_seconds_sum').values).toEqual([31.5]);
    expect(r.get('api_latency_seconds_count').values).toEqual([200]);
  });

  it('gives samples without a timestamp the file time', async () => {
    const r = await readFixture(prometheusTextReader, 'exposition-0.0.4.prom', { fileTimeMs: SCRAPE });
    expect(r.get('queue_depth')).toMatchObject({ ts: [SCRAPE], values: [12.5] });
  });

  it('without a file time, a sample without timestamp is a ParseError naming the line', async () => {
    const err = await readFixture(prometheusTextReader, 'exposition-0.0.4.prom').catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ParseError);
    expect((err as ParseError).message).toMatch(/^exposition-0\.0\.4\.prom:7: expected a timestamp/);
  });

  it('with skipBadLines reports the first untimed sample once and counts the rest in a note', async () => {
    const r = await readFixture(prometheusTextReader, 'exposition-0.0.4.prom', { skipBadLines: true });
    expect(r.bad.map((b) => b.line)).toEqual([7]);
    expect(r.notes.some((n) => /\d+ more sample\(s\) without a timestamp/.test(n))).toBe(true);
    expect(r.get('api_requests_total', { route: '/login', status: '200' }).values).toEqual([2041]);
  });

  it('names file and line of a malformed sample', async () => {
    const text = '# TYPE a gauge\na{x="1"} 1 1000\na{x="1} 2 2000\n';
    await expect(readText(prometheusTextReader, text, { file: 'm.prom' })).rejects.toThrow(/^m\.prom:3: expected /);
    const bad = 'a{x="1"} one 1000\n';
    await expect(readText(prometheusTextReader, bad, { file: 'm.prom' })).rejects.toThrow(
      /^m\.prom:1: expected a sample value .*found "one"/,
    );
  });

  it('rejects an unknown metric type', async () => {
    await expect(readText(prometheusTextReader, '# TYPE a bogus\na 1 1\n', { file: 'm.prom' })).rejects.toThrow(
      /m\.prom:1: expected a metric type/,
    );
  });
});

describe('OpenMetrics reader', () => {
  it('reads float-second timestamps as ms', async () => {
    const r = await readFixture(openMetricsReader, 'openmetrics.txt');
    expect(r.get('shop_checkout_seconds_sum', { region: 'eu' }).ts).toEqual([1700000000250]);
    expect(r.get('mystery')).toMatchObject({ ts: [1700000000500], values: [3.5] });
  });

  it('applies # UNIT to the family and skips _created samples of counters and summaries', async () => {
    const r = await readFixture(openMetricsReader, 'openmetrics.txt');
    expect(r.get('shop_checkout_seconds_count', { region: 'eu' }).unit).toBe('seconds');
    expect(r.series.some((s) => s.name.endsWith('_created'))).toBe(false);
    expect(r.notes.some((n) => /2 _created sample/.test(n))).toBe(true);
    expect(r.get('jobs_total', { queue: 'mail' }).values).toEqual([17]);
  });

  it('ignores exemplars', async () => {
    const r = await readFixture(openMetricsReader, 'openmetrics.txt');
    expect(r.get('rpc_bucket', { le: '0.1' })).toMatchObject({ ts: [1700000000000], values: [8] });
  });

  it('requires # EOF at the end and nothing after it', async () => {
    await expect(readText(openMetricsReader, '# TYPE a gauge\na 1 1\n', { file: 'o.txt' })).rejects.toThrow(
      /^o\.txt:3: expected a final "# EOF" line/,
    );
    await expect(readText(openMetricsReader, '# TYPE a gauge\na 1 1\n# EOF\na 2 2\n', { file: 'o.txt' })).rejects.toThrow(
      /^o\.txt:4: expected nothing after "# EOF"/,
    );
  });
});

describe('promtool tsdb dump reader', () => {
  it('reads `{__name__=..., ...} value ms` lines, name from __name__', async () => {
    const r = await readFixture(promtoolDumpReader, 'promtool-dump.txt');
    expect(r.get('up', { instance: 'a:9090', job: 'prometheus' })).toMatchObject({
      ts: [1700000000000, 1700000015000],
      values: [1, 0],
    });
    expect(r.get('go_goroutines', { instance: 'a:9090', job: 'prometheus' }).values).toEqual([42]);
    expect(r.get('up', { instance: 'b:9090', job: 'prometheus' }).values[0]).toBeNaN();
  });

  it('reads dump-openmetrics: float-second timestamps and # EOF', async () => {
    const r = await readFixture(promtoolDumpReader, 'promtool-dump-openmetrics.txt');
    expect(r.get('up', { instance: 'a:9090', job: 'prometheus' })).toMatchObject({
      ts: [1700000000000, 1700000015000],
      values: [1, 0],
    });
    expect(r.get('process_cpu_seconds_total', { instance: 'a:9090', job: 'prometheus' }).values).toEqual([12.5]);
  });

  it('names the line of a label set that is not closed', async () => {
    const text = '{__name__="up", job="a"} 1 1000\n{__name__="up", job="a 1 2000\n';
    await expect(readText(promtoolDumpReader, text, { file: 'd.txt' })).rejects.toThrow(/^d\.txt:2: expected /);
  });

  it('rejects a series with no name', async () => {
    await expect(readText(promtoolDumpReader, '{job="a"} 1 1000\n', { file: 'd.txt' })).rejects.toThrow(
      /^d\.txt:1: expected a metric name/,
    );
  });
});
