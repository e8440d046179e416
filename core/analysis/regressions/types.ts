/**
 * Release regressions: for each production deploy, its service's key metrics before vs after at the same
 * hours of the day, and a verdict per release. Shared by the regressions analysis (which fills these), the
 * advice (which turns a regressed release into a "roll back" recommendation) and the UI.
 */

export type RegressionVerdict = 'regressed' | 'improved' | 'no-change' | 'not-enough-data';

/** One metric's before/after comparison for one release. */
export interface MetricShift {
  seriesId: number;
  /** Readable series name (metric and labels). */
  series: string;
  /** Which way is bad for this metric: latency and errors 'up', throughput 'down', 'either' when unknown. */
  badDirection: 'up' | 'down' | 'either';
  beforeMedian: number;
  afterMedian: number;
  /** Relative change of the (seasonally adjusted) medians: (after − before) / |before|. */
  relChange: number;
  /** Two-sided p-value on the seasonally adjusted samples: of the rank test (Mann–Whitney U), or of a median-shift
   *  test when that is smaller (the smaller doubled), Holm-adjusted over the release's metrics. */
  pValue: number;
  /** Effect size in [-1, 1]: Cliff's delta (after vs before). */
  effect: number;
  verdict: RegressionVerdict;
}

/** One release (a production deploy event) and what it did. */
export interface ReleaseRegression {
  /** The deploy event's id in the workspace's events table. */
  eventId: number;
  ts: number;
  service: string | null;
  title: string;
  version: string | null;
  verdict: RegressionVerdict;
  /** 0..1: how sure the verdict is. */
  confidence: number;
  /** The metrics that decided it, worst first (regressed before improved). */
  worst: MetricShift[];
  /** A rollback or revert of this release seen later (its event id), when there is one. */
  rolledBackBy: number | null;
  sentence: string;
}
