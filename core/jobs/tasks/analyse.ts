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
import { BASELINE_SHARE, patternEvents } from '../../analysis/logs/patterns';
import { alignToGrid } from '../../analysis/timeseries/features';
import { multivariateOutliers } from '../../analysis/timeseries/multivariate';
import { populationOutliers } from '../../analysis/timeseries/population';
import { TEMPLATE_BUCKET_MS } from '../../ingest/templates';
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

/** Bump when what an analysis stores changes: cached results of older versions are recomputed. */
const ANALYSIS_VERSION = 2;
/** Anomaly ranges kept per series (the best ranked). */
const MAX_RANGES = 25;
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
  // Only what a person should look at is kept: medium or high severity, the best MAX_RANGES of a series.
  const anomalies = result.ranges
    .filter((r) => r.severity !== 'low')
    .map((r) => anomalyEvent(row.name, row.service, r))
    .sort((a, b) => Number(b.attrs?.rank) - Number(a.attrs?.rank))
    .slice(0, MAX_RANGES);
  const period = result.periods.length ? Math.min(...result.periods) : undefined;
  const cps = detectChangePoints(ts, values, { period }).changes.filter((c) => c.confidence >= MIN_CHANGE_CONFIDENCE);
  const changes = cps.map((c) => changeEvent(row.name, row.service, c));
  store.transaction(() => {
    store.replaceDerivedEvents(id, 'anomaly', anomalies);
    store.replaceDerivedEvents(id, 'changepoint', changes);
  });
  return { anomalies: anomalies.length, changes: changes.length, notes: result.notes };
}

/**
 * Log-pattern events over the workspace (core/analysis/logs/patterns): new patterns after the baseline,
 * rare ones, bursts and drops of a pattern's rate, error surges — each a timeline event of kind 'log-pattern'.
 */
export function analysePatterns(store: WorkspaceStore): number {
  const { first, last } = store.timeRange();
  if (first === null || last === null || last <= first) return 0;
  const start = Math.floor(first / TEMPLATE_BUCKET_MS) * TEMPLATE_BUCKET_MS;
  const n = Math.floor((last - start) / TEMPLATE_BUCKET_MS) + 1;
  const templates = store.templates();
  if (!templates.length) return 0;
  const index = new Map(templates.map((t, i) => [t.id, i]));
  const counts = templates.map(() => new Float64Array(n));
  for (const c of store.templateCounts(start, last + 1)) {
    const i = index.get(c.template_id);
    const b = Math.floor((c.bucket_ts - start) / TEMPLATE_BUCKET_MS);
    if (i !== undefined && b >= 0 && b < n) counts[i][b] += c.count;
  }
  // A pattern that rises with all traffic (the daily cycle) is not a burst: judge each pattern's share
  // of the lines in its bucket, rescaled to the typical bucket volume, so only shifts in the mix stand out.
  const total = new Float64Array(n);
  for (const c of counts) for (let b = 0; b < n; b++) total[b] += c[b];
  const busy = [...total].filter((x) => x > 0).sort((a, b) => a - b);
  const typical = busy.length ? busy[busy.length >> 1] : 1;
  for (const c of counts) for (let b = 0; b < n; b++) c[b] = total[b] > 0 ? (c[b] / total[b]) * typical : 0;
  const dominant = (levels: string): string | undefined => {
    const l = Object.entries(JSON.parse(levels) as Record<string, number>).sort((a, b) => b[1] - a[1])[0];
    return l?.[0];
  };
  const found = patternEvents(
    templates.map((t, i) => ({ templateId: t.id, counts: counts[i], level: dominant(t.levels) })),
    { baselineEnd: Math.floor(n * BASELINE_SHARE) },
  ).filter((e) => e.kind !== 'rare');
  const byId = new Map(templates.map((t) => [t.id, t]));
  const events: EventInput[] = found.map((e) => {
    const t = byId.get(e.templateId);
    const what = e.kind === 'error-surge' ? 'Error lines surge' : `${e.kind === 'new' ? 'New' : e.kind === 'burst' ? 'Burst of' : 'Drop of'} log pattern`;
    return {
      ts: start + e.start * TEMPLATE_BUCKET_MS,
      endTs: start + (e.end + 1) * TEMPLATE_BUCKET_MS,
      kind: 'log-pattern',
      service: t?.service ?? null,
      title: t ? `${what}: ${t.pattern.slice(0, 160)}` : what,
      severity: e.kind === 'new' || e.kind === 'error-surge' ? 'medium' : 'low',
      attrs: { patternKind: e.kind, templateId: e.templateId, magnitude: String(e.magnitude), rank: String(Math.min(1, Math.log10(1 + e.magnitude) / 3)) },
    };
  });
  store.transaction(() => store.replaceDerivedKind('log-pattern', events));
  return events.length;
}

/** Window of the per-service multivariate model, in points (15 minutes at one-minute steps). */
const MV_WINDOW = 15;

/**
 * Per service: its metrics as standardised feature windows, k-means distance to the nearest centroid
 * (core/analysis/timeseries/multivariate) — "each metric looks normal, the combination does not".
 * Runs of flagged windows become events of kind 'multivariate'.
 */
export function analyseServices(store: WorkspaceStore): number {
  const byService = new Map<string, { name: string; ts: Float64Array; values: Float64Array }[]>();
  for (const row of store.listSeries('', 1_000_000)) {
    if (!row.service) continue;
    const { ts, values } = store.readSamples(row.id);
    if (ts.length < MV_WINDOW * 20) continue;
    byService.set(row.service, [...(byService.get(row.service) ?? []), { name: row.name, ts, values }]);
  }
  const events: EventInput[] = [];
  for (const [service, series] of byService) {
    if (series.length < 2) continue;
    const grid = alignToGrid(series);
    if (!grid.ts.length) continue;
    const r = multivariateOutliers(
      grid.ts,
      series.map((x, i) => ({ name: x.name, values: grid.values[i] })),
      { window: MV_WINDOW, stats: ['mean', 'std'] },
    );
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
  }
  store.transaction(() => store.replaceDerivedKind('multivariate', events));
  return events.length;
}

/**
 * Across services: for each metric name several services share, which services look unlike their peers
 * over the last day of data (core/analysis/timeseries/population). Each becomes an event of kind 'outlier'.
 */
export function analysePeers(store: WorkspaceStore): number {
  const { last } = store.timeRange();
  if (last === null) return 0;
  const from = last - 86_400_000;
  const byName = new Map<string, { name: string; ts: Float64Array; values: Float64Array }[]>();
  for (const row of store.listSeries('', 1_000_000)) {
    if (!row.service) continue;
    const { ts, values } = store.readSamples(row.id, from - 6 * 86_400_000, last);
    byName.set(row.name, [...(byName.get(row.name) ?? []), { name: row.service, ts, values }]);
  }
  const events: EventInput[] = [];
  for (const [metric, members] of byName) {
    if (members.length < 4) continue;
    const r = populationOutliers(members, { from, to: last + 1 });
    for (const m of r.members.filter((x) => x.flagged)) {
      events.push({
        ts: from,
        endTs: last,
        kind: 'outlier',
        service: m.name,
        title: `${m.name} unlike its peers on ${metric}: ${m.reason}`,
        severity: m.score > 7 ? 'high' : 'medium',
        attrs: { metric, score: String(m.score), rank: String(Math.min(1, m.score / 10)) },
      });
    }
  }
  store.transaction(() => store.replaceDerivedKind('outlier', events));
  return events.length;
}

export const analyseTask: Task<AnalyseInput, AnalyseResult> = async (input, ctx) => {
  const started = performance.now();
  const store = Store.open(input.workspace, { wait: { signal: ctx.signal, onWait: (message) => ctx.progress({ done: 0, total: 0, unit: 'items', message }) } });
  try {
    const ids = input.seriesIds ?? store.listSeries('', 1_000_000).map((s) => s.id);
    const key = createHash('sha256')
      .update(JSON.stringify({ v: ANALYSIS_VERSION, ids: input.seriesIds ?? 'all', w: input.intervalWidth ?? null, fb: store.getMeta('feedback_version') ?? '0' }))
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
    if (!input.seriesIds) {
      ctx.progress({ done: ids.length, total: ids.length, unit: 'items', message: 'log patterns, metric combinations, peers' });
      notes.push(`${analysePatterns(store)} log-pattern event(s)`);
      throwIfCancelled(ctx.signal);
      notes.push(`${analyseServices(store)} unusual metric combination(s)`);
      throwIfCancelled(ctx.signal);
      notes.push(`${analysePeers(store)} service(s) unlike their peers`);
    }
    const result: AnalyseResult = { series: ids.length, anomalies, changePoints, cached: false, seconds: (performance.now() - started) / 1000, notes };
    store.putAnalysis('anomalies', key, store.dataVersion, JSON.stringify(result));
    store.setMeta('analysed_version', String(store.dataVersion));
    return result;
  } finally {
    store.close();
  }
};
