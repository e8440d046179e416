import { describe, expect, it } from 'vitest';
import {
  baselineIndex, isErrorLevel, patternEvents, patternScore, seasonalBaseline, type TemplateCounts,
} from '../../../../core/analysis/logs/patterns';
import { rng } from './helpers';

const N = 200;

/** Poisson-ish counts around `rate` (seeded): sum of Bernoulli trials. */
function noisy(rate: number, seed: number): Float64Array {
  const r = rng(seed);
  const out = new Float64Array(N);
  for (let t = 0; t < N; t++) {
    let c = 0;
    for (let k = 0; k < rate * 2; k++) if (r() < 0.5) c++;
    out[t] = c;
  }
  return out;
}

describe('pattern events', () => {
  it('finds a planted 10x burst at its bucket: a surge, since the pattern existed before', () => {
    const counts = noisy(20, 1);
    counts[120] = 200;
    const ev = patternEvents([{ templateId: 'a', counts }]);
    const bursts = ev.filter((e) => e.kind === 'burst' || e.kind === 'surge');
    expect(bursts).toHaveLength(1);
    expect(bursts[0]).toMatchObject({ kind: 'surge', templateId: 'a', start: 120, end: 120 });
    expect(bursts[0].magnitude).toBeGreaterThan(8);
  });

  it('reports a burst lasting several buckets as one event', () => {
    const counts = noisy(20, 2);
    for (let t = 150; t < 154; t++) counts[t] = 180;
    const bursts = patternEvents([{ templateId: 'a', counts }]).filter((e) => e.kind === 'burst');
    expect(bursts.map((b) => [b.start, b.end])).toEqual([[150, 153]]);
  });

  it('finds no burst or drop in steady noise', () => {
    const ev = patternEvents([{ templateId: 'a', counts: noisy(20, 3) }, { templateId: 'b', counts: noisy(3, 4) }]);
    expect(ev.filter((e) => e.kind === 'burst' || e.kind === 'drop')).toEqual([]);
  });

  it('finds a drop of a steady template', () => {
    const counts = noisy(30, 5);
    counts[100] = 0;
    counts[101] = 0;
    const drops = patternEvents([{ templateId: 'a', counts }]).filter((e) => e.kind === 'drop');
    expect(drops.map((d) => [d.start, d.end])).toEqual([[100, 101]]);
  });

  it('finds a planted new pattern at its first bucket', () => {
    const fresh = new Float64Array(N);
    for (let t = 130; t < N; t += 3) fresh[t] = 2;
    const ev = patternEvents([{ templateId: 'old', counts: noisy(20, 6) }, { templateId: 'fresh', counts: fresh }],
      { baselineEnd: 100 });
    const news = ev.filter((e) => e.kind === 'new');
    expect(news).toHaveLength(1);
    expect(news[0]).toMatchObject({ templateId: 'fresh', start: 130 });
  });

  it('finds rare templates by share and quantile', () => {
    const series: TemplateCounts[] = [];
    for (let k = 0; k < 20; k++) series.push({ templateId: `t${k}`, counts: noisy(20, 10 + k) });
    const rare = new Float64Array(N);
    rare[50] = 1;
    series.push({ templateId: 'rare', counts: rare });
    const ev = patternEvents(series).filter((e) => e.kind === 'rare');
    expect(ev.map((e) => e.templateId)).toEqual(['rare']);
    expect(ev[0]).toMatchObject({ start: 50, end: 50, magnitude: 1 });
  });

  it('finds an error surge spread over several error templates', () => {
    const a = noisy(4, 20);
    const b = noisy(4, 21);
    for (let t = 170; t < 173; t++) { a[t] += 20; b[t] += 20; }
    const ev = patternEvents([
      { templateId: 'a', counts: a, level: 'ERROR' },
      { templateId: 'b', counts: b, level: 'error' },
      { templateId: 'info', counts: noisy(50, 22), level: 'INFO' },
    ]);
    const surges = ev.filter((e) => e.kind === 'error-surge');
    expect(surges).toHaveLength(1);
    expect(surges[0]).toMatchObject({ templateId: '', start: 170, end: 172 });
  });

  it('skips missing buckets (NaN) without flagging them', () => {
    const counts = noisy(20, 30);
    for (let t = 60; t < 70; t++) counts[t] = NaN;
    expect(patternEvents([{ templateId: 'a', counts }]).filter((e) => e.kind !== 'rare')).toEqual([]);
  });

  it('checks that all templates share one bucket axis', () => {
    expect(() => patternEvents([{ templateId: 'a', counts: new Float64Array(3) }, { templateId: 'b', counts: new Float64Array(4) }]))
      .toThrow(/buckets/);
    expect(patternEvents([])).toEqual([]);
  });

  it('knows error levels', () => {
    expect(isErrorLevel('FATAL')).toBe(true);
    expect(isErrorLevel('warn')).toBe(false);
    expect(isErrorLevel(undefined)).toBe(false);
  });
});

/** A week of 5-minute buckets from Monday 00:00 UTC, with their start times. */
const BUCKET = 300_000;
const DAY = 288;
const T0 = Date.UTC(2024, 0, 15);
const week = Float64Array.from({ length: 7 * DAY }, (_, i) => T0 + i * BUCKET);

/** A nightly batch: 2,000 lines in each bucket of 02:00-02:30, one now and then otherwise. */
function nightlyBatch(): Float64Array {
  const c = new Float64Array(7 * DAY);
  for (let d = 0; d < 7; d++) for (let b = 24; b < 30; b++) c[d * DAY + b] = 2000;
  for (let t = 0; t < c.length; t += 50) c[t] += 1;
  return c;
}

/** Steady background counts around `rate` per 5-minute bucket over the week. */
function steadyWeek(rate: number, seed: number): Float64Array {
  const r = rng(seed);
  return Float64Array.from({ length: 7 * DAY }, () => Math.round(rate * (0.8 + 0.4 * r())));
}

describe('pattern events judged against the same hour on previous days and the log span', () => {
  it('a daily batch at 02:00 is routine on day 7 (and days 2-6), though its trailing 4 hours were quiet', () => {
    const series = [{ templateId: 'batch', counts: nightlyBatch() }, { templateId: 'web', counts: steadyWeek(20, 40) }];
    const seasonal = patternEvents(series, { window: 48, starts: week });
    expect(seasonal.filter((e) => e.templateId === 'batch' && e.start >= DAY && (e.kind === 'burst' || e.kind === 'surge'))).toEqual([]);
    // Without the bucket times only the trailing 4 hours are known, and the batch bursts every night.
    const trailingOnly = patternEvents(series, { window: 48 });
    expect(trailingOnly.some((e) => e.templateId === 'batch' && (e.kind === 'burst' || e.kind === 'surge') && e.start >= 6 * DAY))
      .toBe(true);
  });

  it('gives the same-hour baseline as the median over previous days of the largest count near that time', () => {
    const c = nightlyBatch();
    expect(seasonalBaseline(c, week, 6 * DAY + 25)).toBe(2000);
    expect(seasonalBaseline(c, week, 6 * DAY + 150)).toBe(0);
    expect(seasonalBaseline(c, week, 10)).toBeNaN();
  });

  it('a pattern growing 400x during an incident is a surge, ranked above the batch and above bursts', () => {
    const errors = steadyWeek(2, 41);
    const incident = 6 * DAY + 168; // day 7, 14:00
    for (let t = incident; t < incident + 3; t++) errors[t] = 800;
    const fresh = new Float64Array(7 * DAY);
    for (let t = 5 * DAY; t < 7 * DAY; t += 7) fresh[t] = 1;
    fresh[6 * DAY + 200] = 60;
    const series: TemplateCounts[] = [
      { templateId: 'batch', counts: nightlyBatch(), level: 'INFO' },
      { templateId: 'db-timeout', counts: errors, level: 'ERROR' },
      { templateId: 'web', counts: steadyWeek(20, 42), level: 'INFO' },
      { templateId: 'sparse', counts: fresh, level: 'INFO' },
    ];
    const ev = patternEvents(series, { window: 48, starts: week });
    const surge = ev.find((e) => e.templateId === 'db-timeout' && e.kind === 'surge');
    expect(surge).toMatchObject({ start: incident, end: incident + 2 });
    expect(surge?.magnitude).toBeGreaterThanOrEqual(100);
    const score = (e: (typeof ev)[number]): number => patternScore(e, series.find((s) => s.templateId === e.templateId)?.level === 'ERROR');
    const others = ev.filter((e) => e !== surge && e.kind !== 'rare' && e.kind !== 'error-surge');
    expect(others.length).toBeGreaterThan(0);
    for (const e of others) expect(score(surge as (typeof ev)[number])).toBeGreaterThan(score(e));
    // The batch's first night (nothing before it) is at most a burst, never a surge.
    expect(ev.some((e) => e.templateId === 'batch' && e.kind === 'surge')).toBe(false);
  });

  it('a pattern present from the first hour of the log is not new, even in a short log', () => {
    // Two hours of log: a quarter of the span is 30 minutes, but the first hour is always baseline.
    const starts = Float64Array.from({ length: 24 }, (_, i) => T0 + i * BUCKET);
    const end = baselineIndex(starts, T0, T0 + 2 * 3_600_000, 0.25);
    expect(end).toBe(12);
    const early = new Float64Array(24);
    for (let t = 8; t < 24; t++) early[t] = 3;
    const late = new Float64Array(24);
    for (let t = 14; t < 24; t++) late[t] = 3;
    const ev = patternEvents([{ templateId: 'early', counts: early }, { templateId: 'late', counts: late }], { baselineEnd: end, starts });
    expect(ev.filter((e) => e.kind === 'new').map((e) => e.templateId)).toEqual(['late']);
  });
});
