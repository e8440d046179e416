import { describe, expect, it } from 'vitest';
import { patternEvents, sparseBucketAxis, templateCountMatrix } from '../../../../core/analysis/logs/patterns';

const MIN5 = 300_000;

describe('sparseBucketAxis: memory follows the data, not the span', () => {
  it('keeps short quiet stretches as buckets and collapses a long gap into one missing bucket', () => {
    expect([...sparseBucketAxis([0, 10, 30, 1000, 1000, 1010], 10, 2)]).toEqual([0, 10, 20, 30, Number.NaN, 1000, 1010]);
  });

  it('spans ten years of one stray row and two days of lines in a few hundred buckets', () => {
    const twoDays = Array.from({ length: 576 }, (_, i) => Date.UTC(2024, 0, 15) + i * MIN5);
    const axis = sparseBucketAxis([Date.UTC(2014, 0, 15), ...twoDays], MIN5, 48);
    expect(axis.length).toBe(578);
    expect(Number.isNaN(axis[1])).toBe(true);
  });

  it('takes a year-58135 row without an impossible allocation', () => {
    const axis = sparseBucketAxis([Date.UTC(2024, 0, 15), 1_765_000_000_000 * 1000 - ((1_765_000_000_000 * 1000) % MIN5)], MIN5, 48);
    expect(axis.length).toBe(3);
  });
});

describe('templateCountMatrix', () => {
  it('lays stored counts on the sparse axis with NaN at the collapsed gap, which pattern events skip', () => {
    const t0 = Date.UTC(2024, 0, 15);
    const rows = [
      { template_id: 'a', bucket_ts: Date.UTC(2014, 0, 1), count: 1 },
      ...Array.from({ length: 100 }, (_, i) => ({ template_id: 'a', bucket_ts: t0 + i * MIN5, count: 10 })),
      { template_id: 'b', bucket_ts: t0 + 99 * MIN5, count: 500 },
    ];
    const m = templateCountMatrix(rows, ['a', 'b'], MIN5, 48);
    expect(m.starts.length).toBe(102);
    expect(m.counts[0][0]).toBe(1);
    expect(m.counts[0][1]).toBeNaN();
    expect(m.counts[1][101]).toBe(500);
    const events = patternEvents(m.counts.map((counts, i) => ({ templateId: ['a', 'b'][i], counts })), { baselineEnd: 25 });
    expect(events.find((e) => e.templateId === 'b' && e.kind === 'new')?.start).toBe(101);
  });
});
