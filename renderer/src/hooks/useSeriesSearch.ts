/**
 * Series matching a search: the backend narrows by the first word (name or labels contain it),
 * then every word must match (see seriesMatch.ts). Debounced while typing.
 */
import { useMemo } from 'react';
import { api } from '../api';
import { matchesWords } from '../seriesMatch';
import { useDebounced } from './useDebounced';
import { useQuery } from './useQuery';

export function useSeriesSearch(query: string, dataVersion: number, epoch = 0) {
  const settled = useDebounced(query.trim().toLowerCase(), 120);
  const words = useMemo(() => settled.split(/\s+/).filter(Boolean), [settled]);
  const first = words[0]?.includes('=') ? (words[0].split('=')[1] ?? '') : (words[0] ?? '');
  const q = useQuery(`${first}|${dataVersion}|${epoch}`, () => api.invoke('series/list', { query: first, limit: 20_000 }));
  const series = useMemo(() => (q.data ?? []).filter((s) => matchesWords(s, words)), [q.data, words]);
  return { series, error: q.error, loading: q.loading || settled !== query.trim().toLowerCase() };
}
