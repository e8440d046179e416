/**
 * Small helpers for detect(): cheap looks at the head of a file. None of them throws.
 */
import type { Sniff } from '../../types';

/** The head without a UTF-8 BOM. */
export function stripBom(head: string): string {
  return head.charCodeAt(0) === 0xfeff ? head.slice(1) : head;
}

/** The head, BOM and leading whitespace removed, when it starts like a JSON object; else ''. */
export function jsonObjectHead(sniff: Sniff): string {
  const t = stripBom(sniff.head).trimStart();
  return t.startsWith('{') ? t : '';
}

/**
 * Up to `max` complete lines of the head (the last, possibly cut line is dropped unless the head
 * is the whole file), '\r' removed, BOM removed.
 */
export function headLines(sniff: Sniff, max = 200): string[] {
  const h = stripBom(sniff.head);
  const lines = h.split('\n', max + 1);
  if (lines.length > max) lines.length = max;
  else if (!sniff.complete && lines.length > 1) lines.pop();
  return lines.map((l) => (l.endsWith('\r') ? l.slice(0, -1) : l));
}

/** Fraction of `items` for which `pred` holds (0 for none). */
export function share<T>(items: readonly T[], pred: (x: T) => boolean): number {
  if (items.length === 0) return 0;
  let k = 0;
  for (const x of items) if (pred(x)) k++;
  return k / items.length;
}

/** Runs a detector body, turning any unexpected exception into 0 (detect must never throw). */
export function safeDetect(fn: () => number): number {
  try {
    const v = fn();
    return Number.isFinite(v) ? Math.min(1, Math.max(0, v)) : 0;
  } catch {
    return 0;
  }
}

/** A readable series name from a file name when the data names none: 'exports/cpu.json.gz' -> 'cpu'. */
export function nameFromFile(file: string): string {
  const base = file.split(/[\\/]/).pop() ?? file;
  const stem = base.replace(/(\.(gz|zst|bz2|xz|zip))?$/i, '').replace(/\.[A-Za-z0-9]{1,8}$/, '');
  return stem || 'value';
}
