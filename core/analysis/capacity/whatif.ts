/**
 * What-if: a scenario (traffic growth, a launch spike, replicas, limits, a dependency's added latency) applied
 * to a service's baseline forecast and load model, giving predicted utilisation, latency, time to exhaustion
 * of each resource and the chance of breaching the latency SLO — beside the baseline. Plain arithmetic on
 * hourly arrays (no refitting), so a slider move recomputes in well under a millisecond per series.
 */
import { capacityAt, type LoadModel } from './load-model';
import { followsLoad, type ResourceKind } from './resources';
import { normalCdf, normalQuantile } from './runway';

const HOUR_MS = 3_600_000;

export interface Scenario {
  /** Traffic growth, percent (30 = +30 %). */
  growthPct?: number;
  /** A launch: demand × factor for `hours` from `startMs`. */
  spike?: { factor: number; startMs: number; hours: number };
  replicas?: number;
  /** New limits by resource (CPU cores or ratio, memory bytes, connections…). */
  limits?: Partial<Record<ResourceKind, number>>;
  /** Latency a dependency adds to every request, seconds. */
  addedLatency?: number;
}

export interface BaselineResource {
  resource: ResourceKind;
  series: string;
  limit: number | null;
  /** Hourly forecast of the resource's use, aligned with the demand hours. */
  values: readonly number[];
  /** For a climbing resource: its level now and slope per hour (the trend runway's fit). */
  trend?: { current: number; slopePerHour: number };
}

export interface Baseline {
  service: string;
  /** Hourly demand forecast (requests/s) with its upper bound at `level`. */
  hours: readonly { ts: number; demand: number; upper: number }[];
  level: number;
  replicas: number;
  /** Latency against load per replica (null when the data did not fit one). */
  model: LoadModel | null;
  sloSeconds: number;
  resources: readonly BaselineResource[];
}

export interface WhatIfResult {
  hours: { ts: number; demand: number; utilisation: number | null; latency: number | null }[];
  peakDemand: number;
  peakUtilisation: number | null;
  /** The highest finite latency predicted; hours beyond the model's maximum load are counted in `saturatedHours`. */
  peakLatency: number | null;
  /** Hours in which demand per replica exceeds the most the model can carry (latency unbounded). */
  saturatedHours: number;
  /** Largest hourly chance that demand exceeds what the replicas serve within the SLO (a lower bound of breaching at all). */
  sloBreachProbability: number | null;
  resources: { resource: ResourceKind; series: string; limit: number | null; peak: number; exhaustionHours: number | null }[];
}

/** The demand multiplier of a scenario at time `ts`. */
export function demandFactor(s: Scenario, ts: number): number {
  const growth = 1 + (s.growthPct ?? 0) / 100;
  const spike = s.spike && ts >= s.spike.startMs && ts < s.spike.startMs + s.spike.hours * HOUR_MS ? s.spike.factor : 1;
  return growth * spike;
}

/** The scenario's outcome for a baseline; `whatIf(b, {})` is the baseline itself. O(hours × resources). */
export function whatIf(b: Baseline, s: Scenario): WhatIfResult {
  const replicas = Math.max(1, s.replicas ?? b.replicas);
  const added = s.addedLatency ?? 0;
  const z = normalQuantile(0.5 + b.level / 2);
  const model = b.model;
  const perReplicaCapacity = model ? capacityAt(model, b.sloSeconds - added) : null;
  const t0 = b.hours[0]?.ts ?? 0;
  let peakDemand = 0;
  let peakUtil: number | null = null;
  let peakLatency: number | null = null;
  let breach: number | null = perReplicaCapacity === null ? null : 0;
  let saturatedHours = 0;
  const hours = b.hours.map((h) => {
    const f = demandFactor(s, h.ts);
    const demand = h.demand * f;
    const upper = h.upper * f;
    peakDemand = Math.max(peakDemand, demand);
    const perReplica = demand / replicas;
    const latency = model ? model.latencyAt(perReplica) + added : null;
    const utilisation = model && Number.isFinite(model.maxLoad) ? perReplica / model.maxLoad : null;
    if (latency !== null && Number.isFinite(latency)) peakLatency = Math.max(peakLatency ?? 0, latency);
    if (latency === Infinity) saturatedHours++;
    if (utilisation !== null) peakUtil = Math.max(peakUtil ?? 0, utilisation);
    if (perReplicaCapacity !== null && breach !== null) {
      const capacity = perReplicaCapacity * replicas;
      const sd = Math.max(1e-9, (upper - demand) / z);
      breach = Math.max(breach, capacity <= 0 ? 1 : 1 - normalCdf((capacity - demand) / sd));
    }
    return { ts: h.ts, demand, utilisation, latency };
  });
  const resources = b.resources.map((r) => {
    const limit = s.limits?.[r.resource] ?? r.limit;
    const scale = (k: number): number => (followsLoad(r.resource) ? (demandFactor(s, b.hours[k]?.ts ?? t0) * b.replicas) / replicas : 1);
    const values = r.values.map((v, k) => v * scale(k));
    const peak = values.reduce((a, v) => Math.max(a, v), -Infinity);
    let exhaustionHours: number | null = null;
    if (limit !== null) {
      if (r.trend && r.trend.slopePerHour > 0) {
        exhaustionHours = r.trend.current >= limit ? 0 : (limit - r.trend.current) / r.trend.slopePerHour;
        if (exhaustionHours > b.hours.length) exhaustionHours = null;
      } else {
        const k = values.findIndex((v) => v >= limit);
        exhaustionHours = k < 0 ? null : ((b.hours[k]?.ts ?? t0) - t0) / HOUR_MS;
      }
    }
    return { resource: r.resource, series: r.series, limit, peak, exhaustionHours };
  });
  return {
    hours: hours.map((h) => ({ ...h, latency: h.latency !== null && Number.isFinite(h.latency) ? h.latency : null })),
    peakDemand,
    peakUtilisation: peakUtil,
    peakLatency,
    saturatedHours,
    sloBreachProbability: breach,
    resources,
  };
}
