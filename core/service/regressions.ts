/**
 * Release-regression handlers: the list is computed in the worker pool (the `regressions` task reads the series)
 * and kept for the open workspace's data version and params, so reopening the Advice view is instant.
 */
import type { Handlers } from '../api/contract';
import type { RegressionsOverview } from '../api/regressions';
import { INTERACTIVE, type ServiceContext } from './context';

type RegressionHandlers = Pick<Handlers, 'regressions/list'>;

export function regressionHandlers(ctx: ServiceContext): RegressionHandlers {
  let last: { file: string; version: number; key: string; overview: RegressionsOverview } | null = null;
  return {
    'regressions/list': async (params, call) => {
      const store = ctx.store();
      const key = JSON.stringify(params);
      if (last && last.file === store.file && last.version === store.dataVersion && last.key === key) return last.overview;
      const overview = await ctx.pool.run('regressions', { workspace: store.file, ...params }, { signal: call?.signal, ...INTERACTIVE });
      last = { file: store.file, version: store.dataVersion, key, overview };
      return overview;
    },
  };
}
