/**
 * Whole-workspace analysis, run in a worker: per series, learn normal and flag anomalies
 * (core/analysis/timeseries/anomaly) and find change points (…/changepoint); the results replace the
 * series' earlier derived events, and ranges a person marked expected stay out of the baseline.
 * The run is cached by data version, feedback version and parameters: repeating it is instant.
 */
import { createHash } from 'node:crypto';
import type { AnomalyRange } from '../../analysis/timeseries/ranges';
import { detectAnomalies } from '../../analysis/timeseries/anomaly';
import { detectChangePoints, type ChangePoint } from '../../analysis/timeseries/changepoint';
import type { EventInput, WorkspaceStore } from '../../store/workspace';
import { WorkspaceStore as Store } from '../../store/workspace';
import { throwIfCancelled, type Task } from '../protocol';

export interface AnalyseInput {
  workspace: string;
  seriesIds?: number[];
  intervalWidth?: number;
}

export interface AnalyseResult {
  series: number;
  anomalies: number;
  changePoints: number;
  cached: boolean;
  seconds: number;
  notes: string[];
}

/** Change points below this confidence are not shown on the timeline. */
const MIN_CHANGE_CONFIDENCE = 0.9;

/**
 * Ranking score in [0, 1] for an anomaly range: how far out (sigmas, saturating) times how long
 * (points, on a log scale). A 3-point 6σ blip ranks below a 2-hour 6σ shift.
 */
export function anomalyRank(r: Pick<AnomalyRange, 'sigmas' | 'points'>): number {
  const far = 1 - Math.exp(-Math.max(0, r.sigmas) / 8);
  const long = Math.min(1, Math.log10(1 + r.points) / 2.5);
  return far * (0.5 + 0.5 * long);
}

export function anomalyEvent(name: string, service: string | null, r: AnomalyRange): EventInput {
  const arrow = r.direction === 'up' ? '↑' : '↓';
  return {
    ts: r.startMs,
    endTs: r.endMs,
    kind: 'anomaly',
    service,
    title: `${name} ${arrow} ${r.sigmas.toFixed(1)}σ from normal`,
    severity: r.severity,
    attrs: {
      peakTs: String(r.peakMs),
      peakValue: String(r.peakValue),
      expected: String(r.expectedAtPeak),
      direction: r.direction,
      sigmas: String(r.sigmas),
      points: String(r.points),
      rank: String(anomalyRank(r)),
    },
  };
}

export function changeEvent(name: string, service: string | null, c: ChangePoint): EventInput {
  return {
    ts: c.ts,
    kind: 'changepoint',
    service,
    title: `${name}: ${c.kind} change ${fmt(c.before)} → ${fmt(c.after)}${c.unit === 'value' ? '' : ` ${c.unit}`}`,
    severity: c.confidence > 0.99 ? 'medium' : 'low',
    attrs: { changeKind: c.kind, before: String(c.before), after: String(c.after), confidence: String(c.confidence), rank: String(c.confidence) },
  };
}

const fmt = (v: number): string => (Math.abs(v) >= 100 ? v.toFixed(0) : Math.abs(v) >= 1 ? v.toFixed(2) : v.toPrecision(3));

/** Analyses one series and replaces its derived events; returns what was stored. */
export function analyseSeries(store: WorkspaceStore, id: number, intervalWidth?: number): { anomalies: number; changes: number; notes: string[] } {
  const row = store.series(id);
  if (!row) return { anomalies: 0, changes: 0, notes: [`series ${id} no longer exists`] };
  const { ts, values } = store.readSamples(id);
  const exclude = store.expectedRanges(id);
  const result = detectAnomalies(ts, values, { intervalWidth, exclude });
  const anomalies = result.ranges.map((r) => anomalyEvent(row.name, row.service, r));
  const period = result.periods.length ? Math.min(...result.periods) : undefined;
  const cps = detectChangePoints(ts, values, { period }).changes.filter((c) => c.confidence >= MIN_CHANGE_CONFIDENCE);
  const changes = cps.map((c) => changeEvent(row.name, row.service, c));
  store.transaction(() => {
    store.replaceDerivedEvents(id, 'anomaly', anomalies);
    store.replaceDerivedEvents(id, 'changepoint', changes);
  });
  return { anomalies: anomalies.length, changes: changes.length, notes: result.notes };
}

export const analyseTask: Task<AnalyseInput, AnalyseResult> = async (input, ctx) => {
  const started = performance.now();
  const store = Store.open(input.workspace);
  try {
    const ids = input.seriesIds ?? store.listSeries('', 1_000_000).map((s) => s.id);
    const key = createHash('sha256')
      .update(JSON.stringify({ ids: input.seriesIds ?? 'all', w: input.intervalWidth ?? null, fb: store.getMeta('feedback_version') ?? '0' }))
      .digest('hex');
    const cached = store.cachedAnalysis('anomalies', key);
    if (cached && cached.dataVersion === store.dataVersion) {
      return { ...(JSON.parse(cached.result) as AnalyseResult), cached: true, seconds: (performance.now() - started) / 1000 };
    }
    let anomalies = 0;
    let changePoints = 0;
    const notes: string[] = [];
    for (let i = 0; i < ids.length; i++) {
      throwIfCancelled(ctx.signal);
      const r = analyseSeries(store, ids[i], input.intervalWidth);
      anomalies += r.anomalies;
      changePoints += r.changes;
      ctx.progress({ done: i + 1, total: ids.length, unit: 'items', message: `analysed ${i + 1} of ${ids.length} series` });
      // Let a cancel message in between series.
      if (i % 16 === 15) await new Promise((r2) => setImmediate(r2));
    }
    const result: AnalyseResult = { series: ids.length, anomalies, changePoints, cached: false, seconds: (performance.now() - started) / 1000, notes };
    store.putAnalysis('anomalies', key, store.dataVersion, JSON.stringify(result));
    store.setMeta('analysed_version', String(store.dataVersion));
    return result;
  } finally {
    store.close();
  }
};
