/**
 * Peer comparison: which services look unlike their peers now, by the modified z-score of per-service
 * statistics — Iglewicz & Hoaglin (1993), "How to Detect and Handle Outliers": z = (x − median) / (1.4826·MAD),
 * flag |z| > 3.5 — over level, tail, spread and the shape of the daily profile.
 */
import { median, quantile, robustScale } from '../stats';

export interface ServiceSeries {
  name: string;
  ts: Float64Array;
  values: Float64Array;
}

export type PeerStatName = 'median' | 'p95' | 'spread' | 'shape';

export interface PopulationOptions {
  /** Only points with from ≤ ts < to are summarised (default all). */
  from?: number;
  to?: number;
  /** Robust z beyond which a service is named (default 3.5). */
  threshold?: number;
  /** Bins of the time-of-day profile for the shape statistic (default 24; 0 turns it off). */
  profileBins?: number;
  /**
   * Smallest difference that counts, as a share of a typical service's own variation (default 0.1): the
   * z-scale is never below this share of the median within-service robust std (median, p95), of the median
   * spread (spread), or of one standardised unit (shape). Without it, near-identical peers make a MAD so
   * small that a 1% difference reads as an outlier.
   */
  minEffect?: number;
}

export interface PeerStat {
  stat: PeerStatName;
  value: number;
  /** The peers' median of this statistic. */
  peers: number;
  /** Robust z against all services (shape: only large distances count, so z ≥ 0 is what matters). */
  z: number;
}

export interface PopulationMember {
  name: string;
  /** Largest |z| over the statistics (shape: only its positive side). */
  score: number;
  flagged: boolean;
  stats: PeerStat[];
  /** The statistic that stands out most, in words. */
  reason: string;
}

export interface PopulationResult {
  /** Every service, most unusual first. */
  members: PopulationMember[];
  /** Names of flagged services, most unusual first. */
  flagged: string[];
  notes: string[];
}

const DAY_MS = 86_400_000;

/** Time-of-day profile (mean per bin), standardised to mean 0 and std 1; zeros when flat. */
function profile(ys: number[], tss: number[], bins: number): Float64Array {
  const sum = new Float64Array(bins);
  const cnt = new Float64Array(bins);
  ys.forEach((v, i) => {
    const b = Math.min(bins - 1, Math.floor(((((tss[i] % DAY_MS) + DAY_MS) % DAY_MS) / DAY_MS) * bins));
    sum[b] += v;
    cnt[b]++;
  });
  const p = Float64Array.from(sum, (s, b) => (cnt[b] ? s / cnt[b] : NaN));
  const fin = Array.from(p).filter(Number.isFinite);
  const m = fin.reduce((a, b) => a + b, 0) / Math.max(1, fin.length);
  const sd = Math.sqrt(fin.reduce((a, b) => a + (b - m) ** 2, 0) / Math.max(1, fin.length));
  return Float64Array.from(p, (v) => (Number.isFinite(v) && sd > 0 ? (v - m) / sd : Number.isFinite(v) ? 0 : NaN));
}

/**
 * Ranks services by how far they sit from their peers.
 *
 * For each service, over [from, to): the median, the 95th percentile, the spread (IQR) and the RMS distance
 * of its standardised time-of-day profile from the element-wise median profile of all services. Each
 * statistic gets a robust z across services, (x − median)/scale with scale = 1.4826·MAD, else 1.2533·mean
 * absolute deviation (so nine identical peers and one different still give a finite z), but never below the
 * `minEffect` floor (a tenth of a typical service's own variation); z = 0 when all are equal.
 * A service's score is its largest |z| (shape: one-sided); it is flagged above `threshold`.
 * O(total points + services · bins). NaN skipped; a service with no point in range is listed with NaN
 * statistics and never flagged; fewer than 5 services still give a result, noted as weak. Never throws.
 */
export function populationOutliers(services: ServiceSeries[], options: PopulationOptions = {}): PopulationResult {
  const notes: string[] = [];
  const threshold = options.threshold ?? 3.5;
  const bins = Math.max(0, Math.round(options.profileBins ?? 24));
  const from = options.from ?? -Infinity;
  const to = options.to ?? Infinity;
  const raw = services.map((s) => {
    const ys: number[] = [];
    const tss: number[] = [];
    for (let i = 0; i < Math.min(s.ts.length, s.values.length); i++) {
      if (s.ts[i] >= from && s.ts[i] < to && Number.isFinite(s.values[i]) && Number.isFinite(s.ts[i])) {
        ys.push(s.values[i]);
        tss.push(s.ts[i]);
      }
    }
    const q1 = quantile(ys, 0.25);
    const q3 = quantile(ys, 0.75);
    return {
      name: s.name,
      n: ys.length,
      within: robustScale(ys),
      median: median(ys),
      p95: quantile(ys, 0.95),
      spread: q3 - q1,
      profile: bins > 0 && ys.length > 0 ? profile(ys, tss, bins) : null,
    };
  });
  const empty = raw.filter((r) => r.n === 0).map((r) => r.name);
  if (empty.length) notes.push(`no points in range for: ${empty.join(', ')}`);
  const live = raw.filter((r) => r.n > 0);
  if (live.length < 5) notes.push(`only ${live.length} services with data: peer statistics are weak below 5`);

  let shape: number[] = raw.map(() => NaN);
  if (bins > 0 && live.length >= 3) {
    const med = new Float64Array(bins);
    for (let b = 0; b < bins; b++) med[b] = median(live.map((r) => r.profile![b]));
    shape = raw.map((r) => {
      if (!r.profile) return NaN;
      let s = 0;
      let m = 0;
      for (let b = 0; b < bins; b++) {
        if (Number.isFinite(r.profile[b]) && Number.isFinite(med[b])) {
          s += (r.profile[b] - med[b]) ** 2;
          m++;
        }
      }
      return m > 0 ? Math.sqrt(s / m) : NaN;
    });
  }

  const columns: [PeerStatName, number[]][] = [
    ['median', raw.map((r) => r.median)],
    ['p95', raw.map((r) => r.p95)],
    ['spread', raw.map((r) => r.spread)],
  ];
  if (bins > 0) columns.push(['shape', shape]);
  const effect = options.minEffect ?? 0.1;
  const within = median(raw.map((r) => r.within));
  const floor: Record<PeerStatName, number> = {
    median: effect * within,
    p95: effect * within,
    spread: effect * median(raw.map((r) => r.spread)),
    shape: effect,
  };
  const zs = columns.map(([stat, xs]) => {
    const c = median(xs);
    const mad = robustScale(xs, c);
    const sc = Math.max(Number.isFinite(mad) ? mad : 0, Number.isFinite(floor[stat]) ? floor[stat] : 0);
    return { stat, xs, c, z: xs.map((x) => (Number.isFinite(x) && sc > 0 ? (x - c) / sc : Number.isFinite(x) ? 0 : NaN)) };
  });

  const members: PopulationMember[] = raw.map((r, i) => {
    const stats: PeerStat[] = zs.map(({ stat, xs, c, z }) => ({ stat, value: xs[i], peers: c, z: z[i] }));
    let score = 0;
    let top: PeerStat | null = null;
    for (const s of stats) {
      const a = s.stat === 'shape' ? s.z : Math.abs(s.z);
      if (Number.isFinite(a) && a > score) {
        score = a;
        top = s;
      }
    }
    const fmt = (v: number): string => (Math.abs(v) >= 100 ? v.toFixed(0) : v.toPrecision(3));
    const reason = !top
      ? 'like its peers'
      : top.stat === 'shape'
        ? `its daily profile differs from its peers' (${score.toFixed(1)} robust deviations)`
        : `${top.stat} ${fmt(top.value)} vs peers' ${fmt(top.peers)} (${score.toFixed(1)} robust deviations ${top.z > 0 ? 'above' : 'below'})`;
    return { name: r.name, score, flagged: r.n > 0 && score > threshold, stats, reason };
  });
  members.sort((a, b) => b.score - a.score);
  return { members, flagged: members.filter((m) => m.flagged).map((m) => m.name), notes };
}
