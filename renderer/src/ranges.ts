/**
 * Time-window arithmetic for the views: zoom and pan kept inside the data, the window an anomaly
 * opens in, and Compare's baselines. Pure functions on UTC epoch ms.
 */
import { DURATIONS } from './time';

export interface TimeRange {
  from: number;
  to: number;
}

/** The narrowest window zoom goes to. */
export const MIN_SPAN = 60_000;

/**
 * Zooms by `factor` around the middle (factor > 1 zooms out, < 1 in), never narrower than a minute,
 * shifted to stay inside the data; null when the result covers all the data (show all).
 */
export function zoomWindow(w: TimeRange, full: TimeRange, factor: number): TimeRange | null {
  const mid = (w.from + w.to) / 2;
  const span = Math.max(MIN_SPAN, (w.to - w.from) * factor);
  if (span >= full.to - full.from) return null;
  let from = mid - span / 2;
  let to = mid + span / 2;
  if (from < full.from) [from, to] = [full.from, full.from + span];
  if (to > full.to) [from, to] = [full.to - span, full.to];
  return { from, to };
}

/** Moves the window by `frac` of its width (negative: earlier), stopping at the data's ends. */
export function panWindow(w: TimeRange, full: TimeRange, frac: number): TimeRange {
  const span = w.to - w.from;
  const from = Math.max(full.from, Math.min(full.to - span, w.from + frac * span));
  return { from, to: from + span };
}

/** The window to open an anomaly in: its range with half its length (at least 30 min) on either side. */
export function anomalyWindow(a: { start: number; end: number }): TimeRange {
  const pad = Math.max(30 * DURATIONS.MINUTE, (a.end - a.start) * 0.5);
  return { from: a.start - pad, to: a.end + pad };
}

export type BaselineMode = 'before' | 'day' | 'week';

/** The baseline for a selection: the same length just before it, or the same hours a day or a week earlier. */
export function baselineFor(sel: TimeRange, mode: BaselineMode): TimeRange {
  const len = sel.to - sel.from;
  if (mode === 'before') return { from: sel.from - len, to: sel.from };
  const back = mode === 'day' ? DURATIONS.DAY : 7 * DURATIONS.DAY;
  return { from: sel.from - back, to: sel.to - back };
}

/** The picker's relative windows, each ending at the data's last sample. */
export const PRESETS: { label: string; ms: number }[] = [
  { label: '1h', ms: DURATIONS.HOUR },
  { label: '6h', ms: 6 * DURATIONS.HOUR },
  { label: '24h', ms: DURATIONS.DAY },
  { label: '7d', ms: 7 * DURATIONS.DAY },
];

/**
 * The one range button to highlight for a window: 'All' when it covers all the data (a preset as long
 * as the data or longer is all of it too), else the preset it is (ending at the data's end, its
 * length within a second), else null (a zoom or a typed range).
 */
export function activePreset(win: TimeRange, full: TimeRange): string | null {
  if (win.from <= full.from && win.to >= full.to) return 'All';
  const preset = PRESETS.find((p) => Math.abs(win.to - full.to) < 1000 && Math.abs(win.to - win.from - p.ms) < 1000);
  return preset && preset.ms < full.to - full.from ? preset.label : null;
}
