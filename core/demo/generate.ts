/**
 * The deterministic demo dump: a folder of monitoring exports in real formats (Prometheus
 * query_range JSON, plain-text / JSON-lines / postgres / nginx logs, Alertmanager webhook history,
 * deployments CSV, dependency CSV) for a fictional ten-service shop, with three planted incidents
 * described in ground-truth.json. Same seed and options, same bytes.
 *
 * Layout:
 *   metrics/prometheus/<service>.json   7 series per service, 1-minute steps
 *   logs/<service file>                 see core/demo/logs.ts and accesslog.ts for the styles
 *   alerts/alertmanager-webhook.json    array of webhook payloads, in the order sent
 *   deploys/deployments.csv             time,service,kind,version,description
 *   topology/dependencies.csv           caller,callee
 *   ground-truth.json                   { seed, start, end, ..., incidents: GroundTruthIncident[] }
 */

import { resolve } from 'node:path';
import { writeAccessLog } from './accesslog';
import { alertEpisodes, webhookPayloads, type Episode } from './alerts';
import { writeAppLog, type LogCounts } from './logs';
import { METRIC_NAMES, synthesizeMetrics, writePrometheusFile, type ServiceSeries } from './metrics';
import { buildPlan, type Plan, type PlannedIncident } from './plan';
import { EDGES, SERVICES, type ServiceSpec } from './services';
import { FileSink, writeSmallFile, type WrittenFile } from './sink';
import { dependenciesCsv, deploymentsCsv } from './tables';
import type { DemoManifest, DemoOptions } from './types';

export type { DemoManifest, DemoOptions, GroundTruthIncident, AffectedSeries, IncidentKind } from './types';

const DAY = 86_400_000;
/** Defaults: 2026-03-16T00:00:00Z (a Monday), 14 days, 240k log events, seed 1. */
export const DEFAULT_END_MS = Date.UTC(2026, 2, 16);
export const DEFAULT_DAYS = 14;
export const DEFAULT_LOG_LINES = 240_000;
export const DEFAULT_SEED = 1;

function checkOptions(outDir: string, opts: DemoOptions): Required<DemoOptions> {
  if (typeof outDir !== 'string' || outDir.trim() === '') throw new Error('generateDemo: outDir must be a folder path');
  const seed = opts.seed ?? DEFAULT_SEED;
  const days = opts.days ?? DEFAULT_DAYS;
  const endMs = opts.endMs ?? DEFAULT_END_MS;
  const logLines = opts.logLines ?? DEFAULT_LOG_LINES;
  if (!Number.isInteger(seed) || seed < 0 || seed > 0xffffffff) {
    throw new Error(`generateDemo: seed must be an integer in [0, 4294967295], got ${seed}`);
  }
  if (!Number.isInteger(days) || days < 2 || days > 90) {
    throw new Error(`generateDemo: days must be a whole number from 2 to 90 (incidents need history), got ${days}`);
  }
  if (!Number.isInteger(endMs) || endMs % 60_000 !== 0 || endMs - days * DAY < 0) {
    throw new Error(`generateDemo: endMs must be a whole minute in UTC epoch ms after ${days} days from 1970, got ${endMs}`);
  }
  if (!Number.isInteger(logLines) || logLines < 0 || logLines > 20_000_000) {
    throw new Error(`generateDemo: logLines must be an integer from 0 to 20,000,000, got ${logLines}`);
  }
  return { seed, days, endMs, logLines };
}

/** A system the dump describes: its services and `caller -> callee` edges. */
export interface DumpSystem {
  services: readonly ServiceSpec[];
  edges: readonly (readonly [string, string])[];
}

/** What `writeDump` wrote and rendered, for the ground truth. */
export interface WrittenDump {
  files: WrittenFile[];
  logCounts: Record<string, LogCounts>;
  metrics: Map<string, ServiceSeries>;
  episodes: Episode[];
}

/**
 * Render a plan into `dir`: one Prometheus file and one log file per service, the Alertmanager
 * webhook history, the deployments CSV and the dependencies CSV (not the ground truth). `noise`
 * replaces the demo's noise alerts; `scraped(service, i)` false leaves minute i out of that
 * service's metrics file (a scrape gap). Cost: linear in services x minutes plus log lines.
 */
export async function writeDump(
  dir: string, plan: Plan<PlannedIncident>, system: DumpSystem, logLines: number,
  extras: { noise?: Episode[]; scraped?: (service: string, i: number) => boolean } = {},
): Promise<WrittenDump> {
  const metrics = synthesizeMetrics(plan, system.services);
  const files: WrittenFile[] = [];
  for (const spec of system.services) {
    const sink = await FileSink.open(dir, `metrics/prometheus/${spec.name}.json`);
    const scraped = extras.scraped;
    await writePrometheusFile(sink, metrics.get(spec.name) as ServiceSeries, plan.startMs, scraped && ((i) => scraped(spec.name, i)));
    files.push(await sink.close());
  }

  const logCounts: Record<string, LogCounts> = {};
  for (const spec of system.services) {
    const series = metrics.get(spec.name) as ServiceSeries;
    const sink = await FileSink.open(dir, `logs/${spec.logFile}`);
    const budget = logLines * spec.logShare;
    logCounts[spec.name] = spec.style === 'nginx'
      ? await writeAccessLog(sink, plan, series, budget)
      : await writeAppLog(sink, plan, series, budget);
    files.push(await sink.close());
  }

  const episodes = alertEpisodes(plan, metrics, extras.noise);
  const payloads = webhookPayloads(plan, episodes);
  files.push(await writeSmallFile(dir, 'alerts/alertmanager-webhook.json', `${JSON.stringify(payloads, null, 2)}\n`));
  files.push(await writeSmallFile(dir, 'deploys/deployments.csv', deploymentsCsv(plan.deploys)));
  files.push(await writeSmallFile(dir, 'topology/dependencies.csv', dependenciesCsv(system.edges)));
  return { files, logCounts, metrics, episodes };
}

/**
 * Write the demo dump into `outDir` (created if missing; files of the same names are overwritten)
 * and return what was written. Deterministic: a seeded PRNG per part, no clock. Cost is linear in
 * services x minutes plus log lines: the default (14 days, 240k log events, ~80 MB) takes a few
 * seconds. Throws on bad options (message names the option) and on file-system errors.
 */
export async function generateDemo(outDir: string, opts: DemoOptions = {}): Promise<DemoManifest> {
  const { seed, days, endMs, logLines } = checkOptions(outDir, opts);
  const dir = resolve(outDir);
  const startMs = endMs - days * DAY;
  const plan = buildPlan(seed, startMs, endMs);
  const { files, logCounts } = await writeDump(dir, plan, { services: SERVICES, edges: EDGES }, logLines);

  const services = SERVICES.map((s) => s.name);
  const truth = {
    generator: 'hindsight core/demo',
    seed,
    start: new Date(startMs).toISOString(),
    end: new Date(endMs).toISOString(),
    startMs,
    endMs,
    stepSeconds: 60,
    services,
    metrics: METRIC_NAMES,
    logs: Object.fromEntries(SERVICES.map((s) => [s.name, { path: `logs/${s.logFile}`, style: s.style, ...logCounts[s.name] }])),
    incidents: plan.incidents,
  };
  files.push(await writeSmallFile(dir, 'ground-truth.json', `${JSON.stringify(truth, null, 2)}\n`));

  files.sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
  return { dir, seed, files, startMs, endMs, services, incidents: plan.incidents };
}
