/**
 * The order of the series catalogue: most anomalous first (more open anomalies, then the worse worst
 * score) or by readable name, and the order of its service groups. Pure; O(n log n).
 */
import type { SeriesInfo } from '../../core/api/contract';
import { fmtLabels } from './format';
import type { SeriesNamer } from './seriesLabel';

export type SeriesSort = 'anomalous' | 'name';

const score = (s: SeriesInfo): number => s.anomalyScore ?? 0;
const count = (s: SeriesInfo): number => s.anomalies ?? 0;

/**
 * The list in the order asked: most anomalous first (more open anomalies first, then the worse worst
 * score, then by name), or by readable name (`latency p50` before `latency p95`).
 */
export function sortSeries(list: SeriesInfo[], sort: SeriesSort, label: SeriesNamer): SeriesInfo[] {
  const text = new Map(list.map((s) => [s.id, label(s).text]));
  const byName = (a: SeriesInfo, b: SeriesInfo): number =>
    (text.get(a.id) ?? '').localeCompare(text.get(b.id) ?? '', undefined, { numeric: true }) ||
    fmtLabels(a.labels).localeCompare(fmtLabels(b.labels));
  return [...list].sort((a, b) => (sort === 'anomalous' ? count(b) - count(a) || score(b) - score(a) || byName(a, b) : byName(a, b)));
}

/** Service groups in the order asked: by their anomalies (count, then worst score) or by name. */
export function sortGroups(groups: Map<string, SeriesInfo[]>, sort: SeriesSort): [string, SeriesInfo[]][] {
  const total = (list: SeriesInfo[]): number => list.reduce((n, s) => n + count(s), 0);
  const worst = (list: SeriesInfo[]): number => Math.max(0, ...list.map(score));
  return [...groups.entries()].sort(([a, x], [b, y]) =>
    sort === 'anomalous' ? total(y) - total(x) || worst(y) - worst(x) || a.localeCompare(b) : a.localeCompare(b),
  );
}
