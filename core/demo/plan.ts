/**
 * The script of the demo dump: when the three planted incidents happen, what each does to which
 * service (as envelopes over minutes), and every deploy and config change with its version.
 * Metrics, logs and alerts are all rendered from this one plan, so they agree with each other and
 * with ground-truth.json.
 */

import { Random } from './random';
import { BAD_DEPLOYS, CONFIG_CHANGES, LEAKS, ROUTINE_CHANGES, type BadDeployScenario, type LeakScenario } from './scenarios';
import { calendar } from './seasonality';
import { SERVICES, serviceSpec, upstreamOf, EDGES } from './services';
import type { TemplateDef } from './templates';
import type { AffectedSeries, GroundTruthIncident } from './types';

/** One sample a minute. */
export const STEP_MS = 60_000;
const MIN = 60_000;
const HOUR = 3_600_000;
const DAY = 86_400_000;

/** Why an effect exists; logs pick their templates by it. */
export type EffectTag =
  | 'bad-root' | 'bad-caller' | 'sat-root' | 'sat-caller' | 'gc' | 'oom' | 'warmup'
  // The scenario suite's: a fault's root and the services it reaches, a daily batch job, a harmless blip.
  | 'fault' | 'fault-caller' | 'batch' | 'blip';

/** A change to one service's metrics over a run of minutes, scaled by `env` (0..1). */
export interface Effect {
  incidentId: string | null;
  tag: EffectTag;
  service: string;
  /** Hops from the incident's root (0 = root). */
  hops: number;
  /** For callers: the affected service it calls. */
  callee?: string;
  startIdx: number;
  env: Float64Array;
  /** Added fraction of failing requests at env = 1. */
  errRatio: number;
  /** p50, p95, p99 multipliers at env = 1. */
  lat: [number, number, number];
  /** Added CPU fraction at env = 1. */
  cpu: number;
  /** Request-rate multiplier at env = 1. */
  rate: number;
  /** Error messages this effect's extra errors are drawn from (else the tag's own), each with probability `errorP` (default 1). */
  errors?: TemplateDef[];
  errorP?: number;
  /** Extra log events per minute at env = 1, drawn from `defs` (a batch job's output, evictions, lock waits). */
  burst?: { defs: TemplateDef[]; perMin: number };
  /** Added to the service's extra series (`cache_hit_ratio`, ...) at env = 1, by series name. */
  extra?: Record<string, number>;
}

export interface DeployEvent {
  timeMs: number;
  service: string;
  /** `rollback` only in the scenario suite (rollbacks and reverts); the demo writes them as deploys. */
  kind: 'deploy' | 'config' | 'rollback';
  version: string;
  description: string;
  role: 'routine' | 'bad' | 'rollback' | 'leak' | 'hotfix' | 'config' | 'cause' | 'mitigation' | 'distractor';
  /** Scenario suite: the planted incident this change causes, ends or distracts from. */
  incident?: string;
  /** Config changes of the scenario suite: the key and its old -> new value. */
  key?: string;
  oldValue?: string;
  newValue?: string;
}

/** A process (re)start: a deploy or an OOM kill. */
export interface Restart {
  timeMs: number;
  idx: number;
  version: string;
  reason: 'deploy' | 'oom';
}

export interface LeakPlan {
  service: string;
  fromIdx: number;
  restartIdx: number;
  fixIdx: number;
  bytesPerMin: number;
}

/** What every part of the dump needs to know about a planted incident. */
export interface PlannedIncident {
  id: string;
  kind: string;
  onsetMs: number;
  endMs: number;
}

export interface Plan<I extends PlannedIncident = GroundTruthIncident> {
  seed: number;
  startMs: number;
  endMs: number;
  /** Number of minutes. */
  n: number;
  incidents: I[];
  effects: Effect[];
  /** Deploys and config changes, by time. */
  deploys: DeployEvent[];
  /** Version running at startMs, per service. */
  initialVersion: Map<string, string>;
  restarts: Map<string, Restart[]>;
  leaks: LeakPlan[];
  /** The demo's own stories (absent in the scenario suite, whose effects carry their messages). */
  badDeploy?: BadDeployScenario;
  leakScenario?: LeakScenario;
}

/** First minute index at or after `ms` (clamped to [0, n]). */
export function idxAt(startMs: number, n: number, ms: number): number {
  return Math.min(n, Math.max(0, Math.ceil((ms - startMs) / STEP_MS)));
}

function iso(ms: number): string {
  return new Date(ms).toISOString();
}

/**
 * A time in office hours (weekday, 09:30-16:00 UTC) within [minMs, maxMs], on the weekday nearest
 * to `ms`; `ms` itself (whole seconds) when there is none.
 */
export function officeHours(ms: number, rng: Random, minMs: number, maxMs: number): number {
  const day = Math.floor(ms / DAY);
  let best: [number, number] | null = null;
  let bestDist = Number.POSITIVE_INFINITY;
  for (let k = -7; k <= 7; k++) {
    const d = (day + k) * DAY;
    const { dow } = calendar(d);
    if (dow === 0 || dow === 6) continue;
    const from = Math.max(minMs, d + 9.5 * HOUR);
    const to = Math.min(maxMs, d + 16 * HOUR);
    if (from >= to) continue;
    const dist = ms < from ? from - ms : ms > to ? ms - to : 0;
    if (dist < bestDist) {
      bestDist = dist;
      best = [from, to];
    }
  }
  if (!best) return Math.floor(ms / 1000) * 1000;
  return Math.floor(rng.uniform(best[0], best[1]) / 1000) * 1000;
}

/** Envelope: linear ramp up over `up` minutes, hold, linear ramp down over `down` minutes after `hold`. */
export function envelope(up: number, hold: number, down: number): Float64Array {
  const len = Math.max(1, hold + down);
  const env = new Float64Array(len);
  for (let k = 0; k < len; k++) {
    const rise = Math.min(1, (k + 1) / Math.max(1, up));
    const fall = k < hold ? 1 : Math.max(0, 1 - (k - hold + 1) / (down + 1));
    env[k] = Math.min(rise, fall);
  }
  return env;
}

/** The affected service a caller talks to, one hop nearer the root. */
export function calleeToward(
  service: string, hops: number, dist: Map<string, number>, edges: readonly (readonly [string, string])[] = EDGES,
): string {
  const options = edges.filter(([c, d]) => c === service && dist.get(d) === hops - 1).map(([, d]) => d).sort();
  return options[0];
}

/**
 * Build the plan. Deterministic in (seed, startMs, endMs). O(days x services).
 * Incidents sit after the first min(3, days/3) days, in order bad deploy, memory leak, saturation.
 */
export function buildPlan(seed: number, startMs: number, endMs: number): Plan {
  const rng = Random.derive(seed, 'plan');
  const n = Math.round((endMs - startMs) / STEP_MS);
  const days = (endMs - startMs) / DAY;
  const at = (ms: number): number => idxAt(startMs, n, ms);
  const timeOf = (idx: number): number => startMs + idx * STEP_MS;
  const h0 = startMs + Math.min(3, days / 3) * DAY;
  const span = endMs - 0.25 * DAY - h0;

  const bd = rng.pick(BAD_DEPLOYS);
  const lk = rng.pick(LEAKS.filter((l) => l.service !== bd.service));
  const effects: Effect[] = [];

  // 1. Bad deploy, rolled back a few hours later.
  const badAt = officeHours(h0 + span * rng.uniform(0.04, 0.2), rng, h0, h0 + 0.3 * span);
  const rollbackAt = badAt + Math.round(rng.uniform(150, 240) * 60) * 1000;
  const badStart = at(badAt);
  const badHold = at(rollbackAt) - badStart;
  const badEndMs = timeOf(badStart + badHold + 5);
  const delta0 = rng.uniform(0.08, 0.14);
  effects.push({
    incidentId: null, tag: 'bad-root', service: bd.service, hops: 0, startIdx: badStart,
    env: envelope(6, badHold, 4), errRatio: delta0, lat: [1.35, 2.6, 3.6], cpu: 0.12, rate: 1,
  });
  const badUp = upstreamOf(bd.service);
  const badDist = new Map([[bd.service, 0], ...badUp.map((u) => [u.service, u.hops] as [string, number])]);
  for (const { service, hops } of badUp) {
    effects.push({
      incidentId: null, tag: 'bad-caller', service, hops, callee: calleeToward(service, hops, badDist),
      startIdx: badStart + hops, env: envelope(6, Math.max(1, badHold - hops), 4), errRatio: delta0 * 0.5 ** hops,
      lat: [1.05, 1 + 0.3 / hops, 1 + 0.45 / hops], cpu: 0, rate: 1,
    });
  }

  // 2. Memory leak introduced by a deploy, OOM-killed after about a day and a half, then hotfixed.
  const leakAt = officeHours(h0 + span * rng.uniform(0.3, 0.42), rng, badEndMs + 3 * HOUR, h0 + 0.6 * span);
  const leakDur = Math.min(rng.uniform(30, 40) * HOUR, 0.3 * span);
  const oomAt = Math.floor((leakAt + leakDur) / 1000) * 1000;
  const hotfixAt = oomAt + Math.round(rng.uniform(35, 55) * 60) * 1000;
  const leakSpec = serviceSpec(lk.service);
  const fromIdx = at(leakAt);
  const oomIdx = Math.floor((oomAt - startMs) / STEP_MS);
  const fixIdx = at(hotfixAt);
  const leak: LeakPlan = {
    service: lk.service, fromIdx, restartIdx: oomIdx, fixIdx,
    bytesPerMin: (0.97 * leakSpec.memLimit - 1.05 * leakSpec.memBase) / Math.max(1, oomIdx - fromIdx),
  };
  const gcLen = Math.max(2, Math.round(0.3 * (oomIdx - fromIdx)));
  const gcEnv = new Float64Array(gcLen);
  for (let k = 0; k < gcLen; k++) gcEnv[k] = ((k + 1) / gcLen) ** 2;
  effects.push({
    incidentId: null, tag: 'gc', service: lk.service, hops: 0, startIdx: oomIdx - gcLen, env: gcEnv,
    errRatio: 0.012, lat: [1.3, 2.2, 3.4], cpu: 0.22, rate: 1,
  });
  effects.push({
    incidentId: null, tag: 'oom', service: lk.service, hops: 0, startIdx: oomIdx, env: Float64Array.from([1, 1, 0.5]),
    errRatio: 0.45, lat: [1.5, 2, 2.5], cpu: -0.02, rate: 0.55,
  });
  const leakEndMs = timeOf(fixIdx + 1);

  // 3. Postgres saturates at peak time; callers feel it a few minutes later, hop by hop.
  const satGuess = h0 + span * rng.uniform(0.75, 0.9);
  let satAt = Math.floor(satGuess / DAY) * DAY + rng.uniform(13, 17.5) * HOUR;
  satAt = Math.min(Math.max(satAt, leakEndMs + 3 * HOUR), endMs - 4 * HOUR);
  satAt = Math.floor(satAt / 1000) * 1000;
  const satStart = at(satAt);
  const satHold = Math.round(rng.uniform(70, 110));
  const delta1 = rng.uniform(0.07, 0.12);
  effects.push({
    incidentId: null, tag: 'sat-root', service: 'postgres', hops: 0, startIdx: satStart,
    env: envelope(8, satHold, 10), errRatio: 0.02, lat: [6, 18, 28], cpu: 0.85, rate: 0.85,
  });
  const satUp = upstreamOf('postgres');
  const satDist = new Map([['postgres', 0], ...satUp.map((u) => [u.service, u.hops] as [string, number])]);
  const lagByHop = [0];
  for (let h = 1; h <= Math.max(...satUp.map((u) => u.hops)); h++) lagByHop.push(lagByHop[h - 1] + rng.uniform(3, 5));
  for (const { service, hops } of satUp) {
    const lag = Math.round(lagByHop[hops] + rng.uniform(0, 1));
    effects.push({
      incidentId: null, tag: 'sat-caller', service, hops, callee: calleeToward(service, hops, satDist),
      startIdx: satStart + lag, env: envelope(5, satHold + 2 * hops - lag + 8, 10),
      errRatio: delta1 * 0.55 ** (hops - 1), lat: [1 + 1.2 / hops, 1 + 3 / hops, 1 + 4.5 / hops], cpu: 0.05, rate: 1,
    });
  }

  // Incidents, in time order, and which effects belong to which.
  const satEffects = effects.filter((e) => e.tag === 'sat-root' || e.tag === 'sat-caller');
  const satEndIdx = Math.max(...satEffects.map((e) => e.startIdx + e.env.length));
  const drafts = [
    { kind: 'bad-deploy' as const, onsetMs: badAt, endMs: badEndMs, root: bd.service, tags: ['bad-root', 'bad-caller'] },
    { kind: 'memory-leak' as const, onsetMs: leakAt, endMs: leakEndMs, root: lk.service, tags: ['gc', 'oom'] },
    { kind: 'upstream-saturation' as const, onsetMs: satAt, endMs: timeOf(satEndIdx), root: 'postgres', tags: ['sat-root', 'sat-caller'] },
  ].sort((a, b) => a.onsetMs - b.onsetMs);
  drafts.forEach((d, k) => {
    for (const e of effects) if (d.tags.includes(e.tag)) e.incidentId = `INC-${k + 1}`;
  });

  // Deploys: incident deploys first, routine ones around them, then versions in time order.
  const events: Omit<DeployEvent, 'version' | 'description'>[] = [
    { timeMs: badAt, service: bd.service, kind: 'deploy', role: 'bad' },
    { timeMs: rollbackAt, service: bd.service, kind: 'deploy', role: 'rollback' },
    { timeMs: leakAt, service: lk.service, kind: 'deploy', role: 'leak' },
    { timeMs: hotfixAt, service: lk.service, kind: 'deploy', role: 'hotfix' },
  ];
  const incidentServices = drafts.map((d) => ({
    d, services: new Set(effects.filter((e) => d.tags.includes(e.tag)).map((e) => e.service)),
  }));
  const blocked = (service: string, t: number, margin: number): boolean =>
    incidentServices.some(({ d, services }) =>
      (services.has(service) && t > d.onsetMs - margin && t < d.endMs + margin) ||
      Math.abs(t - d.onsetMs) < Math.max(90 * MIN, margin / 2));
  const firstDay = Math.floor(startMs / DAY);
  const lastDay = Math.ceil(endMs / DAY);
  for (const spec of SERVICES) {
    if (spec.deploysPerWeek === 0) continue;
    const drng = Random.derive(seed, `deploys/${spec.name}`);
    for (let d = firstDay; d < lastDay; d++) {
      const { dow } = calendar(d * DAY);
      const hit = drng.chance(spec.deploysPerWeek / 5);
      const t = Math.floor((d * DAY + drng.uniform(9, 17) * HOUR) / 1000) * 1000;
      if (!hit || dow === 0 || dow === 6 || t <= startMs + HOUR || t >= endMs - HOUR) continue;
      if (blocked(spec.name, t, 3 * HOUR)) continue;
      events.push({ timeMs: t, service: spec.name, kind: 'deploy', role: 'routine' });
    }
  }
  const crng = Random.derive(seed, 'config');
  const configs = [...CONFIG_CHANGES];
  const nConfig = Math.min(configs.length, crng.int(3, 5));
  for (let k = 0; k < nConfig; k++) {
    const [service, description] = configs.splice(crng.int(0, configs.length - 1), 1)[0];
    for (let tries = 0; tries < 20; tries++) {
      const day = crng.int(firstDay, lastDay - 1);
      const t = Math.floor((day * DAY + crng.uniform(10, 16) * HOUR) / 1000) * 1000;
      if (t <= startMs + HOUR || t >= endMs - HOUR || blocked('*', t, 6 * HOUR)) continue;
      if (drafts.some((d) => t > d.onsetMs - 6 * HOUR && t < d.endMs + 6 * HOUR)) continue;
      events.push({ timeMs: t, service, kind: 'config', role: 'config', description } as DeployEvent);
      break;
    }
  }
  events.sort((a, b) => a.timeMs - b.timeMs || (a.service < b.service ? -1 : a.service > b.service ? 1 : 0));

  const vrng = Random.derive(seed, 'versions');
  const current = new Map<string, [number, number, number]>();
  const initialVersion = new Map<string, string>();
  for (const spec of SERVICES) {
    const v: [number, number, number] = [vrng.int(1, 4), vrng.int(5, 30), vrng.int(0, 6)];
    current.set(spec.name, v);
    initialVersion.set(spec.name, v.join('.'));
  }
  const deploys: DeployEvent[] = [];
  const restarts = new Map<string, Restart[]>(SERVICES.map((s) => [s.name, []]));
  let badVersion = '';
  let beforeBad = '';
  let leakVersion = '';
  let hotfixVersion = '';
  let rollbackVersion = '';
  for (const ev of events) {
    if (ev.kind === 'config') {
      deploys.push({ ...(ev as DeployEvent), version: `rev-${crng.int(1000, 9999)}` });
      continue;
    }
    const v = current.get(ev.service) as [number, number, number];
    let version = '';
    let description = '';
    switch (ev.role) {
      case 'routine': {
        if (vrng.chance(0.7)) v[2]++;
        else [v[1], v[2]] = [v[1] + 1, 0];
        version = v.join('.');
        description = `Release ${version}: ${vrng.pick(ROUTINE_CHANGES)}`;
        break;
      }
      case 'bad':
        beforeBad = v.join('.');
        [v[1], v[2]] = [v[1] + 1, 0];
        version = badVersion = v.join('.');
        description = `Release ${version}: ${bd.change}`;
        break;
      case 'rollback':
        version = rollbackVersion = beforeBad;
        description = `Rollback to ${beforeBad} (error rate regression in ${badVersion})`;
        break;
      case 'leak':
        [v[1], v[2]] = [v[1] + 1, 0];
        version = leakVersion = v.join('.');
        description = `Release ${version}: ${lk.change}`;
        break;
      case 'hotfix':
        v[2]++;
        version = hotfixVersion = v.join('.');
        description = `Hotfix ${version}: ${lk.fix}`;
        break;
      default:
        break;
    }
    deploys.push({ ...ev, version, description });
    (restarts.get(ev.service) as Restart[]).push({ timeMs: ev.timeMs, idx: at(ev.timeMs), version, reason: 'deploy' });
  }
  const leakRestarts = restarts.get(lk.service) as Restart[];
  leakRestarts.push({ timeMs: oomAt, idx: oomIdx + 1, version: leakVersion, reason: 'oom' });
  leakRestarts.sort((a, b) => a.timeMs - b.timeMs);

  effects.push(...warmupEffects(restarts, (service) => serviceSpec(service).runtime === 'jvm'));

  const incidents: GroundTruthIncident[] = drafts.map((d, k) => {
    const id = `INC-${k + 1}`;
    const mine = effects.filter((e) => e.incidentId === id);
    const onsets = new Map<string, number>();
    for (const e of mine) {
      const t = timeOf(e.startIdx);
      if (!onsets.has(e.service) || t < (onsets.get(e.service) as number)) onsets.set(e.service, t);
    }
    const ordered = [...onsets.entries()].sort((a, b) =>
      (a[0] === d.root ? -1 : b[0] === d.root ? 1 : a[1] - b[1] || (a[0] < b[0] ? -1 : 1)));
    const inc: GroundTruthIncident = {
      id, kind: d.kind, onsetMs: d.onsetMs, endMs: d.endMs, onset: iso(d.onsetMs), end: iso(d.endMs),
      rootService: d.root, cause: '', affectedServices: ordered.map(([s]) => s),
      affectedSeries: affectedSeries(mine, d.kind === 'memory-leak' ? d.root : null, ordered.map(([s]) => s)),
      serviceOnsetMs: Object.fromEntries(ordered),
    };
    if (d.kind === 'bad-deploy') {
      inc.cause = `${bd.service} ${badVersion} shipped to ${bd.change}; ${bd.effect} until the rollback to ${rollbackVersion}.`;
      inc.deploy = { version: badVersion, timeMs: badAt };
      inc.resolvedBy = { version: rollbackVersion, timeMs: rollbackAt };
      inc.newLogPattern = patternOf(bd.newError.text);
    } else if (d.kind === 'memory-leak') {
      const hours = ((oomAt - leakAt) / HOUR).toFixed(0);
      inc.cause = `${lk.service} ${leakVersion} added ${lk.what}; resident memory grew for ${hours} h until the ` +
        `container was OOM-killed and restarted, and kept growing until hotfix ${hotfixVersion}.`;
      inc.deploy = { version: leakVersion, timeMs: leakAt };
      inc.resolvedBy = { version: hotfixVersion, timeMs: hotfixAt };
      inc.restartMs = oomAt;
    } else {
      const direct = satUp.filter((u) => u.hops === 1).map((u) => u.service).join(', ');
      inc.cause = 'An unindexed hourly revenue report query saturated postgres CPU; query latency rose and its ' +
        `callers (${direct}) timed out a few minutes later, then their callers, in topology order.`;
    }
    return inc;
  });

  return {
    seed, startMs, endMs, n, incidents, effects, deploys, initialVersion, restarts, leaks: [leak],
    badDeploy: bd, leakScenario: lk,
  };
}

/** JVM warm-up after every restart of a service `isJvm` names: a few minutes of slower tail latency, no incident. */
export function warmupEffects(restarts: Map<string, Restart[]>, isJvm: (service: string) => boolean): Effect[] {
  const out: Effect[] = [];
  for (const [service, list] of restarts) {
    if (!isJvm(service)) continue;
    for (const r of list) {
      out.push({
        incidentId: null, tag: 'warmup', service, hops: 0, startIdx: r.idx, env: Float64Array.from([1, 0.8, 0.55, 0.3, 0.1]),
        errRatio: 0, lat: [1.05, 1.15, 1.35], cpu: 0.08, rate: 1,
      });
    }
  }
  return out;
}

/** Drain-style pattern of a template text: every `{param}` becomes `<*>`. */
export function patternOf(text: string): string {
  return text.replace(/\{[a-z_0-9]+\}/g, '<*>');
}

/** Series an incident's effects move materially, root first. */
function affectedSeries(effects: Effect[], leakRoot: string | null, order: string[]): AffectedSeries[] {
  const out: AffectedSeries[] = [];
  const add = (name: string, service: string): void => {
    if (!out.some((s) => s.name === name && s.service === service)) out.push({ name, service });
  };
  for (const service of order) {
    if (service === leakRoot) add('process_resident_memory_bytes', service);
    for (const e of effects.filter((x) => x.service === service)) {
      if (e.errRatio >= 0.01) add('http_errors_per_second', service);
      if (Math.abs(e.rate - 1) >= 0.1) add('http_requests_per_second', service);
      if (e.lat[0] >= 1.3) add('http_request_duration_seconds_p50', service);
      if (e.lat[1] >= 1.3) add('http_request_duration_seconds_p95', service);
      if (e.lat[2] >= 1.3) add('http_request_duration_seconds_p99', service);
      if (e.cpu >= 0.1) add('process_cpu_usage', service);
    }
  }
  return out;
}
