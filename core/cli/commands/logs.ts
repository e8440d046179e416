/**
 * `hindsight logs parse` (every line of a log file with its template, mined by core/analysis/logs/mine-lines)
 * and `hindsight logs templates` (the templates stored in a workspace, via the `logs/templates` handler).
 */
import { StringDecoder } from 'node:string_decoder';
import type { Command } from 'commander';
import type { TemplateInfo } from '../../api/contract';
import { lineTemplates, mineLines } from '../../analysis/logs';
import { checkFile, cliService, csvField, intOption, iso, openSink, openText } from './detect';

/**
 * The lines of a file (gzip allowed), split on '\n' with a trailing '\r' removed, so line k is what an editor
 * shows as line k. A final line without a newline counts; the empty string after a final newline does not.
 */
export async function readLines(file: string): Promise<string[]> {
  checkFile(file);
  const lines: string[] = [];
  const decoder = new StringDecoder('utf8');
  let rest = '';
  const take = (text: string): void => {
    const parts = (rest + text).split('\n');
    rest = parts.pop() as string;
    for (const l of parts) lines.push(l.endsWith('\r') ? l.slice(0, -1) : l);
  };
  for await (const chunk of openText(file) as AsyncIterable<Buffer>) take(decoder.write(chunk));
  take(decoder.end());
  if (rest.length) lines.push(rest.endsWith('\r') ? rest.slice(0, -1) : rest);
  return lines;
}

export function registerLogsCommands(p: Command): void {
  const logs = p
    .command('logs')
    .description('Log templates: mine a log file line by line, or list the templates of a workspace.')
    .exitOverride();

  logs
    .command('parse')
    .summary('Write line,template_id,template for every line of a log file')
    .description(
      'Mine the templates of a log file (header found by itself, ids/numbers/addresses masked, Drain-family tree) and ' +
        'write line,template_id,template for every line (1-based; continuation lines of a multi-line event such as ' +
        'a stack trace carry their event\'s template id). The whole file is held in memory while it is mined ' +
        '(about 8x its size: a 63 MB file took 0.5 GB), so it suits files up to a few hundred MB; split bigger ones.',
    )
    .argument('<file>', 'log file (plain text, one event per line or multi-line events; .gz allowed)')
    .option('--out <file>', 'write the CSV here instead of stdout')
    .addHelpText('after', '\nExample:\n  hindsight logs parse app.log --out app-templates.csv')
    .exitOverride()
    .action(async (file: string, o: { out?: string }) => {
      const lines = await readLines(file);
      const sink = openSink(o.out);
      const started = performance.now();
      const mined = mineLines(lines);
      try {
        await sink.write('line,template_id,template\n');
        // Lines no event covers (none are expected) are written with an empty template. The rest of a row is
        // the same for every line of a template: quoted once.
        const rest = new Map<string, string>();
        let k = 0;
        for (const t of lineTemplates(mined)) {
          k++;
          let tail = t === null ? ',,\n' : rest.get(t.templateId);
          if (tail === undefined && t !== null) {
            tail = `,${csvField(t.templateId)},${csvField(t.template)}\n`;
            rest.set(t.templateId, tail);
          }
          await sink.write(`${k}${tail}`);
        }
      } finally {
        await sink.close();
      }
      const r = mined.report;
      const odd = [
        r.emptyLines && `${r.emptyLines} empty`,
        r.oversizedLines && `${r.oversizedLines} cut to 1 MiB`,
        r.binaryLines && `${r.binaryLines} binary`,
        r.replacementCharLines && `${r.replacementCharLines} with invalid UTF-8`,
      ].filter(Boolean);
      const h = mined.header;
      process.stderr.write(
        `${file}: ${r.lines} lines, ${r.events} events, ${mined.templates.length} templates in ` +
          `${((performance.now() - started) / 1000).toFixed(1)} s${o.out ? ` -> ${o.out}` : ''}\n` +
          `header: ${h.fields ? `${h.roles.join(' ')} (on ${Math.round(h.coverage * 100)}% of sampled lines)` : 'none found (whole line is the message)'}\n` +
          (odd.length ? `lines: ${odd.join(', ')}\n` : ''),
      );
    });

  logs
    .command('templates')
    .summary('List the log templates of a workspace')
    .description('List the log templates of a workspace: id, service, count, first and last seen, pattern (most frequent first).')
    .argument('<workspace>', 'workspace file (*.hindsight)')
    .option('--service <name>', 'only this service\'s templates')
    .option('--sort <order>', 'count (default), new (first seen late), rare, or first (latest first seen first)')
    .option('--limit <n>', 'at most this many templates (default 500)')
    .option('--json', 'print as JSON')
    .addHelpText('after', '\nExample:\n  hindsight logs templates incident.hindsight --service checkout --limit 20')
    .exitOverride()
    .action(async (workspace: string, o: { service?: string; sort?: string; limit?: string; json?: boolean }) => {
      const limit = intOption('--limit', o.limit, 1);
      if (limit !== undefined && limit > 10_000) throw new Error(`--limit: at most 10000, found ${limit}`);
      const sorts = ['count', 'new', 'rare', 'first'];
      if (o.sort !== undefined && !sorts.includes(o.sort)) throw new Error(`--sort: expected one of ${sorts.join(', ')}, found "${o.sort}"`);
      const service = cliService();
      try {
        service.openWorkspace(workspace);
        const list = (await service.invoke('logs/templates', { service: o.service, sort: o.sort, limit: limit ?? 500 })) as TemplateInfo[];
        const rows = list.map((t) => ({
          id: t.id,
          service: t.service,
          count: t.count,
          firstSeen: t.firstSeen === null ? null : iso(t.firstSeen),
          lastSeen: t.lastSeen === null ? null : iso(t.lastSeen),
          pattern: t.pattern,
          levels: t.levels,
          isNew: t.isNew,
          isRare: t.isRare,
          familyId: t.familyId,
        }));
        if (o.json) {
          process.stdout.write(`${JSON.stringify(rows, null, 2)}\n`);
          return;
        }
        if (!rows.length) {
          process.stdout.write(`no log templates${o.service ? ` for service "${o.service}"` : ''}\n`);
          return;
        }
        const idW = Math.max(2, ...rows.map((r) => r.id.length));
        const svW = Math.min(24, Math.max(7, ...rows.map((r) => (r.service ?? '-').length)));
        const cW = Math.max(5, ...rows.map((r) => String(r.count).length));
        const out = [
          `${'id'.padEnd(idW)}  ${'service'.padEnd(svW)}  ${'count'.padStart(cW)}  ${'first seen'.padEnd(24)}  ${'last seen'.padEnd(24)}  pattern`,
          ...rows.map(
            (r) =>
              `${r.id.padEnd(idW)}  ${(r.service ?? '-').padEnd(svW)}  ${String(r.count).padStart(cW)}  ` +
              `${(r.firstSeen ?? '-').padEnd(24)}  ${(r.lastSeen ?? '-').padEnd(24)}  ${r.pattern}${r.isNew ? '  [new]' : ''}`,
          ),
        ];
        process.stdout.write(`${out.join('\n')}\n`);
      } finally {
        await service.close();
      }
    });
}
