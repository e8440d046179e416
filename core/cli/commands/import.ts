/** `hindsight import` and `hindsight summary`. */
import type { Command } from 'commander';
import type { ImportResult, WorkspaceSummary } from '../../api/contract';
import { JobPool } from '../../jobs/pool';
import { makeNodeWorker } from '../../jobs/node-worker';
import { isValidZone } from '../../ingest/time';
import { Service } from '../../service/service';
import { dataDir } from '../paths';
import { progressPrinter } from '../progress';

export function registerImportCommands(p: Command): void {
  p.command('import')
    .description('Import files, folders or archives (any supported export format, detected by content) into a workspace.')
    .argument('<workspace>', 'workspace file (*.hindsight); created if missing')
    .argument('<paths...>', 'files, folders, .zip/.tar/.tar.gz/.gz archives')
    .option('--zone <zone>', 'IANA time zone for times without an offset', 'UTC')
    .option('--skip-bad-lines', 'import malformed files anyway, skipping and counting their bad lines')
    .option('--keep-implausible-times', 'keep rows dated outside 2000 .. now + 1 year, or far from the rest of the data (left out by default)')
    .option('--service <name>', 'the service of whatever names no service itself (no field, label or pod name says whose it is)')
    .option('--json', 'print the result as JSON')
    .action(async (workspace: string, paths: string[], o: { zone: string; skipBadLines?: boolean; keepImplausibleTimes?: boolean; service?: string; json?: boolean }) => {
      if (!isValidZone(o.zone)) throw new Error(`--zone: unknown time zone "${o.zone}" (expected an IANA name like Europe/Berlin)`);
      const service = new Service({ makeWorker: makeNodeWorker, dataDir: dataDir(), shell: 'browser', poolSize: 1 });
      try {
        const ws = service.openWorkspace(workspace, true);
        const pool = new JobPool(makeNodeWorker, 1);
        const printer = progressPrinter(process.stderr);
        const controller = new AbortController();
        process.once('SIGINT', () => controller.abort());
        try {
          const result = await pool.run(
            'import',
            { workspace: ws.path, paths, zone: o.zone, skipBadLines: o.skipBadLines, keepImplausibleTimes: o.keepImplausibleTimes, service: o.service?.trim() || undefined },
            { signal: controller.signal, onProgress: printer.update },
          );
          printer.done();
          if (o.json) console.log(JSON.stringify(result, null, 2));
          else printImport(result);
          if (result.totals.failed > 0) process.exitCode = 1;
        } finally {
          await pool.close();
        }
      } finally {
        await service.close();
      }
    });

  p.command('summary')
    .description('Counts per kind, per source and per service, and the time range of a workspace.')
    .argument('<workspace>', 'workspace file (*.hindsight)')
    .option('--json', 'print as JSON')
    .action(async (workspace: string, o: { json?: boolean }) => {
      const service = new Service({ makeWorker: makeNodeWorker, dataDir: dataDir(), shell: 'browser', poolSize: 1 });
      try {
        service.openWorkspace(workspace);
        const s = (await service.invoke('workspace/summary', {})) as WorkspaceSummary;
        if (o.json) console.log(JSON.stringify(summaryJson(s), null, 2));
        else printSummary(s);
      } finally {
        await service.close();
      }
    });
}

const iso = (t: number | null): string => (t === null ? '-' : new Date(t).toISOString());

/** Counts of one service, or of what no service was found for. */
interface ServiceCounts {
  series: number;
  logs: number;
  events: number;
}

/**
 * `summary --json`: the workspace summary with `services` as `{name: {series, logs, events, samples}}`, what no
 * service was found for as `unattributed`, `events_by_kind` (production views': non-production environments'
 * events are in `nonprod_events_by_kind`), and `span` (metrics and logs; epoch ms and ISO).
 * The per-service list the app reads is kept as `per_service`.
 */
export function summaryJson(s: WorkspaceSummary): Record<string, unknown> {
  const services: Record<string, ServiceCounts & { samples: number }> = {};
  let unattributed: ServiceCounts = { series: 0, logs: 0, events: 0 };
  for (const sv of s.services) {
    if (sv.service === null) unattributed = { series: sv.series, logs: sv.logs, events: sv.events };
    else services[sv.service] = { series: sv.series, logs: sv.logs, events: sv.events, samples: sv.samples };
  }
  const { services: perService, eventsByKind, nonprodEventsByKind, ...rest } = s;
  const span = { first: s.timeRange.first, last: s.timeRange.last, first_iso: isoOrNull(s.timeRange.first), last_iso: isoOrNull(s.timeRange.last) };
  return {
    ...rest,
    services,
    unattributed,
    events_by_kind: eventsByKind,
    nonprod_events_by_kind: nonprodEventsByKind,
    span,
    per_service: perService,
  };
}

const isoOrNull = (t: number | null): string | null => (t === null ? null : new Date(t).toISOString());

function printImport(r: ImportResult): void {
  for (const f of r.files) {
    const what = [
      f.series && `${f.series} series`,
      f.samples && `${f.samples} samples`,
      f.logs && `${f.logs} log events`,
      f.events && `${f.events} events`,
      f.edges && `${f.edges} edges`,
      f.rejected && `${f.rejected} bad lines skipped`,
    ]
      .filter(Boolean)
      .join(', ');
    console.log(`${f.status.padEnd(9)} ${f.path}${f.format ? ` [${f.format}]` : ''}${what ? `: ${what}` : ''}${f.reason ? ` — ${f.reason}` : ''}`);
  }
  const t = r.totals;
  console.log(
    `\n${t.series} series, ${t.samples} samples, ${t.logs} log events, ${t.events} events, ${t.edges} edges; ` +
      `${t.skipped} skipped, ${t.failed} failed; times without an offset read as ${r.zone}; ${r.seconds.toFixed(1)} s`,
  );
}

function printSummary(s: WorkspaceSummary): void {
  const c = s.counts;
  console.log(`${s.path}`);
  console.log(`time range: ${iso(s.timeRange.first)} .. ${iso(s.timeRange.last)}`);
  console.log(`${c.sources} sources, ${c.series} series, ${c.samples} samples, ${c.logs} log events, ${c.events} events, ${c.edges} edges\n`);
  console.log('per source:');
  for (const src of s.sources) {
    console.log(`  ${src.path} [${src.format}, zone ${src.zone}]: ${src.accepted} rows${src.rejected ? `, ${src.rejected} rejected` : ''}`);
  }
  console.log('per service:');
  for (const sv of s.services) {
    console.log(`  ${(sv.service ?? '(none)').padEnd(20)} ${sv.series} series, ${sv.samples} samples, ${sv.logs} log events, ${sv.events} events`);
  }
  const kinds = (m: Record<string, number>): string => Object.entries(m).map(([k, n]) => `${k} ${n}`).join(', ');
  if (Object.keys(s.eventsByKind).length) console.log(`events by kind: ${kinds(s.eventsByKind)}`);
  if (Object.keys(s.nonprodEventsByKind).length) console.log(`non-production events by kind: ${kinds(s.nonprodEventsByKind)}`);
}
