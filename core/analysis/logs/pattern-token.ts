/**
 * Token patterns: one template token with `<*>` holes (`node-<*>`, `user=<*>`, `(<*>)`). Matching,
 * value extraction and generalisation of two tokens into the tightest pattern that still keeps a word
 * prefix ending at a separator and a punctuation suffix — the sub-token refinement used by LogPPT/LILAC
 * style template correction (Le & Zhang 2023; Jiang et al. 2024) on top of Drain's whole-token `<*>`.
 */

import { WILDCARD as HOLE_TEXT } from './mask';

/** Local copy: an imported binding can cost a getter call per use in hot loops. */
const WILDCARD: string = HOLE_TEXT;

function isWordChar(c: number): boolean {
  return (c >= 48 && c <= 57) || (c >= 65 && c <= 90) || (c >= 97 && c <= 122) || c === 95 || c > 127;
}

const SUFFIX_CHARS = ')]}\'"`,;:.!?';

/**
 * True when `pattern` (with `<*>` holes) matches `text`. A hole matches any string, even empty, that holds
 * no `<*>` of its own, or exactly `<*>` (so `instruction...<*>` does not swallow `instruction......<*>`).
 * O(n).
 */
export function patternMatches(pattern: string, text: string): boolean {
  if (pattern === text || pattern === WILDCARD) return true;
  const h = pattern.indexOf(WILDCARD);
  if (h < 0) return false;
  // Head literal.
  if (!text.startsWith(pattern.slice(0, h))) return false;
  let at = h;
  let p = h + 3;
  for (;;) {
    const next = pattern.indexOf(WILDCARD, p);
    if (next < 0) {
      // Tail literal: must end the text, after `at`.
      const tailLen = pattern.length - p;
      const from = text.length - tailLen;
      if (from < at || !text.endsWith(pattern.slice(p))) return false;
      return holeOk(text, at, from);
    }
    const lit = pattern.slice(p, next);
    const k = lit.length === 0 ? at : text.indexOf(lit, at);
    if (k < 0 || !holeOk(text, at, k)) return false;
    at = k + lit.length;
    p = next + 3;
  }
}

/** A hole's text holds no `<*>` of its own, or is exactly `<*>`. */
function holeOk(text: string, from: number, to: number): boolean {
  const k = text.indexOf(WILDCARD, from);
  if (k < 0 || k + 3 > to) return true;
  return k === from && to === from + 3;
}

/**
 * The text under each hole of `pattern` in `text` (holes filled left to right, shortest first), or null
 * when the pattern does not match. O(n).
 */
export function patternValues(pattern: string, text: string): string[] | null {
  if (pattern === WILDCARD) return [text];
  if (!pattern.includes(WILDCARD)) return pattern === text ? [] : null;
  const parts = pattern.split(WILDCARD);
  const head = parts[0];
  const tail = parts[parts.length - 1];
  if (text.length < head.length + tail.length || !text.startsWith(head) || !text.endsWith(tail)) return null;
  const out: string[] = [];
  let at = head.length;
  const stop = text.length - tail.length;
  for (let i = 1; i < parts.length - 1; i++) {
    const k = parts[i].length === 0 ? at : text.indexOf(parts[i], at);
    if (k < 0 || k + parts[i].length > stop) return null;
    out.push(text.slice(at, k));
    at = k + parts[i].length;
  }
  out.push(text.slice(at, stop));
  return out;
}

/**
 * The tightest pattern covering tokens `a` and `b`: their common prefix cut back to just after a
 * separator (so `node-D3`/`node-D7` -> `node-<*>`, but `bglio559`/`bglio78` -> `<*>`), a hole, and their
 * common suffix of closing punctuation. Equal tokens come back unchanged; a pattern that already matches
 * the other token is kept. O(length).
 */
export function generalizeToken(a: string, b: string): string {
  if (a === b) return a;
  if (patternMatches(a, b)) return a;
  if (patternMatches(b, a)) return b;
  const n = Math.min(a.length, b.length);
  let p = 0;
  while (p < n && a.charCodeAt(p) === b.charCodeAt(p)) p++;
  // Cut back to a separator boundary, and never inside a hole.
  while (p > 0 && isWordChar(a.charCodeAt(p - 1))) p--;
  if (a.slice(0, p).endsWith('<')) p--;
  else if (a.slice(0, p).endsWith('<*')) p -= 2;
  let s = 0;
  while (s < n - p && a.charCodeAt(a.length - 1 - s) === b.charCodeAt(b.length - 1 - s)) s++;
  // Cut forward to a separator: the kept suffix starts with punctuation (`)`, `(uid=<*>)`), never mid-word.
  while (s > 0 && (isWordChar(a.charCodeAt(a.length - s)) || a.startsWith('*>', a.length - s) ||
    a.startsWith('>', a.length - s) && a.startsWith('<*>', a.length - s - 2))) s--;
  while (s > 0 && !SUFFIX_CHARS.includes(a[a.length - s]) && a[a.length - s] !== '(') s--;
  return (a.slice(0, p) + WILDCARD + a.slice(a.length - s)).replace(/(?:<\*>){2,}/g, WILDCARD);
}
