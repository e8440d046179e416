/**
 * Cheap helpers for detect(): the first lines of a sniff, the first CSV header, a JSON line parsed
 * safely. None of them throws.
 */
import type { Sniff } from '../../../types';
import { isObject, type JsonObject } from './json-stream';

/** Up to `max` non-empty lines of the sniff (the last one dropped when the head was cut mid-line). */
export function sniffLines(sniff: Sniff, max = 200): string[] {
  let head = sniff.head;
  if (head.charCodeAt(0) === 0xfeff) head = head.slice(1);
  const parts = head.split('\n');
  if (!sniff.complete && parts.length > 1) parts.pop();
  const out: string[] = [];
  for (const p of parts) {
    const line = p.endsWith('\r') ? p.slice(0, -1) : p;
    if (line.trim().length === 0) continue;
    out.push(line);
    if (out.length >= max) break;
  }
  return out;
}

/** The first non-space character of the sniff ('' when none). */
export function firstChar(sniff: Sniff): string {
  const m = /[^\s\ufeff]/.exec(sniff.head);
  return m ? m[0] : '';
}

/** Splits one CSV line into cells (quotes and doubled quotes understood; no embedded newlines). */
export function splitCsvLine(line: string, delimiter = ','): string[] {
  const cells: string[] = [];
  let cur = '';
  let quoted = false;
  for (let i = 0; i < line.length; i++) {
    const c = line[i];
    if (quoted) {
      if (c === '"') {
        if (line[i + 1] === '"') {
          cur += '"';
          i++;
        } else {
          quoted = false;
        }
      } else {
        cur += c;
      }
    } else if (c === '"') {
      quoted = true;
    } else if (c === delimiter) {
      cells.push(cur);
      cur = '';
    } else {
      cur += c;
    }
  }
  cells.push(cur);
  return cells;
}

/** Normalised header names of a CSV sniff: trimmed, lower case; [] when there is no first line. */
export function csvHeader(sniff: Sniff): string[] {
  const lines = sniffLines(sniff, 1);
  if (lines.length === 0) return [];
  return splitCsvLine(lines[0]).map((c) => c.trim().toLowerCase());
}

/** JSON.parse of a line when it is an object; undefined otherwise (never throws). */
export function parseJsonObject(line: string): JsonObject | undefined {
  const t = line.trim();
  if (t.length < 2 || t[0] !== '{') return undefined;
  try {
    const v: unknown = JSON.parse(t);
    return isObject(v) ? v : undefined;
  } catch {
    return undefined;
  }
}

/** Share of `lines` for which `test` holds (0 for no lines). */
export function share(lines: string[], test: (line: string) => boolean): number {
  if (lines.length === 0) return 0;
  let n = 0;
  for (const l of lines) if (test(l)) n++;
  return n / lines.length;
}

/**
 * Share of the sniff's first `max` lines that look like entries of one JSON-lines format: a line under
 * 64 KiB that parses as an object is judged by `isEntry`; any other line (too long to parse in a sniff,
 * or cut at the end of the head) by `looksLike` on its text. 0 when there are no lines or the first
 * does not start with '{'. O(sniff size).
 */
export function jsonLinesShare(
  sniff: Sniff,
  max: number,
  isEntry: (o: JsonObject) => boolean,
  looksLike: (line: string) => boolean,
): number {
  const lines = sniffLines(sniff, max);
  if (lines.length === 0 || lines[0].trimStart()[0] !== '{') return 0;
  return share(lines, (l) => {
    const o = l.length < 65536 ? parseJsonObject(l) : undefined;
    return o ? isEntry(o) : looksLike(l);
  });
}
