/**
 * The Capacity contract end to end on a small imported dump: a leaking worker with its memory limit in the
 * dump, and an API whose latency follows an open queue. The overview finds the leak's runway and the queue's
 * capacity; what-if and the plan answer from that overview.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CapacityOverview, CapacityPlan, WhatIfResult } from '../../../core/api/contract';
import { makeNodeWorker } from '../../../core/jobs/node-worker';
import { Service } from '../../../core/service/service';

const T0 = Date.UTC(2026, 0, 5);
const STEP = 5 * 60_000;
const HOURS = 4 * 24;
const N = (HOURS * 3_600_000) / STEP;
const GiB = 2 ** 30;
const LEAK_PER_HOUR = 0.01 * GiB;
const MAX_LOAD = 100;

let dir: string;
let service: Service;

function dump(): string {
  let seed = 11;
  const noise = (): number => ((seed = (seed * 16807) % 2147483647) / 2147483647 - 0.5) * 2;
  const at = (i: number): number => (T0 + i * STEP) / 1000;
  const demand = (i: number): number => 50 + 30 * Math.sin(((i * STEP) / 86_400_000) * 2 * Math.PI);
  const result = [
    { metric: { __name__: 'container_memory_working_set_bytes', service: 'ingest-worker', pod: 'ingest-worker-7d9f-abcde' }, values: Array.from({ length: N }, (_, i) => [at(i), String(0.5 * GiB + (i * STEP * LEAK_PER_HOUR) / 3_600_000 + noise() * 0.005 * GiB)]) },
    { metric: { __name__: 'container_spec_memory_limit_bytes', service: 'ingest-worker', pod: 'ingest-worker-7d9f-abcde' }, values: Array.from({ length: N }, (_, i) => [at(i), String(2 * GiB)]) },
    { metric: { __name__: 'http_requests_per_second', service: 'api' }, values: Array.from({ length: N }, (_, i) => [at(i), (demand(i) * (1 + 0.03 * noise())).toFixed(3)]) },
    { metric: { __name__: 'http_request_duration_seconds_p95', service: 'api' }, values: Array.from({ length: N }, (_, i) => [at(i), ((0.05 / (1 - demand(i) / MAX_LOAD)) * (1 + 0.02 * noise())).toFixed(5)]) },
  ];
  return JSON.stringify({ status: 'success', data: { resultType: 'matrix', result } });
}

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'hindsight-capacity-'));
  writeFileSync(join(dir, 'metrics.json'), dump());
  service = new Service({ makeWorker: makeNodeWorker, dataDir: join(dir, 'data'), shell: 'browser', poolSize: 1 });
  service.openWorkspace(join(dir, 'ws.hindsight'), true);
  const { WorkspaceStore } = await import('../../../core/store/workspace');
  const { importPaths } = await import('../../../core/ingest/import');
  const store = WorkspaceStore.open(join(dir, 'ws.hindsight'));
  await importPaths(store, [join(dir, 'metrics.json')]);
  store.close();
  service.openWorkspace(join(dir, 'ws.hindsight'));
}, 60_000);

afterAll(async () => {
  await service.close();
  rmSync(dir, { recursive: true, force: true });
});

describe('capacity/overview', () => {
  it('ranks the leaking worker first, with its runway to the limit read from the dump', async () => {
    const o = (await service.invoke('capacity/overview', {})) as CapacityOverview;
    const mem = o.resources[0];
    expect(mem).toMatchObject({ service: 'ingest-worker', resource: 'memory', limit: 2 * GiB, limitSource: 'series', method: 'trend' });
    const truth = (2 * GiB - (0.5 * GiB + HOURS * LEAK_PER_HOUR)) / LEAK_PER_HOUR; // 54 h after the last sample
    expect(Math.abs((mem.runwayHours ?? 0) - truth) / truth).toBeLessThan(0.1);
    expect(mem.sentence).toMatch(/^memory of ingest-worker reaches its 2 GiB limit in about \d/);
    expect(mem.forecast.t.length).toBeGreaterThan(0);
  }, 120_000);

  it('fits the API an open-queue load model and finds its capacity at the SLO', async () => {
    const o = (await service.invoke('capacity/overview', { sloSeconds: 0.25 })) as CapacityOverview;
    const api = o.services.find((s) => s.service === 'api');
    expect(api?.kind).toBe('queue');
    expect(Math.abs((api?.maxLoad ?? 0) - MAX_LOAD) / MAX_LOAD).toBeLessThan(0.15);
    expect(Math.abs((api?.capacityPerReplica ?? 0) - 80) / 80).toBeLessThan(0.15); // 0.05 / (1 - x/100) = 0.25 at x = 80
    expect(api?.demand.length).toBeGreaterThan(24);
  }, 120_000);
});

describe('capacity/whatif and capacity/plan', () => {
  it('answers a growth scenario beside the baseline, quickly', async () => {
    const r = (await service.invoke('capacity/whatif', { service: 'api', scenario: { growthPct: 30 } })) as WhatIfResult;
    expect(r.scenario.peakDemand).toBeCloseTo(r.baseline.peakDemand * 1.3, 6);
    expect(r.scenario.peakLatency ?? 0).toBeGreaterThan(r.baseline.peakLatency ?? 0);
    expect(r.ms).toBeLessThan(200);
  });

  it('exports a plan as KEDA YAML and CSV, and says which services have no load model', async () => {
    const plan = (await service.invoke('capacity/plan', { service: 'api', days: 2, leadHours: 1, pricePerReplicaHour: 0.1, fixedReplicas: 3 })) as CapacityPlan;
    expect(plan.hours.length).toBe(48);
    expect(plan.yaml).toContain('kind: ScaledObject');
    expect(plan.csv.split('\n')[0]).toBe('hour,replicas,demand,upper_demand,capacity');
    expect(plan.cost.fixedReplicaHours).toBe(3 * 48);
    await expect(service.invoke('capacity/plan', { service: 'ingest-worker' })).rejects.toThrow(/no load model for service "ingest-worker"/);
  });
});
