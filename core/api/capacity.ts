/**
 * Capacity: each resource's runway to its limit (forecast with intervals), each service's load → latency
 * model and the capacity it implies, what-if scenarios against that baseline, and a scaling plan to export.
 */
import { z } from 'zod';
import { method } from './define';

export type ResourceKindName = 'cpu' | 'memory' | 'connections' | 'disk' | 'queue-lag' | 'request-rate';

/** One usage series with its limit and runway. */
export interface CapacityResource {
  service: string | null;
  resource: ResourceKindName;
  seriesId: number;
  series: string;
  labels: Record<string, string>;
  unit: string | null;
  /** The limit used, and where it came from (a limit series of the dump, implied by the unit, set by the person, or the load model's capacity). */
  limit: number | null;
  limitSource: 'series' | 'implied' | 'user' | 'model' | null;
  current: number;
  method: 'trend' | 'forecast' | 'none';
  runwayHours: number | null;
  runwayLowHours: number | null;
  runwayHighHours: number | null;
  /** Probability of reaching the limit within the horizon (null without a limit). */
  pCross: number | null;
  slopePerHour: number;
  sentence: string;
  /** Hourly history (the last week) and forecast (the horizon) for the chart. */
  history: { t: number[]; v: number[] };
  forecast: { t: number[]; value: number[]; lower: number[]; upper: number[] };
}

/** A service's load → latency model and the capacity it implies at the SLO. */
export interface ServiceLoadModel {
  service: string;
  demandSeries: string;
  latencySeries: string;
  /** Instances/pods seen serving the demand (load per replica = demand / replicas). */
  replicas: number;
  kind: 'usl' | 'queue';
  params: Record<string, number>;
  /** Per replica: load where latency climbs steeply, most it can carry, and load at the SLO. */
  knee: number;
  maxLoad: number;
  capacityPerReplica: number;
  sloSeconds: number;
  /** Where the SLO came from: the person, or 3× the median observed latency. */
  sloSource: 'user' | 'default';
  rmseLog: number;
  /** Observed (load per replica, latency) points (a sample) and the fitted curve. */
  points: { load: number[]; latency: number[] };
  curve: { load: number[]; latency: number[] };
  /** Hourly demand forecast over the horizon (total, all replicas), with its upper bound. */
  demand: { ts: number; demand: number; upper: number }[];
}

/** A workload's CPU or memory request and limit against its p95/p99 use. */
export interface RightSizing {
  workload: string;
  resource: 'cpu' | 'memory';
  series: string;
  p95: number;
  p99: number;
  request: number | null;
  limit: number | null;
  verdict: 'over-provisioned' | 'under-provisioned' | 'fits' | 'no requests set';
  recommendedRequest: number;
  recommendedLimit: number;
  /** Units freed (positive) or needed (negative) by moving the request to the recommendation. */
  delta: number;
  reason: string;
}

export interface CapacityOverview {
  horizonHours: number;
  /** The moment judged from (null: the end of the data). */
  asOf: number | null;
  level: number;
  growthPct: number;
  /** Ranked: soonest runway first, then the likeliest to cross, then the rest. */
  resources: CapacityResource[];
  services: ServiceLoadModel[];
  /** Over-provisioned first (largest saving), then under-provisioned (largest risk). */
  rightSizing: RightSizing[];
  notes: string[];
}

export const capacityOverviewParams = z.strictObject({
  /** Hours ahead (default 14 days). */
  horizonHours: z.number().int().min(1).max(24 * 90).optional(),
  /** Traffic growth, percent, applied to resources that follow load. */
  growthPct: z.number().min(-99).max(10_000).optional(),
  /** Limits set by the person, by series id. */
  limits: z.record(z.string().regex(/^\d+$/, 'a series id'), z.number().finite()).optional(),
  /** Latency SLO in seconds for every service's load model (default 3× its median observed latency). */
  sloSeconds: z.number().positive().optional(),
  level: z.number().gt(0).lt(1).optional(),
  /** Judge as of this moment (data after it ignored): what the runway was before an incident. */
  asOf: z.number().finite().optional(),
});

export const scenarioSchema = z.strictObject({
  growthPct: z.number().min(-99).max(10_000).optional(),
  spike: z.strictObject({ factor: z.number().positive().max(1000), startMs: z.number().finite(), hours: z.number().positive().max(24 * 90) }).optional(),
  replicas: z.number().int().min(1).max(100_000).optional(),
  limits: z.partialRecord(z.enum(['cpu', 'memory', 'connections', 'disk', 'queue-lag', 'request-rate']), z.number().finite()).optional(),
  /** Latency a dependency adds to each request, seconds. */
  addedLatency: z.number().min(0).max(3600).optional(),
});
export type ScenarioParams = z.infer<typeof scenarioSchema>;

export interface WhatIfOutcome {
  hours: { ts: number; demand: number; utilisation: number | null; latency: number | null }[];
  peakDemand: number;
  peakUtilisation: number | null;
  peakLatency: number | null;
  /** Hours beyond the most the load model can carry (latency unbounded there). */
  saturatedHours: number;
  sloBreachProbability: number | null;
  resources: { resource: ResourceKindName; series: string; limit: number | null; peak: number; exhaustionHours: number | null }[];
}

export interface WhatIfResult {
  service: string;
  baseline: WhatIfOutcome;
  scenario: WhatIfOutcome;
  /** Time the recomputation took on the backend, ms. */
  ms: number;
}

export interface CapacityPlan {
  service: string;
  hours: { ts: number; replicas: number; demand: number; upper: number }[];
  perReplica: number;
  leadHours: number;
  minReplicas: number;
  maxReplicas: number;
  capped: number;
  cost: { planReplicaHours: number; fixedReplicaHours: number; planCost: number; fixedCost: number; saving: number };
  yaml: string;
  csv: string;
}

export const capacityPlanParams = z.strictObject({
  service: z.string().min(1),
  days: z.number().int().min(1).max(90).optional(),
  leadHours: z.number().int().min(0).max(48).optional(),
  /** Load one replica serves; default the load model's capacity at the SLO. */
  perReplica: z.number().positive().optional(),
  minReplicas: z.number().int().min(1).optional(),
  maxReplicas: z.number().int().min(1).optional(),
  pricePerReplicaHour: z.number().min(0).optional(),
  /** Today's fixed count to compare the cost with (default the replicas seen in the data). */
  fixedReplicas: z.number().int().min(1).optional(),
  namespace: z.string().min(1).optional(),
});

export const capacityContract = {
  /** Runway of every resource and each service's load model (computed in the worker pool; cached per data version and params). */
  'capacity/overview': method(capacityOverviewParams).returns<CapacityOverview>(),
  /** A scenario against the last overview's baseline for one service (arithmetic only: fast enough for a slider). */
  'capacity/whatif': method(z.strictObject({ service: z.string().min(1), scenario: scenarioSchema })).returns<WhatIfResult>(),
  /** Replicas per hour from the demand forecast and the load model; YAML (KEDA cron) and CSV; cost. */
  'capacity/plan': method(capacityPlanParams).returns<CapacityPlan>(),
} as const;
