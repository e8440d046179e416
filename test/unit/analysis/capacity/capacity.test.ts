/**
 * Capacity planning with planted answers: a leak towards a known limit gives its runway, a curve generated
 * from known USL parameters gives them back, a plan for a known daily shape never falls below demand.
 */
import { describe, expect, it } from 'vitest';
import { capacityAt, fitLoadModel, fitUsl, fitQueue, uslThroughput, type LoadPoint } from '../../../../core/analysis/capacity/load-model';
import { planBlocks, planCost, planCsv, planYaml, scalingPlan, shortfalls } from '../../../../core/analysis/capacity/plan';
import { impliedLimit, limitResource, pairResources, usageResource } from '../../../../core/analysis/capacity/resources';
import { rightSize } from '../../../../core/analysis/capacity/rightsize';
import { forecastRunway, lastReset, runwaySentence, theilSen, trendRunway } from '../../../../core/analysis/capacity/runway';
import { demandFactor, whatIf, type Baseline } from '../../../../core/analysis/capacity/whatif';
import { seededRandom, normalFrom } from '../../../../core/analysis/stats';

const HOUR = 3_600_000;
const MIN = 60_000;
const T0 = Date.UTC(2026, 2, 2);
const GiB = 2 ** 30;

/** A memory series at 1-minute steps: flat, then from `leakAt` a climb of `perHour` bytes/hour, with noise. */
function leak(hours: number, leakAtHour: number, perHour: number, seed = 1): { ts: Float64Array; values: Float64Array } {
  const n = hours * 60;
  const ts = new Float64Array(n);
  const values = new Float64Array(n);
  const noise = normalFrom(seededRandom(seed));
  for (let i = 0; i < n; i++) {
    const h = i / 60;
    ts[i] = T0 + i * MIN;
    values[i] = 0.6 * GiB + Math.max(0, h - leakAtHour) * perHour + noise() * 0.01 * GiB;
  }
  return { ts, values };
}

describe('runway of a climbing resource', () => {
  it('finds a linear leak’s runway to a known limit within 10 %', () => {
    const perHour = 0.02 * GiB; // 1.2 GiB at hour 30 -> 2 GiB at hour 70: 40 h from the last sample
    const { ts, values } = leak(30, 0, perHour);
    const r = trendRunway({ ts, values, limit: 2 * GiB, horizonHours: 24 * 7 });
    expect(r?.method).toBe('trend');
    const truth = (2 * GiB - (0.6 * GiB + 30 * perHour)) / perHour;
    expect(Math.abs((r?.hours ?? 0) - truth) / truth).toBeLessThan(0.1);
    expect(r?.lowHours ?? 0).toBeLessThanOrEqual(r?.hours ?? 0);
    expect(r?.highHours ?? Infinity).toBeGreaterThanOrEqual(r?.hours ?? 0);
    expect(r?.pCross).toBeGreaterThan(0.99); // 40 h against a week's horizon
    const soon = trendRunway({ ts, values, limit: 2 * GiB, horizonHours: 12 });
    expect(soon?.hours).toBeNull();
    expect(soon?.pCross).toBeLessThan(0.01);
  });

  it('measures the climb since the last restart, not across the sawtooth', () => {
    const a = leak(40, 0, 0.03 * GiB);
    const b = leak(30, 0, 0.03 * GiB, 2);
    const ts = Float64Array.from([...a.ts, ...b.ts.map((t) => t + 40 * HOUR)]);
    const values = Float64Array.from([...a.values, ...b.values]);
    const bins = Array.from({ length: 30 }, (_, i) => (i < 20 ? i : i - 20));
    expect(lastReset(bins)).toBe(20);
    const r = trendRunway({ ts, values, limit: 2 * GiB, horizonHours: 100 });
    expect(r?.current).toBeGreaterThan(1.4 * GiB); // 0.6 + 30 h × 0.03 GiB = 1.5, not the pre-restart 1.8
    expect(r?.current).toBeLessThan(1.6 * GiB);
  });

  it('reads a sawtooth of climbs shorter than a day as no trend (garbage collection, not a leak)', () => {
    const n = 72 * 60;
    const ts = Float64Array.from({ length: n }, (_, i) => T0 + i * MIN);
    const values = Float64Array.from({ length: n }, (_, i) => 0.5 * GiB + ((i % (13 * 60)) / (13 * 60)) * 0.2 * GiB);
    expect(trendRunway({ ts, values, limit: 2 * GiB, horizonHours: 24 * 14 })).toBeNull();
  });

  it('reports no trend for a flat noisy series', () => {
    const { ts, values } = leak(48, 1000, 0);
    expect(trendRunway({ ts, values, limit: 2 * GiB, horizonHours: 100 })).toBeNull();
  });

  it('gives Theil–Sen the true slope despite outliers', () => {
    const x = Array.from({ length: 50 }, (_, i) => i);
    const y = x.map((xi) => 3 * xi + 1 + (xi % 10 === 0 ? 500 : 0));
    const fit = theilSen(x, y);
    expect(fit.slope).toBeCloseTo(3, 6);
    expect(fit.slopeLow).toBeLessThanOrEqual(3);
    expect(fit.slopeHigh).toBeGreaterThanOrEqual(3);
  });

  it('writes the runway as a sentence with its interval', () => {
    const s = runwaySentence({ method: 'trend', hours: 76.8, lowHours: 60, highHours: 98.4, pCross: 0.9, current: 1, slopePerHour: 1, slopeLowPerHour: 1, slopeHighPerHour: 1 }, 'memory of ingest-worker', '2 GiB', 24 * 14);
    expect(s).toBe('memory of ingest-worker reaches its 2 GiB limit in about 3.2 days (80 %: 2.5–4.1)');
    expect(runwaySentence({ method: 'none', hours: null, lowHours: null, highHours: null, pCross: 0.04, current: 1, slopePerHour: 0, slopeLowPerHour: 0, slopeHighPerHour: 0 }, 'cpu of api', '1 core', 24 * 14)).toBe(
      'cpu of api stays under its 1 core limit for the next 14 days (4 % chance of reaching it)',
    );
  });
});

describe('runway from a forecast', () => {
  const points = Array.from({ length: 48 }, (_, k) => ({ ts: T0 + (k + 1) * HOUR, forecast: 50 + k, lower: 40 + k, upper: 60 + k }));
  it('takes the first step the forecast reaches the limit, earliest from the upper bound, latest from the lower', () => {
    const r = forecastRunway({ points, residualPools: [], level: 0.8 }, 80, 50, T0, 48);
    expect(r).toMatchObject({ method: 'forecast', hours: 31, lowHours: 21, highHours: 41 });
    expect(r.pCross).toBeGreaterThan(0.9);
  });
  it('ignores forecast steps a model could not compute', () => {
    const holes = points.map((p, k) => (k > 20 ? { ...p, forecast: NaN, lower: NaN, upper: NaN } : p));
    const r = forecastRunway({ points: holes, residualPools: [], level: 0.8 }, 80, 50, T0, 48);
    expect(r).toMatchObject({ hours: null, lowHours: 21, highHours: null });
    expect(Number.isFinite(r.pCross)).toBe(true);
  });

  it('estimates the chance of crossing from the backtest errors when the forecast stays below', () => {
    const pool = Float64Array.from({ length: 100 }, (_, i) => i - 50).sort(); // errors -50..49
    const r = forecastRunway({ points: points.slice(0, 10), residualPools: [pool], level: 0.8 }, 100, 50, T0, 48);
    expect(r.hours).toBeNull();
    expect(r.pCross).toBeCloseTo(8 / 100, 5); // at step 10 the forecast is 59: it needs an error > 41, 8 of 100
  });
});

describe('load → latency models', () => {
  it('gives back the parameters of a series generated from a known USL curve within 10 %', () => {
    const truth = { lambda: 120, sigma: 0.04, kappa: 0.0008 };
    const rand = normalFrom(seededRandom(7));
    const n = Array.from({ length: 60 }, (_, i) => 1 + i * 0.6);
    const x = n.map((ni) => uslThroughput(truth, ni) * (1 + 0.005 * rand()));
    const fit = fitUsl(n, x);
    expect(Math.abs(fit.lambda - truth.lambda) / truth.lambda).toBeLessThan(0.1);
    expect(Math.abs(fit.sigma - truth.sigma) / truth.sigma).toBeLessThan(0.1);
    expect(Math.abs(fit.kappa - truth.kappa) / truth.kappa).toBeLessThan(0.1);
  });

  it('fits an open queue to latency that climbs towards a maximum load, and finds where it crosses the SLO', () => {
    const points: LoadPoint[] = Array.from({ length: 40 }, (_, i) => {
      const load = 5 + i * 2; // up to 83 of a 100/s server
      return { load, latency: 0.05 / (1 - load / 100) };
    });
    const q = fitQueue(points);
    expect(q?.params.maxLoad).toBeCloseTo(100, 3);
    expect(q?.params.service).toBeCloseTo(0.05, 6);
    const chosen = fitLoadModel(points);
    expect(chosen?.kind).toBe('queue');
    // R = 0.05 / (1 - X/100) = 0.25 s at X = 80.
    expect(capacityAt(chosen!, 0.25)).toBeCloseTo(80, 3);
    expect(chosen!.knee).toBeGreaterThan(70); // Kneedle on an M/M/1 curve: about 78 % utilisation
    expect(chosen!.knee).toBeLessThan(85);
  });
});

describe('scaling plan', () => {
  /** Two weeks of hourly demand: a daily shape peaking at 18:00, ±10 % noise. */
  const day = (h: number): number => 200 + 150 * Math.sin(((h % 24) - 12) * (Math.PI / 12));
  const rand = seededRandom(3);
  const actual = Array.from({ length: 24 * 14 }, (_, h) => ({ ts: T0 + h * HOUR, demand: day(h) * (0.9 + 0.2 * rand()) }));

  it('never falls below demand in a backtest when it provisions for the upper bound', () => {
    // The forecast for week 2 from week 1: the same hour a week earlier, upper bound +12 % (above the noise).
    const week2 = actual.slice(24 * 7).map((a, k) => ({ ts: a.ts, demand: day(k), upper: day(k) * 1.12 }));
    const plan = scalingPlan({ hours: week2, perReplica: 50, leadHours: 1, minReplicas: 2 });
    expect(shortfalls(plan, actual.slice(24 * 7))).toEqual([]);
    expect(Math.min(...plan.hours.map((h) => h.replicas))).toBeGreaterThanOrEqual(2);
    // Cheaper than holding the peak all week.
    const peak = Math.max(...plan.hours.map((h) => h.replicas));
    expect(planCost(plan, peak, 0.05).saving).toBeGreaterThan(0);
  });

  it('scales up one lead time ahead of a step in demand', () => {
    const hours = Array.from({ length: 6 }, (_, k) => ({ ts: T0 + k * HOUR, demand: k < 4 ? 90 : 290, upper: k < 4 ? 100 : 300 }));
    expect(scalingPlan({ hours, perReplica: 100, leadHours: 2 }).hours.map((h) => h.replicas)).toEqual([1, 1, 3, 3, 3, 3]);
  });

  it('exports KEDA cron triggers, one per block of equal replicas, and a CSV', () => {
    const hours = Array.from({ length: 4 }, (_, k) => ({ ts: T0 + k * HOUR, demand: 0, upper: k < 2 ? 100 : 300 }));
    const plan = scalingPlan({ hours, perReplica: 100, leadHours: 0 });
    expect(planBlocks(plan)).toEqual([
      { start: T0, end: T0 + 2 * HOUR, replicas: 1 },
      { start: T0 + 2 * HOUR, end: T0 + 4 * HOUR, replicas: 3 },
    ]);
    const yaml = planYaml(plan, 'checkout', 'shop');
    expect(yaml).toContain('kind: ScaledObject');
    expect(yaml).toContain('    name: checkout');
    expect(yaml.match(/- type: cron/g)).toHaveLength(2);
    expect(yaml).toContain('start: "0 2 2 3 *"');
    expect(yaml).toContain('desiredReplicas: "3"');
    expect(planCsv(plan).split('\n')[1]).toBe('2026-03-02T00:00:00.000Z,1,0,100,100');
  });
});

describe('resources and their limits', () => {
  it('tells usage from limits by the names exporters use', () => {
    expect(usageResource('container_memory_working_set_bytes')).toBe('memory');
    expect(usageResource('process_resident_memory_bytes')).toBe('memory');
    expect(usageResource('process_cpu_usage')).toBe('cpu');
    expect(usageResource('hikaricp_connections_active')).toBe('connections');
    expect(usageResource('kafka_consumergroup_lag')).toBe('queue-lag');
    expect(usageResource('http_requests_per_second')).toBe('request-rate');
    expect(usageResource('http_request_duration_seconds_p95')).toBeNull();
    expect(usageResource('http_errors_per_second')).toBeNull();
    expect(limitResource('kube_pod_container_resource_limits', { resource: 'memory' })).toBe('memory');
    expect(limitResource('redis_memory_max_bytes')).toBe('memory');
    expect(limitResource('hikaricp_connections_max')).toBe('connections');
    expect(usageResource('hikaricp_connections_max')).toBeNull();
    expect(impliedLimit('process_cpu_usage', 'cpu')).toBe(1);
  });

  it('pairs usage with the limit of the same service and pod', () => {
    const s = (id: number, name: string, service: string, labels: Record<string, string> = {}) => ({ id, name, service, labels });
    const pairs = pairResources([
      s(1, 'container_memory_working_set_bytes', 'api', { pod: 'api-1' }),
      s(2, 'container_memory_working_set_bytes', 'api', { pod: 'api-2' }),
      s(3, 'kube_pod_container_resource_limits', 'api', { pod: 'api-2', resource: 'memory' }),
      s(4, 'kube_pod_container_resource_limits', 'api', { pod: 'api-1', resource: 'memory' }),
      s(5, 'kube_pod_container_resource_limits', 'db', { pod: 'api-1', resource: 'memory' }),
    ]);
    expect(pairs.map((p) => [p.usage.id, p.limit?.id])).toEqual([
      [1, 4],
      [2, 3],
    ]);
  });
});

describe('right-sizing', () => {
  it('calls a request far above use over-provisioned, with the saving', () => {
    const r = rightSize({ workload: 'api', resource: 'cpu', p95: 0.2, p99: 0.3, request: 2, limit: 4, pricePerUnitHour: 0.04 });
    expect(r.verdict).toBe('over-provisioned');
    expect(r.recommendedRequest).toBeCloseTo(0.23);
    expect(r.savingPerHour).toBeCloseTo((2 - 0.23) * 0.04);
  });
  it('calls use near the limit under-provisioned', () => {
    expect(rightSize({ workload: 'w', resource: 'memory', p95: 1.7, p99: 1.95, request: 1, limit: 2 }).verdict).toBe('under-provisioned');
    expect(rightSize({ workload: 'w', resource: 'memory', p95: 1, p99: 1.1, request: 1.2, limit: 2 }).verdict).toBe('fits');
  });
});

describe('what-if', () => {
  const model = fitQueue(Array.from({ length: 20 }, (_, i) => ({ load: 5 + i * 4, latency: 0.05 / (1 - (5 + i * 4) / 100) })))!;
  const hours = Array.from({ length: 48 }, (_, k) => ({ ts: T0 + k * HOUR, demand: 120 + 60 * Math.sin((k / 24) * 2 * Math.PI), upper: 140 + 60 * Math.sin((k / 24) * 2 * Math.PI) }));
  const baseline: Baseline = {
    service: 'api',
    hours,
    level: 0.8,
    replicas: 3,
    model,
    sloSeconds: 0.25,
    resources: [{ resource: 'cpu', series: 'process_cpu_usage', limit: 1, values: hours.map((h) => h.demand / 300) }],
  };

  it('is the baseline with an empty scenario, and worse with growth', () => {
    const base = whatIf(baseline, {});
    const grown = whatIf(baseline, { growthPct: 30 });
    expect(grown.peakDemand).toBeCloseTo(base.peakDemand * 1.3, 6);
    expect(grown.peakUtilisation!).toBeGreaterThan(base.peakUtilisation!);
    expect(grown.sloBreachProbability!).toBeGreaterThan(base.sloBreachProbability!);
    expect(grown.resources[0].peak).toBeCloseTo(base.resources[0].peak * 1.3, 6);
  });

  it('spreads load over more replicas, and lets a launch spike exhaust CPU at the spike', () => {
    const more = whatIf(baseline, { replicas: 6 });
    expect(more.peakUtilisation!).toBeCloseTo(whatIf(baseline, {}).peakUtilisation! / 2, 6);
    const spike = { factor: 2, startMs: T0 + 10 * HOUR, hours: 4 };
    expect(demandFactor({ spike }, T0 + 11 * HOUR)).toBe(2);
    expect(demandFactor({ spike }, T0 + 14 * HOUR)).toBe(1);
    const launched = whatIf(baseline, { spike, limits: { cpu: 0.7 } }); // 0.6 at the daily peak without the launch
    expect(launched.resources[0].exhaustionHours).toBe(10);
    expect(whatIf(baseline, { addedLatency: 0.1 }).peakLatency!).toBeCloseTo(whatIf(baseline, {}).peakLatency! + 0.1, 6);
    // ×4 traffic puts the daily peak (60/s per replica) past the 100/s the queue can carry: saturated hours, no infinite latency.
    const flood = whatIf(baseline, { growthPct: 300 });
    expect(flood.saturatedHours).toBeGreaterThan(0);
    expect(flood.hours.every((h) => h.latency === null || Number.isFinite(h.latency))).toBe(true);
    expect(flood.sloBreachProbability).toBeCloseTo(1, 6);
    expect(whatIf(baseline, {}).saturatedHours).toBe(0);
  });
});
