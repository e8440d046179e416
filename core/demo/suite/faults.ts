/**
 * What each root-cause kind does to a system: the root's effect, how it reaches the other services
 * along the call graph (callers feel a callee's trouble a minute or three later per hop; a surge flows
 * down its path; a cache's misses land on the database), the log messages each side writes, the
 * change behind it (if any) and what ended it. Pure: a function of the system, the incident's
 * definition, its onset minute and a seeded stream.
 */

import { PG_SATURATION, dbTimeoutLines, leakLines, upstreamErrorLines, upstreamTimeoutLines } from '../catalog';
import { calleeToward, envelope, patternOf, type Effect, type LeakPlan } from '../plan';
import type { Random } from '../random';
import { upstreamOf, type Runtime } from '../services';
import type { TemplateDef } from '../templates';
import { systemService, type SuiteSystem } from './systems';
import type { IncidentDef } from './types';

const HOUR_MIN = 60;

/** A change the fault plants, at `offsetMin` minutes from onset (negative: before). */
export interface FaultChange {
  role: 'cause' | 'mitigation';
  offsetMin: number;
  service: string;
  kind: 'deploy' | 'config' | 'rollback';
  /** Deploys: what the release says after `Release <version>: `; rollbacks and config: the whole text. */
  description: string;
  key?: string;
  oldValue?: string;
  newValue?: string;
}

export interface Fault {
  effects: Effect[];
  rootMetrics: { service: string; metric: string }[];
  topLogPattern: { service: string; pattern: string };
  changes: FaultChange[];
  /** Memory leak only: the climb, and the minute of the OOM kill. */
  leak?: LeakPlan;
  cause: string;
}

export interface FaultInput {
  system: SuiteSystem;
  def: IncidentDef;
  id: string;
  startIdx: number;
  rng: Random;
}

type Shape = Pick<Effect, 'errRatio' | 'lat' | 'cpu' | 'rate'> & Partial<Pick<Effect, 'errors' | 'errorP' | 'burst' | 'extra'>>;

function cap(s: string): string {
  return `${s[0].toUpperCase()}${s.slice(1)}`;
}

/** One effect of incident `id` on `service`, starting at `startIdx` and holding `hold` minutes. */
function effect(id: string, tag: Effect['tag'], service: string, hops: number, startIdx: number, hold: number, shape: Shape, callee?: string): Effect {
  return { incidentId: id, tag, service, hops, callee, startIdx, env: envelope(5, Math.max(1, hold), 8), ...shape };
}

/**
 * Effects on every service that (transitively) calls `root`: each hop starts 1-3 minutes after the
 * one below it and holds until the root recovers; `shape(runtime, callee, hops)` says how it suffers.
 */
function onCallers(
  input: FaultInput, root: string, startIdx: number, hold: number, shape: (runtime: Runtime, callee: string, hops: number) => Shape,
  skip: ReadonlySet<string> = new Set(),
): Effect[] {
  const { system, rng, id } = input;
  const up = upstreamOf(root, system.edges).filter((u) => !skip.has(u.service));
  const dist = new Map<string, number>([[root, 0], ...up.map((u): [string, number] => [u.service, u.hops])]);
  const lagByHop = [0];
  for (let h = 1; h <= Math.max(0, ...up.map((u) => u.hops)); h++) lagByHop.push(lagByHop[h - 1] + rng.uniform(1, 3));
  return up.map(({ service, hops }) => {
    const callee = calleeToward(service, hops, dist, system.edges);
    const lag = Math.round(lagByHop[hops] + rng.uniform(0, 0.8));
    return effect(id, 'fault-caller', service, hops, startIdx + lag, hold - lag + 2, shape(systemService(system, service).runtime, callee, hops), callee);
  });
}

/** Callers time out on a slow callee: latency up by hop, a few timeouts. */
function timingOut(base: number): (runtime: Runtime, callee: string, hops: number) => Shape {
  return (runtime, callee, hops) => ({
    errRatio: 0.02 * 0.5 ** (hops - 1), lat: [1 + (base * 0.5) / hops, 1 + base / hops, 1 + (base * 1.3) / hops], cpu: 0, rate: 1,
    errors: upstreamTimeoutLines(runtime, callee),
  });
}

/** A broker's backlog grows while its consumer is slow or failing. */
function backlog(input: FaultInput, affected: Effect[]): Effect[] {
  const q = input.system.queue;
  if (!q) return [];
  const consumer = affected.find((e) => e.service === q.consumer);
  if (!consumer || affected.some((e) => e.service === q.broker)) return [];
  const e = effect(input.id, 'fault-caller', q.broker, 1, consumer.startIdx + 1, consumer.env.length - 8, {
    errRatio: 0, lat: [1, 1, 1], cpu: 0.04, rate: 1, extra: { queue_messages_ready: 40_000 },
  });
  // The backlog builds up over the whole episode rather than jumping.
  for (let k = 0; k < e.env.length; k++) e.env[k] *= Math.min(1, (k + 1) / Math.max(1, e.env.length - 8));
  return [e];
}

/** The new error a bad release of a service of this runtime throws. */
function releaseError(service: string, runtime: Runtime): TemplateDef {
  const C = cap(service);
  if (runtime === 'jvm') {
    return { level: 'error', logger: `${C}Mapper`, text: `Failed to map ${service} response for {uuid}: currency must not be null`, stack: {
      exception: 'java.lang.NullPointerException', message: 'Cannot invoke "String.length()" because "dto.currency" is null',
      frames: [`com.acme.${service}.web.${C}Mapper.toDto(${C}Mapper.java:58)`, `com.acme.${service}.web.${C}Controller.get(${C}Controller.java:41)`],
    } };
  }
  if (runtime === 'node') {
    return { level: 'error', text: `unhandled error in ${service} handler {path}: TypeError: Cannot read properties of undefined (reading 'currency') req_id={req}` };
  }
  return { level: 'error', text: `panic recovered in ${service} handler: runtime error: invalid memory address or nil pointer dereference (req {req})` };
}

/** What a service of this runtime logs when its database pool is exhausted. */
function poolExhausted(runtime: Runtime): TemplateDef {
  if (runtime === 'jvm') {
    return { level: 'error', logger: 'HikariPool', text: 'HikariPool-1 - Connection is not available, request timed out after 30000ms (total=5, active=5, idle=0, waiting={count})' };
  }
  return { level: 'error', text: 'db pool exhausted: {count} requests waiting for a connection (max_open_conns=5)' };
}

/** What a service of this runtime logs while its CPU is pinned. */
function saturatedCpu(runtime: Runtime): TemplateDef {
  if (runtime === 'jvm') return { level: 'warn', logger: 'TaskExecutor', text: 'Executor pool saturated: active={conns} queued={count}, rejecting task' };
  if (runtime === 'node') return { level: 'warn', text: 'event loop delay p99 {ms_slow}ms, {count} requests queued' };
  return { level: 'warn', text: 'handler queue full: {count} requests waiting, GOMAXPROCS=2' };
}

/** What a service of this runtime logs when its own external dependency refuses connections. */
function dependencyDown(service: string, runtime: Runtime): TemplateDef {
  if (runtime === 'jvm') {
    return { level: 'error', logger: 'ProviderClient', text: `Call to ${service} provider failed after {ms_slow} ms`, stack: {
      exception: 'org.springframework.web.client.ResourceAccessException', message: 'I/O error on POST request: Connect timed out',
      frames: [`com.acme.${service}.provider.ProviderClient.call(ProviderClient.java:88)`],
      cause: { exception: 'java.net.SocketTimeoutException', message: 'Connect timed out', frames: ['java.base/sun.nio.ch.NioSocketImpl.timedFinishConnect(NioSocketImpl.java:546)'] },
    } };
  }
  return { level: 'error', text: `${service} provider call failed: dial tcp {ip}:443: i/o timeout after {ms_slow}ms` };
}

/** What a leaking release changed, and what it keeps in memory. */
const LEAKS: readonly { change: string; what: string }[] = [
  { change: 'cache rendered responses in memory', what: 'an unbounded in-memory cache of responses' },
  { change: 'register a progress listener per request', what: 'listeners registered per request and never removed' },
  { change: 'keep per-tenant buffers for retries', what: 'per-tenant buffers kept after the batch ends' },
];

/** The fault of `input.def.kind`, rooted at `input.def.root`, starting at minute `input.startIdx`. */
export function buildFault(input: FaultInput): Fault {
  switch (input.def.kind) {
    case 'bad-deploy': return badDeploy(input);
    case 'config-change': return configChange(input);
    case 'memory-leak': return memoryLeak(input);
    case 'cpu-saturation': return cpuSaturation(input);
    case 'network-delay': return networkDelay(input);
    case 'lock-contention': return lockContention(input);
    case 'cache-eviction': return cacheEviction(input);
    case 'traffic-surge': return trafficSurge(input);
    case 'dependency-failure': return dependencyFailure(input);
    case 'disk-full': return diskFull(input);
    default: throw new Error(`scenario suite: no fault for kind '${String(input.def.kind)}'`);
  }
}

function badDeploy(input: FaultInput): Fault {
  const { def, rng, id, startIdx, system } = input;
  const root = def.root;
  const spec = systemService(system, root);
  const hold = Math.round(rng.uniform(90, 170));
  const delta = rng.uniform(0.08, 0.14);
  const newError = releaseError(root, spec.runtime);
  const rootEffect = effect(id, 'fault', root, 0, startIdx, hold, {
    errRatio: delta, lat: [1.35, 2.6, 3.6], cpu: 0.12, rate: 1, errors: [newError], errorP: 0.85,
  });
  const callers = onCallers(input, root, startIdx, hold, (runtime, callee, hops) => ({
    errRatio: delta * 0.5 ** hops, lat: [1.05, 1 + 0.3 / hops, 1 + 0.45 / hops], cpu: 0, rate: 1, errors: upstreamErrorLines(runtime, callee),
  }));
  const effects = [rootEffect, ...callers];
  return {
    effects: [...effects, ...backlog(input, effects)],
    rootMetrics: [{ service: root, metric: 'http_errors_per_second' }, { service: root, metric: 'http_request_duration_seconds_p95' }],
    topLogPattern: { service: root, pattern: patternOf(newError.text) },
    changes: [
      { role: 'cause', offsetMin: 0, service: root, kind: 'deploy', description: 'switch response mapping to the v2 DTOs' },
      { role: 'mitigation', offsetMin: hold, service: root, kind: 'rollback', description: 'Rollback (error rate regression)' },
    ],
    cause: `A release of ${root} threw on responses without a currency; ${(delta * 100).toFixed(0)} % of its requests failed and its callers passed the errors on until the rollback.`,
  };
}

function configChange(input: FaultInput): Fault {
  const { def, rng, id, startIdx, system } = input;
  const root = def.root;
  const spec = systemService(system, root);
  const hold = Math.round(rng.uniform(50, 110));
  const callsDb = system.edges.some(([a, b]) => a === root && b === system.db);
  const callee = system.edges.find(([a]) => a === root)?.[1] ?? system.db;
  const msg: TemplateDef = callsDb
    ? poolExhausted(spec.runtime)
    : { level: 'error', text: `call to ${callee} aborted: client timeout of 150 ms exceeded ({path})` };
  const [key, oldValue, newValue] = callsDb ? ['db.pool.max', '50', '5'] : ['http.client.timeout_ms', '2000', '150'];
  const rootEffect = effect(id, 'fault', root, 0, startIdx, hold, callsDb
    ? { errRatio: 0.05, lat: [2.2, 5, 7], cpu: -0.02, rate: 1, errors: [msg], errorP: 0.9 }
    : { errRatio: 0.09, lat: [1, 1.1, 1.2], cpu: 0, rate: 1, errors: [msg], errorP: 0.9 });
  const effects = [rootEffect, ...onCallers(input, root, startIdx, hold, timingOut(callsDb ? 2.5 : 0.4))];
  return {
    effects: [...effects, ...backlog(input, effects)],
    rootMetrics: callsDb
      ? [{ service: root, metric: 'http_request_duration_seconds_p95' }, { service: root, metric: 'http_errors_per_second' }]
      : [{ service: root, metric: 'http_errors_per_second' }],
    topLogPattern: { service: root, pattern: patternOf(msg.text) },
    changes: [
      { role: 'cause', offsetMin: 0, service: root, kind: 'config', description: `${key} ${oldValue} -> ${newValue}`, key, oldValue, newValue },
      { role: 'mitigation', offsetMin: hold, service: root, kind: 'config', description: `Revert ${key} ${newValue} -> ${oldValue}`, key, oldValue: newValue, newValue: oldValue },
    ],
    cause: `${root}'s ${key} went from ${oldValue} to ${newValue}; ${callsDb ? 'requests queued for a database connection' : 'calls were cut off early'} until the revert.`,
  };
}

function memoryLeak(input: FaultInput): Fault {
  const { def, rng, id, startIdx, system } = input;
  const root = def.root;
  const spec = systemService(system, root);
  const climb = Math.round(rng.uniform(7, 12) * HOUR_MIN);
  const oomIdx = startIdx + climb;
  const fixIdx = oomIdx + Math.round(rng.uniform(35, 55));
  const leak: LeakPlan = {
    service: root, fromIdx: startIdx, restartIdx: oomIdx, fixIdx,
    bytesPerMin: (0.97 * spec.memLimit - 1.05 * spec.memBase) / climb,
  };
  const gcLen = Math.max(2, Math.round(0.3 * climb));
  const gcEnv = new Float64Array(gcLen);
  for (let k = 0; k < gcLen; k++) gcEnv[k] = ((k + 1) / gcLen) ** 2;
  const effects: Effect[] = [
    { incidentId: id, tag: 'gc', service: root, hops: 0, startIdx: oomIdx - gcLen, env: gcEnv, errRatio: 0.012, lat: [1.3, 2.2, 3.4], cpu: 0.22, rate: 1 },
    { incidentId: id, tag: 'oom', service: root, hops: 0, startIdx: oomIdx, env: Float64Array.from([1, 1, 0.5]), errRatio: 0.45, lat: [1.5, 2, 2.5], cpu: -0.02, rate: 0.55 },
  ];
  const { change, what } = rng.pick(LEAKS);
  return {
    effects,
    rootMetrics: [{ service: root, metric: 'process_resident_memory_bytes' }],
    topLogPattern: { service: root, pattern: patternOf(leakLines(spec.runtime).pressure.text) },
    changes: [
      { role: 'cause', offsetMin: 0, service: root, kind: 'deploy', description: change },
      { role: 'mitigation', offsetMin: fixIdx - startIdx, service: root, kind: 'deploy', description: 'bound what the last release kept in memory' },
    ],
    leak,
    cause: `A release of ${root} added ${what}; resident memory grew for ${(climb / 60).toFixed(0)} h until the OOM kill, and again until the hotfix.`,
  };
}

function cpuSaturation(input: FaultInput): Fault {
  const { def, rng, id, startIdx, system } = input;
  const root = def.root;
  const spec = systemService(system, root);
  const hold = Math.round(rng.uniform(50, 100));
  const line = saturatedCpu(spec.runtime);
  const rootEffect = effect(id, 'fault', root, 0, startIdx, hold, {
    errRatio: 0.02, lat: [2.5, 4, 5], cpu: 0.85, rate: 1, burst: { defs: [line], perMin: 6 },
  });
  const effects = [rootEffect, ...onCallers(input, root, startIdx, hold, timingOut(2))];
  const changes: FaultChange[] = [
    { role: 'mitigation', offsetMin: hold, service: root, kind: 'config', description: 'replicas 2 -> 4', key: 'replicas', oldValue: '2', newValue: '4' },
  ];
  if (def.change) changes.push({ role: 'cause', offsetMin: 0, service: root, kind: 'deploy', description: 'validate every request body against the full JSON schema' });
  return {
    effects: [...effects, ...backlog(input, effects)],
    rootMetrics: [{ service: root, metric: 'process_cpu_usage' }, { service: root, metric: 'http_request_duration_seconds_p95' }],
    topLogPattern: { service: root, pattern: patternOf(line.text) },
    changes,
    cause: `${root}'s CPU was pinned ${def.change ? 'by the new per-request schema validation' : 'by a runaway regular expression on one tenant\'s input'}; its latency and its callers' followed until it was scaled out.`,
  };
}

function networkDelay(input: FaultInput): Fault {
  const { def, rng, id, startIdx, system } = input;
  const root = def.root;
  const hold = Math.round(rng.uniform(40, 90));
  const rootEffect = effect(id, 'fault', root, 0, startIdx, hold, {
    errRatio: 0, lat: [1, 1, 1], cpu: 0, rate: 0.97, extra: { tcp_retransmits_per_second: rng.uniform(25, 40) },
  });
  const callers = onCallers(input, root, startIdx, hold, (runtime, callee, hops) => ({
    errRatio: 0.015 * 0.5 ** (hops - 1), lat: hops === 1 ? [3.2, 2.6, 2.2] : [1 + 0.8 / hops, 1 + 0.8 / hops, 1 + 0.8 / hops],
    cpu: 0, rate: 1, errors: upstreamTimeoutLines(runtime, callee),
  }));
  const first = callers.filter((e) => e.hops === 1).sort((a, b) => (a.service < b.service ? -1 : 1))[0];
  const effects = [rootEffect, ...callers];
  return {
    effects: [...effects, ...backlog(input, effects)],
    rootMetrics: [{ service: root, metric: 'tcp_retransmits_per_second' }],
    topLogPattern: {
      service: first.service,
      pattern: patternOf(upstreamTimeoutLines(systemService(system, first.service).runtime, root)[0].text),
    },
    changes: [],
    cause: `Packet loss on ${root}'s network path: its own latency stayed flat while every caller waited on it.`,
  };
}

function lockContention(input: FaultInput): Fault {
  const { def, rng, id, startIdx } = input;
  const root = def.root;
  const hold = Math.round(rng.uniform(40, 80));
  const wait: TemplateDef = {
    level: 'info', text: 'process {pid} still waiting for ShareLock on transaction {txid} after {ms_slow}.{n} ms',
    detail: 'UPDATE prices SET amount = $1, updated_at = now() WHERE sku = $2',
  };
  const rootEffect = effect(id, 'fault', root, 0, startIdx, hold, {
    errRatio: 0.01, lat: [3, 7, 9], cpu: -0.04, rate: 0.9, extra: { pg_locks_waiting: rng.uniform(30, 45) },
    errors: [{ level: 'error', text: 'deadlock detected', detail: 'UPDATE prices SET amount = $1, updated_at = now() WHERE sku = $2' }],
    burst: { defs: [wait], perMin: 8 },
  });
  const callers = onCallers(input, root, startIdx, hold, (runtime, callee, hops) => ({
    errRatio: 0.03 * 0.5 ** (hops - 1), lat: [1 + 1.2 / hops, 1 + 2.5 / hops, 1 + 3 / hops], cpu: 0, rate: 1,
    errors: hops === 1 ? dbTimeoutLines(runtime, callee) : upstreamTimeoutLines(runtime, callee),
  }));
  const effects = [rootEffect, ...callers];
  const changes: FaultChange[] = [];
  if (def.change) {
    const caller = callers.filter((e) => e.hops === 1).sort((a, b) => (a.service < b.service ? -1 : 1))[0].service;
    changes.push({ role: 'cause', offsetMin: -Math.round(rng.uniform(2, 6)), service: caller, kind: 'deploy', description: 'reprice the catalogue in one transaction per supplier' });
  }
  return {
    effects: [...effects, ...backlog(input, effects)],
    rootMetrics: [{ service: root, metric: 'pg_locks_waiting' }, { service: root, metric: 'http_request_duration_seconds_p95' }],
    topLogPattern: { service: root, pattern: patternOf(wait.text) },
    changes,
    cause: `Long transactions held row locks in ${root}; queries queued behind them (CPU low), and its callers timed out.`,
  };
}

function cacheEviction(input: FaultInput): Fault {
  const { def, rng, id, startIdx, system } = input;
  const root = def.root;
  const db = system.db;
  const hold = Math.round(rng.uniform(50, 100));
  const evict: TemplateDef = { level: 'warn', text: 'maxmemory reached: evicted {count} keys in the last second (policy allkeys-lru)' };
  const rootEffect = effect(id, 'fault', root, 0, startIdx, hold, {
    errRatio: 0, lat: [1.1, 1.2, 1.3], cpu: 0.1, rate: 1, extra: { cache_hit_ratio: -rng.uniform(0.45, 0.6) }, burst: { defs: [evict], perMin: 10 },
  });
  const dbLag = Math.round(rng.uniform(1, 2));
  const dbEffect = effect(id, 'fault-caller', db, 1, startIdx + dbLag, hold - dbLag + 2, {
    errRatio: 0.004, lat: [2, 3, 3.5], cpu: 0.3, rate: 2.5,
  });
  const clients = onCallers(input, root, startIdx + 1, hold, (runtime, callee, hops) => ({
    errRatio: 0.005, lat: [1 + 0.6 / hops, 1 + 1.2 / hops, 1 + 1.5 / hops], cpu: 0.02, rate: 1, errors: upstreamTimeoutLines(runtime, db),
  }));
  const effects = [rootEffect, dbEffect, ...clients];
  const changes: FaultChange[] = def.change
    ? [
      { role: 'cause', offsetMin: 0, service: root, kind: 'config', description: 'maxmemory 4gb -> 1gb', key: 'maxmemory', oldValue: '4gb', newValue: '1gb' },
      { role: 'mitigation', offsetMin: hold, service: root, kind: 'config', description: 'Revert maxmemory 1gb -> 4gb', key: 'maxmemory', oldValue: '1gb', newValue: '4gb' },
    ]
    : [{ role: 'mitigation', offsetMin: hold, service: root, kind: 'config', description: 'maxmemory 4gb -> 6gb', key: 'maxmemory', oldValue: '4gb', newValue: '6gb' }];
  return {
    effects: [...effects, ...backlog(input, effects)],
    rootMetrics: [{ service: root, metric: 'cache_hit_ratio' }],
    topLogPattern: { service: root, pattern: patternOf(evict.text) },
    changes,
    cause: `${root} hit its memory limit ${def.change ? 'after maxmemory was lowered' : 'as the key space grew'} and evicted hot keys; misses fell through to ${db}, whose load and latency rose, and the services using the cache slowed.`,
  };
}

function trafficSurge(input: FaultInput): Fault {
  const { def, rng, id, startIdx, system } = input;
  const path = def.path ?? [def.root, system.db];
  const root = path[0];
  const store = path[path.length - 1];
  const hold = Math.round(rng.uniform(50, 90));
  const surge = rng.uniform(2.8, 3.4);
  const effects: Effect[] = [];
  path.slice(0, -1).forEach((service, hops) => {
    const e = effect(id, hops === 0 ? 'fault' : 'fault-caller', service, hops, startIdx + hops, hold - hops, {
      errRatio: 0.01, lat: [1.3, 1.8, 2.2], cpu: 0.05, rate: surge,
    }, path[hops + 1]);
    e.env = envelope(10, hold - hops, 10);
    effects.push(e);
  });
  const satLag = Math.round(rng.uniform(5, 8));
  const storeSpec = systemService(system, store);
  const saturation = storeSpec.runtime === 'postgres' ? PG_SATURATION.errors : [saturatedCpu(storeSpec.runtime)];
  effects.push(effect(id, 'fault-caller', store, path.length - 1, startIdx + satLag, hold - satLag, {
    errRatio: 0.03, lat: [5, 12, 16], cpu: 0.6, rate: Math.min(2.2, surge), errors: saturation,
  }, undefined));
  const onPath = new Set(path);
  effects.push(...onCallers(input, store, startIdx + satLag, hold - satLag, (runtime, callee, hops) => ({
    errRatio: 0.02, lat: [1 + 1 / hops, 1 + 2 / hops, 1 + 2.5 / hops], cpu: 0, rate: 1,
    errors: hops === 1 ? dbTimeoutLines(runtime, callee) : upstreamTimeoutLines(runtime, callee),
  }), onPath));
  return {
    effects: [...effects, ...backlog(input, effects)],
    rootMetrics: [{ service: root, metric: 'http_requests_per_second' }],
    topLogPattern: { service: store, pattern: patternOf(saturation[0].text) },
    changes: [{
      role: 'mitigation', offsetMin: hold, service: root, kind: 'config', description: 'limit_req rate off -> 300r/s',
      key: 'limit_req.rate', oldValue: 'off', newValue: '300r/s',
    }],
    cause: `Traffic at ${root} rose ${surge.toFixed(1)}x (a crawler); it flowed through ${path.slice(1, -1).join(', ') || 'the stack'} and saturated ${store} until a rate limit was set.`,
  };
}

function dependencyFailure(input: FaultInput): Fault {
  const { def, rng, id, startIdx, system } = input;
  const root = def.root;
  const spec = systemService(system, root);
  const hold = Math.round(rng.uniform(40, 90));
  const down = dependencyDown(root, spec.runtime);
  const rootEffect = effect(id, 'fault', root, 0, startIdx, hold, {
    errRatio: rng.uniform(0.3, 0.45), lat: [2, 6, 8], cpu: -0.02, rate: 1, errors: [down], errorP: 0.9,
  });
  const effects = [rootEffect, ...onCallers(input, root, startIdx, hold, (runtime, callee, hops) => ({
    errRatio: 0.1 * 0.5 ** (hops - 1), lat: [1 + 1 / hops, 1 + 3 / hops, 1 + 4 / hops], cpu: 0, rate: 1, errors: upstreamTimeoutLines(runtime, callee),
  }))];
  return {
    effects: [...effects, ...backlog(input, effects)],
    rootMetrics: [{ service: root, metric: 'http_errors_per_second' }, { service: root, metric: 'http_request_duration_seconds_p95' }],
    topLogPattern: { service: root, pattern: patternOf(down.text) },
    changes: [],
    cause: `${root}'s external provider stopped accepting connections; ${root} failed its calls and its callers timed out.`,
  };
}

function diskFull(input: FaultInput): Fault {
  const { def, rng, id, startIdx, system } = input;
  const root = def.root;
  const climb = Math.round(rng.uniform(50, 100));
  const hold = climb + Math.round(rng.uniform(30, 60));
  const filling = effect(id, 'fault', root, 0, startIdx, hold, { errRatio: 0, lat: [1, 1, 1], cpu: 0.05, rate: 1, extra: { disk_used_ratio: 0.45 } });
  for (let k = 0; k < filling.env.length; k++) filling.env[k] = Math.min(filling.env[k], (k + 1) / climb);
  const full: TemplateDef = { level: 'error', text: 'could not extend file "base/16384/{txid}": No space left on device', detail: 'INSERT INTO events (id, payload) VALUES ($1, $2)' };
  const failing = effect(id, 'fault', root, 0, startIdx + climb - 4, hold - climb + 4, {
    errRatio: 0.25, lat: [1.2, 2, 3], cpu: 0, rate: 1, errors: [full], errorP: 0.9,
  });
  const callers = onCallers(input, root, startIdx + climb - 3, hold - climb + 3, (runtime, callee, hops) => ({
    errRatio: 0.1 * 0.5 ** (hops - 1), lat: [1.1, 1.3, 1.5], cpu: 0, rate: 1, errors: upstreamErrorLines(runtime, callee),
  }));
  const effects = [filling, failing, ...callers];
  const changes: FaultChange[] = [{
    role: 'mitigation', offsetMin: hold, service: root, kind: 'config', description: 'volume.size 100Gi -> 200Gi',
    key: 'volume.size', oldValue: '100Gi', newValue: '200Gi',
  }];
  if (def.change) {
    changes.push({
      role: 'cause', offsetMin: 0, service: root, kind: 'config', description: 'log_min_duration_statement 1000 -> 0',
      key: 'log_min_duration_statement', oldValue: '1000', newValue: '0',
    });
  }
  return {
    effects: [...effects, ...backlog(input, effects)],
    rootMetrics: [{ service: root, metric: 'disk_used_ratio' }],
    topLogPattern: { service: root, pattern: patternOf(full.text) },
    changes,
    cause: `${root}'s data volume filled ${def.change ? 'with statement logs after log_min_duration_statement was set to 0' : 'with WAL kept for a stuck replication slot'}; ` +
      `writes failed once it was full and ${system.edges.filter(([, b]) => b === root).map(([a]) => a).join(', ')} passed the errors on until the volume was grown.`,
  };
}
