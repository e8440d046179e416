/**
 * The renderer's data layer: contract calls cached by TanStack Query, keyed by `[method, params]`.
 * Each open workspace has its own cache (`newQueryClient`), dropped when the workspace closes;
 * within it every answer stays fresh until the backend says the data changed (`workspace/changed`,
 * after an import or an analysis run) or the person changed results (marking an anomaly
 * expected): then every cached answer is invalidated and those on screen are asked again, while
 * the previous answer stays on screen.
 */
import { keepPreviousData, QueryClient, useQuery } from '@tanstack/react-query';
import type { MethodName, ParamsOf, ResultOf } from '../../core/api/contract';
import { api } from './api';

/** A cache for one open workspace (named by its path, for the reader: each workspace gets its own). */
export function newQueryClient(workspace?: string): QueryClient {
  void workspace;
  return new QueryClient({
    defaultOptions: {
      queries: {
        // Answers change only when the data does, and then the cache is invalidated.
        staleTime: Infinity,
        gcTime: 5 * 60_000,
        retry: false,
        refetchOnWindowFocus: false,
        refetchOnReconnect: false,
        // A new question keeps the previous answer on screen until its own arrives.
        placeholderData: keepPreviousData,
      },
    },
  });
}

/** The cache key of a contract call. */
export function callKey<K extends MethodName>(method: K, params: ParamsOf<K>): readonly [K, ParamsOf<K>] {
  return [method, params] as const;
}

/**
 * One contract call with TanStack's cancel signal, passed on to `api.invoke`: a query nobody watches
 * any more is cancelled on the wire (IPC cancel message or closed HTTP request) down to its worker.
 */
export function call<K extends MethodName>(method: K, params: ParamsOf<K>, signal?: AbortSignal): Promise<ResultOf<K>> {
  return api.invoke(method, params, { signal });
}

/** An answer as the views use it. */
export interface Answer<T> {
  data: T | undefined;
  error: string | null;
  /** True while the answer on screen is not (yet) the one for the current question, or is being asked again. */
  loading: boolean;
  /** The answer on screen is for the current question (perhaps being asked again). */
  current: boolean;
}

/** A message a person can read, from anything thrown. */
export function errorText(e: unknown): string {
  return e instanceof Error ? e.message : String(e);
}

/**
 * A cached contract call; `params === null` means "nothing to ask". `before` runs ahead of the call
 * (e.g. waiting for the first chart, see priority.ts).
 */
export function useCall<K extends MethodName>(method: K, params: ParamsOf<K> | null, before?: () => Promise<void>): Answer<ResultOf<K>> {
  const q = useQuery({
    queryKey: params === null ? [method, 'off'] : callKey(method, params),
    queryFn: async ({ signal }) => {
      if (before) await before();
      return call(method, params as ParamsOf<K>, signal);
    },
    enabled: params !== null,
  });
  return answerOf(q, params !== null);
}

/** The view's answer from a TanStack query result. */
export function answerOf<T>(
  q: { data: T | undefined; error: unknown; isPending: boolean; isFetching: boolean; isPlaceholderData: boolean },
  asked: boolean,
): Answer<T> {
  return {
    data: q.data,
    error: q.error ? errorText(q.error) : null,
    loading: asked && (q.isPending || q.isFetching || q.isPlaceholderData),
    current: asked && !q.isPending && !q.isPlaceholderData,
  };
}
