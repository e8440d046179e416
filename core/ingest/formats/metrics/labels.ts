/**
 * Prometheus label sets and series selectors as text: `name{a="x", b="y\"z"}`.
 * Label values escape `\\`, `\"` and `\n` (other escapes are kept as written); names may also be
 * quoted (Prometheus 3 UTF-8 names: `{"my.metric", "a.b"="v"}`). O(length).
 */
import type { Labels } from '../../types';

/** A label set could not be read; `at` is the 0-based column. */
export class LabelSyntaxError extends Error {
  constructor(
    readonly expected: string,
    readonly at: number,
  ) {
    super(`expected ${expected} at column ${at + 1}`);
  }
}

export interface ParsedLabelSet {
  labels: Labels;
  /** A bare quoted name inside the braces, or `__name__` (removed from labels). */
  name?: string;
  /** Index just after '}'. */
  end: number;
}

function isNameStart(c: number): boolean {
  return (c >= 0x61 && c <= 0x7a) || (c >= 0x41 && c <= 0x5a) || c === 0x5f || c === 0x3a;
}

function isNameChar(c: number): boolean {
  return isNameStart(c) || (c >= 0x30 && c <= 0x39);
}

/** Reads a metric name (`[a-zA-Z_:][a-zA-Z0-9_:]*`) at `i`; returns the end index (== i when none). */
export function scanName(s: string, i: number): number {
  if (i >= s.length || !isNameStart(s.charCodeAt(i))) return i;
  let j = i + 1;
  while (j < s.length && isNameChar(s.charCodeAt(j))) j++;
  return j;
}

/** Reads a quoted string at `i` (s[i] === '"'); returns [value, index after the closing quote]. */
function readQuoted(s: string, i: number): [string, number] {
  let j = i + 1;
  let out = '';
  let from = j;
  for (;;) {
    if (j >= s.length) throw new LabelSyntaxError('a closing quote', j);
    const c = s.charCodeAt(j);
    if (c === 0x22) break;
    if (c === 0x5c) {
      const e = s.charCodeAt(j + 1);
      out += s.slice(from, j);
      if (e === 0x6e) out += '\n';
      else if (e === 0x5c) out += '\\';
      else if (e === 0x22) out += '"';
      else if (Number.isNaN(e)) throw new LabelSyntaxError('a closing quote', j + 1);
      else out += s.slice(j, j + 2);
      j += 2;
      from = j;
      continue;
    }
    j++;
  }
  out += s.slice(from, j);
  return [out, j + 1];
}

function skipSpaces(s: string, i: number): number {
  while (i < s.length && (s.charCodeAt(i) === 0x20 || s.charCodeAt(i) === 0x09)) i++;
  return i;
}

/**
 * Reads `{...}` starting at `i` (s[i] must be '{').
 * @throws LabelSyntaxError with the column of the problem.
 */
export function parseLabelSet(s: string, i: number): ParsedLabelSet {
  if (s.charCodeAt(i) !== 0x7b) throw new LabelSyntaxError("'{'", i);
  const labels: Labels = {};
  let name: string | undefined;
  let j = skipSpaces(s, i + 1);
  for (;;) {
    if (j >= s.length) throw new LabelSyntaxError("'}'", j);
    if (s.charCodeAt(j) === 0x7d) return finish(labels, name, j + 1);
    let key: string;
    if (s.charCodeAt(j) === 0x22) {
      [key, j] = readQuoted(s, j);
      j = skipSpaces(s, j);
      if (s.charCodeAt(j) !== 0x3d) {
        // A bare quoted metric name.
        if (name !== undefined) throw new LabelSyntaxError("'=' after a label name", j);
        name = key;
        j = afterItem(s, j);
        continue;
      }
    } else {
      const e = scanName(s, j);
      if (e === j) throw new LabelSyntaxError('a label name', j);
      key = s.slice(j, e);
      j = skipSpaces(s, e);
      if (s.charCodeAt(j) !== 0x3d) throw new LabelSyntaxError("'='", j);
    }
    j = skipSpaces(s, j + 1);
    if (s.charCodeAt(j) !== 0x22) throw new LabelSyntaxError('a quoted label value', j);
    let value: string;
    [value, j] = readQuoted(s, j);
    labels[key] = value;
    j = afterItem(s, j);
  }
}

function afterItem(s: string, j: number): number {
  j = skipSpaces(s, j);
  const c = s.charCodeAt(j);
  if (c === 0x2c) return skipSpaces(s, j + 1);
  if (c === 0x7d) return j;
  throw new LabelSyntaxError("',' or '}'", j);
}

function finish(labels: Labels, name: string | undefined, end: number): ParsedLabelSet {
  const n = labels.__name__;
  if (n !== undefined) {
    delete labels.__name__;
    if (name === undefined) name = n;
  }
  return name === undefined ? { labels, end } : { labels, name, end };
}

/**
 * A whole text that looks like a series selector (`up{a="b"}`, `{__name__="up", a="b"}`) to
 * name + labels; undefined when it is not one. Never throws.
 */
export function parseSelector(text: string): { name?: string; labels: Labels } | undefined {
  const t = text.trim();
  const brace = t.indexOf('{');
  if (brace < 0 || t.charCodeAt(t.length - 1) !== 0x7d) return undefined;
  const prefix = t.slice(0, brace).trim();
  if (prefix !== '' && scanName(prefix, 0) !== prefix.length) return undefined;
  try {
    const p = parseLabelSet(t, brace);
    if (p.end !== t.length) return undefined;
    const name = prefix !== '' ? prefix : p.name;
    return name === undefined ? { labels: p.labels } : { name, labels: p.labels };
  } catch {
    return undefined;
  }
}
