/**
 * Release regressions: every production deploy judged by its service's key metrics after it against the same
 * hours before it (the shapes in core/analysis/regressions/types.ts, computed in the worker pool by the
 * `regressions` task). The advice turns a regressed release into a "roll back" recommendation.
 */
import { z } from 'zod';
import type { ReleaseRegression } from '../analysis/regressions/types';
import { method, timeMs, type ContractPart } from './define';

export type { MetricShift, RegressionVerdict, ReleaseRegression } from '../analysis/regressions/types';

export interface RegressionsOverview {
  /** Releases in time order. */
  releases: ReleaseRegression[];
  /** The moment judged from (null: the end of the data). */
  asOf: number | null;
  /** Counts per verdict, for a heading. */
  counts: Record<ReleaseRegression['verdict'], number>;
}

export const regressionsListParams = z.strictObject({
  /** Only this service's releases. */
  service: z.string().min(1).optional(),
  /** Judge as of this moment: data and releases after it are left out. */
  asOf: timeMs.optional(),
});

export const regressionsContract = {
  /** Every production deploy with its verdict (computed in the worker pool; cached per data version and params). */
  'regressions/list': method(regressionsListParams).returns<RegressionsOverview>(),
} as const satisfies ContractPart;
