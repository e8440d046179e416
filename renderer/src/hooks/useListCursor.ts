/**
 * A keyboard cursor over a list (j/k or arrows move, Enter opens), kept inside the list as it
 * changes, and the row scrolled into view.
 */
import { useEffect, useState } from 'react';
import { useShortcuts, type ShortcutActions } from './useShortcuts';

export interface ListCursorOptions {
  onOpen?(i: number): void;
  /** More shortcuts acting on the row under the cursor. */
  extra?: (i: number) => ShortcutActions;
  scrollTo?(i: number): void;
}

export function useListCursor(count: number, opts: ListCursorOptions) {
  const [cursor, setCursor] = useState(0);
  const at = Math.max(0, Math.min(cursor, count - 1));
  const { scrollTo } = opts;
  useEffect(() => {
    if (count) scrollTo?.(at);
  }, [at, count, scrollTo]);
  useShortcuts({
    next: () => setCursor(Math.min(count - 1, at + 1)),
    prev: () => setCursor(Math.max(0, at - 1)),
    open: () => count && opts.onOpen?.(at),
    ...(count ? opts.extra?.(at) : {}),
  });
  return { cursor: at, setCursor };
}
