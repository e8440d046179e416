/**
 * Runs an async read whenever `key` changes and keeps the answer of the latest key only (a slower,
 * older answer never overwrites a newer one). `key === null` means "nothing to ask".
 * State changes happen only in the promise callbacks, never synchronously in the effect.
 */
import { useEffect, useRef, useState } from 'react';

export interface Query<T> {
  data: T | undefined;
  error: string | null;
  /** True while the answer on screen is not the one for the current key. */
  loading: boolean;
  /** The key whose answer `data` is. */
  key: string | null;
}

interface Answer<T> {
  key: string | null;
  data: T | undefined;
  error: string | null;
}

export function useQuery<T>(key: string | null, fetcher: () => Promise<T>): Query<T> {
  const [answer, setAnswer] = useState<Answer<T>>({ key: null, data: undefined, error: null });
  const latest = useRef(fetcher);
  useEffect(() => {
    latest.current = fetcher;
  });

  useEffect(() => {
    if (key === null) return;
    let stale = false;
    latest
      .current()
      .then((data) => !stale && setAnswer({ key, data, error: null }))
      .catch((e: unknown) => !stale && setAnswer((a) => ({ key, data: a.data, error: e instanceof Error ? e.message : String(e) })));
    return () => {
      stale = true;
    };
  }, [key]);

  return { data: answer.data, error: answer.key === key ? answer.error : null, loading: key !== null && answer.key !== key, key: answer.key };
}
