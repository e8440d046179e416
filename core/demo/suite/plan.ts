/**
 * The script of one scenario dump: when each planted incident starts (and which start during another),
 * the faults' effects, the changes that caused and ended them, and the distractors — a routine deploy
 * on another service minutes before each onset, a harmless latency blip hours earlier, a daily batch
 * job, routine releases, and noise alerts (an always-firing Watchdog, a certificate warning, a flapping
 * alert, a target down during a scrape gap). Everything the dump's files and its ground truth say is
 * rendered from this one plan.
 */

import type { Episode } from '../alerts';
import { envelope, idxAt, STEP_MS, warmupEffects, type DeployEvent, type Effect, type Plan, type PlannedIncident, type Restart } from '../plan';
import { Random } from '../random';
import { calendar } from '../seasonality';
import { ROUTINE_CHANGES } from '../scenarios';
import { buildFault, type Fault, type FaultChange } from './faults';
import { systemService, type SuiteSystem } from './systems';
import type { IncidentDef, ScenarioDef } from './types';

const MIN = 60_000;
const HOUR = 3_600_000;
const DAY = 86_400_000;

/** A planted incident while the plan is built: its definition, fault, onset and id. */
export interface PlannedFault extends PlannedIncident {
  def: IncidentDef;
  fault: Fault;
  /** Id of the incident it started during, or null. */
  during: string | null;
  distractor: DeployEvent;
  blip: { service: string; atMs: number };
  /** Onset of each affected service, root first then by time. */
  serviceOnsetMs: [string, number][];
}

export interface ScenarioPlan {
  plan: Plan<PlannedFault>;
  /** Noise alerts and why each is noise, by alert name. */
  noise: Episode[];
  noiseReason: Map<string, string>;
  /** Minutes missing from a service's metrics (the scrape gap behind the TargetDown alert). */
  scrapeGap: { service: string; fromIdx: number; toIdx: number };
  batch: { service: string; hour: number; minutes: number };
}

const BATCH_MINUTES = 25;
const BATCH_LINES = [
  { level: 'info' as const, text: 'batch job nightly-rollup processed {count} rows in {ms} ms' },
  { level: 'info' as const, text: 'batch job nightly-rollup checkpoint at offset {offset}' },
];

/** When each incident starts, UTC ms, second-aligned: spread over the span, or 10-40 min into the one it starts during. */
function onsets(def: ScenarioDef, startMs: number, endMs: number, rng: Random): number[] {
  const h0 = startMs + 1.5 * DAY;
  const last = endMs - 0.4 * DAY;
  const out: number[] = [];
  def.incidents.forEach((d, k) => {
    let t: number;
    if (d.during !== undefined) {
      if (d.during >= k) throw new Error(`scenario ${def.name}: incident ${k} starts during a later one (${d.during})`);
      t = out[d.during] + rng.uniform(10, 40) * MIN;
    } else {
      t = h0 + (last - h0) * (d.at ?? (k + 0.5) / def.incidents.length) + rng.uniform(-1, 1) * HOUR;
      if (changeAtOnset(d)) t = workingHours(t, rng);
      const latest = d.kind === 'memory-leak' ? endMs - 15 * HOUR : last;
      if (t > latest) t = latest - rng.uniform(0.5, 3) * HOUR;
      if (t < h0) t = h0 + rng.uniform(0, 2) * HOUR;
    }
    out.push(Math.floor(t / 1000) * 1000);
  });
  return out;
}

/** Whether the incident starts with a change (people ship those in working hours). */
function changeAtOnset(d: IncidentDef): boolean {
  return d.kind === 'bad-deploy' || d.kind === 'config-change' || d.kind === 'memory-leak' || d.change === true;
}

/** `t` when it falls in 09:00-18:00 UTC, else a seeded time in the nearer end of that window of the same day. */
function workingHours(t: number, rng: Random): number {
  const day = Math.floor(t / DAY) * DAY;
  const hour = (t - day) / HOUR;
  if (hour < 9) return day + (9 + rng.uniform(0, 2.5)) * HOUR;
  if (hour >= 18) return day + (18 - rng.uniform(0.5, 3)) * HOUR;
  return t;
}

/** Services other than `not`, that ship releases, in a stable order. */
function otherDeployers(system: SuiteSystem, not: ReadonlySet<string>): string[] {
  return system.services.filter((s) => s.deploysPerWeek > 0 && !not.has(s.name)).map((s) => s.name);
}

/**
 * Build the scenario's plan. Deterministic in (def, startMs, endMs). O(days x services + incidents).
 * Throws on a definition that names a service the system lacks.
 */
export function buildScenarioPlan(def: ScenarioDef, system: SuiteSystem, startMs: number, endMs: number): ScenarioPlan {
  const rng = Random.derive(def.seed, `suite/${def.name}/plan`);
  const n = Math.round((endMs - startMs) / STEP_MS);
  const at = (ms: number): number => idxAt(startMs, n, ms);
  const timeOf = (idx: number): number => startMs + idx * STEP_MS;
  const times = onsets(def, startMs, endMs, rng);
  const order = times.map((t, k) => [t, k] as const).sort((a, b) => a[0] - b[0] || a[1] - b[1]).map(([, k]) => k);
  const idOf = new Map(order.map((k, rank) => [k, `INC-${rank + 1}`]));

  const effects: Effect[] = [];
  const leaks: NonNullable<Fault['leak']>[] = [];
  const events: (Omit<DeployEvent, 'version' | 'description'> & { text: string })[] = [];
  const planned: PlannedFault[] = [];
  for (const k of order) {
    const d = def.incidents[k];
    systemService(system, d.root);
    const id = idOf.get(k) as string;
    const onsetMs = times[k];
    const fault = buildFault({ system, def: d, id, startIdx: at(onsetMs), rng: Random.derive(def.seed, `suite/${def.name}/fault/${k}`) });
    effects.push(...fault.effects);
    if (fault.leak) leaks.push(fault.leak);
    const endIdx = fault.leak ? fault.leak.fixIdx + 1 : Math.max(...fault.effects.map((e) => e.startIdx + e.env.length));
    for (const c of fault.changes) events.push(changeEvent(c, onsetMs, id));

    const frng = Random.derive(def.seed, `suite/${def.name}/distractors/${k}`);
    const busy = new Set([d.root, ...fault.changes.map((c) => c.service)]);
    const distractorService = frng.pick(otherDeployers(system, busy));
    const distractorAt = Math.floor((onsetMs - frng.uniform(3, 15) * MIN) / 1000) * 1000;
    events.push({ timeMs: distractorAt, service: distractorService, kind: 'deploy', role: 'distractor', text: frng.pick(ROUTINE_CHANGES), incident: id });
    const blipService = frng.pick(system.services.filter((s) => s.name !== d.root).map((s) => s.name));
    const blipAt = Math.max(startMs + 6 * HOUR, onsetMs - frng.uniform(3, 10) * HOUR);
    effects.push({
      incidentId: null, tag: 'blip', service: blipService, hops: 0, startIdx: at(blipAt), env: envelope(1, 6, 2),
      errRatio: 0, lat: [1.6, 2.6, 3], cpu: 0.03, rate: 1,
    });

    const serviceOnsets = new Map<string, number>();
    for (const e of fault.effects) {
      const t = timeOf(e.startIdx);
      if (!serviceOnsets.has(e.service) || t < (serviceOnsets.get(e.service) as number)) serviceOnsets.set(e.service, t);
    }
    const root = d.kind === 'traffic-surge' ? (d.path ?? [d.root])[0] : d.root;
    // A leak starts with its release: memory climbs from then on, long before the GC pressure shows.
    serviceOnsets.set(root, Math.min(serviceOnsets.get(root) ?? Number.POSITIVE_INFINITY, timeOf(at(onsetMs))));
    planned.push({
      id, kind: d.kind, onsetMs, endMs: timeOf(endIdx), def: d, fault,
      during: d.during === undefined ? null : (idOf.get(d.during) as string),
      distractor: { timeMs: distractorAt, service: distractorService, kind: 'deploy', version: '', description: '', role: 'distractor' },
      blip: { service: blipService, atMs: timeOf(at(blipAt)) },
      serviceOnsetMs: [...serviceOnsets.entries()].sort((a, b) =>
        (a[0] === root ? -1 : b[0] === root ? 1 : a[1] - b[1] || (a[0] < b[0] ? -1 : 1))),
    });
  }

  // The daily batch job.
  const batchSpec = systemService(system, def.batch.service);
  for (let day = Math.floor(startMs / DAY); day * DAY < endMs; day++) {
    const idx = at(day * DAY + def.batch.hour * HOUR);
    if (idx >= n) continue;
    effects.push({
      incidentId: null, tag: 'batch', service: batchSpec.name, hops: 0, startIdx: idx, env: envelope(2, BATCH_MINUTES, 2),
      errRatio: 0, lat: [1.1, 1.25, 1.4], cpu: 0.3, rate: 1, burst: { defs: BATCH_LINES, perMin: 30 },
    });
  }

  // Routine releases, kept two hours away from every onset and out of incidents on the services they touch.
  const blocked = (service: string, t: number): boolean =>
    planned.some((p) => Math.abs(t - p.onsetMs) < 2 * HOUR ||
      (p.serviceOnsetMs.some(([s]) => s === service) && t > p.onsetMs - 2 * HOUR && t < p.endMs + HOUR));
  for (const spec of system.services) {
    if (spec.deploysPerWeek === 0) continue;
    const drng = Random.derive(def.seed, `suite/${def.name}/deploys/${spec.name}`);
    for (let day = Math.floor(startMs / DAY); day * DAY < endMs; day++) {
      const hit = drng.chance(spec.deploysPerWeek / 5);
      const t = Math.floor((day * DAY + drng.uniform(9, 17) * HOUR) / 1000) * 1000;
      const { dow } = calendar(day * DAY);
      if (!hit || dow === 0 || dow === 6 || t <= startMs + HOUR || t >= endMs - HOUR || blocked(spec.name, t)) continue;
      events.push({ timeMs: t, service: spec.name, kind: 'deploy', role: 'routine', text: drng.pick(ROUTINE_CHANGES) });
    }
  }
  events.sort((a, b) => a.timeMs - b.timeMs || (a.service < b.service ? -1 : a.service > b.service ? 1 : 0));

  const { deploys, initialVersion, restarts } = versioned(def, system, events, at);
  for (const p of planned) {
    const row = deploys.find((x) => x.role === 'distractor' && x.incident === p.id);
    if (row) p.distractor = row;
  }
  for (const leak of leaks) {
    const list = restarts.get(leak.service) as Restart[];
    list.push({ timeMs: timeOf(leak.restartIdx) + 17_000, idx: leak.restartIdx + 1, version: currentVersion(deploys, initialVersion, leak.service, timeOf(leak.restartIdx)), reason: 'oom' });
    list.sort((a, b) => a.timeMs - b.timeMs);
  }
  effects.push(...warmupEffects(restarts, (service) => systemService(system, service).runtime === 'jvm'));

  const { noise, noiseReason, scrapeGap } = noiseAlerts(def, system, startMs, endMs, planned);
  const plan: Plan<PlannedFault> = {
    seed: def.seed, startMs, endMs, n, incidents: planned, effects, deploys, initialVersion, restarts, leaks,
  };
  return { plan, noise, noiseReason, scrapeGap, batch: { ...def.batch, minutes: BATCH_MINUTES } };
}

/** A fault's change as an event at its time (onset + offset; mitigations a few seconds off the minute). */
function changeEvent(c: FaultChange, onsetMs: number, incident: string): Omit<DeployEvent, 'version' | 'description'> & { text: string } {
  const timeMs = onsetMs + c.offsetMin * MIN + (c.role === 'mitigation' ? 23_000 : 0);
  return {
    timeMs, service: c.service, kind: c.kind, role: c.role, text: c.description, incident,
    ...(c.key !== undefined ? { key: c.key, oldValue: c.oldValue, newValue: c.newValue } : {}),
  };
}

/** The version `service` runs at `t`. */
function currentVersion(deploys: DeployEvent[], initial: Map<string, string>, service: string, t: number): string {
  let v = initial.get(service) as string;
  for (const d of deploys) if (d.service === service && d.timeMs <= t && d.kind !== 'config') v = d.version;
  return v;
}

/** Versions and descriptions for every change in time order, the initial versions, and each service's restarts. */
function versioned(
  def: ScenarioDef, system: SuiteSystem,
  events: (Omit<DeployEvent, 'version' | 'description'> & { text: string })[], at: (ms: number) => number,
): { deploys: DeployEvent[]; initialVersion: Map<string, string>; restarts: Map<string, Restart[]> } {
  const vrng = Random.derive(def.seed, `suite/${def.name}/versions`);
  const current = new Map<string, [number, number, number]>();
  const previous = new Map<string, string>();
  const initialVersion = new Map<string, string>();
  for (const spec of system.services) {
    const v: [number, number, number] = [vrng.int(1, 4), vrng.int(5, 30), vrng.int(0, 6)];
    current.set(spec.name, v);
    initialVersion.set(spec.name, v.join('.'));
  }
  const restarts = new Map<string, Restart[]>(system.services.map((s) => [s.name, []]));
  const deploys: DeployEvent[] = [];
  for (const { text, ...ev } of events) {
    if (ev.kind === 'config') {
      deploys.push({ ...ev, version: `rev-${vrng.int(1000, 9999)}`, description: text });
      continue;
    }
    const v = current.get(ev.service) as [number, number, number];
    const before = v.join('.');
    let description: string;
    if (ev.kind === 'rollback') {
      const back = previous.get(ev.service) ?? before;
      const parts = back.split('.').map(Number) as [number, number, number];
      description = `Rollback to ${back} (${text.replace(/^Rollback \(|\)$/g, '')} in ${before})`;
      current.set(ev.service, parts);
    } else if (ev.role === 'mitigation') {
      v[2]++;
      description = `Hotfix ${v.join('.')}: ${text}`;
    } else {
      if (ev.role === 'cause' || !vrng.chance(0.7)) [v[1], v[2]] = [v[1] + 1, 0];
      else v[2]++;
      description = `Release ${v.join('.')}: ${text}`;
    }
    previous.set(ev.service, before);
    const version = (current.get(ev.service) as [number, number, number]).join('.');
    deploys.push({ ...ev, version, description });
    (restarts.get(ev.service) as Restart[]).push({ timeMs: ev.timeMs, idx: at(ev.timeMs), version, reason: 'deploy' });
  }
  return { deploys, initialVersion, restarts };
}

/** The noise alerts: Watchdog, a certificate warning, a flapping alert, and a target down during a scrape gap. */
function noiseAlerts(
  def: ScenarioDef, system: SuiteSystem, startMs: number, endMs: number, planned: PlannedFault[],
): { noise: Episode[]; noiseReason: Map<string, string>; scrapeGap: ScenarioPlan['scrapeGap'] } {
  const rng = Random.derive(def.seed, `suite/${def.name}/noise`);
  const apps = system.services.filter((s) => s.name !== system.entry).map((s) => s.name);
  const quiet = (t: number, pad: number): boolean => planned.every((p) => t < p.onsetMs - pad || t > p.endMs + pad);
  const pickTime = (pad: number): number => {
    let t = startMs + 2 * HOUR;
    for (let tries = 0; tries < 50; tries++) {
      t = Math.floor(rng.uniform(startMs + 2 * HOUR, endMs - 6 * HOUR) / MIN) * MIN;
      if (quiet(t, pad)) break;
    }
    return t;
  };
  const episode = (alertname: string, service: string, severity: string, startsAt: number, endsAt: number | undefined, summary: string): Episode => ({
    labels: { alertname, service, severity }, annotations: { summary, description: summary }, startsAt, endsAt,
    expr: `${alertname}{service="${service}"}`,
  });
  const noise: Episode[] = [
    episode('Watchdog', 'monitoring', 'none', startMs + 15_000, undefined, 'An alert that should always be firing, to certify that Alertmanager is working.'),
  ];
  const certAt = pickTime(0) + 15_000;
  noise.push(episode('CertificateExpiringSoon', system.entry, 'info', certAt, certAt + Math.round(rng.uniform(10, 16) * 60) * MIN,
    `${system.entry}: TLS certificate expires in 13 days`));
  const flapService = rng.pick(apps);
  let t = pickTime(0) + 15_000;
  for (let k = 0; k < 6; k++) {
    const len = Math.round(rng.uniform(2, 4)) * MIN;
    noise.push(episode('NodeNetworkInterfaceFlapping', flapService, 'warning', t, t + len, `${flapService}: network interface eth0 changing its up status often`));
    t += len + Math.round(rng.uniform(8, 20)) * MIN;
  }
  const gapService = rng.pick(apps);
  const gapAt = pickTime(3 * HOUR);
  const gapLen = Math.round(rng.uniform(4, 7));
  const fromIdx = Math.round((gapAt - startMs) / MIN);
  noise.push(episode('TargetDown', gapService, 'warning', gapAt + 75_000, gapAt + gapLen * MIN + 30_000, `${gapService}: scrape target down`));
  const noiseReason = new Map([
    ['Watchdog', 'always-firing'], ['CertificateExpiringSoon', 'certificate'], ['NodeNetworkInterfaceFlapping', 'flapping'], ['TargetDown', 'scrape-gap'],
  ]);
  return { noise, noiseReason, scrapeGap: { service: gapService, fromIdx, toIdx: fromIdx + gapLen } };
}
