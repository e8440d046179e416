/** The compare handler: checks the two ranges, then compares them in the worker pool (it reads every series). */
import type { Handlers } from '../api/contract';
import { ApiError } from '../api/errors';
import { INTERACTIVE, type ServiceContext } from './context';

export function compareHandlers(ctx: ServiceContext): Pick<Handlers, 'compare/ranges'> {
  return {
    'compare/ranges': async (p, call) => {
      if (!(p.to > p.from)) throw new ApiError('bad-params', 'compare/ranges: to: must be after from', 'to');
      if (!(p.baselineTo > p.baselineFrom)) throw new ApiError('bad-params', 'compare/ranges: baselineTo: must be after baselineFrom', 'baselineTo');
      return ctx.pool.run('compare', { workspace: ctx.store().file, ...p }, { signal: call?.signal, ...INTERACTIVE });
    },
  };
}
