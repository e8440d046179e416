/**
 * Learnt bands per series, kept for the current data and feedback so zooming a chart does not run
 * detection again, and cut to a window (one value per pixel bucket) on the way out.
 */
import { minMaxBuckets } from '../store/downsample';
import type { AnomalyResult } from '../analysis/timeseries/anomaly-types';

/** One series' band over all its samples. */
export type LearntBand = Pick<AnomalyResult, 'method' | 'periodsMs' | 'notes' | 'expected' | 'lower' | 'upper'> & { ts: Float64Array };

/** Bands kept before the cache starts over (a band of 20k points is about 640 kB). */
const MAX_BANDS = 256;

export class BandCache {
  private readonly bands = new Map<string, LearntBand>();

  /** The key of a series' band: it changes when the data or the feedback (marked-expected ranges) does. */
  static key(seriesId: number, dataVersion: number, feedbackVersion: number | string): string {
    return `${seriesId}|${dataVersion}|${feedbackVersion}`;
  }

  get(key: string): LearntBand | undefined {
    return this.bands.get(key);
  }

  set(key: string, band: LearntBand): void {
    if (this.bands.size >= MAX_BANDS) this.bands.clear();
    this.bands.set(key, band);
  }

  clear(): void {
    this.bands.clear();
  }
}

/** Expected value (mean), lower (min) and upper (max) of the band per pixel bucket over [from, to). */
export function bandBuckets(
  band: Pick<LearntBand, 'ts' | 'expected' | 'lower' | 'upper'>,
  from: number,
  to: number,
  width: number,
): { t: number[]; expected: number[]; lower: number[]; upper: number[] } {
  const e = minMaxBuckets(band.ts, band.expected, from, to, width);
  const l = minMaxBuckets(band.ts, band.lower, from, to, width);
  const u = minMaxBuckets(band.ts, band.upper, from, to, width);
  // Buckets where any of the three is missing are dropped from all, so the arrays stay aligned.
  const lowerAt = new Map(Array.from(l.t, (t, i) => [t, l.min[i]]));
  const upperAt = new Map(Array.from(u.t, (t, i) => [t, u.max[i]]));
  const out = { t: [] as number[], expected: [] as number[], lower: [] as number[], upper: [] as number[] };
  e.t.forEach((t, i) => {
    const lower = lowerAt.get(t);
    const upper = upperAt.get(t);
    if (lower === undefined || upper === undefined) return;
    out.t.push(t);
    out.expected.push(e.avg[i]);
    out.lower.push(lower);
    out.upper.push(upper);
  });
  return out;
}
