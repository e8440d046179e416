/**
 * What the head of a CSV file looks like, shared by the three CSV detectors (Grafana, wide, long)
 * so they can tell the files apart: Grafana has a `Time` column plus a BOM, an Excel `sep=` line,
 * quoted headers or selector headers; long has series and value columns; wide is the rest with a
 * time column and numeric cells.
 */
import type { Sniff } from '../../types';
import { CsvRecords, guessDelimiter } from './csv';
import { headLines } from './sniff';
import { isEmptyCell, parseTimeCell, TIME_HEADER_RE } from './table-cells';
import { parseValueWithUnit } from './units';

export interface CsvHead {
  bom: boolean;
  /** The delimiter named by an Excel `sep=` first line, if any. */
  sep?: string;
  delimiter: string;
  header: string[];
  /** The header line as written. */
  headerRaw: string;
  rows: string[][];
}

const cache = new WeakMap<Sniff, CsvHead | null>();
export const SEP_RE = /^sep=(.)$/;

/** Parses up to ~30 records of the head; null when it does not look like a table. Never throws. */
export function csvHead(sniff: Sniff): CsvHead | null {
  if (cache.has(sniff)) return cache.get(sniff) ?? null;
  let result: CsvHead | null;
  try {
    result = parse(sniff);
  } catch {
    result = null;
  }
  cache.set(sniff, result);
  return result;
}

function parse(sniff: Sniff): CsvHead | null {
  const bom = sniff.head.charCodeAt(0) === 0xfeff;
  const lines = headLines(sniff, 40);
  let i = 0;
  while (i < lines.length && lines[i].trim() === '') i++;
  if (i >= lines.length) return null;
  const first = lines[i].trimStart();
  if (first.startsWith('{') || first.startsWith('[') || first.startsWith('#') || first.startsWith('<')) return null;
  let sep: string | undefined;
  const m = SEP_RE.exec(lines[i].trim());
  if (m) {
    sep = m[1];
    i++;
  }
  if (i >= lines.length) return null;
  const headerRaw = lines[i];
  const delimiter = sep ?? guessDelimiter(headerRaw);
  const records: string[][] = [];
  const csv = new CsvRecords(delimiter, (f) => records.push(f), () => undefined);
  for (let k = i; k < lines.length && records.length < 31; k++) {
    if (!csv.open && lines[k].trim() === '') continue;
    csv.push(lines[k], k + 1);
  }
  if (records.length === 0) return null;
  const [header, ...rows] = records;
  if (header.length < 2) return null;
  const out: CsvHead = { bom, delimiter, header: header.map((h) => h.trim()), headerRaw, rows };
  if (sep !== undefined) out.sep = sep;
  return out;
}

/** Index of the header's time column: a time-like name, else -1. */
export function timeColumn(header: string[]): number {
  return header.findIndex((h) => TIME_HEADER_RE.test(h));
}

/** Share of rows whose cell `col` is a time. */
export function timeShare(rows: string[][], col: number): number {
  if (rows.length === 0) return 0;
  let k = 0;
  for (const r of rows) if (col < r.length && !Number.isNaN(parseTimeCell(r[col], 'UTC'))) k++;
  return k / rows.length;
}

/** Share of non-empty cells outside `skip` columns that are numbers (units allowed). */
export function numericShare(rows: string[][], skip: Set<number>): number {
  let all = 0;
  let num = 0;
  for (const r of rows) {
    for (let c = 0; c < r.length; c++) {
      if (skip.has(c) || isEmptyCell(r[c])) continue;
      all++;
      if (parseValueWithUnit(r[c], true)) num++;
    }
  }
  return all === 0 ? 0 : num / all;
}

/** The Grafana signature: a `Time` column and a BOM, `sep=`, a quoted header or a selector header. */
export function looksLikeGrafana(h: CsvHead): boolean {
  if (h.header[0] !== 'Time' && !h.header.includes('Time')) return false;
  const quoted = h.headerRaw.replace(/^\uFEFF/, '').startsWith('"');
  const selector = h.header.some((x) => /^[a-zA-Z_:]*\{.*\}$/.test(x));
  return h.bom || h.sep !== undefined || quoted || selector;
}

const SERIES_NAMES = new Set(['series', 'metric', 'name', '__name__', 'metric_name', 'series_name', 'measurement']);
const VALUE_NAMES = new Set(['value', 'val', 'y', 'sample', 'metric_value']);

/** Columns of a long table: time, series name and value (by header name); undefined when not long. */
export function longColumns(header: string[]): { time: number; series: number; value: number } | undefined {
  const lower = header.map((h) => h.trim().toLowerCase());
  const time = timeColumn(header);
  const series = lower.findIndex((h) => SERIES_NAMES.has(h));
  const value = lower.findIndex((h) => VALUE_NAMES.has(h));
  if (time < 0 || series < 0 || value < 0) return undefined;
  return { time, series, value };
}
