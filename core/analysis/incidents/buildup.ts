/**
 * Where a slow build-up began: a leak's memory (or a filling disk) climbs for hours before the failure the
 * alerts see, so the failure's moment is not the incident's onset. The climb is fitted by least squares from
 * half-way up to its peak and extended back to the series' low level; where the line meets it is the start.
 * (The piecewise-linear view of a trend change, as in Prophet's changepoints: Taylor & Letham, "Forecasting
 * at Scale", The American Statistician 2018.) Pure: no store, no I/O.
 */
import { quantile } from '../stats';

/** Share of the rise at which the climb is taken to have reached its top. */
const PEAK_SHARE = 0.95;

export interface Climb {
  /** The climbing series, where the caller names it. */
  metric?: string;
  seriesId?: number;
  /** Where the fitted climb meets the low level. */
  startTs: number;
  peakTs: number;
  base: number;
  peak: number;
}

/**
 * The climb ending where the series first came within 5 % of its highest point at or before `until` (going back
 * from that point while it stays so high), or null when there is none worth the
 * name: a rise of at least `minRise` (share of the low level, default 0.3) lasting at least `minMs` (default
 * 2 h). Low level: the 10th percentile of the window. NaNs skipped. O(n).
 * @example climbStart(ts, memory, oomTs)?.startTs // the deploy that started the leak, give or take minutes
 */
export function climbStart(ts: ArrayLike<number>, values: ArrayLike<number>, until: number, o: { minRise?: number; minMs?: number } = {}): Climb | null {
  let maxIdx = -1;
  for (let i = 0; i < ts.length && ts[i] <= until; i++) if (Number.isFinite(values[i]) && (maxIdx < 0 || values[i] > values[maxIdx])) maxIdx = i;
  if (maxIdx < 2) return null;
  const window: number[] = [];
  for (let i = 0; i <= maxIdx; i++) if (Number.isFinite(values[i])) window.push(values[i]);
  const base = quantile(window, 0.1);
  // The climb ends where the series first comes near its top: a plateau after it (a full disk) is not climb.
  const top = base + PEAK_SHARE * (values[maxIdx] - base);
  let peakIdx = maxIdx;
  while (peakIdx > 0 && !(values[peakIdx - 1] < top)) peakIdx--;
  const peak = values[peakIdx];
  if (!(peak - base >= (o.minRise ?? 0.3) * Math.abs(base)) || peak <= base) return null;
  // Back from the peak to where the series was last below half-way: the upper half of the climb.
  const half = base + (peak - base) / 2;
  let lo = peakIdx;
  while (lo > 0 && !(values[lo - 1] < half)) lo--;
  let n = 0;
  let st = 0;
  let sv = 0;
  let stt = 0;
  let stv = 0;
  for (let i = lo; i <= peakIdx; i++) {
    if (!Number.isFinite(values[i])) continue;
    const t = (ts[i] - ts[peakIdx]) / 3_600_000;
    n++;
    st += t;
    sv += values[i];
    stt += t * t;
    stv += t * values[i];
  }
  const denom = n * stt - st * st;
  if (n < 3 || denom <= 0) return null;
  const slope = (n * stv - st * sv) / denom;
  const intercept = (sv - slope * st) / n;
  if (!(slope > 0)) return null;
  const startTs = ts[peakIdx] + ((base - intercept) / slope) * 3_600_000;
  if (ts[peakIdx] - startTs < (o.minMs ?? 2 * 3_600_000)) return null;
  return { startTs: Math.max(ts[0], startTs), peakTs: ts[peakIdx], base, peak };
}
