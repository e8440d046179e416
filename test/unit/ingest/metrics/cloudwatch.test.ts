import { describe, expect, it } from 'vitest';
import { cloudWatchReader as reader } from '../../../../core/ingest/formats/metrics';
import { readFixture, readText } from './read';

const at = (m: number): number => Date.UTC(2024, 8, 29, 22, m);

describe('CloudWatch get-metric-data reader', () => {
  it('pairs Timestamps with Values and writes newest-first results oldest first', async () => {
    const r = await readFixture(reader, 'cloudwatch-newest-first.json');
    expect(r.get('CPUUtilization', { id: 'm1' })).toMatchObject({
      ts: [at(10), at(15), at(20)],
      values: [12.5, 50, 96.85],
    });
    expect(r.get('NetworkIn', { id: 'm2' }).values).toEqual([2048, 1024]);
  });

  it('notes a result whose StatusCode is not Complete', async () => {
    const r = await readFixture(reader, 'cloudwatch-newest-first.json');
    expect(r.notes.some((n) => /"m2".*PartialData/.test(n))).toBe(true);
  });

  it('merges several concatenated pages into one series per Id', async () => {
    const r = await readFixture(reader, 'cloudwatch-pages.json');
    expect(r.series).toHaveLength(1);
    const s = r.get('CPUUtilization', { id: 'cpu' });
    const pts = s.ts.map((t, i) => [t, s.values[i]]).sort((a, b) => a[0] - b[0]);
    expect(pts).toEqual([
      [at(0), 0.5],
      [at(5), 1],
      [at(10), 2],
      [at(15), 3],
      [at(20), 4],
    ]);
    expect(r.notes.some((n) => /NextToken/.test(n))).toBe(false);
  });

  it('notes when the last page still has a NextToken', async () => {
    const text = '{"MetricDataResults":[{"Id":"a","Label":"L","Timestamps":[],"Values":[]}],"NextToken":"more"}';
    const r = await readText(reader, text);
    expect(r.notes.some((n) => /NextToken/.test(n))).toBe(true);
  });

  it('reports Timestamps and Values of different lengths at the line of the result', async () => {
    const text = '{"MetricDataResults":[\n{"Id":"a","Timestamps":["2024-09-29T22:00:00Z"],"Values":[]}]}';
    await expect(readText(reader, text, { file: 'c.json' })).rejects.toThrow(
      /^c\.json:2: expected result "a": "Timestamps" and "Values" arrays of the same length, found "1 timestamps, 0 values"/,
    );
  });
});
