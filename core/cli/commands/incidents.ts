/**
 * `hindsight incidents WORKSPACE` and `hindsight rca`: the investigation on the command line (and the path
 * bench/rca.ts measures). `incidents` runs the workspace analysis (cached steps, the `incidents` step last)
 * and prints the stored incidents, best first; `rca WORKSPACE --at TIME` ranks causes for a moment a person
 * names; `rca --metrics FILE... --at TIME` ranks services from wide metric CSVs alone (BARO's scoring).
 */
import { existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import type { Command } from 'commander';
import { parse } from 'csv-parse/sync';
import { rankServicesByMetrics, splitColumnName, type MetricColumn } from '../../analysis/incidents/baro';
import { investigateAt } from '../../analysis/incidents/investigate';
import { knownIncident, similarIncidents, type KnownIncident } from '../../analysis/incidents/similar';
import type { Incident } from '../../analysis/incidents/types';
import { parseTimestamp } from '../../ingest/time';
import { JobPool } from '../../jobs/pool';
import { makeNodeWorker } from '../../jobs/node-worker';
import { investigationInput } from '../../jobs/steps/incidents';
import { loadIncidents, loadNoiseAlerts } from '../../store/incidents';
import { WorkspaceStore } from '../../store/workspace';
import { postmortemKnownIncidents } from '../../service/postmortem-knowledge';
import { dataDir } from '../paths';
import { progressPrinter } from '../progress';
import { iso } from './detect';

/** An incident as the CLI prints it in JSON (snake_case, ISO times, ranked lists best first). */
export function incidentJson(inc: Incident) {
  return {
    id: inc.id,
    start: iso(inc.start),
    end: iso(inc.end),
    onset: iso(inc.onset),
    severity: inc.severity,
    services: inc.services,
    summary: inc.summary,
    kind: inc.kind,
    kind_probability: inc.kindProbability,
    blast_radius: inc.blastRadius,
    root_causes: inc.rootCauses.map((c) => ({ service: c.service, score: c.score, evidence: c.evidence.map((e) => e.text), metrics: c.metrics.slice(0, 3).map((m) => m.metric) })),
    changes: inc.changes.map((c) => ({ service: c.service, time: iso(c.time), id: c.id, title: c.title, kind: c.kind, score: c.score, reasons: c.reasons })),
    mitigations: inc.mitigations.map((c) => ({ service: c.service, time: iso(c.time), id: c.id, title: c.title })),
    alerts: inc.alerts.map((a) => ({ fingerprint: a.fingerprint, name: a.name, service: a.service, startsAt: iso(a.startsAt), count: a.count })),
    log_patterns: inc.logPatterns.map((p) => ({ template: p.template, service: p.service, kind: p.kind })),
    similar: (inc.similar ?? []).map((x) => ({ id: x.id, origin: x.origin, start: iso(x.start), similarity: x.similarity, resolution: x.resolution ?? null })),
  };
}

/** The knowledge base of past incidents: one JSON object a line (KnownIncident), in the app's data folder. */
export function knowledgeFile(): string {
  return join(dataDir(), 'knowledge', 'incidents.jsonl');
}

/** The entries of the knowledge base; lines that are not an entry are skipped. */
export function readKnowledge(file: string): KnownIncident[] {
  if (!existsSync(file)) return [];
  return readFileSync(file, 'utf8')
    .split('\n')
    .flatMap((line) => {
      try {
        const k = JSON.parse(line) as KnownIncident;
        return typeof k.id === 'string' && Array.isArray(k.fingerprint) ? [k] : [];
      } catch {
        return [];
      }
    });
}

/**
 * Adds to each incident the past incidents of other workspaces (and postmortems) like it, and replaces this
 * workspace's entries in the knowledge base with its incidents now (written to a temporary file, then renamed).
 */
function consultKnowledge(incidents: Incident[], workspace: string): void {
  const file = knowledgeFile();
  const origin = resolve(workspace);
  const others = readKnowledge(file).filter((k) => k.origin !== origin);
  // Saved postmortems (of any workspace) join the candidates, with what was done then.
  const pool = [...others, ...postmortemKnownIncidents(dataDir())];
  for (const inc of incidents) {
    const found = [...(inc.similar ?? []), ...similarIncidents(inc, pool)].sort((a, b) => b.similarity - a.similarity).slice(0, 5);
    if (found.length) inc.similar = found;
  }
  mkdirSync(dirname(file), { recursive: true });
  const lines = [...others, ...incidents.map((inc) => knownIncident(inc, origin))].map((k) => JSON.stringify(k));
  writeFileSync(`${file}.tmp`, lines.length ? `${lines.join('\n')}\n` : '', { mode: 0o600 });
  renameSync(`${file}.tmp`, file);
}

/** An incident as readable text: one header line, the summary, the top causes and changes. */
function incidentText(inc: Incident, n: number): string {
  const lines = [
    `${n}. ${inc.id}  ${inc.severity.toUpperCase()}  ${iso(inc.start)} .. ${iso(inc.end)}  ${inc.kind} (${Math.round(inc.kindProbability * 100)} %)`,
    `   ${inc.summary}`,
    `   root causes: ${inc.rootCauses.slice(0, 3).map((c) => `${c.service} ${c.score.toFixed(2)}`).join(', ') || '-'}`,
  ];
  for (const e of inc.rootCauses[0]?.evidence.slice(0, 4) ?? []) lines.push(`     - ${e.text}`);
  lines.push(`   changes: ${inc.changes.slice(0, 3).map((c) => `${iso(c.time)} ${c.service ?? '-'} "${c.title}" ${c.score.toFixed(2)}`).join('; ') || 'none explains it'}`);
  if (inc.mitigations.length) lines.push(`   mitigated by: ${inc.mitigations.map((m) => `${iso(m.time)} ${m.title}`).join('; ')}`);
  for (const x of inc.similar?.slice(0, 2) ?? []) {
    lines.push(`   similar: ${x.id} (${x.origin === 'this workspace' ? 'here' : x.origin}, ${Math.round(x.similarity * 100)} %)${x.resolution ? `, ended by ${x.resolution}` : ''}`);
  }
  if (inc.alerts.length) lines.push(`   alerts: ${inc.alerts.map((a) => `${a.name}@${a.service ?? '-'}${a.count > 1 ? `×${a.count}` : ''}`).join(', ')}`);
  return lines.join('\n');
}

/** Runs the workspace analysis (cached steps run nothing) with progress on stderr. */
async function analyse(workspace: string): Promise<void> {
  const pool = new JobPool(makeNodeWorker, 1);
  const printer = progressPrinter(process.stderr);
  const controller = new AbortController();
  const stop = (): void => controller.abort();
  process.once('SIGINT', stop);
  try {
    await pool.run('analysis', { workspace }, { signal: controller.signal, onProgress: printer.update });
    printer.done();
  } finally {
    process.off('SIGINT', stop);
    await pool.close();
  }
}

/** A time option: ISO 8601 (UTC unless it has an offset) or epoch s/ms. */
function timeOption(raw: string): number {
  const t = parseTimestamp(raw, 'UTC');
  if (!Number.isFinite(t)) throw new Error(`--at: cannot read "${raw}" as a time (expected e.g. 2026-03-13T13:04:00Z)`);
  return t;
}

/** Wide CSVs (a `time` column, one `<service>_<metric>` column each) as metric columns. */
function readWideCsvs(files: readonly string[]): MetricColumn[] {
  const columns: MetricColumn[] = [];
  for (const file of files) {
    const rows = parse(readFileSync(file, 'utf8'), { columns: true, skip_empty_lines: true, trim: true }) as Record<string, string>[];
    if (!rows.length) continue;
    const names = Object.keys(rows[0]);
    const timeCol = names.find((n) => /^(time|timestamp|ts|date)$/i.test(n));
    if (!timeCol) throw new Error(`${file}: no time column (expected a header with "time")`);
    const ts = rows.map((r) => parseTimestamp(r[timeCol], 'UTC'));
    const services = new Set<string>();
    for (const n of names) if (n !== timeCol && n.includes('_')) services.add(n.slice(0, n.indexOf('_')));
    for (const name of names) {
      if (name === timeCol) continue;
      const { service, metric } = splitColumnName(name, services);
      columns.push({ service, metric, ts, values: rows.map((r) => (r[name] === '' ? Number.NaN : Number(r[name]))) });
    }
  }
  return columns;
}

export function registerIncidentsCommands(p: Command): void {
  p.command('incidents')
    .summary('The incidents of a workspace: grouped signals, ranked root causes and changes, a summary each')
    .description(
      'Run the workspace analysis (steps already run are cached) and list its incidents, best first: onset, services, ' +
        'severity, kind, summary, ranked root-cause services with evidence, the changes that explain them, absorbed alerts and log patterns.',
    )
    .argument('<workspace>', 'workspace file (*.hindsight)')
    .option('--json', 'print the incidents as JSON')
    .option('--noise', 'also list the alerts recognised as chronic noise')
    .option('--no-knowledge', `neither match against nor add to the knowledge base of past incidents (${'$'}HINDSIGHT_HOME/knowledge/incidents.jsonl)`)
    .action(async (workspace: string, o: { json?: boolean; noise?: boolean; knowledge: boolean }) => {
      const started = performance.now();
      await analyse(workspace);
      const store = WorkspaceStore.open(workspace);
      try {
        const order: Record<string, number> = { critical: 3, high: 2, medium: 1, low: 0 };
        const incidents = loadIncidents(store)
          .map((r) => JSON.parse(r.detail) as Incident)
          .sort((a, b) => (order[b.severity] ?? 0) - (order[a.severity] ?? 0) || b.onset - a.onset);
        const noise = loadNoiseAlerts(store);
        if (o.knowledge) consultKnowledge(incidents, workspace);
        process.stderr.write(`${workspace}: ${incidents.length} incident(s), ${noise.length} noise alert(s) set aside, ${((performance.now() - started) / 1000).toFixed(1)} s\n`);
        if (o.json) {
          const rows = incidents.map(incidentJson);
          process.stdout.write(`${JSON.stringify(o.noise ? { incidents: rows, noise } : rows, null, 2)}\n`);
          return;
        }
        process.stdout.write(incidents.length ? `${incidents.map((inc, i) => incidentText(inc, i + 1)).join('\n\n')}\n` : 'no incidents found\n');
        if (o.noise && noise.length) {
          process.stdout.write(`\nnoise alerts:\n${noise.map((n) => `  ${n.name}@${n.service ?? '-'} ×${n.count}: ${n.reason}`).join('\n')}\n`);
        }
      } finally {
        store.close();
      }
    });

  p.command('rca')
    .summary('Rank root causes for a moment you name, in a workspace or in wide metric CSVs')
    .description(
      'With WORKSPACE: the incident ranking for the signals around --at (30 min before to 2 h after). With --metrics: ' +
        'services ranked from wide CSVs alone (a time column, one <service>_<metric> column each), each by its most changed metric ' +
        'against its own robust baseline (BARO).',
    )
    .argument('[workspace]', 'workspace file (*.hindsight)')
    .requiredOption('--at <time>', 'the moment to explain (ISO 8601, UTC unless it has an offset; or epoch s/ms)')
    .option('--metrics <files...>', 'wide metric CSVs instead of a workspace')
    .option('--json', 'print as JSON')
    .action(async (workspace: string | undefined, o: { at: string; metrics?: string[]; json?: boolean }) => {
      const at = timeOption(o.at);
      if (o.metrics?.length) {
        if (workspace) throw new Error('give either a WORKSPACE or --metrics FILE..., not both');
        const ranking = rankServicesByMetrics(readWideCsvs(o.metrics), at);
        if (o.json) {
          process.stdout.write(`${JSON.stringify({ at: iso(at), root_causes: ranking.map((r) => ({ service: r.service, score: Number(r.score.toFixed(3)), metrics: r.metrics.slice(0, 3) })) }, null, 2)}\n`);
        } else {
          process.stdout.write(`${ranking.map((r, i) => `${String(i + 1).padStart(3)}. ${r.service.padEnd(24)} ${r.score.toFixed(1).padStart(8)}  ${r.metrics[0]?.metric ?? ''}`).join('\n')}\n`);
        }
        return;
      }
      if (!workspace) throw new Error('nothing to explain: give a WORKSPACE or --metrics FILE... (see hindsight rca --help)');
      await analyse(workspace);
      const store = WorkspaceStore.open(workspace);
      try {
        const inc = investigateAt(investigationInput(store), at);
        if (!inc) {
          process.stdout.write(o.json ? 'null\n' : `nothing abnormal around ${iso(at)}\n`);
          return;
        }
        process.stdout.write(o.json ? `${JSON.stringify(incidentJson(inc), null, 2)}\n` : `${incidentText(inc, 1)}\n`);
      } finally {
        store.close();
      }
    });
}
