/**
 * Query and index advice from what the query readers gave: fingerprints ranked by total time, for the top
 * ones candidate indexes with their benefit (indexes.ts), N+1 bursts (n-plus-one.ts), and duplicate and
 * unused indexes when index statistics are given. Pure: files in, a plain report out (async only because the
 * SQL parser is loaded on first use). The parser runs once per analysed fingerprint (a few ms each), never per
 * execution.
 */
import type { IndexInfo, QueryAdvice, QueryAdviceRow, QueryFile } from './types';
import { groupByFingerprint } from './aggregate';
import { duplicateIndexes, suggestIndexes, unusedIndexes } from './indexes';
import { nPlusOne, type NPlusOneOptions } from './n-plus-one';
import { sqlParsers, statementShape } from './predicates';

export interface AdviseOptions {
  /** How many fingerprints (by total time) get index advice (default 200). */
  top?: number;
  /** Suggestions kept per fingerprint (default 3). */
  perQuery?: number;
  nPlusOne?: NPlusOneOptions;
}

/**
 * The advice for a set of read query files.
 * @example (await adviseQueries([readQueryText('slow.log', text)])).queries[0] // → { fingerprint: 'select … where customer_id = ?', calls: 120, total_ms: 5400, p95_ms: 80, indexes: [{ table: 'orders', columns: ['customer_id'], … }], … }
 */
export async function adviseQueries(files: readonly QueryFile[], opts: AdviseOptions = {}): Promise<QueryAdvice> {
  const parsers = await sqlParsers();
  const top = opts.top ?? 200;
  const statements = files.flatMap((f) => f.statements);
  const totals = files.flatMap((f) => f.totals);
  const indexes: IndexInfo[] = files.flatMap((f) => f.indexes);
  const groups = groupByFingerprint(statements, totals);
  let notAnalysed = 0;
  const queries = groups.map((g, rank): QueryAdviceRow => {
    const row: QueryAdviceRow = {
      fingerprint: g.fingerprint,
      calls: g.calls,
      total_ms: round(g.totalMs),
      mean_ms: g.meanMs === null ? null : round(g.meanMs),
      p95_ms: g.p95Ms === null ? null : round(g.p95Ms),
      p95_source: g.p95Source,
      indexes: [],
      dialect: g.dialect,
      example: g.example,
      example_at: `${g.exampleAt.file}:${g.exampleAt.line}`,
      analysed: false,
      note: null,
      has_plan: g.plans.length > 0,
      n_plus_one: nPlusOne(g.executions, opts.nPlusOne),
    };
    if (rank >= top) {
      row.note = `not analysed: below the top ${top} by total time`;
      return row;
    }
    const shape = statementShape(g.example, g.dialect, parsers);
    if (!shape.analysed) {
      notAnalysed++;
      row.note = `not analysed: ${shape.reason}`;
      return row;
    }
    row.analysed = true;
    row.indexes = suggestIndexes(shape.tables, g.totalMs, g.plans, indexes, opts.perQuery ?? 3).map((c) => ({
      table: c.table,
      columns: c.columns,
      benefit: round(c.benefit),
      benefit_source: c.benefitSource,
      reason: c.reason,
      create: c.create,
    }));
    if (!row.indexes.length) row.note = shape.tables.length ? 'no index to suggest: no usable predicate, or an existing index covers it' : 'no table read';
    return row;
  });
  return {
    queries,
    duplicate_indexes: duplicateIndexes(indexes),
    unused_indexes: unusedIndexes(indexes),
    files: files.map((f) => ({ file: f.file, format: f.format, statements: f.statements.length, totals: f.totals.length, indexes: f.indexes.length, skipped: f.skippedCount })),
    statements: statements.length + totals.reduce((s, t) => s + t.calls, 0),
    fingerprints: groups.length,
    not_analysed: notAnalysed,
  };
}

/** Milliseconds to 3 decimals (what the logs carry). */
function round(ms: number): number {
  return Math.round(ms * 1000) / 1000;
}
