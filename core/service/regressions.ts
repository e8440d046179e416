/**
 * Release-regression handlers: the list is computed in the worker pool (the `regressions` task reads the series)
 * and kept for the open workspace's data version and params, so reopening the Advice view is instant. The same
 * judged releases feed the advice (a regressed release → "roll back"): `judged` gives them for the open store.
 */
import type { ReleaseRegression } from '../analysis/regressions/types';
import type { Handlers } from '../api/contract';
import type { RegressionsOverview } from '../api/regressions';
import type { WorkspaceStore } from '../store/workspace';
import { INTERACTIVE, type ServiceContext } from './context';

type RegressionHandlers = Pick<Handlers, 'regressions/list'>;
type ListParams = Parameters<RegressionHandlers['regressions/list']>[0];

export interface RegressionSession {
  handlers: RegressionHandlers;
  /** Every release of the open store judged (no service, no as-of), from the cache when the data did not change. */
  judged(store: WorkspaceStore): Promise<readonly ReleaseRegression[]>;
}

export function regressionSession(ctx: Pick<ServiceContext, 'store' | 'pool'>): RegressionSession {
  let last: { file: string; version: number; key: string; overview: Promise<RegressionsOverview> } | null = null;

  /** The overview for these params over `store`: one computation per data version and params, shared by concurrent callers. */
  function overview(store: WorkspaceStore, params: ListParams, signal?: AbortSignal): Promise<RegressionsOverview> {
    const key = JSON.stringify(params);
    if (last && last.file === store.file && last.version === store.dataVersion && last.key === key) return last.overview;
    const running = ctx.pool.run('regressions', { workspace: store.file, ...params }, { signal, ...INTERACTIVE });
    const entry = { file: store.file, version: store.dataVersion, key, overview: running };
    last = entry;
    running.catch(() => {
      if (last === entry) last = null; // a cancelled or failed run is asked again next time
    });
    return running;
  }

  return {
    handlers: { 'regressions/list': (params, call) => overview(ctx.store(), params, call?.signal) },
    judged: async (store) => (await overview(store, {})).releases,
  };
}
