/**
 * `hindsight queries FILE... [--json]`: query and index advice from PostgreSQL logs (stderr or csvlog, with
 * auto_explain plans), MySQL slow query logs, pg_stat_statements CSV exports and index listings. No workspace
 * needed: the files are read, fingerprinted and ranked (core/analysis/queries), and the advice printed.
 */
import type { Command } from 'commander';
import { adviseQueries } from '../../analysis/queries/advise';
import type { QueryAdvice, QueryAdviceRow } from '../../analysis/queries/types';
import { readQueryFile } from '../../ingest/formats/queries/read-file';
import type { QueryFile } from '../../ingest/formats/queries';
import { formatQuantity } from '../../api/units';
import { intOption } from './detect';

/** Milliseconds as a person reads them (`410 µs`, `250 ms`, `2.4 s`, `6.667 min`). */
const fmtMs = (ms: number | null): string => formatQuantity(ms, 'ms');

function cut(text: string, width: number): string {
  return text.length <= width ? text : `${text.slice(0, width - 1)}…`;
}

/** The readable report: ranked fingerprints with their suggested indexes, then duplicate and unused indexes. */
export function humanReport(advice: QueryAdvice, top: number): string {
  const out: string[] = [];
  const files = advice.files.map((f) => `${f.file} (${f.format}: ${f.statements || f.totals || f.indexes} ${f.statements ? 'statements' : f.totals ? 'totals' : 'indexes'}${f.skipped ? `, ${f.skipped} skipped` : ''})`);
  out.push(`${advice.statements} statements, ${advice.fingerprints} fingerprints from ${files.join(', ')}`);
  out.push('');
  out.push(`${'#'.padStart(3)}  ${'calls'.padStart(8)}  ${'total'.padStart(9)}  ${'p95'.padStart(9)}  fingerprint`);
  const rows: QueryAdviceRow[] = advice.queries.slice(0, top);
  rows.forEach((q, k) => {
    const flag = q.n_plus_one ? `  [N+1: ~${q.n_plus_one.typicalRepeats}× per burst, ${q.n_plus_one.bursts} bursts]` : '';
    out.push(`${String(k + 1).padStart(3)}  ${String(q.calls).padStart(8)}  ${fmtMs(q.total_ms).padStart(9)}  ${fmtMs(q.p95_ms).padStart(9)}  ${cut(q.fingerprint, 100)}${flag}`);
    for (const i of q.indexes) out.push(`${' '.repeat(38)}→ ${i.create}  (saves ~${fmtMs(i.benefit)}, ${i.benefit_source === 'plan' ? 'from the plan' : 'guessed'})`);
    if (q.note && !q.indexes.length) out.push(`${' '.repeat(38)}  ${cut(q.note, 110)}`);
  });
  if (advice.queries.length > top) out.push(`… ${advice.queries.length - top} more fingerprints (--top N to show more)`);
  if (advice.duplicate_indexes.length) {
    out.push('', 'Duplicate indexes (another index starts with the same columns):');
    for (const d of advice.duplicate_indexes) out.push(`  ${d.table}.${d.index} (${d.columns.join(', ')}) is covered by ${d.coveredBy} (${d.coveredByColumns.join(', ')})`);
  }
  if (advice.unused_indexes.length) {
    out.push('', 'Unused indexes (idx_scan = 0 since statistics were reset):');
    for (const u of advice.unused_indexes) out.push(`  ${u.table}.${u.index} (${u.columns.join(', ')})`);
  }
  return `${out.join('\n')}\n`;
}

export function registerQueriesCommand(p: Command): void {
  p.command('queries')
    .summary('Query and index advice from PostgreSQL/MySQL slow logs and pg_stat_statements')
    .description(
      'Normalise the statements of query logs into fingerprints, rank them by total time (calls, p95), and for the top ones ' +
        'suggest indexes from their WHERE/JOIN/ORDER BY columns with an estimated benefit (from auto_explain plans where ' +
        'logged, from selectivity guesses otherwise). Reads PostgreSQL logs (log_min_duration_statement, auto_explain text ' +
        'or JSON, stderr or csvlog), MySQL slow query logs, pg_stat_statements CSV exports and index listings (pg_indexes / ' +
        'pg_stat_user_indexes CSV: existing indexes are not suggested again, duplicate and unused ones are listed). ' +
        'N+1 patterns: the same fingerprint many times in a burst on one connection.\n\n' +
        'With --json: a list of {fingerprint, calls, total_ms, p95_ms, indexes: [{table, columns, benefit, ...}], ...} ranked ' +
        'by total time. With --json --full: the whole report {queries, duplicate_indexes, unused_indexes, files, statements, fingerprints, not_analysed}.',
    )
    .argument('<files...>', 'query logs, pg_stat_statements / index CSV exports (.gz allowed)')
    .option('--json', 'print JSON: the ranked list of fingerprints')
    .option('--full', 'with --json, print the whole report (duplicate and unused indexes too)')
    .option('--top <n>', 'fingerprints shown (default 20; --json prints all)')
    .option('--analyse <n>', 'fingerprints (by total time) that get index advice (default 200)')
    .addHelpText('after', '\nExamples:\n  hindsight queries postgresql.log indexes.csv\n  hindsight queries slow.log --json > advice.json')
    .exitOverride()
    .action(async (paths: string[], o: { json?: boolean; full?: boolean; top?: string; analyse?: string }) => {
      const top = intOption('--top', o.top, 1) ?? 20;
      const analyse = intOption('--analyse', o.analyse, 0) ?? 200;
      const files: QueryFile[] = [];
      let failed = 0;
      for (const path of paths) {
        try {
          files.push(readQueryFile(path, path));
        } catch (err) {
          failed++;
          process.stderr.write(`hindsight queries: ${err instanceof Error ? err.message : String(err)}\n`);
        }
      }
      if (!files.length) throw new Error(`no query file could be read (${failed} failed)`);
      if (failed) process.exitCode = 1;
      const advice = await adviseQueries(files, { top: analyse });
      if (o.json) process.stdout.write(`${JSON.stringify(o.full ? advice : advice.queries, null, 2)}\n`);
      else process.stdout.write(humanReport(advice, top));
    });
}
