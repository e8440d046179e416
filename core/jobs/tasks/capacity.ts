/**
 * The capacity overview of a workspace: every resource's runway to its limit and every service's load →
 * latency model, from the stored series (see core/analysis/capacity/). Forecasts run here, in the worker
 * pool, one resource at a time with progress and cancel between them.
 */
import { fitLoadModel, capacityAt, type LoadPoint } from '../../analysis/capacity/load-model';
import { impliedLimit, pairResources, followsLoad, type ResourceKind, type SeriesRef } from '../../analysis/capacity/resources';
import { forecastRunway, runwaySentence, trendRunway, type Runway } from '../../analysis/capacity/runway';
import { median, quantile } from '../../analysis/stats';
import { rightSize } from '../../analysis/capacity/rightsize';
import { forecast } from '../../analysis/timeseries/forecast';
import type { CapacityOverview, CapacityResource, RightSizing, ServiceLoadModel } from '../../api/contract';
import { throwIfCancelled } from '../../base/cancel';
import { useAugursFromNodeModules } from '../../host/augurs-wasm';
import type { SeriesRow } from '../../store/statements';
import { WorkspaceStore } from '../../store/workspace';
import type { Task } from '../protocol';

export interface CapacityInput {
  workspace: string;
  horizonHours?: number;
  growthPct?: number;
  limits?: Record<string, number>;
  sloSeconds?: number;
  level?: number;
  /** Judge as of this moment: data after it is ignored (what the runway was before an incident). */
  asOf?: number;
}

const HOUR_MS = 3_600_000;
const FIVE_MIN = 300_000;
export const DEFAULT_HORIZON_HOURS = 24 * 14;
/** The latency SLO a load model is judged against when the person sets none: 3× the median observed latency. */
export const DEFAULT_SLO_FACTOR = 3;

/** Averages of equal buckets of width `stepMs` over [from, to) (empty buckets left out). */
function resampled(store: WorkspaceStore, id: number, from: number, to: number, stepMs: number): { t: number[]; v: number[] } {
  const n = Math.max(1, Math.round((to - from) / stepMs));
  const b = store.readBuckets(id, from, from + n * stepMs, n);
  return { t: Array.from(b.t), v: Array.from(b.avg) };
}

const labelsOf = (r: SeriesRow): Record<string, string> => JSON.parse(r.labels) as Record<string, string>;

/** The limit of a usage series: the person's, its limit series' recent median, its unit's, or none. */
function limitOf(
  store: WorkspaceStore,
  usage: SeriesRow,
  resource: ResourceKind,
  limitSeries: SeriesRef | null,
  input: CapacityInput,
): { limit: number | null; source: CapacityResource['limitSource'] } {
  const user = input.limits?.[String(usage.id)];
  if (user !== undefined) return { limit: user, source: 'user' };
  if (limitSeries) {
    const row = store.series(limitSeries.id);
    const last = Math.min(row?.last_ts ?? 0, input.asOf ?? Infinity);
    const { values } = store.readSamples(limitSeries.id, last - 24 * HOUR_MS, last + 1);
    const m = median(Array.from(values).filter((v) => Number.isFinite(v) && v > 0));
    if (Number.isFinite(m)) return { limit: m, source: 'series' };
  }
  const implied = impliedLimit(usage.name, resource, usage.unit);
  return implied === null ? { limit: null, source: null } : { limit: implied, source: 'implied' };
}

/** The text of a limit for a sentence: bytes as GiB/MiB, ratios as a share of one CPU, the rest as numbers. */
export function limitText(limit: number, resource: ResourceKind, unit: string | null): string {
  if (resource === 'memory' || resource === 'disk' || unit === 'bytes') {
    const gib = limit / 2 ** 30;
    return gib >= 1 ? `${+gib.toFixed(1)} GiB` : `${+(limit / 2 ** 20).toFixed(0)} MiB`;
  }
  if (resource === 'cpu' && limit === 1) return '100 % CPU';
  return `${+limit.toPrecision(3)}`;
}

/** The service's load → latency model from its request-rate and p95 latency series, if it has both. */
function loadModelOf(store: WorkspaceStore, service: string, rows: readonly SeriesRow[], input: CapacityInput, horizonHours: number, level: number): ServiceLoadModel | null {
  const demand = rows.filter((r) => /requests?_per_second|requests?_total|_rps$/.test(r.name) && !/error/.test(r.name));
  const latency = rows.find((r) => /(duration|latency).*(p95|0\.95)|p95.*(duration|latency)/.test(r.name) || (/(duration|latency)/.test(r.name) && labelsOf(r).quantile === '0.95'));
  if (!demand.length || !latency) return null;
  const first = Math.max(...demand.map((r) => r.first_ts ?? 0), latency.first_ts ?? 0);
  const last = Math.min(...demand.map((r) => r.last_ts ?? 0), latency.last_ts ?? 0, input.asOf ?? Infinity);
  if (!(last - first > 6 * HOUR_MS)) return null;
  const replicas = Math.max(1, new Set(demand.map((r) => labelsOf(r).pod ?? labelsOf(r).instance ?? r.key)).size);
  // Total demand per 5 minutes (all replicas), and latency on the same grid.
  const total = new Map<number, number>();
  for (const r of demand) {
    const s = resampled(store, r.id, first, last, FIVE_MIN);
    s.t.forEach((t, i) => total.set(t, (total.get(t) ?? 0) + s.v[i]));
  }
  const lat = resampled(store, latency.id, first, last, FIVE_MIN);
  const points: LoadPoint[] = [];
  lat.t.forEach((t, i) => {
    const d = total.get(t);
    if (d !== undefined && d > 0 && lat.v[i] > 0) points.push({ load: d / replicas, latency: lat.v[i] });
  });
  const model = fitLoadModel(points);
  if (!model) return null;
  const sloSource = input.sloSeconds !== undefined ? 'user' : 'default';
  const sloSeconds = input.sloSeconds ?? DEFAULT_SLO_FACTOR * median(points.map((p) => p.latency));
  const top = Math.min(Number.isFinite(model.maxLoad) ? model.maxLoad * 0.98 : Infinity, Math.max(...points.map((p) => p.load)) * 3);
  const curveLoads = Array.from({ length: 60 }, (_, i) => (top * (i + 1)) / 60);
  const stride = Math.max(1, Math.floor(points.length / 400));
  const sample = points.filter((_, i) => i % stride === 0);
  // Hourly demand forecast (total), for what-if and the plan.
  const hourly = new Map<number, number>();
  for (const r of demand) {
    const s = resampled(store, r.id, first, last, HOUR_MS);
    s.t.forEach((t, i) => hourly.set(t, (hourly.get(t) ?? 0) + s.v[i]));
  }
  const ht = [...hourly.keys()].sort((a, b) => a - b);
  const f = forecast(Float64Array.from(ht), Float64Array.from(ht.map((t) => hourly.get(t) ?? 0)), {
    horizon: Math.min(horizonHours, 24 * 30, ht.length),
    level,
    models: ['seasonal-naive', 'mstl-ets'],
    origins: 3,
  });
  return {
    service,
    demandSeries: demand[0].name,
    latencySeries: latency.name,
    replicas,
    kind: model.kind,
    params: model.params,
    knee: model.knee,
    maxLoad: model.maxLoad,
    capacityPerReplica: capacityAt(model, sloSeconds),
    sloSeconds,
    sloSource,
    rmseLog: model.rmseLog,
    points: { load: sample.map((p) => p.load), latency: sample.map((p) => p.latency) },
    curve: { load: curveLoads, latency: curveLoads.map((l) => model.latencyAt(l)) },
    demand: f.points.filter((p) => Number.isFinite(p.forecast) && Number.isFinite(p.upper)).map((p) => ({ ts: p.ts, demand: Math.max(0, p.forecast), upper: Math.max(0, p.upper) })),
  };
}

/** One resource's runway and chart data. */
function resourceOf(
  store: WorkspaceStore,
  row: SeriesRow,
  resource: ResourceKind,
  limitSeries: SeriesRef | null,
  input: CapacityInput,
  models: ReadonlyMap<string, ServiceLoadModel>,
  horizonHours: number,
  level: number,
): CapacityResource | null {
  const last = row.last_ts === null ? null : Math.min(row.last_ts, input.asOf ?? Infinity);
  const first = row.first_ts;
  if (last === null || first === null || last - first < 6 * HOUR_MS) return null;
  let { limit, source } = limitOf(store, row, resource, limitSeries, input);
  const model = row.service ? models.get(row.service) : undefined;
  if (limit === null && resource === 'request-rate' && model && model.capacityPerReplica > 0) {
    limit = model.capacityPerReplica * model.replicas;
    source = 'model';
  }
  const growth = followsLoad(resource) ? 1 + (input.growthPct ?? 0) / 100 : 1;
  const raw = store.readSamples(row.id, first, last + 1);
  const hourly = resampled(store, row.id, first, last + 1, HOUR_MS);
  const history = { t: hourly.t.filter((t) => t >= last - 7 * 24 * HOUR_MS), v: hourly.v.filter((_, i) => hourly.t[i] >= last - 7 * 24 * HOUR_MS) };
  const current = hourly.v.at(-1) ?? NaN;
  const what = `${resource === 'request-rate' ? 'request rate' : resource} of ${row.service ?? row.name}`;

  const trend = limit !== null && !followsLoad(resource) ? trendRunway({ ts: raw.ts, values: raw.values, limit, horizonHours, level }) : null;
  let runway: Runway | null = trend;
  let fc: CapacityResource['forecast'] = { t: [], value: [], lower: [], upper: [] };
  if (trend) {
    const steps = Math.min(horizonHours, 24 * 30);
    const t = Array.from({ length: steps }, (_, k) => last + (k + 1) * HOUR_MS);
    fc = {
      t,
      value: t.map((_, k) => trend.current + trend.slopePerHour * (k + 1)),
      lower: t.map((_, k) => trend.current + trend.slopeLowPerHour * (k + 1)),
      upper: t.map((_, k) => trend.current + trend.slopeHighPerHour * (k + 1)),
    };
  } else if (hourly.t.length >= 48) {
    const f = forecast(Float64Array.from(hourly.t), Float64Array.from(hourly.v), {
      horizon: Math.min(horizonHours, 24 * 30, hourly.t.length), // no further ahead than the history goes back
      level,
      models: ['seasonal-naive', 'mstl-ets'],
      origins: 3,
    });
    const points = f.points.map((p) => ({ ts: p.ts, forecast: p.forecast * growth, lower: p.lower * growth, upper: p.upper * growth }));
    fc = { t: points.map((p) => p.ts), value: points.map((p) => p.forecast), lower: points.map((p) => p.lower), upper: points.map((p) => p.upper) };
    if (limit !== null) runway = forecastRunway({ points, residualPools: growth === 1 ? f.residualPools : [], level }, limit, current, last, horizonHours);
  }
  const sentence =
    limit === null
      ? `${what}: no limit in the data; set one to see its runway`
      : runway
        ? runwaySentence(runway, what, limitText(limit, resource, row.unit), horizonHours, level)
        : `${what}: too little history to forecast`;
  return {
    service: row.service,
    resource,
    seriesId: row.id,
    series: row.name,
    labels: labelsOf(row),
    unit: row.unit,
    limit,
    limitSource: source,
    current,
    method: runway?.method ?? 'none',
    runwayHours: runway?.hours ?? null,
    runwayLowHours: runway?.lowHours ?? null,
    runwayHighHours: runway?.highHours ?? null,
    pCross: limit === null ? null : (runway?.pCross ?? null),
    slopePerHour: runway?.slopePerHour ?? 0,
    sentence,
    history,
    forecast: fc,
  };
}

/** Ranks resources: soonest runway first, then likeliest to cross, resources without a limit last. */
export function rankResources(rs: CapacityResource[]): CapacityResource[] {
  const key = (r: CapacityResource): [number, number, number] => [r.limit === null ? 1 : 0, r.runwayHours ?? Infinity, -(r.pCross ?? 0)];
  return [...rs].sort((a, b) => {
    const ka = key(a);
    const kb = key(b);
    return ka[0] - kb[0] || ka[1] - kb[1] || ka[2] - kb[2];
  });
}

/** The whole overview over one open store. */
export function capacityOverview(store: WorkspaceStore, input: CapacityInput, onItem: (done: number, total: number, what: string) => void = () => undefined, signal?: AbortSignal): CapacityOverview {
  const horizonHours = input.horizonHours ?? DEFAULT_HORIZON_HOURS;
  const level = input.level ?? 0.8;
  const rows = store.listSeries('', 1_000_000);
  const refs: SeriesRef[] = rows.map((r) => ({ id: r.id, name: r.name, labels: labelsOf(r), service: r.service }));
  const pairs = pairResources(refs);
  const byService = new Map<string, SeriesRow[]>();
  for (const r of rows) if (r.service) byService.set(r.service, [...(byService.get(r.service) ?? []), r]);
  const total = pairs.length + byService.size;
  let done = 0;
  const models = new Map<string, ServiceLoadModel>();
  for (const [service, list] of byService) {
    throwIfCancelled(signal);
    onItem(done++, total, `load model of ${service}`);
    const m = loadModelOf(store, service, list, input, horizonHours, level);
    if (m) models.set(service, m);
  }
  const rowById = new Map(rows.map((r) => [r.id, r]));
  const resources: CapacityResource[] = [];
  for (const p of pairs) {
    throwIfCancelled(signal);
    onItem(done++, total, `runway of ${p.usage.name}`);
    const r = resourceOf(store, rowById.get(p.usage.id) as SeriesRow, p.resource, p.limit, input, models, horizonHours, level);
    if (r) resources.push(r);
  }
  const notes: string[] = [];
  const noLimit = resources.filter((r) => r.limit === null).length;
  if (noLimit) notes.push(`${noLimit} resource(s) have no limit in the data: set one to see their runway`);
  const assumed = [...models.values()].filter((m) => m.sloSource === 'default');
  if (assumed.length) {
    const list = assumed.map((m) => `${m.service} ${+m.sloSeconds.toPrecision(2)} s`).join(', ');
    notes.push(`latency SLO assumed as ${DEFAULT_SLO_FACTOR}× each service's median p95 (${list}); set one to judge against yours`);
  }
  const rightSizing = rightSizingOf(store, rows, pairs.filter((p) => p.resource === 'cpu' || p.resource === 'memory'));
  if (!rightSizing.length) notes.push('no CPU or memory requests (kube_pod_container_resource_requests) in the data: right-sizing needs them');
  return { horizonHours, asOf: input.asOf ?? null, level, growthPct: input.growthPct ?? 0, resources: rankResources(resources), services: [...models.values()], rightSizing, notes };
}

export const capacityTask: Task<CapacityInput, CapacityOverview> = async (input, ctx) => {
  const store = WorkspaceStore.open(input.workspace, { readonly: true });
  try {
    useAugursFromNodeModules();
    return capacityOverview(store, input, (done, total, message) => ctx.progress({ done, total, unit: 'items', message }), ctx.signal);
  } finally {
    store.close();
  }
};

/** Requests and limits (kube-state-metrics) of each workload's CPU and memory against its p95/p99 use. */
function rightSizingOf(store: WorkspaceStore, rows: readonly SeriesRow[], usage: ReturnType<typeof pairResources>): RightSizing[] {
  const requests = rows.filter((r) => /resource_requests/.test(r.name));
  const out: RightSizing[] = [];
  for (const req of requests) {
    const labels = labelsOf(req);
    const resource = labels.resource === 'cpu' ? 'cpu' : labels.resource === 'memory' ? 'memory' : null;
    if (!resource) continue;
    const same = (l: Record<string, string>): boolean => ['pod', 'container', 'namespace'].every((k) => labels[k] === undefined || l[k] === undefined || labels[k] === l[k]);
    const u = usage.find((p) => p.resource === resource && p.usage.service === req.service && same(p.usage.labels));
    if (!u) continue;
    const { values } = store.readSamples(u.usage.id);
    const finite = Array.from(values).filter(Number.isFinite);
    if (finite.length < 10) continue;
    const lastOf = (id: number): number | null => {
      const v = Array.from(store.readSamples(id).values).filter(Number.isFinite);
      return v.length ? median(v.slice(-60)) : null;
    };
    const use = { p95: quantile(finite, 0.95), p99: quantile(finite, 0.99), request: lastOf(req.id), limit: u.limit ? lastOf(u.limit.id) : null };
    out.push({ ...rightSize({ workload: req.service ?? labels.pod ?? req.name, resource, ...use }), series: u.usage.name, ...use });
  }
  const order = { 'over-provisioned': 0, 'under-provisioned': 1, 'no requests set': 2, fits: 3 } as const;
  return out.sort((a, b) => order[a.verdict] - order[b.verdict] || Math.abs(b.delta) - Math.abs(a.delta));
}
