/**
 * Step `anomalies`, per series: learn normal and flag anomaly ranges (core/analysis/timeseries/anomaly), with
 * ranges a person marked expected kept out of the baseline; each range's title names the baseline used. Keeps what a person should look at: medium or high
 * severity, the best MAX_RANGES of a series. Its output carries the seasonal periods found, for `changepoints`.
 */
import { detectAnomalies } from '../../analysis/timeseries/anomaly';
import type { AnomalyRange } from '../../analysis/timeseries/ranges';
import type { AnomalyInput } from '../../store/workspace';
import type { SeriesStep, StepOutput } from './step';

/** Anomaly ranges kept per series (the best ranked). */
const MAX_RANGES = 25;

export interface AnomaliesOutput extends StepOutput {
  /** Seasonal periods found, in grid steps (empty: static bounds). */
  periods: number[];
}

/**
 * Ranking score in [0, 1] for an anomaly range: how far out (sigmas, saturating) times how long
 * (points, on a log scale). A 3-point 6σ blip ranks below a 2-hour 6σ shift.
 */
export function anomalyRank(r: Pick<AnomalyRange, 'sigmas' | 'points'>): number {
  const far = 1 - Math.exp(-Math.max(0, r.sigmas) / 8);
  const long = Math.min(1, Math.log10(1 + r.points) / 2.5);
  return far * (0.5 + 0.5 * long);
}

/**
 * An anomaly range as stored: typed columns plus the timeline title, which names the baseline it was judged against
 * ("latency ↑ 6.2σ from normal (daily + weekday/weekend baseline)").
 */
export function anomalyInput(seriesName: string, r: AnomalyRange, baseline?: string): AnomalyInput {
  const arrow = r.direction === 'up' ? '↑' : '↓';
  return {
    start: r.startMs,
    end: r.endMs,
    peakTs: r.peakMs,
    peakValue: r.peakValue,
    expected: r.expectedAtPeak,
    direction: r.direction,
    severity: r.severity,
    sigmas: r.sigmas,
    points: r.points,
    rank: anomalyRank(r),
    title: `${seriesName} ${arrow} ${r.sigmas.toFixed(1)}σ from normal${baseline ? ` (${baseline} baseline)` : ''}`,
  };
}

export const anomaliesStep: SeriesStep<AnomaliesOutput> = {
  kind: 'anomalies',
  version: 5,
  scope: 'series',
  dependsOn: [],
  noun: 'anomaly range(s)',
  run({ row, ts, values }, { store, params }) {
    const result = detectAnomalies(ts, values, { intervalWidth: params.intervalWidth, exclude: store.expectedRanges(row.id) });
    const ranges = result.ranges
      .filter((r) => r.severity !== 'low')
      .map((r) => anomalyInput(row.name, r, result.baseline))
      .sort((a, b) => b.rank - a.rank)
      .slice(0, MAX_RANGES);
    return {
      output: { count: ranges.length, periods: result.periods },
      save: (s) => s.replaceAnomalies(row.id, row.service, ranges),
    };
  },
};
