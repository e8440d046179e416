/**
 * The scenario suite's dumps: each scenario of the suite table rendered into a folder in the demo's
 * export formats (Prometheus query_range JSON, text / JSON-lines / postgres / nginx logs, Alertmanager
 * webhook history, deployments CSV with config keys, dependencies CSV) plus a `ground-truth.json`
 * saying, for every planted incident, its kind, onset, root service and metrics, the causing change
 * (or none), the mitigation, the affected services in onset order, the top log pattern, and for every
 * alert in the dump the incident it belongs to or `noise`. Same scenario, same bytes.
 */

import { join, resolve } from 'node:path';
import { fingerprint, type Episode } from '../alerts';
import { writeDump } from '../generate';
import { METRIC_NAMES } from '../metrics';
import { writeSmallFile, type WrittenFile } from '../sink';
import { isoSeconds } from '../tables';
import type { DeployEvent } from '../plan';
import { buildScenarioPlan, type PlannedFault, type ScenarioPlan } from './plan';
import { SYSTEMS, type SuiteSystem } from './systems';
import { HELD_OUT_SYSTEMS, SUITE, scenarioDef } from './table';
import type { ScenarioDef, ScenarioTruth, TruthAlert, TruthChange, TruthIncident } from './types';

export type { ScenarioDef, ScenarioTruth, TruthAlert, TruthChange, TruthIncident } from './types';
export { SUITE, HELD_OUT_SYSTEMS, scenarioDef } from './table';

const DAY = 86_400_000;
const MIN = 60_000;
/** Every scenario ends here: Monday 2026-03-16 00:00 UTC, like the demo. */
export const SCENARIO_END_MS = Date.UTC(2026, 2, 16);

export interface ScenarioManifest {
  dir: string;
  scenario: string;
  files: { path: string; bytes: number; sha256: string }[];
  truth: ScenarioTruth;
}

/** The change row of the dump for a deploy event (1-based data row of deployments.csv). */
function truthChange(deploys: readonly DeployEvent[], ev: DeployEvent): TruthChange {
  const row = deploys.indexOf(ev) + 1;
  return {
    row, service: ev.service, timeMs: ev.timeMs, time: isoSeconds(ev.timeMs), kind: ev.kind, version: ev.version, description: ev.description,
    ...(ev.key !== undefined ? { key: ev.key, oldValue: ev.oldValue, newValue: ev.newValue } : {}),
  };
}

/** The incident `episode` belongs to: one whose affected service it names, started after that service's onset and before the incident's end. */
function incidentOfAlert(ep: Episode, incidents: readonly PlannedFault[]): string | null {
  let best: { id: string; since: number } | null = null;
  for (const inc of incidents) {
    const onset = inc.serviceOnsetMs.find(([s]) => s === ep.labels.service)?.[1];
    if (onset === undefined || ep.startsAt < onset - 5 * MIN || ep.startsAt > inc.endMs + 15 * MIN) continue;
    if (!best || onset > best.since) best = { id: inc.id, since: onset };
  }
  return best?.id ?? null;
}

function truthOf(def: ScenarioDef, system: SuiteSystem, sp: ScenarioPlan, episodes: Episode[], logs: ScenarioTruth['logs']): ScenarioTruth {
  const { plan } = sp;
  const incidents: TruthIncident[] = plan.incidents.map((p) => {
    const changeOf = (role: 'cause' | 'mitigation'): TruthChange | null => {
      const ev = plan.deploys.find((d) => d.role === role && d.incident === p.id);
      return ev ? truthChange(plan.deploys, ev) : null;
    };
    return {
      id: p.id, kind: p.def.kind, onsetMs: p.onsetMs, endMs: p.endMs, onset: new Date(p.onsetMs).toISOString(), end: new Date(p.endMs).toISOString(),
      rootService: p.serviceOnsetMs[0][0], rootMetrics: p.fault.rootMetrics,
      change: changeOf('cause'), mitigation: changeOf('mitigation'),
      affectedServices: p.serviceOnsetMs.map(([s]) => s),
      serviceOnsetMs: Object.fromEntries(p.serviceOnsetMs),
      topLogPattern: p.fault.topLogPattern,
      during: p.during,
      distractors: {
        deploy: truthChange(plan.deploys, p.distractor),
        blip: { service: p.blip.service, atMs: p.blip.atMs, metric: 'http_request_duration_seconds_p95' },
      },
      cause: p.fault.cause,
    };
  });
  const alerts: TruthAlert[] = episodes.map((ep) => {
    const reason = sp.noiseReason.get(ep.labels.alertname);
    const inc = reason ? null : incidentOfAlert(ep, plan.incidents);
    const batch = !inc && ep.labels.service === sp.batch.service && isBatchHour(ep.startsAt, sp.batch.hour);
    return {
      fingerprint: fingerprint(ep.labels), name: ep.labels.alertname, service: ep.labels.service,
      startsAt: new Date(ep.startsAt).toISOString(), startsAtMs: ep.startsAt,
      incident: inc ?? 'noise', ...(inc ? {} : { noise: reason ?? (batch ? 'nightly' : 'baseline') }),
    };
  });
  return {
    generator: 'hindsight core/demo/suite',
    scenario: def.name, system: system.name, heldOut: HELD_OUT_SYSTEMS.includes(system.name), seed: def.seed,
    start: new Date(plan.startMs).toISOString(), end: new Date(plan.endMs).toISOString(), startMs: plan.startMs, endMs: plan.endMs,
    stepSeconds: 60,
    services: system.services.map((s) => s.name),
    edges: system.edges.map(([a, b]): [string, string] => [a, b]),
    metrics: Object.fromEntries(system.services.map((s) => [s.name, [...METRIC_NAMES, ...(s.extras ?? []).map((x) => x.name)]])),
    logs, batch: sp.batch, incidents, alerts,
  };
}

function isBatchHour(t: number, hour: number): boolean {
  const h = ((t % DAY) + DAY) % DAY / 3_600_000;
  return h >= hour && h < hour + 1;
}

/**
 * Write one scenario's dump into `outDir` (created if missing) and return what was written. `scenario`
 * is a suite table name or a whole definition. Deterministic; a few seconds per scenario. Throws on an
 * unknown scenario or system, a definition naming a missing service, and file-system errors.
 */
export async function generateScenario(outDir: string, scenario: string | ScenarioDef): Promise<ScenarioManifest> {
  const def = typeof scenario === 'string' ? scenarioDef(scenario) : scenario;
  const system = SYSTEMS[def.system];
  if (!system) throw new Error(`scenario ${def.name}: unknown system '${def.system}'`);
  if (!Number.isInteger(def.days) || def.days < 3 || def.days > 7) throw new Error(`scenario ${def.name}: days must be 3..7, got ${def.days}`);
  if (!Number.isInteger(def.seed) || def.seed < 0 || def.seed > 0xffffffff) {
    throw new Error(`scenario ${def.name}: seed must be an integer in [0, 4294967295], got ${def.seed}`);
  }
  const dir = resolve(outDir);
  const endMs = SCENARIO_END_MS;
  const startMs = endMs - def.days * DAY;
  const sp = buildScenarioPlan(def, system, startMs, endMs);
  const gap = sp.scrapeGap;
  const written = await writeDump(dir, sp.plan, system, def.logLines, {
    noise: sp.noise,
    scraped: (service, i) => service !== gap.service || i < gap.fromIdx || i >= gap.toIdx,
  });
  const logs = Object.fromEntries(system.services.map((s) => [s.name, { path: `logs/${s.logFile}`, style: s.style, ...written.logCounts[s.name] }]));
  const truth = truthOf(def, system, sp, written.episodes, logs);
  const files: WrittenFile[] = [...written.files, await writeSmallFile(dir, 'ground-truth.json', `${JSON.stringify(truth, null, 2)}\n`)];
  files.sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
  return { dir, scenario: def.name, files, truth };
}

/** Write every scenario of the suite (or those named in `only`) into `outDir/<name>/`. */
export async function generateSuite(outDir: string, only: readonly string[] = []): Promise<ScenarioManifest[]> {
  const defs = only.length > 0 ? only.map(scenarioDef) : SUITE;
  const out: ScenarioManifest[] = [];
  for (const def of defs) out.push(await generateScenario(join(outDir, def.name), def));
  return out;
}
