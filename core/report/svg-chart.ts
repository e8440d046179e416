/**
 * A small line chart as SVG text, for reports that must render without a browser (the CLI, PDF,
 * Markdown): one or more series over time, the incident's range shaded, change markers as dashed
 * vertical lines with a label, time ticks in the document's zone and three value ticks. Every label
 * is escaped. Pure; O(points).
 */
import { toWall } from '../base/zones';
import { escapeHtml } from './escape';

export interface ChartSeries {
  name: string;
  ts: ArrayLike<number>;
  values: ArrayLike<number>;
}

export interface ChartMarker {
  ts: number;
  label: string;
  /** 'change' draws orange, 'mitigation' green. */
  kind: 'change' | 'mitigation';
}

export interface LineChartInput {
  title: string;
  series: readonly ChartSeries[];
  /** The incident's range, shaded. */
  shade?: { from: number; to: number };
  markers?: readonly ChartMarker[];
  /** The zone the time ticks are written in. */
  zone: string;
  /** Writes a value tick (default: 3 significant digits). */
  formatValue?: (v: number) => string;
  width?: number;
  height?: number;
}

const COLOURS = ['#2563eb', '#dc2626', '#059669', '#7c3aed'];
const MARKER_COLOURS = { change: '#d97706', mitigation: '#16a34a' } as const;

/** Evenly spaced "nice" time ticks (1, 2, 5, 10, 15, 30 min, 1, 2, 3, 6, 12 h, 1 d) for a span, in wall time. */
export function timeTicks(from: number, to: number, zone: string, target = 6): number[] {
  const steps = [1, 2, 5, 10, 15, 30, 60, 120, 180, 360, 720, 1440].map((m) => m * 60_000);
  const span = Math.max(1, to - from);
  const step = steps.find((s) => span / s <= target) ?? Math.ceil(span / target / 86_400_000) * 86_400_000;
  const offset = toWall(from, zone) - from;
  const first = Math.ceil((from + offset) / step) * step - offset;
  const ticks: number[] = [];
  for (let t = first; t <= to; t += step) ticks.push(t);
  return ticks;
}

/**
 * The chart as an `<svg>` element (UTF-8 text, no external references).
 * @example lineChartSvg({ title: 'p99', series: [{ name: 'api', ts, values }], zone: 'UTC' }).startsWith('<svg') // true
 */
export function lineChartSvg(input: LineChartInput): string {
  const width = input.width ?? 720;
  const height = input.height ?? 240;
  const pad = { left: 64, right: 16, top: 28, bottom: 40 };
  const plotW = width - pad.left - pad.right;
  const plotH = height - pad.top - pad.bottom;
  const fmt = input.formatValue ?? ((v: number) => String(Number(v.toPrecision(3))));
  let tMin = Infinity;
  let tMax = -Infinity;
  let vMin = Infinity;
  let vMax = -Infinity;
  for (const s of input.series) {
    for (let i = 0; i < s.ts.length; i++) {
      if (!Number.isFinite(s.values[i])) continue;
      tMin = Math.min(tMin, s.ts[i]);
      tMax = Math.max(tMax, s.ts[i]);
      vMin = Math.min(vMin, s.values[i]);
      vMax = Math.max(vMax, s.values[i]);
    }
  }
  const out: string[] = [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}" role="img" aria-label="${escapeHtml(input.title)}" font-family="sans-serif" font-size="11">`,
    `<rect width="${width}" height="${height}" fill="#ffffff"/>`,
    `<text x="${pad.left}" y="16" font-size="13" font-weight="bold" fill="#111827">${escapeHtml(input.title)}</text>`,
  ];
  if (!Number.isFinite(tMin)) {
    out.push(`<text x="${width / 2}" y="${height / 2}" text-anchor="middle" fill="#6b7280">no samples in this range</text></svg>`);
    return out.join('');
  }
  if (vMin === vMax) {
    vMin -= Math.abs(vMin) * 0.1 || 1;
    vMax += Math.abs(vMax) * 0.1 || 1;
  }
  if (tMin === tMax) tMax = tMin + 60_000;
  const x = (t: number): number => pad.left + ((t - tMin) / (tMax - tMin)) * plotW;
  const y = (v: number): number => pad.top + (1 - (v - vMin) / (vMax - vMin)) * plotH;
  const r = (n: number): string => n.toFixed(1);
  if (input.shade) {
    const from = Math.max(tMin, input.shade.from);
    const to = Math.min(tMax, input.shade.to);
    if (to > from) out.push(`<rect x="${r(x(from))}" y="${pad.top}" width="${r(x(to) - x(from))}" height="${plotH}" fill="#fee2e2"/>`);
  }
  out.push(`<line x1="${pad.left}" y1="${pad.top + plotH}" x2="${pad.left + plotW}" y2="${pad.top + plotH}" stroke="#9ca3af"/>`);
  for (const v of [vMin, (vMin + vMax) / 2, vMax]) {
    out.push(`<line x1="${pad.left}" y1="${r(y(v))}" x2="${pad.left + plotW}" y2="${r(y(v))}" stroke="#e5e7eb"/>`);
    out.push(`<text x="${pad.left - 6}" y="${r(y(v) + 4)}" text-anchor="end" fill="#374151">${escapeHtml(fmt(v))}</text>`);
  }
  for (const t of timeTicks(tMin, tMax, input.zone)) {
    const wall = new Date(toWall(t, input.zone)).toISOString();
    out.push(`<line x1="${r(x(t))}" y1="${pad.top + plotH}" x2="${r(x(t))}" y2="${pad.top + plotH + 4}" stroke="#9ca3af"/>`);
    out.push(`<text x="${r(x(t))}" y="${pad.top + plotH + 16}" text-anchor="middle" fill="#374151">${wall.slice(11, 16)}</text>`);
  }
  input.series.forEach((s, k) => {
    const parts: string[] = [];
    let pen = 'M';
    for (let i = 0; i < s.ts.length; i++) {
      if (!Number.isFinite(s.values[i])) {
        pen = 'M';
        continue;
      }
      parts.push(`${pen}${r(x(s.ts[i]))},${r(y(s.values[i]))}`);
      pen = 'L';
    }
    const colour = COLOURS[k % COLOURS.length];
    out.push(`<path d="${parts.join('')}" fill="none" stroke="${colour}" stroke-width="1.5"/>`);
    out.push(`<text x="${pad.left + plotW - 4}" y="${pad.top + 12 + k * 13}" text-anchor="end" fill="${colour}">${escapeHtml(s.name)}</text>`);
  });
  for (const m of input.markers ?? []) {
    if (m.ts < tMin || m.ts > tMax) continue;
    const colour = MARKER_COLOURS[m.kind];
    out.push(`<line x1="${r(x(m.ts))}" y1="${pad.top}" x2="${r(x(m.ts))}" y2="${pad.top + plotH}" stroke="${colour}" stroke-dasharray="4 3" stroke-width="1.5"/>`);
    out.push(`<text x="${r(x(m.ts) + 3)}" y="${pad.top + plotH - 4}" fill="${colour}">${escapeHtml(m.label.length > 40 ? `${m.label.slice(0, 39)}…` : m.label)}</text>`);
  }
  out.push(`<text x="${pad.left + plotW}" y="${height - 6}" text-anchor="end" fill="#6b7280">${escapeHtml(input.zone)}</text>`);
  out.push('</svg>');
  return out.join('');
}
