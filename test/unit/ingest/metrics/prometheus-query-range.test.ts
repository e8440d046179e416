import { describe, expect, it } from 'vitest';
import { prometheusQueryRangeReader as reader } from '../../../../core/ingest/formats/metrics';
import { ParseError } from '../../../../core/ingest/types';
import { fixtureBytes, readBytes, readFixture, readText } from './read';

describe('Prometheus query_range / query JSON reader', () => {
  it('reads a matrix: __name__ as the name, the other labels kept, float seconds as ms', async () => {
    const r = await readFixture(reader, 'prom-query-range.json');
    const up = r.get('up', { job: 'node', instance: 'a:9100' });
    expect(up.ts).toEqual([1435781430781, 1435781445781, 1435781460781]);
    expect(up.values.slice(0, 2)).toEqual([0, 1]);
    expect(up.values[2]).toBeNaN();
  });

  it('reads "+Inf", "-Inf" and exponent strings, and names a series without __name__ after the file', async () => {
    const r = await readFixture(reader, 'prom-query-range.json');
    const s = r.get('prom-query-range', { job: 'node', instance: 'b:9100' });
    expect(s.values).toEqual([Infinity, -Infinity, 0.001]);
    expect(s.ts).toEqual([1435781430000, 1435781445000, 1435781460000]);
  });

  it('gives the same result whatever the chunk boundaries', async () => {
    const whole = await readFixture(reader, 'prom-query-range.json');
    for (const chunk of [1, 2, 3, 7, 64]) {
      const r = await readFixture(reader, 'prom-query-range.json', { chunk });
      expect(r.series).toEqual(whole.series);
    }
  });

  it('reads an instant vector ("value")', async () => {
    const r = await readFixture(reader, 'prom-instant-vector.json');
    expect(r.get('node_load1', { instance: 'a:9100' })).toMatchObject({ ts: [1700000000500], values: [0.42] });
    expect(r.get('node_load1', { instance: 'b:9100' }).values).toEqual([1.5]);
  });

  it('reads a scalar result as one point of a series named "scalar"', async () => {
    const r = await readText(reader, '{"status":"success","data":{"resultType":"scalar","result":[1700000000,"7"]}}');
    expect(r.get('scalar')).toMatchObject({ ts: [1700000000000], values: [7] });
  });

  it('reports "status":"error" with its errorType and message', async () => {
    const err = await readFixture(reader, 'prom-error.json').catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ParseError);
    expect((err as ParseError).message).toMatch(/^prom-error\.json:1: expected a successful query result/);
    expect((err as ParseError).message).toContain('bad_data');
    expect((err as ParseError).message).toContain('parse error');
  });

  it('skips native histograms with a note and still reads float series; forwards warnings', async () => {
    const r = await readFixture(reader, 'prom-native-histograms.json');
    expect(r.series.map((s) => s.name)).toEqual(['rpc_requests_total']);
    expect(r.get('rpc_requests_total').values).toEqual([10, 12]);
    expect(r.notes.some((n) => /2 native histogram sample/.test(n))).toBe(true);
    expect(r.notes.some((n) => /partial block/.test(n))).toBe(true);
  });

  it('names the file and line of a malformed point', async () => {
    const err = await readFixture(reader, 'prom-query-range-bad-point.json').catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ParseError);
    expect(err).toMatchObject({ file: 'prom-query-range-bad-point.json', line: 10 });
    expect((err as Error).message).toMatch(/expected a point \[<unix seconds>, "<value>"\]/);
  });

  it('with skipBadLines reports the bad point and keeps the others', async () => {
    const r = await readFixture(reader, 'prom-query-range-bad-point.json', { skipBadLines: true });
    expect(r.bad).toHaveLength(1);
    expect(r.bad[0].line).toBe(10);
    expect(r.get('up').ts).toEqual([1435781430781, 1435781460781]);
  });

  it('reports truncated JSON at its last line, and with skipBadLines keeps what came before', async () => {
    const bytes = fixtureBytes('prom-query-range.json');
    const cut = bytes.subarray(0, bytes.indexOf('1435781460.781'));
    const err = await readBytes(reader, cut, { file: 'cut.json' }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ParseError);
    expect((err as ParseError).line).toBe(11);
    const r = await readBytes(reader, cut, { file: 'cut.json', skipBadLines: true });
    expect(r.get('up').values).toEqual([0, 1]);
    expect(r.bad).toHaveLength(1);
  });

  it('reads a series whose values come before its metric (keys reordered)', async () => {
    const r = await readText(
      reader,
      '{"data":{"result":[{"values":[[1,"2"],[2,"3"]],"metric":{"__name__":"x","a":"b"}}],"resultType":"matrix"},"status":"success"}',
    );
    expect(r.get('x', { a: 'b' })).toMatchObject({ ts: [1000, 2000], values: [2, 3] });
  });

  it('cuts a long series into records of at most 10k points and yields before the end of input', async () => {
    const pts = Array.from({ length: 25_000 }, (_, i) => `[${1700000000 + i},"${i}"]`).join(',');
    const text = `{"status":"success","data":{"resultType":"matrix","result":[{"metric":{"__name__":"big"},"values":[${pts}]}]}}`;
    const r = await readText(reader, text, { chunk: 65536 });
    expect(r.records.map((x) => x.ts.length)).toEqual([10_000, 10_000, 5_000]);
    expect(r.batches).toBeGreaterThanOrEqual(3);
    expect(r.get('big').values[24_999]).toBe(24_999);
  });

  it('stops with the abort reason when the signal fires', async () => {
    const ac = new AbortController();
    ac.abort();
    await expect(readFixture(reader, 'prom-query-range.json', { signal: ac.signal })).rejects.toMatchObject({
      name: 'AbortError',
    });
  });

  it('reports progress in bytes', async () => {
    const seen: number[] = [];
    const bytes = fixtureBytes('prom-query-range.json');
    await readBytes(reader, bytes, { chunk: 100, onProgress: (b) => seen.push(b) });
    expect(seen[seen.length - 1]).toBe(bytes.length);
  });
});
