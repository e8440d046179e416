/**
 * Log pattern intelligence over per-template counts per time bucket: new, rare, bursting, dropping and
 * surging templates and error surges. Bursts and drops compare each bucket with the median and MAD of the
 * template's own trailing history (robust z-score, Iglewicz & Hoaglin 1993; the core of Twitter's S-H-ESD,
 * Hochenbaum et al. 2017), with a Poisson floor on the scale so sparse counts do not alarm on every change
 * from 0 to 1. When the buckets' start times are given, a departure that the same time of day on previous
 * days also had is routine (a daily batch), not an event: the seasonal half of S-H-ESD, with the median over
 * previous days as the seasonal baseline. A burst of a pattern that already existed, 10x or more above
 * both baselines, is a `surge`, ranked above bursts (`patternScore`).
 */

import { mad, quantile } from '../stats';

/**
 * A bucket axis over the buckets that hold data, so that memory follows the data, never the span: runs of up
 * to `maxGap` empty buckets between two occupied ones stay on the axis (as zeros: a quiet stretch is a fact),
 * a longer gap becomes one missing bucket (NaN start), which histories skip. Length <= occupied x (maxGap + 1).
 * `bucketStarts` must be sorted ascending, multiples of `bucketMs`; duplicates are allowed. O(length).
 * @example sparseBucketAxis([0, 10, 1000], 10, 2) // Float64Array [0, 10, NaN, 1000]
 */
export function sparseBucketAxis(bucketStarts: ArrayLike<number>, bucketMs: number, maxGap: number): Float64Array {
  const out: number[] = [];
  let prev = Number.NaN;
  for (let i = 0; i < bucketStarts.length; i++) {
    const t = bucketStarts[i];
    if (t === prev) continue;
    if (!Number.isNaN(prev)) {
      const empty = Math.round((t - prev) / bucketMs) - 1;
      if (empty > maxGap) out.push(Number.NaN);
      else for (let k = 1; k <= empty; k++) out.push(prev + k * bucketMs);
    }
    out.push(t);
    prev = t;
  }
  return Float64Array.from(out);
}

/**
 * Per-template counts on a sparse axis (sparseBucketAxis) from stored (template, bucket, count) rows: one
 * Float64Array per template in `templateIds` order, NaN at collapsed gaps. Memory O(templates x axis length).
 */
export function templateCountMatrix(
  rows: readonly { template_id: string; bucket_ts: number; count: number }[],
  templateIds: readonly string[],
  bucketMs: number,
  maxGap: number,
): { starts: Float64Array; counts: Float64Array[] } {
  const starts = sparseBucketAxis(rows.map((r) => r.bucket_ts).sort((a, b) => a - b), bucketMs, maxGap);
  const at = new Map<number, number>();
  starts.forEach((t, i) => {
    if (!Number.isNaN(t)) at.set(t, i);
  });
  const index = new Map(templateIds.map((id, i) => [id, i]));
  const counts = templateIds.map(() => {
    const c = new Float64Array(starts.length);
    starts.forEach((t, i) => {
      if (Number.isNaN(t)) c[i] = Number.NaN;
    });
    return c;
  });
  for (const r of rows) {
    const k = index.get(r.template_id);
    const b = at.get(r.bucket_ts);
    if (k !== undefined && b !== undefined) counts[k][b] += r.count;
  }
  return { starts, counts };
}

/** Default share of a time range that is the baseline before which a pattern is not "new". */
export const BASELINE_SHARE = 0.25;

export interface TemplateCounts {
  templateId: string;
  /** Lines per bucket, aligned on a common bucket axis. NaN or negative = missing (skipped). */
  counts: Float64Array;
  /** Level of the template's lines (ERROR, WARN, ...); decides what counts toward error surges. */
  level?: string;
}

export type PatternKind = 'new' | 'rare' | 'burst' | 'surge' | 'drop' | 'error-surge';

export interface PatternEvent {
  kind: PatternKind;
  /** The template; '' for an error surge (across templates). */
  templateId: string;
  /** First and last bucket index of the event (inclusive). */
  start: number;
  end: number;
  /** new: lines after the baseline; rare: total lines; burst/surge/drop/error-surge: peak ratio to the baseline. */
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
  /**
   * Start time (ms) of each bucket (NaN at a collapsed gap, as sparseBucketAxis gives). With it, a burst or
   * drop that the same time of day on previous days also had is routine and not reported.
   */
  starts?: ArrayLike<number>;
  /** The season, in ms. Default one day. */
  periodMs?: number;
  /** Previous periods looked at. Default 7. */
  periods?: number;
  /** Half-width of the window around the same time on a previous day, in ms. Default 30 minutes. */
  toleranceMs?: number;
  /** Ratio to its own baseline (trailing and seasonal) that makes a burst of an existing pattern a surge. Default 10. */
  surgeRatio?: number;
}

/** Default ratio to its own baseline that makes a burst of an existing pattern a surge (issue #12 item 5). */
export const SURGE_RATIO = 10;
const DAY_MS = 86_400_000;

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

interface Shift {
  start: number;
  end: number;
  /** Peak ratio to the baseline (trailing median, or the seasonal one when higher). */
  peak: number;
}

type ShiftOptions = Required<Omit<PatternOptions, 'baselineEnd' | 'starts' | 'surgeRatio'>> & { starts?: ArrayLike<number> };

/**
 * The same-time-of-day baseline of bucket `t`: for each of the previous `periods` periods that has data
 * within `toleranceMs` of the same time, the largest count there (a batch may start a little earlier or
 * later); the median of those. NaN when no previous period has data there. O(periods x log buckets).
 */
export function seasonalBaseline(
  counts: ArrayLike<number>,
  starts: ArrayLike<number>,
  t: number,
  o: { periodMs?: number; periods?: number; toleranceMs?: number } = {},
): number {
  const periodMs = o.periodMs ?? DAY_MS;
  const periods = o.periods ?? 7;
  const tol = o.toleranceMs ?? 1_800_000;
  const at = starts[t];
  if (!Number.isFinite(at)) return Number.NaN;
  const perDay: number[] = [];
  for (let d = 1; d <= periods; d++) {
    const from = at - d * periodMs - tol;
    const to = at - d * periodMs + tol;
    let best = -1;
    for (let i = firstAtOrAfter(starts, from, t); i < t && !(starts[i] > to); i++) {
      const c = counts[i];
      if (Number.isFinite(starts[i]) && finiteCount(c) && c > best) best = c;
    }
    if (best >= 0) perDay.push(best);
  }
  if (perDay.length === 0) return Number.NaN;
  perDay.sort((a, b) => a - b);
  const h = perDay.length >> 1;
  return perDay.length % 2 === 1 ? perDay[h] : (perDay[h - 1] + perDay[h]) / 2;
}

/** First index below `end` whose start is >= `from` (starts ascending, NaN gaps skipped). O(log n). */
function firstAtOrAfter(starts: ArrayLike<number>, from: number, end: number): number {
  let lo = 0;
  let hi = end;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    let k = mid;
    // A NaN gap marker: judge by the next real start.
    while (k < hi && !Number.isFinite(starts[k])) k++;
    if (k < hi && starts[k] < from) lo = k + 1; else hi = mid;
  }
  return lo;
}

/**
 * Runs of buckets whose count departs from the trailing history: burst when count >= ratio x median,
 * count >= minCount and z = (count - median) / scale >= z; drop when count <= median / ratio,
 * median >= minCount and z <= -z. scale = max(1.4826 MAD, sqrt(max(median, 1))). The history holds the
 * `window` buckets before the one judged (missing buckets skipped), so a burst is found at its own bucket.
 * With `starts`, a bucket within `ratio` of its seasonal baseline (the same time on previous days) is routine.
 * O(buckets x window).
 */
function shifts(counts: Float64Array, o: ShiftOptions, dir: 1 | -1): Shift[] {
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
        if (hit && o.starts !== undefined) {
          const seasonal = seasonalBaseline(counts, o.starts, t, o);
          if (Number.isFinite(seasonal)) {
            // Routine when the same time on previous days looked the same; else judged against the higher baseline.
            hit = dir === 1 ? c >= o.ratio * Math.max(seasonal, 1) : c <= seasonal / o.ratio;
            if (dir === 1) ratio = Math.min(ratio, c / Math.max(seasonal, 1));
          }
        }
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
 * - `burst` / `drop`: runs of buckets far above / below the template's trailing median and, with `starts`, its
 *   seasonal baseline (see `shifts`);
 * - `surge`: a burst of a template that had `minCount` lines or more before it, at `surgeRatio` x its baseline;
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
    periodMs: options.periodMs ?? DAY_MS,
    periods: options.periods ?? 7,
    toleranceMs: options.toleranceMs ?? 1_800_000,
    starts: options.starts,
  };
  const surgeRatio = options.surgeRatio ?? SURGE_RATIO;
  if (o.starts !== undefined && o.starts.length !== n) throw new RangeError(`starts has ${o.starts.length} buckets, expected ${n}`);
  const baselineEnd = options.baselineEnd ?? Math.floor(n / 4);
  if (!(o.window >= 1) || !(o.minHistory >= 1) || !(o.z > 0) || !(o.ratio > 1) || !(o.minCount >= 0) || !(surgeRatio > 1) ||
    !(o.periodMs > 0) || !(o.periods >= 1) || !(o.toleranceMs >= 0)) {
    throw new RangeError('window, minHistory and periods must be >= 1, z > 0, ratio and surgeRatio > 1, minCount >= 0, periodMs > 0, toleranceMs >= 0');
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
      let before = 0;
      for (let t = 0; t < b.start; t++) if (finiteCount(c[t])) before += c[t];
      const surge = before >= o.minCount && b.peak >= surgeRatio;
      events.push({
        kind: surge ? 'surge' : 'burst', templateId: s.templateId, start: b.start, end: b.end, magnitude: b.peak,
        message: `${surge ? 'surge of an existing pattern' : 'burst'}: up to ${b.peak.toFixed(1)}x its usual rate in buckets ${b.start}-${b.end}`,
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
  const order: Record<PatternKind, number> = { 'error-surge': 0, surge: 1, burst: 2, drop: 3, new: 4, rare: 5 };
  events.sort((a, b) => a.start - b.start || order[a.kind] - order[b.kind] ||
    (a.templateId < b.templateId ? -1 : a.templateId > b.templateId ? 1 : 0));
  return events;
}

/**
 * Rank score in [0, 1] of a pattern event: surges (error-level ones and error surges first) above bursts,
 * drops and new patterns, then by size within each band: band + width x min(1, log10(1 + magnitude) / 3).
 * Bands: surge of an error pattern [0.75, 1]; error surge across templates [0.7, 0.95] (just below the one
 * pattern that makes it, which says more); other surge [0.5, 0.75]; new [0, 0.6]; burst and drop [0, 0.45].
 * So a pattern that grew 400x during an incident outranks a batch's burst.
 * @example patternScore({ kind: 'surge', magnitude: 400 }, true) // 0.75 + 0.25 x 0.87 = 0.967
 */
export function patternScore(e: Pick<PatternEvent, 'kind' | 'magnitude'>, errorLevel: boolean): number {
  const size = Math.min(1, Math.log10(1 + Math.max(0, e.magnitude)) / 3);
  if (e.kind === 'surge' && errorLevel) return 0.75 + 0.25 * size;
  if (e.kind === 'error-surge') return 0.7 + 0.25 * size;
  if (e.kind === 'surge') return 0.5 + 0.25 * size;
  if (e.kind === 'new') return 0.6 * size;
  if (e.kind === 'drop') return 0.45 * Math.min(1, Math.log10(1 + 1 / Math.max(e.magnitude, 1e-3)) / 3);
  return 0.45 * size;
}

/**
 * Index of the first bucket at or after the end of the baseline: `share` of the log span from its first line,
 * and at least `minMs` (the first hour), so a pattern present from the start of the log is never new.
 * `starts` as sparseBucketAxis gives (NaN at gaps). Returns starts.length when the baseline covers the log.
 * O(buckets).
 */
export function baselineIndex(starts: ArrayLike<number>, firstTs: number, lastTs: number, share: number, minMs = 3_600_000): number {
  const cut = firstTs + Math.max(share * (lastTs - firstTs), minMs);
  for (let i = 0; i < starts.length; i++) if (starts[i] >= cut) return i;
  return starts.length;
}
