/**
 * Series matching a search: the backend narrows by the first word (name or labels contain it),
 * then every word must match (see seriesMatch.ts). Debounced while typing.
 */
import { useMemo } from 'react';
import { matchesWords } from '../seriesMatch';
import { useDebounced } from './useDebounced';
import { CATALOGUE } from './useSeriesNames';
import { useCall } from '../queries';

export function useSeriesSearch(query: string) {
  const settled = useDebounced(query.trim().toLowerCase(), 120);
  const words = useMemo(() => settled.split(/\s+/).filter(Boolean), [settled]);
  const first = words[0]?.includes('=') ? (words[0].split('=')[1] ?? '') : (words[0] ?? '');
  const params = useMemo(() => (first ? { ...CATALOGUE, query: first } : CATALOGUE), [first]);
  const q = useCall('series/list', params);
  const series = useMemo(() => (q.data ?? []).filter((s) => matchesWords(s, words)), [q.data, words]);
  return { series, error: q.error, loading: q.loading || settled !== query.trim().toLowerCase() };
}
