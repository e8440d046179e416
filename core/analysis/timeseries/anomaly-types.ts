// Shared option and result shapes of the per-series anomaly detector (batch and causal modes).
// Reference: Hochenbaum, Vallis & Kejariwal 2017 (S-H-ESD); Taylor & Letham 2018 (Prophet's interval_width).

import type { CalibrationOptions } from './calibration';
import type { AnomalyRange } from './ranges';
import type { SeasonalityOptions } from './seasonality';

export interface TimeRange {
  startMs: number;
  endMs: number;
}

export interface AnomalyOptions extends CalibrationOptions {
  /** Share of normal behaviour inside the band (like Prophet's interval_width), default 0.99. */
  intervalWidth?: number;
  /**
   * Score above which a point is flagged. Default: batch 1 - 0.05 / n (a 5% family-wise false alarm rate over the
   * range, the multiple-testing idea of S-H-ESD), causal 0.999 (|z| > 3.29 on a tail-guarded scale). Never below intervalWidth.
   */
  threshold?: number;
  /** Seasonal periods in samples; default: detected from the data. [] forces static bounds. */
  periods?: number[];
  /** Options for the period detection. */
  seasonality?: Omit<SeasonalityOptions, 'stepMs'>;
  /** Grid step in ms; default: the median spacing of the timestamps. */
  stepMs?: number;
  /** Cycles of the longest period needed before it is used (default 2). */
  minCycles?: number;
  /** Time ranges marked as expected: not learnt as normal and never flagged. */
  exclude?: TimeRange[];
  /** Flagged points separated by fewer unflagged points than this join one range (default 3). */
  mergeGapPoints?: number;
}

export type AnomalyMethod = 'seasonal' | 'static';

export interface AnomalyResult {
  mode: 'batch' | 'causal';
  /** The baseline used (for causal mode: the one in use at the last point). */
  method: AnomalyMethod;
  /**
   * The baseline in words, for a person and for the stored range: 'static', 'daily', 'daily + weekly',
   * 'daily + weekday/weekend' (short history), or periods in steps ('period 12') — see `baselineName`.
   */
  baseline: string;
  /** Seasonal periods used, in samples and ms. */
  periods: number[];
  periodsMs: number[];
  stepMs: number;
  /** Per input point. NaN where nothing could be estimated. */
  expected: Float64Array;
  lower: Float64Array;
  upper: Float64Array;
  /** In [0, 1]: 1 - P(|Z| >= |z|) of the robust residual z; NaN for missing values, 0 for excluded points. */
  score: Float64Array;
  /** 1 = flagged. */
  anomaly: Uint8Array;
  /** Robust scale (sigma) per point. */
  scale: Float64Array;
  ranges: AnomalyRange[];
  /**
   * Causal mode only: the point's score where an alert opens — the first flag after the cooldown, or a flag inside
   * an episode that beats the episode's decaying peak (an escalation; see causal-episode.ts) — and 0 elsewhere.
   * This is the detector's output as a pager would see it: `hindsight detect --causal` writes it as the `alert`
   * column and `bench/nab.ts` scores it.
   */
  alert?: Float64Array;
  /** What was done: fallbacks, gaps, exclusions. */
  notes: string[];
}

/** Marks the points whose timestamp lies in one of the ranges (inclusive). O(n x ranges). Throws on a bad range. */
export function excludedMask(timestamps: ArrayLike<number>, ranges: TimeRange[] | undefined): Uint8Array {
  const out = new Uint8Array(timestamps.length);
  if (!ranges || ranges.length === 0) return out;
  for (const r of ranges) {
    if (!(r.startMs <= r.endMs)) throw new Error(`excluded range must have startMs <= endMs, got ${r.startMs}..${r.endMs}`);
  }
  for (let i = 0; i < timestamps.length; i++) {
    const t = timestamps[i];
    for (const r of ranges) {
      if (t >= r.startMs && t <= r.endMs) {
        out[i] = 1;
        break;
      }
    }
  }
  return out;
}

const DAY_MS = 86_400_000;

/** The baseline in words from the periods used (ms) and whether a weekday/weekend correction was applied. O(periods). */
export function baselineName(periodsMs: readonly number[], weekdayWeekend: boolean): string {
  if (periodsMs.length === 0) return 'static';
  const names = periodsMs.map((p) => {
    const days = p / DAY_MS;
    if (Math.abs(days - 1) < 0.01) return 'daily';
    if (Math.abs(days - 7) < 0.01) return 'weekly';
    return p % 3_600_000 === 0 ? `${p / 3_600_000}h period` : `${Math.round(p / 60_000)}min period`;
  });
  if (weekdayWeekend) names.push('weekday/weekend');
  return names.join(' + ');
}
