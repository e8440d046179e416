/**
 * Step `multivariate`, per service: its metrics as standardised feature windows, k-means distance to the
 * nearest centroid (core/analysis/timeseries/multivariate) — "each metric looks normal, the combination does
 * not". Runs of flagged windows become timeline events of kind 'multivariate'.
 */
import { alignToGrid } from '../../analysis/timeseries/features';
import { multivariateOutliers } from '../../analysis/timeseries/multivariate';
import type { EventInput } from '../../store/workspace';
import type { LoadedSeries, ServiceStep } from './step';

/** Window of the per-service model, in points (15 minutes at one-minute steps). */
const MV_WINDOW = 15;

/** Unusual combinations of one service's metrics, one event per run of flagged windows. */
function combinationEvents(service: string, loaded: readonly LoadedSeries[]): EventInput[] {
  const series = loaded.filter((s) => s.ts.length >= MV_WINDOW * 20).map((s) => ({ name: s.row.name, ts: s.ts, values: s.values }));
  if (series.length < 2) return [];
  const grid = alignToGrid(series);
  if (!grid.ts.length) return [];
  const r = multivariateOutliers(
    grid.ts,
    series.map((x, i) => ({ name: x.name, values: grid.values[i] })),
    { window: MV_WINDOW, stats: ['mean', 'std'] },
  );
  const events: EventInput[] = [];
  let run: typeof r.flagged = [];
  const close = (): void => {
    if (!run.length) return;
    const peak = run.reduce((a, b) => (b.distance > a.distance ? b : a));
    const top = peak.contributions.slice(0, 3).map((c) => `${c.metric} ${(c.share * 100).toFixed(0)}%`);
    events.push({
      ts: run[0].startTs,
      endTs: run[run.length - 1].endTs,
      kind: 'multivariate',
      service,
      title: `${service}: unusual combination of metrics (${top.join(', ')})`,
      severity: peak.score >= 1 && peak.distance > 2 * r.flagDistance ? 'high' : 'medium',
      attrs: { distance: String(peak.distance), windows: String(run.length), rank: String(Math.min(1, peak.distance / (4 * r.flagDistance))) },
    });
    run = [];
  };
  for (const w of r.flagged) {
    if (run.length && w.startIndex > run[run.length - 1].endIndex + 1) close();
    run.push(w);
  }
  close();
  return events;
}

export const multivariateStep: ServiceStep = {
  kind: 'multivariate',
  version: 3,
  scope: 'service',
  dependsOn: [],
  noun: 'unusual metric combination(s)',
  run(service, series) {
    const events = combinationEvents(service, series);
    return { output: { count: events.length }, save: (s) => s.replaceServiceEvents('multivariate', service, events) };
  },
};
