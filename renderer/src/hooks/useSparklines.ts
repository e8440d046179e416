/**
 * Sparkline data for the series on screen: `series/range` with a small width, asked only for ids
 * not yet fetched, in batches of at most 64 (the contract's limit), after scrolling settles.
 * Everything is forgotten when `key` (range, width, data version) changes.
 */
import { useEffect, useRef, useState } from 'react';
import type { SeriesBuckets } from '../../../core/api/contract';
import { api } from '../api';
import { afterFirstChart } from '../priority';

const BATCH = 64;
const EMPTY = new Map<number, SeriesBuckets>();

export function useSparklines(
  ids: number[],
  opts: { from: number | null; to: number | null; width: number; dataVersion: number },
): Map<number, SeriesBuckets> {
  const { from, to, width, dataVersion } = opts;
  const key = `${from}|${to}|${width}|${dataVersion}`;
  const [state, setState] = useState<{ key: string; map: Map<number, SeriesBuckets> }>({ key: '', map: EMPTY });
  const asked = useRef(new Set<string>());
  const idsKey = ids.join(',');

  useEffect(() => {
    if (!idsKey || from === null || to === null || to <= from) return;
    const t = setTimeout(() => {
      const want = idsKey
        .split(',')
        .map(Number)
        .filter((id) => !asked.current.has(`${key}:${id}`));
      for (const id of want) asked.current.add(`${key}:${id}`);
      for (let i = 0; i < want.length; i += BATCH) {
        const batch = want.slice(i, i + BATCH);
        afterFirstChart()
          .then(() => api.invoke('series/range', { ids: batch, from, to, width }))
          .then((r) =>
            setState((s) => {
              const map = new Map(s.key === key ? s.map : EMPTY);
              for (const b of r.series) map.set(b.id, b);
              return { key, map };
            }),
          )
          .catch(() => {
            for (const id of batch) asked.current.delete(`${key}:${id}`);
          });
      }
    }, 60);
    return () => clearTimeout(t);
  }, [idsKey, key, from, to, width]);

  return state.key === key ? state.map : EMPTY;
}
