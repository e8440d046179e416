/**
 * Query logs for the query and index advice: detection by content (never by file name) and one reader per
 * format. These files are read for the advice only; the workspace import keeps its own readers.
 */
import { readMysqlSlowLog, isSlowLogHeader } from './mysql-slow';
import { isPgStatementLine, prefixTime, readPgCsvLog, readPgStderrLog } from './postgres-log';
import { csvRows, isIndexHeader, isStatStatementsHeader, readIndexStats, readStatStatements } from './tables';
import { QueryFormatError, type QueryFile, type QueryFileFormat } from './types';

export * from './types';
export { parseIndexDef } from './tables';
export { parseJsonPlan, parseTextPlan } from './plan';

/** How many lines detection looks at. */
const SNIFF_LINES = 2000;

/** The format of a query file from its first lines, or null when it is none of them. */
export function detectQueryFormat(lines: readonly string[]): QueryFileFormat | null {
  const head = lines.slice(0, SNIFF_LINES);
  const first = head.find((l) => l.trim() !== '') ?? '';
  if (/^\d{4}-\d\d-\d\d[ T]\d\d:\d\d:\d\d/.test(first) && prefixTime(first) !== null && first.split(',').length >= 13 && /,"?(LOG|ERROR|WARNING|FATAL|DETAIL)"?,/.test(first)) {
    return 'postgresql-csvlog';
  }
  if (head.some(isSlowLogHeader)) return 'mysql-slow';
  if (head.some(isPgStatementLine)) return 'postgresql-log';
  if (first.includes(',') || first.includes('\t') || first.includes(';')) {
    let header: string[];
    try {
      header = csvRows('', [first])[0]?.fields ?? [];
    } catch {
      return null; // a quote left open on the first line: not a header
    }
    if (isStatStatementsHeader(header)) return 'pg-stat-statements';
    if (isIndexHeader(header)) return 'index-stats';
  }
  return null;
}

/**
 * Reads one query file from its text (lines split on '\n', a trailing '\r' dropped). Throws QueryFormatError
 * naming the file, line and what was expected — also when the file is none of the formats.
 */
export function readQueryText(file: string, text: string): QueryFile {
  const lines = text.split('\n').map((l) => (l.endsWith('\r') ? l.slice(0, -1) : l));
  if (lines.length && lines[lines.length - 1] === '') lines.pop();
  return readQueryLines(file, lines);
}

/** Reads one query file from its lines (as `readQueryText`). */
export function readQueryLines(file: string, lines: readonly string[]): QueryFile {
  const format = detectQueryFormat(lines);
  switch (format) {
    case 'postgresql-log':
      return readPgStderrLog(file, lines);
    case 'postgresql-csvlog':
      return readPgCsvLog(file, lines);
    case 'mysql-slow':
      return readMysqlSlowLog(file, lines);
    case 'pg-stat-statements':
      return readStatStatements(file, lines);
    case 'index-stats':
      return readIndexStats(file, lines);
    case null:
      throw new QueryFormatError(
        file,
        1,
        'a query log: a PostgreSQL log with "duration: … ms  statement: …" lines (stderr or csvlog, auto_explain allowed), a MySQL slow query log ("# Query_time: …"), a pg_stat_statements CSV (query, calls, total_exec_time) or an index listing CSV (indexdef / idx_scan)',
      );
  }
}
