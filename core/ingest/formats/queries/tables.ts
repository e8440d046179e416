/**
 * CSV exports of PostgreSQL's statistics views: `pg_stat_statements` (query, calls, total_exec_time or
 * total_time, mean_exec_time or mean_time, stddev, rows — `\copy (select …) to 'f.csv' csv header`) and
 * index listings: `pg_indexes` (tablename, indexname, indexdef), `pg_stat_user_indexes` (relname,
 * indexrelname, idx_scan) or one export joining both. Columns are found by name, in any order.
 */
import { CsvRecords, guessDelimiter } from '../metrics/csv';
import { bareTable } from './plan';
import { emptyQueryFile, QueryFormatError, type IndexInfo, type QueryFile } from './types';

/** All records of a CSV text (header first), with the line each starts on. */
export function csvRows(file: string, lines: readonly string[]): { fields: string[]; line: number }[] {
  const rows: { fields: string[]; line: number }[] = [];
  const csv = new CsvRecords(
    guessDelimiter(lines[0] ?? ''),
    (fields, line) => {
      if (!(fields.length === 1 && fields[0] === '')) rows.push({ fields, line });
    },
    (line) => {
      throw new QueryFormatError(file, line, 'a closing quote: a quoted field runs on past 1 MiB');
    },
  );
  lines.forEach((l, i) => csv.push(l, i + 1));
  csv.end();
  return rows;
}

/** The index of the first header name among `names` (case-insensitive), or -1. */
function column(header: string[], ...names: string[]): number {
  const lower = header.map((h) => h.trim().toLowerCase());
  for (const n of names) {
    const i = lower.indexOf(n);
    if (i >= 0) return i;
  }
  return -1;
}

/** True when a header names pg_stat_statements columns. */
export function isStatStatementsHeader(header: string[]): boolean {
  return column(header, 'query') >= 0 && column(header, 'calls') >= 0 && column(header, 'total_exec_time', 'total_time') >= 0;
}

/** True when a header names index listing columns. */
export function isIndexHeader(header: string[]): boolean {
  return column(header, 'indexdef') >= 0 || (column(header, 'indexrelname') >= 0 && column(header, 'idx_scan') >= 0);
}

function numberAt(file: string, row: { fields: string[]; line: number }, i: number, name: string, optional: boolean): number | null {
  if (i < 0) return null;
  const raw = (row.fields[i] ?? '').trim();
  if (raw === '' && optional) return null;
  const v = Number(raw);
  if (!Number.isFinite(v) || v < 0) throw new QueryFormatError(file, row.line, `a number ≥ 0 in column "${name}", found "${raw.slice(0, 40)}"`);
  return v;
}

/** Reads a pg_stat_statements export. Throws QueryFormatError naming the line and column of a bad value. */
export function readStatStatements(file: string, lines: readonly string[]): QueryFile {
  const out = emptyQueryFile(file, 'pg-stat-statements');
  const [head, ...rows] = csvRows(file, lines);
  if (!head || !isStatStatementsHeader(head.fields)) throw new QueryFormatError(file, 1, 'a pg_stat_statements header with query, calls and total_exec_time (or total_time)');
  const h = head.fields;
  const q = column(h, 'query');
  const calls = column(h, 'calls');
  const total = column(h, 'total_exec_time', 'total_time');
  const mean = column(h, 'mean_exec_time', 'mean_time');
  const stddev = column(h, 'stddev_exec_time', 'stddev_time');
  const rowsCol = column(h, 'rows');
  for (const r of rows) {
    if (r.fields.length < h.length) throw new QueryFormatError(file, r.line, `${h.length} fields as in the header, found ${r.fields.length}`);
    const text = r.fields[q].trim();
    if (!text) continue;
    out.totals.push({
      statement: text,
      dialect: 'postgresql',
      calls: numberAt(file, r, calls, h[calls], false) as number,
      totalMs: numberAt(file, r, total, h[total], false) as number,
      meanMs: numberAt(file, r, mean, h[mean] ?? '', true),
      stddevMs: numberAt(file, r, stddev, h[stddev] ?? '', true),
      rows: numberAt(file, r, rowsCol, 'rows', true),
      file,
      line: r.line,
    });
  }
  return out;
}

/**
 * `CREATE [UNIQUE] INDEX name ON [ONLY] [schema.]table [USING method] (col [DESC], lower(x), …)`: the table,
 * name, unique flag and key columns (an expression keeps its text). Null when the text is not an index definition.
 */
export function parseIndexDef(def: string): { table: string; name: string; unique: boolean; columns: string[] } | null {
  const m = /^\s*CREATE\s+(UNIQUE\s+)?INDEX\s+(?:CONCURRENTLY\s+)?(?:IF NOT EXISTS\s+)?(\S+)\s+ON\s+(?:ONLY\s+)?(\S+)(?:\s+USING\s+\w+)?\s*\(([\s\S]*)\)/i.exec(def);
  if (!m) return null;
  let body = m[4];
  const include = /\)\s*(INCLUDE|WHERE|WITH)\b/i.exec(body);
  if (include) body = body.slice(0, include.index);
  const columns: string[] = [];
  let depth = 0;
  let cur = '';
  for (const ch of body) {
    if (ch === '(') depth++;
    if (ch === ')') depth--;
    if (ch === ',' && depth === 0) {
      columns.push(cur);
      cur = '';
    } else cur += ch;
  }
  columns.push(cur);
  return {
    unique: Boolean(m[1]),
    name: bareTable(m[2]),
    table: bareTable(m[3]),
    columns: columns.map((c) => c.trim().replace(/\s+(ASC|DESC|NULLS FIRST|NULLS LAST)\b.*$/i, '').replace(/^"|"$/g, '').toLowerCase()).filter(Boolean),
  };
}

/** Reads an index listing (pg_indexes and/or pg_stat_user_indexes columns); rows of the same index merge. */
export function readIndexStats(file: string, lines: readonly string[]): QueryFile {
  const out = emptyQueryFile(file, 'index-stats');
  const [head, ...rows] = csvRows(file, lines);
  if (!head || !isIndexHeader(head.fields)) throw new QueryFormatError(file, 1, 'an index listing header: indexdef (pg_indexes) or indexrelname and idx_scan (pg_stat_user_indexes)');
  const h = head.fields;
  const def = column(h, 'indexdef');
  const name = column(h, 'indexrelname', 'indexname');
  const table = column(h, 'relname', 'tablename');
  const scans = column(h, 'idx_scan');
  const primary = column(h, 'indisprimary', 'primary');
  const byName = new Map<string, IndexInfo>();
  for (const r of rows) {
    if (r.fields.length < h.length) throw new QueryFormatError(file, r.line, `${h.length} fields as in the header, found ${r.fields.length}`);
    const parsed = def >= 0 && r.fields[def].trim() ? parseIndexDef(r.fields[def]) : null;
    if (def >= 0 && r.fields[def].trim() && !parsed) throw new QueryFormatError(file, r.line, `an index definition "CREATE [UNIQUE] INDEX name ON table (columns)", found "${r.fields[def].slice(0, 60)}"`);
    const indexName = parsed?.name ?? (name >= 0 ? r.fields[name].trim() : '');
    const tableName = parsed?.table ?? (table >= 0 ? bareTable(r.fields[table].trim()) : '');
    if (!indexName || !tableName) throw new QueryFormatError(file, r.line, 'an index name and its table');
    const info: IndexInfo = byName.get(indexName) ?? { table: tableName, name: indexName, columns: [], unique: false, primary: false, scans: null, definition: null, file, line: r.line };
    if (parsed) {
      info.columns = parsed.columns;
      info.unique = parsed.unique;
      info.definition = r.fields[def].trim();
    }
    if (scans >= 0) info.scans = numberAt(file, r, scans, 'idx_scan', true);
    if (primary >= 0) info.primary = /^(t|true|1|yes)$/i.test(r.fields[primary].trim());
    if (!info.primary && /_pkey$/.test(indexName) && info.unique) info.primary = true;
    byName.set(indexName, info);
  }
  out.indexes = [...byName.values()];
  return out;
}
