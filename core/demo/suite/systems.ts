/**
 * The systems the scenario suite plants incidents in, of different shapes: the demo's shop (a tree over
 * one database), a linear pipeline (ingest -> queue <- worker -> store), a fan-out API gateway over eight
 * services sharing a cache and a database, and a small four-service web app. Services are the demo's
 * specs renamed and re-tuned (same runtimes, log styles and catalogs), so every dump uses the same
 * export formats as the demo. Plain data.
 */

import { EDGES, SERVICES, serviceSpec, type ExtraMetric, type ServiceSpec } from '../services';

/** The system names; `SuiteSystem.name` is one of them. */
export type SystemName = 'shop' | 'pipeline' | 'fanout' | 'small';

export interface SuiteSystem {
  name: SystemName;
  /** One sentence on its shape. */
  shape: string;
  services: readonly ServiceSpec[];
  edges: readonly (readonly [string, string])[];
  /** Where outside traffic enters. */
  entry: string;
  /** The database, the cache, the broker and its consumer, where the system has them. */
  db: string;
  cache?: string;
  queue?: { broker: string; consumer: string };
}

const MB = 1024 * 1024;

/** Every service's TCP retransmits (node exporter), the signal a slow network path leaves on its server side. */
const RETRANSMITS: ExtraMetric = { name: 'tcp_retransmits_per_second', level: 1.2, loadShare: 0.8, noise: 0.08, decimals: 3, min: 0, max: 1e6 };
/** A database's sessions waiting on a lock (pg_locks, granted = false). */
const LOCK_WAITS: ExtraMetric = { name: 'pg_locks_waiting', level: 1.5, loadShare: 1, noise: 0.25, decimals: 0, min: 0, max: 500 };
/** A database's data volume, used / size. */
const DISK_USED: ExtraMetric = { name: 'disk_used_ratio', level: 0.61, loadShare: 0, noise: 0.002, decimals: 4, min: 0, max: 1 };
/** A cache's hit ratio, keyspace_hits / (hits + misses). */
const HIT_RATIO: ExtraMetric = { name: 'cache_hit_ratio', level: 0.94, loadShare: 0, noise: 0.004, decimals: 4, min: 0, max: 1 };
/** A broker's messages ready and not yet consumed. */
const QUEUE_DEPTH: ExtraMetric = { name: 'queue_messages_ready', level: 400, loadShare: 1, noise: 0.1, decimals: 0, min: 0, max: 1e9 };

/** The extras a service of this role has: retransmits always, plus the role's own. */
function extrasFor(role: 'db' | 'cache' | 'queue' | 'app'): ExtraMetric[] {
  if (role === 'db') return [RETRANSMITS, LOCK_WAITS, DISK_USED];
  if (role === 'cache') return [RETRANSMITS, HIT_RATIO];
  if (role === 'queue') return [RETRANSMITS, QUEUE_DEPTH];
  return [RETRANSMITS];
}

/** A demo spec under another name: its own log file, the demo's catalog, changed numbers. */
function like(base: string, name: string, logFile: string, changes: Partial<ServiceSpec> = {}): ServiceSpec {
  const spec = serviceSpec(base);
  return { ...spec, catalog: spec.catalog ?? base, name, logFile, app: spec.runtime === 'jvm' ? `${cap(name)}Application` : name, ...changes };
}

function cap(s: string): string {
  return `${s[0].toUpperCase()}${s.slice(1)}`;
}

/** A redis-like cache, logging JSON lines (`@timestamp`, `severity`, `message`). */
function cacheSpec(name: string, peakRps: number, logShare: number): ServiceSpec {
  return {
    name, runtime: 'go', style: 'json-at', logFile: `${name}.jsonl`, peakRps, errorRatio: 0.0003, p50: 0.0006, k95: 2.2,
    k99: 2.0, cpuIdle: 0.03, cpuPeak: 0.2, memBase: 2600 * MB, memLimit: 4096 * MB, gcPeriod: 0, gcAmp: 0, logShare,
    deploysPerWeek: 0, app: 'redis', catalog: 'cache', extras: extrasFor('cache'),
  };
}

const SHOP: SuiteSystem = {
  name: 'shop',
  shape: 'the demo shop: a gateway and frontend over eight services and one postgres',
  services: SERVICES.map((s) => ({ ...s, extras: extrasFor(s.name === 'postgres' ? 'db' : 'app') })),
  edges: EDGES,
  entry: 'gateway',
  db: 'postgres',
};

const PIPELINE: SuiteSystem = {
  name: 'pipeline',
  shape: 'a linear pipeline: ingest produces to a broker, a worker consumes and writes to a store',
  services: [
    like('auth', 'ingest', 'ingest.jsonl', { catalog: 'ingest', peakRps: 600, p50: 0.006, logShare: 0.3, deploysPerWeek: 2, extras: extrasFor('app') }),
    like('search', 'queue', 'queue.log', {
      catalog: 'queue', peakRps: 650, p50: 0.004, k95: 2.4, errorRatio: 0.0005, cpuIdle: 0.08, cpuPeak: 0.3, logShare: 0.15,
      deploysPerWeek: 0, extras: extrasFor('queue'),
    }),
    like('orders', 'worker', 'worker.log', { catalog: 'worker', peakRps: 600, p50: 0.03, logShare: 0.35, deploysPerWeek: 3, extras: extrasFor('app') }),
    like('postgres', 'store', 'store.log', { peakRps: 1200, logShare: 0.2, extras: extrasFor('db') }),
  ],
  edges: [['ingest', 'queue'], ['worker', 'queue'], ['worker', 'store']],
  entry: 'ingest',
  db: 'store',
  queue: { broker: 'queue', consumer: 'worker' },
};

const FANOUT_APPS: [string, string, Partial<ServiceSpec>][] = [
  ['auth', 'auth', { logFile: 'auth.jsonl' }],
  ['users', 'profile', { logFile: 'profile.log' }],
  ['frontend', 'cart', { logFile: 'cart.jsonl', peakRps: 300 }],
  ['orders', 'checkout', { logFile: 'checkout.log' }],
  ['payments', 'pricing', { logFile: 'pricing.log', peakRps: 180 }],
  ['search', 'products', { logFile: 'products.log' }],
  ['inventory', 'stock', { logFile: 'stock.jsonl' }],
  ['notifications', 'notify', { logFile: 'notify.jsonl' }],
];

const FANOUT: SuiteSystem = {
  name: 'fanout',
  shape: 'an API gateway fanning out to eight services that share one cache and one database',
  services: [
    like('gateway', 'api', 'api-access.log', { logShare: 0.2, extras: extrasFor('app') }),
    ...FANOUT_APPS.map(([base, name, changes]) =>
      like(base, name, changes.logFile as string, { logShare: 0.07, ...changes, extras: extrasFor('app') })),
    cacheSpec('cache', 1800, 0.05),
    like('postgres', 'db', 'db.log', { logShare: 0.09, extras: extrasFor('db') }),
  ],
  edges: [
    ...FANOUT_APPS.map(([, name]): [string, string] => ['api', name]),
    ...FANOUT_APPS.filter(([, name]) => name !== 'notify').map(([, name]): [string, string] => [name, 'cache']),
    ...FANOUT_APPS.filter(([, name]) => name !== 'notify' && name !== 'auth').map(([, name]): [string, string] => [name, 'db']),
    ['checkout', 'pricing'], ['checkout', 'stock'], ['checkout', 'notify'], ['cart', 'pricing'],
  ],
  entry: 'api',
  db: 'db',
  cache: 'cache',
};

const SMALL: SuiteSystem = {
  name: 'small',
  shape: 'a small web app: nginx in front of one API with a cache and a database',
  services: [
    like('gateway', 'web', 'web-access.log', { peakRps: 400, logShare: 0.35, extras: extrasFor('app') }),
    like('users', 'api', 'api.log', { peakRps: 380, p50: 0.03, logShare: 0.35, deploysPerWeek: 3, extras: extrasFor('app') }),
    cacheSpec('redis', 900, 0.1),
    like('postgres', 'pg', 'pg.log', { peakRps: 700, logShare: 0.2, extras: extrasFor('db') }),
  ],
  edges: [['web', 'api'], ['api', 'redis'], ['api', 'pg']],
  entry: 'web',
  db: 'pg',
  cache: 'redis',
};

/** Every system, by name. */
export const SYSTEMS: Readonly<Record<SystemName, SuiteSystem>> = { shop: SHOP, pipeline: PIPELINE, fanout: FANOUT, small: SMALL };

/** The spec of `name` in `system`; throws when there is none (a bug in the suite table). */
export function systemService(system: SuiteSystem, name: string): ServiceSpec {
  const s = system.services.find((x) => x.name === name);
  if (!s) throw new Error(`scenario suite: no service '${name}' in system '${system.name}'`);
  return s;
}
