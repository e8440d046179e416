/**
 * The scenario suite: which systems, seeds and planted incidents each dump has, and which systems are
 * held out of all tuning (the RCA bench reports them apart; whoever tunes the investigation looks only
 * at the others). One table, so adding a scenario is one row.
 */

import type { SystemName } from './systems';
import type { ScenarioDef } from './types';

/** Systems never used for tuning: their figures are the honest ones. */
export const HELD_OUT_SYSTEMS: readonly SystemName[] = ['fanout'];

const DAYS = 4;

export const SUITE: readonly ScenarioDef[] = [
  {
    name: 'shop-a', system: 'shop', seed: 101, days: DAYS, logLines: 30_000, batch: { service: 'postgres', hour: 2 },
    incidents: [
      { kind: 'bad-deploy', root: 'orders', at: 0.15 },
      { kind: 'cpu-saturation', root: 'search', during: 0 },
      { kind: 'lock-contention', root: 'postgres', at: 0.75, change: true },
    ],
  },
  {
    name: 'shop-b', system: 'shop', seed: 102, days: DAYS, logLines: 30_000, batch: { service: 'orders', hour: 3 },
    incidents: [
      { kind: 'memory-leak', root: 'users', at: 0.05 },
      { kind: 'disk-full', root: 'postgres', at: 0.35, change: true },
      { kind: 'dependency-failure', root: 'payments', at: 0.6 },
      { kind: 'config-change', root: 'inventory', at: 0.9 },
    ],
  },
  {
    name: 'pipeline-a', system: 'pipeline', seed: 201, days: DAYS, logLines: 24_000, batch: { service: 'store', hour: 1 },
    incidents: [
      { kind: 'traffic-surge', root: 'ingest', at: 0.15, path: ['ingest', 'queue', 'worker', 'store'] },
      { kind: 'bad-deploy', root: 'worker', at: 0.45 },
      { kind: 'disk-full', root: 'store', at: 0.68 },
      { kind: 'network-delay', root: 'store', at: 0.9 },
    ],
  },
  {
    name: 'pipeline-b', system: 'pipeline', seed: 202, days: DAYS, logLines: 24_000, batch: { service: 'worker', hour: 2 },
    incidents: [
      { kind: 'config-change', root: 'ingest', at: 0.15 },
      { kind: 'cpu-saturation', root: 'worker', at: 0.5, change: true },
      { kind: 'lock-contention', root: 'store', at: 0.85 },
    ],
  },
  {
    name: 'small-a', system: 'small', seed: 401, days: DAYS, logLines: 20_000, batch: { service: 'pg', hour: 2 },
    incidents: [
      { kind: 'memory-leak', root: 'api', at: 0.05 },
      { kind: 'cache-eviction', root: 'redis', at: 0.55, change: true },
      { kind: 'network-delay', root: 'pg', at: 0.9 },
    ],
  },
  {
    name: 'small-b', system: 'small', seed: 402, days: DAYS, logLines: 20_000, batch: { service: 'api', hour: 4 },
    incidents: [
      { kind: 'bad-deploy', root: 'api', at: 0.15 },
      { kind: 'traffic-surge', root: 'web', at: 0.5, path: ['web', 'api', 'pg'] },
      { kind: 'lock-contention', root: 'pg', at: 0.85 },
    ],
  },
  {
    name: 'fanout-a', system: 'fanout', seed: 301, days: DAYS, logLines: 36_000, batch: { service: 'db', hour: 2 },
    incidents: [
      { kind: 'cache-eviction', root: 'cache', at: 0.1, change: true },
      { kind: 'dependency-failure', root: 'pricing', at: 0.45 },
      { kind: 'network-delay', root: 'stock', during: 1 },
      { kind: 'disk-full', root: 'db', at: 0.66 },
      { kind: 'bad-deploy', root: 'products', at: 0.88 },
    ],
  },
  {
    name: 'fanout-b', system: 'fanout', seed: 302, days: 5, logLines: 40_000, batch: { service: 'checkout', hour: 3 },
    incidents: [
      { kind: 'memory-leak', root: 'profile', at: 0.03 },
      { kind: 'config-change', root: 'checkout', at: 0.3 },
      { kind: 'cpu-saturation', root: 'cart', during: 1 },
      { kind: 'traffic-surge', root: 'api', at: 0.6, path: ['api', 'products', 'db'] },
      { kind: 'lock-contention', root: 'db', at: 0.9, change: true },
    ],
  },
];

/** The scenario called `name`; throws naming the known ones when there is none. */
export function scenarioDef(name: string): ScenarioDef {
  const def = SUITE.find((s) => s.name === name);
  if (!def) throw new Error(`unknown scenario '${name}' (known: ${SUITE.map((s) => s.name).join(', ')})`);
  return def;
}
