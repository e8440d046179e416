/**
 * InfluxDB line protocol: `measurement[,tag=v...] field=v[,field=v...] [timestamp]`.
 * Reference: https://docs.influxdata.com/influxdb/v2/reference/syntax/line-protocol/
 *
 * One series per (measurement, tags, field), named `measurement_field`, tags as labels.
 * Field values: floats, `12i` / `12u` integers, booleans (1 / 0); quoted strings are not numbers:
 * skipped and counted in a note. Escapes `\ `, `\,`, `\=` in names and tags, `\"` `\\` in strings.
 * Timestamp: nanoseconds by default; s / ms / µs precisions are recognised by digit count (10 / 13
 * / 16, see parseEpoch). A line without one gets `ctx.fileTimeMs`, else is a bad line.
 * O(length) per line; tags are parsed once per distinct series key.
 */
import { parseEpoch } from '../../time';
import type { FormatReader, IngestRecord, Labels, Sniff } from '../../types';
import { detach, detachLabels, type SeriesBuffer } from './batcher';
import { badLine, type MetricReadContext, note } from './context';
import { LineChunkParser } from './line-parser';
import { headLines, safeDetect, share } from './sniff';
import { readSamples } from './stream';
import { parseSampleValue } from './values';

/** Index of the first unescaped `stop` char at or after `i` outside double quotes (when `quotes`); -1 when none. */
function findUnescaped(s: string, i: number, stop: number, quotes: boolean): number {
  let q = false;
  for (let j = i; j < s.length; j++) {
    const c = s.charCodeAt(j);
    if (c === 0x5c) {
      j++;
      continue;
    }
    if (quotes && c === 0x22) q = !q;
    else if (!q && c === stop) return j;
  }
  return -1;
}

/** Splits at unescaped `sep` outside quotes. */
function splitUnescaped(s: string, sep: number, quotes: boolean): string[] {
  const out: string[] = [];
  let from = 0;
  for (;;) {
    const k = findUnescaped(s, from, sep, quotes);
    if (k < 0) {
      out.push(s.slice(from));
      return out;
    }
    out.push(s.slice(from, k));
    from = k + 1;
  }
}

function unescapeName(s: string): string {
  return s.indexOf('\\') < 0 ? s : s.replace(/\\([ ,="\\])/g, '$1');
}

interface SeriesKey {
  measurement: string;
  tags: Labels;
  /** The series of each field seen under this key. */
  fields: Map<string, SeriesBuffer>;
}

/**
 * Epoch digits to ms by digit count (as parseEpoch), without BigInt for ns and µs: dropping the
 * last 6 (3) digits of a non-negative integer is the exact floor division.
 */
function epochMs(t: string): number {
  const n = t.length;
  if (t.charCodeAt(0) !== 0x2d && (n === 18 || n === 19)) return Number(t.slice(0, n - 6));
  if (t.charCodeAt(0) !== 0x2d && (n === 15 || n === 16)) return Number(t.slice(0, n - 3));
  return parseEpoch(t);
}

function parseKey(key: string): Omit<SeriesKey, 'fields'> | string {
  const parts = splitUnescaped(key, 0x2c, false);
  const measurement = unescapeName(parts[0]);
  if (measurement === '') return 'a measurement name';
  const tags: Labels = {};
  for (let i = 1; i < parts.length; i++) {
    const eq = findUnescaped(parts[i], 0, 0x3d, false);
    if (eq <= 0) return `a tag key=value, found "${parts[i]}"`;
    tags[unescapeName(parts[i].slice(0, eq))] = unescapeName(parts[i].slice(eq + 1));
  }
  return { measurement, tags };
}

const BOOL_TRUE = new Set(['t', 'T', 'true', 'True', 'TRUE']);
const BOOL_FALSE = new Set(['f', 'F', 'false', 'False', 'FALSE']);
const INT_RE = /^-?\d+[iu]$/;

/** A field value to a number; 'string' for a quoted string; undefined when invalid. */
function fieldValue(v: string): number | 'string' | undefined {
  if (v.length === 0) return undefined;
  if (v.charCodeAt(0) === 0x22) return v.length >= 2 && v.charCodeAt(v.length - 1) === 0x22 ? 'string' : undefined;
  const last = v.charCodeAt(v.length - 1);
  if ((last === 0x69 || last === 0x75) && INT_RE.test(v)) return Number(v.slice(0, -1));
  if (BOOL_TRUE.has(v)) return 1;
  if (BOOL_FALSE.has(v)) return 0;
  return parseSampleValue(v);
}

class InfluxParser extends LineChunkParser {
  private readonly keys = new Map<string, SeriesKey>();
  private strings = 0;
  private missingTs = 0;

  override end(): void {
    this.lines.end();
    if (this.strings > 0) note(this.ctx, `${this.strings} string field value(s) skipped (not numbers)`);
    if (this.missingTs > 1) {
      note(this.ctx, `${this.missingTs - 1} more line(s) without a timestamp skipped (no file time given)`);
    }
  }

  protected override line(raw: string, n: number): void {
    const text = raw.trim();
    if (text === '' || text.charCodeAt(0) === 0x23) return;
    const sp = findUnescaped(text, 0, 0x20, false);
    if (sp <= 0) {
      badLine(this.ctx, n, 'measurement[,tags] field=value[,…] [timestamp]', text);
      return;
    }
    const keyText = text.slice(0, sp);
    let fieldsEnd = findUnescaped(text, sp + 1, 0x20, true);
    if (fieldsEnd < 0) fieldsEnd = text.length;
    const fieldsText = text.slice(sp + 1, fieldsEnd);
    const tsText = text.slice(fieldsEnd).trim();
    let ts: number;
    if (tsText === '') {
      const ft = this.ctx.fileTimeMs;
      if (ft === undefined) {
        if (++this.missingTs === 1) badLine(this.ctx, n, 'a timestamp (the file has none and no file time was given)', text);
        return;
      }
      ts = ft;
    } else {
      ts = /^-?\d+$/.test(tsText) ? epochMs(tsText) : Number.NaN;
      if (Number.isNaN(ts)) {
        badLine(this.ctx, n, 'a timestamp in ns (or s / ms / µs by digit count)', tsText);
        return;
      }
    }
    let key = this.keys.get(keyText);
    if (!key) {
      const k = parseKey(keyText);
      if (typeof k === 'string') {
        badLine(this.ctx, n, k, text);
        return;
      }
      key = { measurement: detach(k.measurement), tags: detachLabels(k.tags), fields: new Map() };
      this.keys.set(detach(keyText), key);
    }
    if (fieldsText === '') {
      badLine(this.ctx, n, 'at least one field=value', text);
      return;
    }
    for (const f of splitUnescaped(fieldsText, 0x2c, true)) {
      const eq = findUnescaped(f, 0, 0x3d, false);
      if (eq <= 0) {
        badLine(this.ctx, n, 'a field key=value', f);
        continue;
      }
      const fieldKey = f.slice(0, eq);
      const v = fieldValue(f.slice(eq + 1));
      if (v === undefined) {
        badLine(this.ctx, n, 'a field value (float, 12i, true/false or "string")', f.slice(eq + 1));
        continue;
      }
      if (v === 'string') {
        this.strings++;
        continue;
      }
      let buf = key.fields.get(fieldKey);
      if (!buf) {
        buf = this.sink.open(`${key.measurement}_${unescapeName(fieldKey)}`, key.tags);
        key.fields.set(detach(fieldKey), buf);
      }
      buf.push(ts, v);
    }
  }
}

const LINE_RE = /^(?:[^\s\\,=]|\\.)+(?:,(?:[^\s\\,=]|\\.)+=(?:[^\s\\,]|\\.)+)* +(?:[^\s\\=,]|\\.)+=(?:[^\s\\"]|\\.|"(?:[^"\\]|\\.)*")+(?: +-?\d{1,19})?$/;

export const influxLineReader: FormatReader = {
  id: 'influx-line-protocol',
  kind: 'metrics',
  title: 'InfluxDB line protocol',
  detect(sniff: Sniff): number {
    return safeDetect(() => {
      const lines = headLines(sniff, 100)
        .map((l) => l.trim())
        .filter((l) => l !== '' && !l.startsWith('#'));
      if (lines.length === 0) return 0;
      return share(lines, (l) => LINE_RE.test(l)) >= 0.9 ? 0.85 : 0;
    });
  },
  read(open: () => NodeJS.ReadableStream, ctx: MetricReadContext): AsyncIterable<IngestRecord[]> {
    return readSamples(open, ctx, (sink) => new InfluxParser(ctx, sink));
  },
};
