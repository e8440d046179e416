import { describe, expect, it } from 'vitest';
import { influxLineReader as reader } from '../../../../core/ingest/formats/metrics';
import { readFixture, readText } from './read';

const tags = { host: 'server 01', region: 'us-west' };

describe('InfluxDB line protocol reader', () => {
  it('makes one series per (measurement, tags, field) named measurement_field, ns timestamps', async () => {
    const r = await readFixture(reader, 'influx.lp');
    expect(r.get('cpu_usage_idle', tags)).toMatchObject({ ts: [1700000000000, 1700000010000], values: [92.5, 91] });
    expect(r.get('cpu_usage_user', tags).values).toEqual([3, 4]);
    expect(r.get('cpu_online', tags).values).toEqual([1, 0]);
  });

  it('unescapes "\\ " and "\\," and truncates ns to ms', async () => {
    const r = await readFixture(reader, 'influx.lp');
    expect(r.get('disk,io_reads', { dev: 'sda' })).toMatchObject({ ts: [1700000000123], values: [12] });
  });

  it('skips string fields and counts them in a note', async () => {
    const r = await readFixture(reader, 'influx.lp');
    expect(r.series.some((s) => s.name === 'cpu_note')).toBe(false);
    expect(r.notes.some((n) => /2 string field/.test(n))).toBe(true);
  });

  it('reads a quoted string containing spaces and commas without losing the other fields', async () => {
    const r = await readText(reader, 'm a="x, y z",b=2 1700000000000000000\n');
    expect(r.get('m_b').values).toEqual([2]);
  });

  it('recognises second and millisecond precision by digit count', async () => {
    const r = await readText(reader, 'm v=1 1700000000\nm v=2 1700000000500\n');
    expect(r.get('m_v').ts).toEqual([1700000000000, 1700000000500]);
  });

  it('uses the file time for lines without a timestamp, else reports the line', async () => {
    const r = await readText(reader, 'm v=1\n', { fileTimeMs: 42 });
    expect(r.get('m_v').ts).toEqual([42]);
    await expect(readText(reader, 'm v=1 1700000000\nm v=2\n', { file: 'i.lp' })).rejects.toThrow(
      /^i\.lp:2: expected a timestamp/,
    );
  });

  it('names file and line of a bad field value', async () => {
    await expect(readText(reader, '# c\nm v=1 1700000000\nm v=abc 1700000001\n', { file: 'i.lp' })).rejects.toThrow(
      /^i\.lp:3: expected a field value .*found "abc"/,
    );
  });
});
