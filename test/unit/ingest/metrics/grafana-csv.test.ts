import { describe, expect, it } from 'vitest';
import { grafanaCsvReader as reader } from '../../../../core/ingest/formats/metrics';
import { ParseError } from '../../../../core/ingest/types';
import { fixtureBytes, readFixture, readText } from './read';

describe('Grafana panel CSV reader', () => {
  it('keeps its fixtures as Grafana writes them: BOM and CRLF', () => {
    for (const f of ['grafana-joined.csv', 'grafana-formatted.csv', 'grafana-excel-semicolon.csv']) {
      const b = fixtureBytes(f);
      expect([...b.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
      expect(b.includes('\r\n')).toBe(true);
    }
  });

  it('parses selector headers into name + labels and joins by time (empty cell = no point)', async () => {
    const r = await readFixture(reader, 'grafana-joined.csv');
    expect(r.get('up', { instance: 'a:9090', job: 'prometheus' })).toMatchObject({
      ts: [1700000000000, 1700000030000],
      values: [1, 1],
    });
    expect(r.get('up', { instance: 'b:9090', job: 'prometheus' })).toMatchObject({
      ts: [1700000000000, 1700000015000],
      values: [1, 0],
    });
  });

  it('reads formatted times in the chosen zone, after a sep=, line', async () => {
    const r = await readFixture(reader, 'grafana-formatted.csv', { zone: 'Europe/Berlin' });
    expect(r.get('cpu busy').ts).toEqual([
      Date.UTC(2024, 6, 1, 10, 0, 0),
      Date.UTC(2024, 6, 1, 10, 0, 15),
      Date.UTC(2024, 6, 1, 10, 0, 30),
    ]);
    const utc = await readFixture(reader, 'grafana-formatted.csv');
    expect(utc.get('cpu busy').ts[0]).toBe(Date.UTC(2024, 6, 1, 12, 0, 0));
  });

  it('splits values from units (°C, %, GB) and rescales a column whose unit changes scale', async () => {
    const r = await readFixture(reader, 'grafana-formatted.csv');
    expect(r.get('node_hwmon_temp_celsius', { chip: 'cpu' })).toMatchObject({ unit: '°C', values: [13.7, 14.1] });
    expect(r.get('cpu busy')).toMatchObject({ unit: '%', values: [45, 47.5, 50] });
    const lat = r.get('http latency p99');
    expect(lat.unit).toBe('ms');
    expect(lat.values[0]).toBe(950);
    expect(lat.values[1]).toBeCloseTo(1200, 9);
    expect(lat.values[2]).toBe(980);
    const disk = r.get('disk used');
    expect(disk.unit).toBe('GB');
    expect(disk.values[2]).toBeCloseTo(0.9, 12);
  });

  it('reads "Download for Excel" with sep=; and decimal commas', async () => {
    const r = await readFixture(reader, 'grafana-excel-semicolon.csv');
    expect(r.get('A-series')).toMatchObject({
      ts: [Date.UTC(2024, 0, 15, 10, 0), Date.UTC(2024, 0, 15, 10, 1)],
      values: [13.7, 14.2],
    });
    expect(r.get('B-series').values).toEqual([1, 2]);
  });

  it('names a selector without a metric name after the file', async () => {
    const r = await readText(reader, '\ufeff"Time","{instance=""a""}"\r\n1700000000000,5\r\n', { file: 'dir/cpu rate.csv' });
    expect(r.get('cpu rate', { instance: 'a' }).values).toEqual([5]);
  });

  it('names file and line of a bad time and of a value in an incompatible unit', async () => {
    const badTime = '\ufeff"Time","a"\r\n1700000000000,1\r\nyesterday,2\r\n';
    const e1 = await readText(reader, badTime, { file: 'g.csv' }).catch((e: unknown) => e);
    expect(e1).toBeInstanceOf(ParseError);
    expect((e1 as Error).message).toMatch(/^g\.csv:3: expected a time/);
    const badUnit = '\ufeff"Time","a"\r\n1700000000000,1 ms\r\n1700000001000,3 GB\r\n';
    await expect(readText(reader, badUnit, { file: 'g.csv' })).rejects.toThrow(/^g\.csv:3: expected a value in ms/);
  });
});
