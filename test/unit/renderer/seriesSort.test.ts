/** The series catalogue's order (renderer/src/seriesSort.ts): most anomalous first means most anomalies first. */
import { describe, expect, it } from 'vitest';
import type { SeriesInfo } from '../../../core/api/contract';
import { seriesNamer } from '../../../renderer/src/seriesLabel';
import { sortGroups, sortSeries } from '../../../renderer/src/seriesSort';

function series(id: number, name: string, anomalies: number, anomalyScore: number, extra: Partial<SeriesInfo> = {}): SeriesInfo {
  return { id, name, labels: {}, service: null, unit: null, firstTs: 0, lastTs: 1, count: 10, anomalies, anomalyScore, ...extra };
}

describe('sortSeries', () => {
  const list = [
    series(1, 'one_big_spike', 1, 0.99),
    series(2, 'many_anomalies', 12, 0.6),
    series(3, 'quiet', 0, 0),
    series(4, 'some_anomalies', 4, 0.95),
    series(5, 'also_twelve', 12, 0.8),
  ];
  const names = seriesNamer(list);

  it('puts the series with the most open anomalies first, the worse worst score breaking ties', () => {
    expect(sortSeries(list, 'anomalous', names).map((s) => s.id)).toEqual([5, 2, 4, 1, 3]);
  });

  it('sorts by readable name, quantiles in numeric order', () => {
    const rule = 'job:latency_seconds:histogram_quantile';
    const q = [
      series(1, rule, 0, 0, { labels: { quantile: '0.99' } }),
      series(2, rule, 0, 0, { labels: { quantile: '0.5' } }),
      series(3, rule, 0, 0, { labels: { quantile: '0.95' } }),
      series(4, 'a_first', 0, 0),
    ];
    expect(sortSeries(q, 'name', seriesNamer(q)).map((s) => s.id)).toEqual([4, 2, 3, 1]);
  });
});

describe('sortGroups', () => {
  it('orders service groups by their anomaly count, then worst score, then name', () => {
    const groups = new Map([
      ['auth', [series(1, 'a', 1, 0.99)]],
      ['orders', [series(2, 'b', 5, 0.5), series(3, 'c', 5, 0.4)]],
      ['users', [series(4, 'd', 0, 0)]],
      ['search', [series(5, 'e', 10, 0.2)]],
    ]);
    expect(sortGroups(groups, 'anomalous').map(([name]) => name)).toEqual(['orders', 'search', 'auth', 'users']);
    expect(sortGroups(groups, 'name').map(([name]) => name)).toEqual(['auth', 'orders', 'search', 'users']);
  });
});
