/**
 * What the query-log readers produce and the advice reads: executed statements (one per logged execution,
 * with its duration, session and, where auto_explain logged one, its plan), statement totals (a
 * pg_stat_statements export) and index definitions/statistics (pg_indexes / pg_stat_user_indexes exports).
 * Declared here so the pure analysis owns its input; the readers in core/ingest/formats/queries fill them.
 */

export type SqlDialect = 'postgresql' | 'mysql';

/** One node of an execution plan (auto_explain text or JSON), flattened in plan order. */
export interface PlanNode {
  /** `Seq Scan`, `Index Scan`, `Hash Join`, `Sort` … */
  nodeType: string;
  /** The table scanned (Seq/Index/Bitmap Heap Scan), without schema. */
  relation: string | null;
  alias: string | null;
  /** The index used (`Index Scan using orders_pkey on orders`). */
  indexName: string | null;
  filter: string | null;
  indexCond: string | null;
  rowsRemovedByFilter: number | null;
  /** Planner's total cost. */
  totalCost: number | null;
  /** Actual total time of one loop, ms (EXPLAIN ANALYZE only). */
  actualMs: number | null;
  actualRows: number | null;
  loops: number | null;
  /** Nesting depth (0: the top node). */
  depth: number;
}

export interface QueryPlan {
  nodes: PlanNode[];
  /** The top node's actual time × loops (ms), or null without ANALYZE. */
  totalMs: number | null;
  totalCost: number | null;
}

/** One logged execution of a statement. */
export interface ExecutedStatement {
  statement: string;
  dialect: SqlDialect;
  /** Duration in ms (null: logged without one, e.g. `log_statement = all`). */
  durationMs: number | null;
  /** Epoch ms, or null where the log line carries no time. */
  ts: number | null;
  /** Connection / backend / session: pid, %c session id, MySQL thread id; null when the log gives none. */
  session: string | null;
  /** Bind parameters from a `parameters:` DETAIL line ($1 → value). */
  parameters: Record<string, string> | null;
  plan: QueryPlan | null;
  file: string;
  line: number;
}

/** A statement's totals from pg_stat_statements (already aggregated by the server). */
export interface StatementTotals {
  statement: string;
  dialect: SqlDialect;
  calls: number;
  totalMs: number;
  meanMs: number | null;
  stddevMs: number | null;
  rows: number | null;
  file: string;
  line: number;
}

/** An existing index: its columns in order and, with statistics, how often it was used. */
export interface IndexInfo {
  table: string;
  name: string;
  columns: string[];
  unique: boolean;
  primary: boolean;
  /** pg_stat_user_indexes.idx_scan (null: no statistics given). */
  scans: number | null;
  definition: string | null;
  file: string;
  line: number;
}

export type QueryFileFormat = 'postgresql-log' | 'postgresql-csvlog' | 'mysql-slow' | 'pg-stat-statements' | 'index-stats';

/** Everything one file gave. */
export interface QueryFile {
  file: string;
  format: QueryFileFormat;
  statements: ExecutedStatement[];
  totals: StatementTotals[];
  indexes: IndexInfo[];
  /** Lines or entries skipped, with why (kept short: the first few). */
  skipped: { line: number; reason: string }[];
  skippedCount: number;
}

