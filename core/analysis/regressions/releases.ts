/**
 * Release regressions: for every production deploy, its service's key metrics (./metrics) after it against the time
 * before it, both seasonally adjusted (./compare), Holm's adjustment over the metrics of one release (Holm 1979), and a verdict per
 * metric and per release — regressed, improved, no change, not enough data — with a confidence, the worst metrics
 * and a sentence. A later deploy of the same service that rolls it back (a rollback/revert, or the version that
 * ran before it) is linked. After Gandalf (Li et al., NSDI 2020), which judges each deploy by its before/after
 * effect on the metrics of what it touched. Pure: releases and series in, verdicts out; O(releases · metrics ·
 * points · days).
 */
import { LARGE_DELTA, holm } from '../rank-tests';
import { compareMetric, DAY_MS, DEFAULT_COMPARE, type CompareOptions, type MetricComparison } from './compare';
import { keyMetrics, type KeyMetric, type MetricRole, type MetricSeries } from './metrics';
import type { MetricShift, RegressionVerdict, ReleaseRegression } from './types';

/** A production deploy as the analysis needs it. */
export interface ReleaseEvent {
  eventId: number;
  ts: number;
  /** End of the rollout, when it took a while. */
  endTs: number | null;
  service: string | null;
  title: string;
  version: string | null;
  /** A rollback, revert or hotfix that undoes an earlier release (by its kind or title). */
  mitigation: boolean;
}

export interface RegressionOptions extends CompareOptions {
  /** Time after a release compared at most (default 24 h), and skipped right after it while it rolls out and warms up (default 10 min). */
  afterMs: number;
  settleMs: number;
  /** Family-wise error rate over one release's metrics (Holm), default 0.01. */
  alpha: number;
  /** Least |Cliff's delta| of a change that counts (default 0.33, the upper end of "small" in Romano et al. 2006). */
  minEffect: number;
  /**
   * Least relative change of the median that counts, per role: chosen on half A of bench/regressions.ts's seeds (the
   * best recall at precision ≥ 0.9); memory twice latency's, as a process restarted by the deploy climbs back for hours.
   */
  minRelChange: Record<MetricRole, number>;
  /** Least absolute change of an error ratio that counts (default 0.002: 0.2 percentage points). */
  minErrorRatioChange: number;
  /** Judge as of this moment: data and releases after it are left out. */
  asOf?: number;
  /** Writes a value in its unit for the sentences (default: 3 significant digits and the unit). */
  format: (value: number, unit: string | null) => string;
  /** Worst metrics kept per release (default 5). */
  keepWorst: number;
}

export const DEFAULT_REGRESSION: RegressionOptions = {
  ...DEFAULT_COMPARE,
  afterMs: DAY_MS,
  settleMs: 10 * 60_000,
  alpha: 0.01,
  minEffect: 0.33,
  minRelChange: { latency: 0.2, errors: 0.5, throughput: 0.1, cpu: 0.2, memory: 0.4 },
  minErrorRatioChange: 0.002,
  format: (value, unit) => `${Number(value.toPrecision(3))}${unit ? ` ${unit}` : ''}`,
  keepWorst: 5,
};

/** How long a later deploy may come and still be this release's rollback. */
const ROLLBACK_WITHIN_MS = 7 * DAY_MS;

/** Names of the roles in sentences. */
const ROLE_WORDS: Record<MetricRole, string> = { latency: 'latency', errors: 'error ratio', throughput: 'traffic', cpu: 'CPU', memory: 'memory' };

/**
 * The verdict of one metric from its comparison and Holm-adjusted p-value: a significant, large enough change in the
 * bad direction is a regression, in the other an improvement. Memory that falls after a release is what any
 * restart gives, so memory is only ever regressed or unchanged; throughput's verdict is reported but never decides
 * the release (traffic comes and goes by itself).
 */
export function metricVerdict(c: MetricComparison, adjustedP: number, opts: RegressionOptions): RegressionVerdict {
  if (c.shortOf) return 'not-enough-data';
  const role = c.metric.role;
  const absChange = Math.abs(c.afterMedian - c.beforeMedian);
  const large =
    adjustedP <= opts.alpha &&
    Math.abs(c.effect) >= opts.minEffect &&
    Math.abs(c.relChange) >= opts.minRelChange[role] &&
    (role !== 'errors' || absChange >= (c.metric.unit === '%' ? 100 : 1) * opts.minErrorRatioChange);
  if (!large) return 'no-change';
  const up = c.effect > 0;
  const worse = c.metric.badDirection === 'up' ? up : !up;
  if (!worse && role === 'memory') return 'no-change';
  return worse ? 'regressed' : 'improved';
}

/** Ordering of shifts: regressed, improved, no change, not enough data; within each the larger effect first. */
const VERDICT_ORDER: Record<RegressionVerdict, number> = { regressed: 0, improved: 1, 'no-change': 2, 'not-enough-data': 3 };

function worstFirst(a: MetricShift, b: MetricShift): number {
  return VERDICT_ORDER[a.verdict] - VERDICT_ORDER[b.verdict] || Math.abs(b.effect) - Math.abs(a.effect);
}

/** A change in words: `latency (p99) 310 ms → 1.1 s (+250 %)`, `×69` from nine times up. */
function changeWords(s: MetricShift, unit: string | null, role: MetricRole, opts: RegressionOptions): string {
  const pct = !Number.isFinite(s.relChange)
    ? 'from 0'
    : s.relChange >= 9
      ? `×${(1 + s.relChange).toFixed(0)}`
      : `${s.relChange >= 0 ? '+' : '−'}${Math.abs(s.relChange * 100).toFixed(Math.abs(s.relChange) < 0.1 ? 1 : 0)} %`;
  return `${ROLE_WORDS[role]} (${s.series}) ${opts.format(s.beforeMedian, unit)} → ${opts.format(s.afterMedian, unit)} (${pct})`;
}

/** How long, in words: `3.2 h`, `45 min`. */
function span(ms: number): string {
  return ms >= 2 * 3_600_000 ? `${(ms / 3_600_000).toFixed(1)} h` : `${Math.round(ms / 60_000)} min`;
}

/** A comparison as the shared MetricShift (with its Holm-adjusted verdict). */
function shiftOf(c: MetricComparison, verdict: RegressionVerdict, adjustedP: number): MetricShift {
  return {
    seriesId: c.metric.series.seriesId,
    series: c.metric.label,
    badDirection: c.metric.badDirection,
    beforeMedian: c.beforeMedian,
    afterMedian: c.afterMedian,
    relChange: c.relChange,
    pValue: Number.isNaN(adjustedP) ? c.pValue : adjustedP,
    effect: c.effect,
    verdict,
  };
}

/** The later release of the same service that undoes `r`: the next one, when it is a mitigation or brings back the version before `r`. */
function rollbackOf(r: ReleaseEvent, next: ReleaseEvent | undefined, previous: ReleaseEvent | undefined): number | null {
  if (!next || next.ts - r.ts > ROLLBACK_WITHIN_MS) return null;
  const restores = next.version !== null && previous?.version !== null && previous?.version !== undefined && next.version === previous.version && next.version !== r.version;
  return next.mitigation || restores ? next.eventId : null;
}

/** One release judged (see the file's header). `metrics` are its service's key metrics; `previous` and `next` the service's releases around it. */
function judgeRelease(r: ReleaseEvent, metrics: readonly KeyMetric[], previous: ReleaseEvent | undefined, next: ReleaseEvent | undefined, dataEnd: number, opts: RegressionOptions): ReleaseRegression {
  const from = Math.max(r.ts, r.endTs ?? r.ts) + opts.settleMs;
  const beforeFrom = Math.max(r.ts - opts.afterMs, previous ? Math.max(previous.ts, previous.endTs ?? previous.ts) + opts.settleMs : -Infinity);
  const to = Math.min(r.ts + opts.afterMs, next?.ts ?? Infinity, dataEnd, opts.asOf ?? Infinity);
  const traffic = metrics.filter((m) => m.role === 'throughput').sort((a, b) => b.series.ts.length - a.series.ts.length)[0]?.series ?? null;
  const comparisons = to > from ? metrics.map((m) => compareMetric(m, { releaseTs: r.ts, beforeFrom, from, to }, traffic, opts)) : [];
  const adjusted = holm(comparisons.map((c) => (c.shortOf ? NaN : c.pValue)));
  const shifts = comparisons.map((c, i) => shiftOf(c, metricVerdict(c, adjusted[i], opts), adjusted[i]));
  const roleOf = new Map(shifts.map((s, i) => [s, comparisons[i].metric]));
  const deciding = shifts.filter((s) => roleOf.get(s)?.role !== 'throughput');
  const judged = deciding.filter((s) => s.verdict !== 'not-enough-data');
  const verdict: RegressionVerdict = judged.some((s) => s.verdict === 'regressed')
    ? 'regressed'
    : judged.some((s) => s.verdict === 'improved')
      ? 'improved'
      : judged.length
        ? 'no-change'
        : 'not-enough-data';
  const worst = [...shifts].sort(worstFirst);
  const top = worst.filter((s) => s.verdict === verdict && roleOf.get(s)?.role !== 'throughput');
  // How far a metric moved in a way that could matter: memory falling after a restart does not.
  const moved = (s: MetricShift): number => (roleOf.get(s)?.role === 'memory' ? Math.max(0, s.effect) : Math.abs(s.effect));
  const coverage = Math.min(1, (Math.max(0, ...comparisons.map((c) => c.nAfter)) * opts.stepMs) / (6 * 3_600_000));
  const confidence =
    verdict === 'regressed' || verdict === 'improved'
      ? Math.max(...top.map((s) => (1 - s.pValue) * Math.min(1, Math.abs(s.effect) / LARGE_DELTA)))
      : verdict === 'no-change'
        ? coverage * (1 - Math.max(...judged.map(moved)))
        : 0;
  const who = `${r.version ? `Release ${r.version}` : `"${r.title}"`} of ${r.service ?? 'an unnamed service'}`;
  const words = (s: MetricShift): string => {
    const m = roleOf.get(s) as KeyMetric;
    return changeWords(s, m.unit, m.role, opts);
  };
  let sentence: string;
  if (verdict === 'regressed' || verdict === 'improved') {
    sentence = `${who} ${verdict === 'regressed' ? 'made things worse' : 'made things better'} over the ${span(to - from)} after it, against the time before it (both against the same hours on earlier days): ${top.slice(0, 2).map(words).join('; ')}.`;
  } else if (verdict === 'no-change') {
    const largest = [...judged].sort((a, b) => moved(b) - moved(a))[0];
    sentence = `${who} changed nothing that matters in ${judged.length} metric(s) over the ${span(to - from)} after it${largest ? ` (largest shift: ${words(largest)})` : ''}.`;
  } else {
    const reason = r.service === null ? 'the deploy names no service' : !metrics.length ? `no latency, error, traffic, CPU or memory series of ${r.service}` : (comparisons.find((c) => c.shortOf)?.shortOf ?? `only ${span(Math.max(0, to - from))} after it before the next release`);
    sentence = `${who}: not enough data to judge (${reason}).`;
  }
  const traffics = shifts.filter((s) => roleOf.get(s)?.role === 'throughput' && s.verdict !== 'no-change' && s.verdict !== 'not-enough-data');
  if (traffics.length && verdict !== 'not-enough-data') sentence += ` Traffic changed too (${words(traffics[0])}); that alone is not counted.`;
  return {
    eventId: r.eventId,
    ts: r.ts,
    service: r.service,
    title: r.title,
    version: r.version,
    verdict,
    confidence: Number(Math.max(0, Math.min(1, confidence)).toFixed(3)),
    worst: worst.slice(0, opts.keepWorst),
    rolledBackBy: null,
    sentence,
  };
}

/**
 * Every release judged, in time order (see the file's header). `series` are the workspace's series (only those of
 * a released service are read); `dataEnd` the end of the data (default: the last sample of any series).
 * Releases after `asOf` are left out. Never throws on data: what cannot be judged says why.
 *
 * @example releaseRegressions(deploys, series)[0].verdict // 'regressed' for a deploy that doubled p95 latency
 */
export function releaseRegressions(releases: readonly ReleaseEvent[], series: readonly MetricSeries[], options: Partial<RegressionOptions> = {}): ReleaseRegression[] {
  const opts: RegressionOptions = { ...DEFAULT_REGRESSION, ...options, minRelChange: { ...DEFAULT_REGRESSION.minRelChange, ...options.minRelChange } };
  let dataEnd = -Infinity;
  for (const s of series) if (s.ts.length) dataEnd = Math.max(dataEnd, s.ts[s.ts.length - 1] + 1);
  const byService = new Map<string, MetricSeries[]>();
  for (const s of series) if (s.service) byService.set(s.service, [...(byService.get(s.service) ?? []), s]);
  const metricsOf = new Map<string, KeyMetric[]>();
  const sorted = releases.filter((r) => opts.asOf === undefined || r.ts <= opts.asOf).sort((a, b) => a.ts - b.ts || a.eventId - b.eventId);
  const out: ReleaseRegression[] = [];
  sorted.forEach((r, i) => {
    const same = (o: ReleaseEvent): boolean => o.service === r.service && r.service !== null;
    const next = sorted.slice(i + 1).find(same);
    const previous = sorted.slice(0, i).reverse().find(same);
    if (r.service && !metricsOf.has(r.service)) metricsOf.set(r.service, keyMetrics(byService.get(r.service) ?? []));
    const metrics = r.service ? (metricsOf.get(r.service) ?? []) : [];
    const release = judgeRelease(r, metrics, previous, next, dataEnd, opts);
    release.rolledBackBy = rollbackOf(r, next, previous);
    if (release.rolledBackBy !== null && next) release.sentence += ` Undone ${span(next.ts - r.ts)} later by "${next.title}".`;
    out.push(release);
  });
  return out;
}
