/**
 * How a series search matches: every word of the query must be found (case-insensitive) in the
 * series' name, its service or one of its `label=value` pairs; a `key=value` word matches when that
 * label's value contains the value. O(words × labels) per series.
 */
import type { SeriesInfo } from '../../core/api/contract';

/** True when the series matches every (lower-case) word. */
export function matchesWords(s: SeriesInfo, words: string[]): boolean {
  const hay = `${s.name} ${s.service ?? ''} ${Object.entries(s.labels)
    .map(([k, v]) => `${k}=${v}`)
    .join(' ')}`.toLowerCase();
  return words.every((w) => {
    const eq = w.indexOf('=');
    if (eq > 0) {
      const v = s.labels[w.slice(0, eq)] ?? (w.slice(0, eq) === 'service' ? s.service : undefined);
      return v !== undefined && v !== null && v.toLowerCase().includes(w.slice(eq + 1));
    }
    return hay.includes(w);
  });
}

