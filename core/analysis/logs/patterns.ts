/**
 * Log pattern intelligence over per-template counts per time bucket: new, rare, bursting, dropping
 * templates and error surges. Bursts and drops compare each bucket with the median and MAD of the
 * template's own trailing history (robust z-score, Iglewicz & Hoaglin 1993; the seasonal-free core of
 * Twitter's S-H-ESD, Hochenbaum et al. 2017), with a Poisson floor on the scale so sparse counts do not
 * alarm on every change from 0 to 1.
 */

import { mad, quantile } from '../stats';

/** Default share of a time range that is the baseline before which a pattern is not "new". */
export const BASELINE_SHARE = 0.25;

export interface TemplateCounts {
  templateId: string;
  /** Lines per bucket, aligned on a common bucket axis. NaN or negative = missing (skipped). */
  counts: Float64Array;
  /** Level of the template's lines (ERROR, WARN, ...); decides what counts toward error surges. */
  level?: string;
}

export type PatternKind = 'new' | 'rare' | 'burst' | 'drop' | 'error-surge';

export interface PatternEvent {
  kind: PatternKind;
  /** The template; '' for an error surge (across templates). */
  templateId: string;
  /** First and last bucket index of the event (inclusive). */
  start: number;
  end: number;
  /** new: lines after the baseline; rare: total lines; burst/drop/error-surge: peak ratio to the baseline median. */
  magnitude: number;
  message: string;
}

export interface PatternOptions {
  /** Buckets before this index are the baseline for `new`. Default: a quarter of the buckets. */
  baselineEnd?: number;
  /** Trailing buckets forming a bucket's history for burst/drop. Default 48. */
  window?: number;
  /** Buckets of history needed before burst/drop is judged. Default 5. */
  minHistory?: number;
  /** Robust z-score needed for burst/drop. Default 4. */
  z?: number;
  /** Ratio to the history median needed for burst (and its inverse for drop). Default 3. */
  ratio?: number;
  /** Lines a bucket needs to be a burst (and the history median needs for a drop). Default 5. */
  minCount?: number;
  /** Rare: share of all lines below this, and (rareQuantile) total at or below that quantile. Default 0.001. */
  rareShare?: number;
  /** Quantile of the template totals a rare template's total must not exceed. Default 0.1. */
  rareQuantile?: number;
}

const ERROR_LEVELS = new Set(['ERROR', 'ERR', 'FATAL', 'CRITICAL', 'CRIT', 'SEVERE', 'ALERT', 'EMERG', 'EMERGENCY',
  'PANIC', 'FAILURE', 'E', 'F']);

/** True for levels that count toward error surges (ERROR, FATAL, CRITICAL, SEVERE, ...). */
export function isErrorLevel(level: string | undefined): boolean {
  return level !== undefined && ERROR_LEVELS.has(level.trim().toUpperCase());
}

function finiteCount(x: number): boolean {
  return Number.isFinite(x) && x >= 0;
}

/** Sorted sliding window with O(w) insert/remove (binary search + splice). */
class SortedWindow {
  private readonly xs: number[] = [];
  get size(): number {
    return this.xs.length;
  }
  add(x: number): void {
    this.xs.splice(this.lowerBound(x), 0, x);
  }
  remove(x: number): void {
    const i = this.lowerBound(x);
    if (i < this.xs.length && this.xs[i] === x) this.xs.splice(i, 1);
  }
  median(): number {
    const n = this.xs.length;
    const h = n >> 1;
    return n % 2 === 1 ? this.xs[h] : (this.xs[h - 1] + this.xs[h]) / 2;
  }
  /** The window's values, ascending. */
  get values(): readonly number[] {
    return this.xs;
  }
  private lowerBound(x: number): number {
    let lo = 0;
    let hi = this.xs.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (this.xs[mid] < x) lo = mid + 1; else hi = mid;
    }
    return lo;
  }
}

interface Shift { start: number; end: number; peak: number; }

/**
 * Runs of buckets whose count departs from the trailing history: burst when count >= ratio x median,
 * count >= minCount and z = (count - median) / scale >= z; drop when count <= median / ratio,
 * median >= minCount and z <= -z. scale = max(1.4826 MAD, sqrt(max(median, 1))). The history holds the
 * `window` buckets before the one judged (missing buckets skipped), so a burst is found at its own bucket.
 * O(buckets x window).
 */
function shifts(counts: Float64Array, o: Required<Omit<PatternOptions, 'baselineEnd'>>, dir: 1 | -1): Shift[] {
  const out: Shift[] = [];
  const win = new SortedWindow();
  const hist: number[] = [];
  let open: Shift | null = null;
  for (let t = 0; t < counts.length; t++) {
    const c = counts[t];
    let hit = false;
    let ratio = 0;
    if (finiteCount(c) && win.size >= o.minHistory) {
      const med = win.median();
      const base = Math.max(med, 1);
      const candidate = dir === 1 ? c >= o.ratio * base && c >= o.minCount : med >= o.minCount && c <= med / o.ratio;
      if (candidate) {
        const scale = Math.max(mad(win.values, med), Math.sqrt(base));
        const z = (c - med) / scale;
        hit = dir === 1 ? z >= o.z : z <= -o.z;
        ratio = dir === 1 ? c / base : (c + 1) / (med + 1);
      }
    }
    if (hit) {
      if (open !== null && open.end === t - 1) {
        open.end = t;
        open.peak = dir === 1 ? Math.max(open.peak, ratio) : Math.min(open.peak, ratio);
      } else {
        open = { start: t, end: t, peak: ratio };
        out.push(open);
      }
    }
    if (finiteCount(c)) {
      hist.push(c);
      win.add(c);
      if (hist.length > o.window) win.remove(hist.shift() as number);
    }
  }
  return out;
}


/**
 * Finds pattern events over per-template bucket counts:
 * - `new`: no line before `baselineEnd`, lines after (start = first bucket with lines);
 * - `rare`: total share < rareShare and total <= the rareQuantile quantile of template totals;
 * - `burst` / `drop`: runs of buckets far above / below the template's trailing median (see `shifts`);
 * - `error-surge`: a burst of the summed counts of error-level templates.
 * Events come sorted by start bucket, then kind, then template id. NaN/negative counts are missing:
 * skipped in totals and histories, never flagged. O(templates x buckets x window).
 * Throws RangeError when count arrays differ in length or an option is out of range.
 */
export function patternEvents(series: readonly TemplateCounts[], options: PatternOptions = {}): PatternEvent[] {
  const n = series.length > 0 ? series[0].counts.length : 0;
  for (const s of series) {
    if (s.counts.length !== n) {
      throw new RangeError(`template ${s.templateId} has ${s.counts.length} buckets, expected ${n} like the others`);
    }
  }
  const o = {
    window: options.window ?? 48,
    minHistory: options.minHistory ?? 5,
    z: options.z ?? 4,
    ratio: options.ratio ?? 3,
    minCount: options.minCount ?? 5,
    rareShare: options.rareShare ?? 0.001,
    rareQuantile: options.rareQuantile ?? 0.1,
  };
  const baselineEnd = options.baselineEnd ?? Math.floor(n / 4);
  if (!(o.window >= 1) || !(o.minHistory >= 1) || !(o.z > 0) || !(o.ratio > 1) || !(o.minCount >= 0)) {
    throw new RangeError('window and minHistory must be >= 1, z > 0, ratio > 1, minCount >= 0');
  }
  if (!(baselineEnd >= 0 && baselineEnd <= n)) throw new RangeError(`baselineEnd must be in [0, ${n}], got ${baselineEnd}`);
  const events: PatternEvent[] = [];
  const totals = series.map((s) => {
    let sum = 0;
    for (const x of s.counts) if (finiteCount(x)) sum += x;
    return sum;
  });
  const all = totals.reduce((a, b) => a + b, 0);
  const positive = totals.filter((x) => x > 0);
  const rareCut = positive.length > 0 ? quantile(positive, o.rareQuantile) : 0;
  series.forEach((s, k) => {
    const c = s.counts;
    let first = -1;
    let last = -1;
    for (let t = 0; t < n; t++) {
      if (finiteCount(c[t]) && c[t] > 0) {
        if (first < 0) first = t;
        last = t;
      }
    }
    if (first < 0) return;
    const isNew = first >= baselineEnd && baselineEnd > 0;
    if (isNew) {
      let after = 0;
      for (let t = first; t < n; t++) if (finiteCount(c[t])) after += c[t];
      events.push({
        kind: 'new', templateId: s.templateId, start: first, end: last, magnitude: after,
        message: `new pattern first seen at bucket ${first} (${after} lines since)`,
      });
    }
    if (all > 0 && totals[k] / all < o.rareShare && totals[k] <= rareCut) {
      events.push({
        kind: 'rare', templateId: s.templateId, start: first, end: last, magnitude: totals[k],
        message: `rare pattern: ${totals[k]} of ${all} lines`,
      });
    }
    for (const b of shifts(c, o, 1)) {
      // A new template's first appearance is reported as `new`, not as a burst from zero.
      if (isNew && b.start === first) continue;
      events.push({
        kind: 'burst', templateId: s.templateId, start: b.start, end: b.end, magnitude: b.peak,
        message: `burst: up to ${b.peak.toFixed(1)}x the usual rate in buckets ${b.start}-${b.end}`,
      });
    }
    for (const d of shifts(c, o, -1)) {
      events.push({
        kind: 'drop', templateId: s.templateId, start: d.start, end: d.end, magnitude: d.peak,
        message: `drop: down to ${d.peak.toFixed(2)}x the usual rate in buckets ${d.start}-${d.end}`,
      });
    }
  });
  const errors = series.filter((s) => isErrorLevel(s.level));
  if (errors.length > 0) {
    const sum = new Float64Array(n);
    for (let t = 0; t < n; t++) {
      let x = 0;
      let seen = false;
      for (const s of errors) if (finiteCount(s.counts[t])) { x += s.counts[t]; seen = true; }
      sum[t] = seen ? x : NaN;
    }
    for (const b of shifts(sum, o, 1)) {
      events.push({
        kind: 'error-surge', templateId: '', start: b.start, end: b.end, magnitude: b.peak,
        message: `error lines surge: up to ${b.peak.toFixed(1)}x the usual rate across ${errors.length} error templates`,
      });
    }
  }
  const order: Record<PatternKind, number> = { 'error-surge': 0, burst: 1, drop: 2, new: 3, rare: 4 };
  events.sort((a, b) => a.start - b.start || order[a.kind] - order[b.kind] ||
    (a.templateId < b.templateId ? -1 : a.templateId > b.templateId ? 1 : 0));
  return events;
}
