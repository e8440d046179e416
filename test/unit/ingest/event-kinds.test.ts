/**
 * Event kinds (core/ingest/event-kinds.ts): a deploy is a rollout of a new revision, once; Kubernetes scaling,
 * restarts, OOM kills and probes are their own kinds; config and flags are apart; staging is marked non-production.
 */
import { describe, expect, it } from 'vitest';
import { classifyEvent, DeployMerger, environmentOf, isNonProduction, RolloutGrouper } from '../../../core/ingest/event-kinds';
import type { EventRecord } from '../../../core/ingest/types';

const MIN = 60_000;
const k8s = (reason: string, message: string, ts = 0, over: Partial<EventRecord> = {}): EventRecord => ({
  kind: 'event',
  type: reason === 'ScalingReplicaSet' ? 'deploy' : 'k8s',
  ts,
  title: `${reason}: ${message}`,
  service: 'checkout',
  attrs: { reason, namespace: 'shop', objectKind: 'Deployment', object: 'checkout' },
  ...over,
});

describe('classifyEvent', () => {
  it('makes ScalingReplicaSet scaling, and restarts, OOM kills and probes kinds of their own', () => {
    expect(classifyEvent(k8s('ScalingReplicaSet', 'Scaled up replica set checkout-5d4f8b7c9 to 3')).type).toBe('k8s-scale');
    expect(classifyEvent(k8s('BackOff', 'Back-off restarting failed container')).type).toBe('k8s-restart');
    expect(classifyEvent(k8s('Killing', 'Stopping container checkout')).type).toBe('k8s-restart');
    expect(classifyEvent(k8s('OOMKilling', 'Memory cgroup out of memory: Killed process 4242')).type).toBe('k8s-oom');
    expect(classifyEvent(k8s('Unhealthy', 'Readiness probe failed: HTTP probe failed with statuscode: 503')).type).toBe('k8s-probe');
    expect(classifyEvent(k8s('Pulled', 'Container image already present')).type).toBe('k8s');
  });

  it('tells feature flags from config changes', () => {
    const config = (title: string): EventRecord => ({ kind: 'event', type: 'config', ts: 0, title, attrs: { kind: 'config' } });
    expect(classifyEvent(config('feature flag checkout_v2 rollout 10% -> 25%')).type).toBe('flag');
    expect(classifyEvent(config('autovacuum_vacuum_scale_factor 0.2 -> 0.1')).type).toBe('config');
  });

  it('records the environment and marks non-production ones; a plain namespace is no environment', () => {
    const deploy = (attrs: Record<string, string>): EventRecord => classifyEvent({ kind: 'event', type: 'deploy', ts: 0, title: 'Deploy v2', attrs });
    expect(deploy({ environment: 'staging' }).attrs).toMatchObject({ environment: 'staging', nonprod: 'true' });
    expect(deploy({ env: 'production' }).attrs).toEqual({ env: 'production', environment: 'production' });
    expect(deploy({ namespace: 'qa' }).attrs?.nonprod).toBe('true');
    expect(deploy({ namespace: 'payments' }).attrs).toEqual({ namespace: 'payments' });
    expect(isNonProduction('staging-eu')).toBe(true);
    expect(isNonProduction('pr-123')).toBe(true);
    expect(isNonProduction('prod-eu')).toBe(false);
    expect(environmentOf({ namespace: 'default' })).toBeUndefined();
  });
});

describe('RolloutGrouper', () => {
  const grouped = (events: EventRecord[]): EventRecord[] => {
    const g = new RolloutGrouper();
    for (const e of events) expect(g.add(classifyEvent(e))).toBe(true);
    return g.result();
  };

  it('makes the steps of one rollout to a new replica set one deploy, from the first step to the last', () => {
    const out = grouped([
      k8s('ScalingReplicaSet', 'Scaled up replica set checkout-7f9c6d5b8 to 1', 0),
      k8s('ScalingReplicaSet', 'Scaled down replica set checkout-5d4f8b7c9 to 2 from 3', 1 * MIN),
      k8s('ScalingReplicaSet', 'Scaled up replica set checkout-7f9c6d5b8 to 3 from 1', 2 * MIN),
      k8s('ScalingReplicaSet', 'Scaled down replica set checkout-5d4f8b7c9 to 0 from 2', 3 * MIN),
    ]);
    expect(out).toHaveLength(1);
    expect(out[0]).toMatchObject({ type: 'deploy', ts: 0, endTs: 3 * MIN, service: 'checkout' });
    expect(out[0].attrs).toMatchObject({ replicaset: 'checkout-7f9c6d5b8', previous: 'checkout-5d4f8b7c9', revision: '7f9c6d5b8', steps: '4' });
  });

  it('leaves plain scale-ups and scale-downs of one replica set as scaling', () => {
    const out = grouped([
      k8s('ScalingReplicaSet', 'Scaled up replica set checkout-5d4f8b7c9 to 5 from 3', 0),
      k8s('ScalingReplicaSet', 'Scaled down replica set checkout-5d4f8b7c9 to 3 from 5', 4 * 60 * MIN),
    ]);
    expect(out.map((e) => e.type)).toEqual(['k8s-scale', 'k8s-scale']);
  });

  it('keeps two rollouts an hour apart as two deploys, and other deployments apart', () => {
    const step = (svc: string, dir: string, rs: string, ts: number): EventRecord =>
      k8s('ScalingReplicaSet', `Scaled ${dir} replica set ${svc}-${rs} to 1`, ts, { service: svc, attrs: { reason: 'ScalingReplicaSet', namespace: 'shop', object: svc } });
    const out = grouped([
      step('checkout', 'up', 'bbbbbbbbb', 0),
      step('checkout', 'down', 'ccccccccc', MIN),
      step('cart', 'up', 'ddddddddd', 2 * MIN),
      step('checkout', 'up', 'fffffffff', 60 * MIN),
      step('checkout', 'down', 'bbbbbbbbb', 61 * MIN),
    ]);
    expect(out.map((e) => [e.type, e.service, e.ts])).toEqual([
      ['deploy', 'checkout', 0],
      ['k8s-scale', 'cart', 2 * MIN],
      ['deploy', 'checkout', 60 * MIN],
    ]);
  });

  it('does not take events other than ScalingReplicaSet steps', () => {
    expect(new RolloutGrouper().add(classifyEvent(k8s('BackOff', 'Back-off restarting failed container')))).toBe(false);
  });
});

describe('DeployMerger', () => {
  const deploy = (service: string, version: string, ts: number, environment?: string): EventRecord =>
    classifyEvent({ kind: 'event', type: 'deploy', ts, service, title: `Deploy ${version}`, attrs: { version, ...(environment ? { environment } : {}) } });

  it('makes the rows of one rollout (same service, version, environment, minutes apart) one deploy with its start and end', () => {
    const m = new DeployMerger();
    for (const d of [deploy('orders', 'v2', 0), deploy('orders', 'v2', 4 * MIN), deploy('orders', 'v2', 7 * MIN), deploy('orders', 'v2', 0, 'staging')]) {
      expect(m.add(d)).toBe(true);
    }
    const out = m.result();
    expect(out.map((e) => [e.ts, e.endTs, e.attrs?.environment, e.attrs?.steps])).toEqual([
      [0, 7 * MIN, undefined, '3'],
      [0, undefined, 'staging', undefined],
    ]);
  });

  it('keeps a redeploy of the same version a day later (a rollback) apart, and leaves deploys without a version alone', () => {
    const m = new DeployMerger();
    m.add(deploy('inventory', '2.17.1', 0));
    m.add(deploy('inventory', '2.17.1', 32 * 60 * MIN));
    expect(m.result()).toHaveLength(2);
    expect(m.add(classifyEvent({ kind: 'event', type: 'deploy', ts: 0, title: 'Deploy', attrs: {} }))).toBe(false);
  });
});
