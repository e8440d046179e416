/**
 * Step `changepoints`, per series: level, trend and variance changes (core/analysis/timeseries/changepoint),
 * searched after removing the shortest seasonal period that `anomalies` found. Only confident ones are kept.
 */
import { detectChangePoints, type ChangePoint } from '../../analysis/timeseries/changepoint';
import type { ChangePointInput } from '../../store/workspace';
import type { AnomaliesOutput } from './anomalies';
import type { SeriesStep } from './step';

/** Change points below this confidence are not shown on the timeline. */
const MIN_CHANGE_CONFIDENCE = 0.9;

const fmt = (v: number): string => (Math.abs(v) >= 100 ? v.toFixed(0) : Math.abs(v) >= 1 ? v.toFixed(2) : v.toPrecision(3));

/** A change point as stored, with its timeline title ("latency: level change 1.00 → 3.00"). */
export function changePointInput(seriesName: string, c: ChangePoint): ChangePointInput {
  return {
    ts: c.ts,
    kind: c.kind,
    before: c.before,
    after: c.after,
    confidence: c.confidence,
    title: `${seriesName}: ${c.kind} change ${fmt(c.before)} → ${fmt(c.after)}${c.unit === 'value' ? '' : ` ${c.unit}`}`,
    severity: c.confidence > 0.99 ? 'medium' : 'low',
  };
}

export const changePointsStep: SeriesStep = {
  kind: 'changepoints',
  version: 3,
  scope: 'series',
  dependsOn: ['anomalies'],
  noun: 'change point(s)',
  run({ row, ts, values }, { deps }) {
    const periods = (deps.anomalies as AnomaliesOutput | undefined)?.periods ?? [];
    const period = periods.length ? Math.min(...periods) : undefined;
    const changes = detectChangePoints(ts, values, { period })
      .changes.filter((c) => c.confidence >= MIN_CHANGE_CONFIDENCE)
      .map((c) => changePointInput(row.name, c));
    return { output: { count: changes.length }, save: (s) => s.replaceChangePoints(row.id, row.service, changes) };
  },
};
