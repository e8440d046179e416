/**
 * One sample line of the Prometheus text formats, split without building labels:
 * `name{a="x"} value [timestamp] [# exemplar]`, `{__name__="up", a="x"} value ts` (promtool) or
 * `{"utf8.name", a="x"} value`. The series text (name + braces) is kept verbatim as a cache key,
 * so labels are parsed once per distinct series, not once per line.
 */
import type { Labels } from '../../types';
import { LabelSyntaxError, parseLabelSet, scanName } from './labels';

export interface SampleLine {
  /** Name and label set exactly as written: the series' cache key. */
  series: string;
  value: string;
  timestamp?: string;
  /** Text from a '#' after the value (an OpenMetrics exemplar). */
  exemplar?: string;
  /** Other text after the timestamp (malformed). */
  extra?: string;
}

/** Index of the '}' closing the label set opened at `i`, honouring quotes; -1 when none. O(length). */
function closingBrace(s: string, i: number): number {
  let j = i + 1;
  let brace = s.indexOf('}', j);
  for (;;) {
    if (brace < 0) return -1;
    const q = s.indexOf('"', j);
    if (q < 0 || brace < q) return brace;
    // Skip the quoted string opened at q (a quote preceded by an odd run of backslashes is escaped).
    let k = q + 1;
    for (;;) {
      const e = s.indexOf('"', k);
      if (e < 0) return -1;
      let bs = 0;
      while (s.charCodeAt(e - 1 - bs) === 0x5c) bs++;
      if (bs % 2 === 0) {
        j = e + 1;
        break;
      }
      k = e + 1;
    }
    if (brace < j) brace = s.indexOf('}', j);
  }
}

function isSpace(c: number): boolean {
  return c === 0x20 || c === 0x09;
}

/**
 * Splits a sample line; returns a string saying what was expected when it is not one.
 * O(length); never throws.
 */
export function splitSampleLine(line: string): SampleLine | string {
  let i = 0;
  if (line.charCodeAt(0) !== 0x7b) {
    i = scanName(line, 0);
    if (i === 0) return 'a metric name';
    let j = i;
    while (j < line.length && isSpace(line.charCodeAt(j))) j++;
    if (line.charCodeAt(j) === 0x7b) i = j;
  }
  if (line.charCodeAt(i) === 0x7b) {
    const e = closingBrace(line, i);
    if (e < 0) return "a label set closed by '}'";
    i = e + 1;
  }
  const series = line.slice(0, i);
  if (i >= line.length || !isSpace(line.charCodeAt(i))) return 'a space and a value after the series';
  // Up to three space-separated fields, then an optional '#' exemplar.
  const fields: string[] = [];
  let exemplar: string | undefined;
  let j = i;
  const n = line.length;
  while (j < n) {
    while (j < n && isSpace(line.charCodeAt(j))) j++;
    if (j >= n) break;
    if (line.charCodeAt(j) === 0x23 && fields.length > 0) {
      exemplar = line.slice(j);
      break;
    }
    const s = j;
    while (j < n && !isSpace(line.charCodeAt(j))) j++;
    fields.push(line.slice(s, j));
  }
  if (fields.length === 0) return 'a sample value after the series';
  const out: SampleLine = { series, value: fields[0] };
  if (fields.length > 1) out.timestamp = fields[1];
  if (fields.length > 2) out.extra = fields.slice(2).join(' ');
  if (exemplar !== undefined) out.exemplar = exemplar;
  return out;
}

/**
 * Series text to name + labels (`__name__` or a quoted name inside the braces names it).
 * @throws LabelSyntaxError
 */
export function parseSeries(series: string): { name: string; labels: Labels } {
  const brace = series.indexOf('{');
  const prefix = (brace < 0 ? series : series.slice(0, brace)).trim();
  if (brace < 0) return { name: prefix, labels: {} };
  const p = parseLabelSet(series, brace);
  const name = prefix !== '' ? prefix : p.name;
  if (name === undefined || name === '') throw new LabelSyntaxError('a metric name (or __name__ label)', 0);
  return { name, labels: p.labels };
}
