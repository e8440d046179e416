/** Display helpers for numbers, sizes and labels (times and zones live in time.ts). */
import { formatQuantity } from '../../core/api/units';

export function fmtCount(n: number): string {
  if (!Number.isFinite(n)) return '–';
  if (n >= 1e9) return `${(n / 1e9).toFixed(1)}B`;
  if (n >= 1e6) return `${(n / 1e6).toFixed(1)}M`;
  if (n >= 1e4) return `${(n / 1e3).toFixed(0)}k`;
  if (n >= 1e3) return `${(n / 1e3).toFixed(1)}k`;
  return String(n);
}

export function fmtBytes(n: number): string {
  if (n >= 1e9) return `${(n / 1e9).toFixed(2)} GB`;
  if (n >= 1e6) return `${(n / 1e6).toFixed(1)} MB`;
  if (n >= 1e3) return `${(n / 1e3).toFixed(0)} kB`;
  return `${n} B`;
}

/**
 * A measured value with about 4 significant digits, scaled to its unit when it has one (see
 * core/api/units.ts): `0.08228`, `777.5M`, `277.7 MB`, `120 ms`, `12 %`, `1.2k/s`; '–' when missing.
 */
export function fmtValue(n: number | null | undefined, unit?: string | null): string {
  return formatQuantity(n, unit);
}

/** A relative change as `+160 %`, `−40 %`, or `×12` when large. */
export function fmtChange(ratio: number): string {
  if (!Number.isFinite(ratio)) return ratio > 0 ? 'new' : '–';
  if (ratio >= 10) return `×${(1 + ratio).toFixed(0)}`;
  const pct = ratio * 100;
  return `${pct >= 0 ? '+' : '−'}${Math.abs(pct) >= 10 ? Math.abs(pct).toFixed(0) : Math.abs(pct).toFixed(1)} %`;
}

export function fmtLabels(labels: Record<string, string>, skip: string[] = []): string {
  return Object.entries(labels)
    .filter(([k]) => k !== '__name__' && !skip.includes(k))
    .map(([k, v]) => `${k}=${v}`)
    .join(', ');
}

/**
 * Plotly renders hover, annotation and tick text as (a subset of) HTML: imported text must go in as
 * text. Escapes the five HTML-special characters; quotes as numeric entities, the only kind
 * Plotly's text renderer decodes besides &amp; &lt; &gt;.
 */
export function escapeHtml(s: string): string {
  return s.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&#34;', "'": '&#39;' })[c] as string);
}
