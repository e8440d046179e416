/**
 * The query-log readers' result and error: the record shapes themselves are the analysis' input
 * (core/analysis/queries/types.ts), re-exported here.
 */
import type { QueryFile, QueryFileFormat } from '../../../analysis/queries/types';

export type * from '../../../analysis/queries/types';

/** A file that is not what it claims, or not a query log at all: names the file, the line and what was expected. */
export class QueryFormatError extends Error {
  constructor(
    readonly file: string,
    readonly line: number,
    readonly expected: string,
  ) {
    super(`${file}:${line}: ${expected}`);
    this.name = 'QueryFormatError';
  }
}

/** A fresh result for `file` in `format`. */
export function emptyQueryFile(file: string, format: QueryFileFormat): QueryFile {
  return { file, format, statements: [], totals: [], indexes: [], skipped: [], skippedCount: 0 };
}

/** Records a skipped line (keeps the first 20 reasons, counts all). */
export function skip(out: QueryFile, line: number, reason: string): void {
  out.skippedCount++;
  if (out.skipped.length < 20) out.skipped.push({ line, reason });
}
