/**
 * Query and index advice for the open workspace: `queries/analyse` reads query logs (PostgreSQL stderr or
 * csvlog with auto_explain, MySQL slow log, pg_stat_statements and index listing CSVs) in the worker pool and
 * keeps the advice in the workspace as one query source; `queries/advice` reads a source's advice back (the
 * latest when none is named), so reopening the workspace shows it. In browser mode the files are uploaded
 * first (as the import dialog does) and their server folder is passed as a path.
 */
import { z } from 'zod';
import type { DuplicateIndex, QueryAdviceRow, UnusedIndex } from '../analysis/queries/types';
import { method, path } from './define';

export type { DuplicateIndex, IndexAdvice, NPlusOne, QueryAdviceRow, UnusedIndex } from '../analysis/queries/types';

/** One analysed set of query files. */
export interface QuerySource {
  id: number;
  /** The files' names, joined. */
  label: string;
  analysedAt: number;
  statements: number;
  fingerprints: number;
  files: { file: string; format: string; statements: number; totals: number; indexes: number; skipped: number }[];
  /** Files that could not be read, each `file:line: what was expected`. */
  errors: string[];
}

export interface QueryAdviceView {
  /** Every analysed source, newest first. */
  sources: QuerySource[];
  /** The source shown (null: none analysed yet). */
  source: QuerySource | null;
  /** Its fingerprints ranked by total time. */
  queries: QueryAdviceRow[];
  duplicateIndexes: DuplicateIndex[];
  unusedIndexes: UnusedIndex[];
}

export const queriesAnalyseParams = z.strictObject({
  /** Files, or folders whose files are all read (an upload batch's folder in browser mode). */
  paths: z.array(path).min(1).max(200),
});

export const queriesAdviceParams = z.strictObject({
  /** The source to show (default: the latest). */
  sourceId: z.number().int().positive().optional(),
  /** At most this many fingerprints (default 500). */
  limit: z.number().int().min(1).max(10_000).optional(),
});

export const queriesContract = {
  'queries/analyse': method(queriesAnalyseParams).returns<QuerySource>(),
  'queries/advice': method(queriesAdviceParams).returns<QueryAdviceView>(),
};
