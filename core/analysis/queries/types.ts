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


// ---- the advice (what `hindsight queries --json` prints and the workspace keeps) ----

export interface NPlusOne {
  /** Bursts of at least `minRepeats` executions. */
  bursts: number;
  /** The median size of those bursts: the typical N per request. */
  typicalRepeats: number;
  largestBurst: number;
  sessions: number;
}

export interface DuplicateIndex {
  table: string;
  index: string;
  columns: string[];
  /** The index that makes this one redundant (its columns start with this one's). */
  coveredBy: string;
  coveredByColumns: string[];
}

export interface UnusedIndex {
  table: string;
  index: string;
  columns: string[];
  scans: number;
}

/** One suggested index, in the shape `hindsight queries --json` prints. */
export interface IndexAdvice {
  table: string;
  columns: string[];
  /** Estimated execution time saved over the log, ms. */
  benefit: number;
  benefit_source: 'plan' | 'guess';
  reason: string;
  create: string;
}

/** One fingerprint's row: the issue's `{fingerprint, calls, total_ms, p95_ms, indexes}` and more. */
export interface QueryAdviceRow {
  fingerprint: string;
  calls: number;
  total_ms: number;
  mean_ms: number | null;
  p95_ms: number | null;
  p95_source: 'samples' | 'normal-approximation' | null;
  indexes: IndexAdvice[];
  dialect: 'postgresql' | 'mysql';
  example: string;
  /** Where the example was read: `file:line`. */
  example_at: string;
  /** False when the statement was not analysed for indexes (why in `note`). */
  analysed: boolean;
  note: string | null;
  has_plan: boolean;
  n_plus_one: NPlusOne | null;
}

export interface QueryAdvice {
  queries: QueryAdviceRow[];
  duplicate_indexes: DuplicateIndex[];
  unused_indexes: UnusedIndex[];
  files: { file: string; format: string; statements: number; totals: number; indexes: number; skipped: number }[];
  statements: number;
  fingerprints: number;
  /** Fingerprints among the analysed top ones that the SQL parser could not read. */
  not_analysed: number;
}

