import { describe, expect, it } from 'vitest';
import { datadogV1Reader, datadogV2Reader } from '../../../../core/ingest/formats/metrics';
import { readFixture, readText } from './read';

describe('Datadog v1 query reader', () => {
  it('reads pointlist ms times, skips null values, scope tags as labels, unit from the unit pair', async () => {
    const r = await readFixture(datadogV1Reader, 'datadog-v1.json');
    expect(r.get('system.cpu.user', { host: 'a', env: 'prod' })).toMatchObject({
      unit: '%',
      ts: [1575317847000, 1575317887000],
      values: [0.52, 0.61],
    });
    const b = r.get('system.cpu.user', { host: 'b', env: 'prod' });
    expect(b.values).toEqual([0.3]);
    expect(b.unit).toBeUndefined();
  });

  it('gives the same result whatever the chunk boundaries', async () => {
    const whole = await readFixture(datadogV1Reader, 'datadog-v1.json');
    const bytewise = await readFixture(datadogV1Reader, 'datadog-v1.json', { chunk: 1 });
    expect(bytewise.series).toEqual(whole.series);
  });

  it('reports an errors array as a ParseError', async () => {
    await expect(readText(datadogV1Reader, '{"errors":["Invalid query"]}', { file: 'd.json' })).rejects.toThrow(
      /^d\.json:1: expected a successful Datadog query result, found "Invalid query"/,
    );
  });

  it('names the line of a malformed point', async () => {
    const text = '{"series":[{"metric":"m",\n"pointlist":[[1,2],\n["x",3]]}]}';
    await expect(readText(datadogV1Reader, text, { file: 'd.json' })).rejects.toThrow(/^d\.json:3: expected a point/);
  });
});

describe('Datadog v2 timeseries reader', () => {
  it('pairs the shared times with each series values; group tags as labels; null = no point', async () => {
    const r = await readFixture(datadogV2Reader, 'datadog-v2.json');
    expect(r.get('datadog-v2', { service: 'web' })).toMatchObject({
      unit: 'ms',
      ts: [1700000000000, 1700000120000],
      values: [12.5, 14],
    });
    expect(r.get('datadog-v2', { service: 'db' }).values).toEqual([3, 3.5, 4]);
  });

  it('adds the query index to the name when the file holds several queries', async () => {
    const text =
      '{"data":{"type":"timeseries_response","attributes":{"series":[{"group_tags":[],"query_index":0},' +
      '{"group_tags":[],"query_index":1}],"times":[1000],"values":[[1],[2]]}}}';
    const r = await readText(datadogV2Reader, text, { file: 'q.json' });
    expect(r.get('q_q0').values).toEqual([1]);
    expect(r.get('q_q1').values).toEqual([2]);
  });

  it('reads values that come before times', async () => {
    const text = '{"data":{"attributes":{"values":[[5,6]],"series":[{"group_tags":["a:b"]}],"times":[1000,2000]}}}';
    const r = await readText(datadogV2Reader, text, { file: 'v.json' });
    expect(r.get('v', { a: 'b' })).toMatchObject({ ts: [1000, 2000], values: [5, 6] });
  });

  it('reports a values array whose length differs from times', async () => {
    const text = '{"data":{"attributes":{"series":[{}],"times":[1000,2000],\n"values":[[5]]}}}';
    await expect(readText(datadogV2Reader, text, { file: 'v.json' })).rejects.toThrow(
      /^v\.json:2: expected values\[0\]: an array as long as "times" \(2\)/,
    );
  });
});
