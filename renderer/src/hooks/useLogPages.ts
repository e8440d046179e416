/**
 * Raw log lines for a search, read a page at a time: the first page when the search changes,
 * the next when `loadMore()` is called (the list scrolled near its end). Pages of a superseded
 * search are dropped.
 */
import { useCallback, useRef, useState } from 'react';
import type { LogLine, ParamsOf } from '../../../core/api/contract';
import { api } from '../api';
import { useCall } from '../queries';

export type LogQuery = Omit<ParamsOf<'logs/search'>, 'offset' | 'limit'>;

const PAGE = 300;

export interface LogPages {
  rows: LogLine[];
  /** Matches counted (up to the backend's count limit). */
  total: number;
  /** More matches than `total` (the count stopped at its limit). */
  totalCapped: boolean;
  /** More rows to page in. */
  more: boolean;
  loading: boolean;
  error: string | null;
  loadMore(): void;
}

export function useLogPages(query: LogQuery | null): LogPages {
  const key = query ? JSON.stringify(query) : null;
  const first = useCall('logs/search', query ? { ...query, offset: 0, limit: PAGE } : null);
  const [extra, setExtra] = useState<{ key: string | null; rows: LogLine[]; more: boolean }>({ key: null, rows: [], more: true });
  const busy = useRef<string | null>(null);
  const [moreError, setMoreError] = useState<string | null>(null);

  const base = first.current ? first.data : undefined;
  const tail = extra.key === key ? extra : { rows: [] as LogLine[], more: true };
  const rows = base ? (tail.rows.length ? [...base.rows, ...tail.rows] : base.rows) : [];
  const more = !!base && (tail.rows.length ? tail.more : base.rows.length >= PAGE);

  const loadMore = useCallback(() => {
    if (!key || !query || !base || !more) return;
    const offset = rows.length;
    const tag = `${key}@${offset}`;
    if (busy.current === tag) return;
    busy.current = tag;
    api
      .invoke('logs/search', { ...query, offset, limit: PAGE })
      .then((r) => {
        setExtra((e) => {
          const prev = e.key === key ? e.rows : [];
          if (prev.length + base.rows.length !== offset) return e;
          return { key, rows: [...prev, ...r.rows], more: r.rows.length >= PAGE };
        });
        setMoreError(null);
      })
      .catch((err: Error) => setMoreError(err.message))
      .finally(() => {
        if (busy.current === tag) busy.current = null;
      });
  }, [key, query, base, more, rows.length]);

  return {
    rows,
    total: base?.total ?? 0,
    totalCapped: base?.more ?? false,
    more,
    loading: first.loading,
    error: first.error ?? moreError,
    loadMore,
  };
}
