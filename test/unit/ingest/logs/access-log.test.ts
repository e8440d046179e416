import { Readable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import type { LogRecord, SamplesRecord } from '../../../../core/ingest/types';
import { AccessLogMetrics, QuantileSketch, accessLogMetrics, accessLogReader } from '../../../../core/ingest/formats/logs';
import { context, fixture, readFixture, readText } from './helpers';

describe('access log reader', () => {
  it('reads combined lines: method, path, status, bytes, referer, agent, request time and level', async () => {
    const recs = await readFixture<LogRecord>(accessLogReader, fixture('logs', 'access-combined.log'));
    expect(recs[0]).toMatchObject({
      ts: Date.UTC(2000, 9, 10, 20, 55, 36),
      level: 'INFO',
      attrs: {
        client: '127.0.0.1', user: 'frank', method: 'GET', path: '/apache_pb.gif', protocol: 'HTTP/1.0',
        status: '200', bytes: '2326', referer: 'http://www.example.com/start.html', user_agent: 'Mozilla/4.08 [en] (Win98; I ;Nav)',
      },
    });
    expect(recs[0].attrs).not.toHaveProperty('request_time');
    expect(recs[1]).toMatchObject({ level: 'ERROR', attrs: { status: '503', bytes: '0', request_time: '0.23' } });
    expect(recs[2]).toMatchObject({ level: 'WARN', attrs: { status: '404', request_time: '0.004' } });
    expect(recs[1].message).toBe('"POST /api/orders HTTP/1.1" 503 - "-" "curl/8.0" 0.230');
  });

  it('reads a leading vhost as the service and a bare integer request time as microseconds', async () => {
    const recs = await readFixture<LogRecord>(accessLogReader, fixture('logs', 'access-common-vhost.log'));
    expect(recs.map((r) => [r.service, r.attrs?.vhost, r.attrs?.request_time])).toEqual([
      ['shop.example.com', 'shop.example.com:443', '0.023'],
      ['shop.example.com', 'shop.example.com:443', '1.5'],
    ]);
  });

  it('reads the common format without referer or agent', async () => {
    const recs = await readText<LogRecord>(accessLogReader, '1.2.3.4 - - [01/Jan/2024:00:00:00 +0100] "GET / HTTP/1.1" 304 -\n');
    expect(recs[0]).toMatchObject({ ts: Date.UTC(2023, 11, 31, 23), attrs: { status: '304', bytes: '0', path: '/' } });
  });

  it('names the line that is not an access log line', async () => {
    await expect(readText(accessLogReader, 'hello\n', { file: 'access.log' })).rejects.toThrow(/^access\.log:1: expected an access log line/);
  });
});

/** A planted access log: known counts, bytes and request times per vhost and minute. */
function plantedLog(): string {
  const lines: string[] = [];
  const stamp = (min: number, sec: number) => `[15/Jan/2024:10:${String(min).padStart(2, '0')}:${String(sec).padStart(2, '0')} +0000]`;
  // a.example: minute 0 — 100 requests, 80×200 / 10×404 / 10×503, 1000 bytes each, request times 1..100 ms.
  for (let i = 0; i < 100; i++) {
    const status = i < 80 ? 200 : i < 90 ? 404 : 503;
    lines.push(`a.example:80 10.0.0.1 - - ${stamp(0, i % 60)} "GET /x HTTP/1.1" ${status} 1000 "-" "t" ${((i + 1) / 1000).toFixed(3)}`);
  }
  // a.example: minute 1 — nothing; minute 2 — 60 requests, all 200, 1000 bytes, 0.200 s.
  for (let i = 0; i < 60; i++) lines.push(`a.example:80 10.0.0.1 - - ${stamp(2, i)} "GET /y HTTP/1.1" 200 1000 "-" "t" 0.200`);
  // b.example: minute 0 — 30 requests without request time, 3 of them 500.
  for (let i = 0; i < 30; i++) lines.push(`b.example:443 10.0.0.2 - - ${stamp(0, i)} "GET /z HTTP/1.1" ${i < 3 ? 500 : 200} 10 "-" "t"`);
  return `${lines.join('\n')}\n`;
}

const m = (min: number) => Date.UTC(2024, 0, 15, 10, min);
const series = (all: SamplesRecord[], name: string, labels: Record<string, string>) =>
  all.find((s) => s.name === name && JSON.stringify(s.labels) === JSON.stringify(labels));

describe('access log metrics', () => {
  it('derives request, status-class and byte rates per vhost and minute, with zeros in empty minutes', async () => {
    const agg = new AccessLogMetrics(60_000);
    const open = () => Readable.from([Buffer.from(plantedLog())]);
    // Streaming: records go into the aggregator batch by batch and are not kept.
    for await (const batch of accessLogReader.read(open, context({ file: 'planted.log' }))) {
      for (const r of batch) agg.add(r as LogRecord);
    }
    const all = agg.result();
    const a = { service: 'a.example' };
    expect(series(all, 'http_requests_per_second', a)).toMatchObject({ ts: [m(0), m(1), m(2)], values: [100 / 60, 0, 1], unit: 'req/s' });
    expect(series(all, 'http_responses_per_second', { ...a, code: '2xx' })?.values).toEqual([80 / 60, 0, 1]);
    expect(series(all, 'http_responses_per_second', { ...a, code: '4xx' })?.values).toEqual([10 / 60, 0, 0]);
    expect(series(all, 'http_responses_per_second', { ...a, code: '5xx' })?.values).toEqual([10 / 60, 0, 0]);
    expect(series(all, 'http_error_ratio', a)).toMatchObject({ ts: [m(0), m(2)], values: [0.1, 0] });
    expect(series(all, 'http_response_bytes_per_second', a)?.values).toEqual([100_000 / 60, 0, 1000]);
    const b = { service: 'b.example' };
    expect(series(all, 'http_requests_per_second', b)?.values).toEqual([0.5]);
    expect(series(all, 'http_error_ratio', b)?.values).toEqual([0.1]);
  });

  it('gives p50/p95/p99 request times within 1% where a request time exists, and none where it does not', async () => {
    const recs = await readText<LogRecord>(accessLogReader, plantedLog(), {}, 4096);
    const all = accessLogMetrics(recs);
    const q = (quantile: string) => series(all, 'http_request_duration_seconds', { service: 'a.example', quantile });
    // Sample quantiles (lower rank ⌊q·(n−1)⌋) of 1..100 ms: 50, 95, 99 ms; minute 2: all 200 ms.
    const expected: [string, number][] = [['0.5', 0.05], ['0.95', 0.095], ['0.99', 0.099]];
    for (const [quantile, v] of expected) {
      const s = q(quantile);
      expect(s?.ts).toEqual([m(0), m(2)]);
      expect(Math.abs((s?.values[0] ?? 0) - v) / v).toBeLessThanOrEqual(0.01);
      expect(Math.abs((s?.values[1] ?? 0) - 0.2) / 0.2).toBeLessThanOrEqual(0.01);
    }
    expect(all.some((s) => s.name === 'http_request_duration_seconds' && s.labels.service === 'b.example')).toBe(false);
  });

  it('refuses a bucket width that is not a positive integer', () => {
    expect(() => new AccessLogMetrics(0)).toThrow(RangeError);
    expect(() => accessLogMetrics([], 1.5)).toThrow(/bucketMs must be a positive integer/);
  });
});

describe('quantile sketch (DDSketch)', () => {
  it('stays within its relative accuracy on a skewed sample', () => {
    const s = new QuantileSketch(0.01);
    const values: number[] = [];
    for (let i = 1; i <= 10_000; i++) {
      const v = (i * i) / 1e4;
      values.push(v);
      s.add(v);
    }
    for (const q of [0, 0.1, 0.5, 0.9, 0.99, 1]) {
      const truth = values[Math.floor(q * (values.length - 1))];
      expect(Math.abs(s.quantile(q) - truth) / truth).toBeLessThanOrEqual(0.01);
    }
  });

  it('counts zeros apart, ignores NaN and negatives, and is NaN when empty', () => {
    const s = new QuantileSketch();
    expect(s.quantile(0.5)).toBeNaN();
    [0, 0, 0, Number.NaN, -1, 5].forEach((v) => s.add(v));
    expect(s.count).toBe(4);
    expect(s.quantile(0.5)).toBe(0);
    expect(() => s.quantile(2)).toThrow(RangeError);
  });
});
