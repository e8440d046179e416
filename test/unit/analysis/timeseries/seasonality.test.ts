import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { detectSeasonality, detectSeasonalityAt } from '../../../../core/analysis/timeseries/seasonality';
import { autocorrelation, fft } from '../../../../core/analysis/timeseries/seasonality-fft';
import { seededRandom as rng } from '../../../../core/analysis/stats';

const MIN = 60_000;


/** Daily sine + weekend drop + uniform noise, `perDay` samples a day. */
function dailyWeekly(days: number, perDay: number, seed = 1, weekend = 6): Float64Array {
  const r = rng(seed);
  const y = new Float64Array(days * perDay);
  for (let i = 0; i < y.length; i++) {
    const day = Math.floor(i / perDay) % 7;
    y[i] = 100 + 10 * Math.sin((2 * Math.PI * i) / perDay) + (day >= 5 ? -weekend : 0) + 4 * (r() - 0.5);
  }
  return y;
}

describe('fft and autocorrelation', () => {
  it('transforms and inverts a signal back to itself', () => {
    const re = Float64Array.from({ length: 16 }, (_, i) => Math.sin(i) + i / 3);
    const im = new Float64Array(16);
    const copy = Float64Array.from(re);
    fft(re, im);
    fft(re, im, true);
    for (let i = 0; i < 16; i++) expect(re[i]).toBeCloseTo(copy[i], 10);
  });

  it('gives r = 1 at lag 0 and a peak at the period of a sine', () => {
    const x = Float64Array.from({ length: 480 }, (_, i) => Math.sin((2 * Math.PI * i) / 24));
    const r = autocorrelation(x, 48);
    expect(r[0]).toBeCloseTo(1, 12);
    expect(r[24]).toBeGreaterThan(0.9);
    expect(r[12]).toBeLessThan(-0.9);
  });

  it('refuses a length that is not a power of two', () => {
    expect(() => fft(new Float64Array(6), new Float64Array(6))).toThrow(/power of two/);
  });

  it('autocorrelation gives the worked example: 1, -1, 1, -1 -> r = 1, -0.75, 0.5', () => {
    expect(Array.from(autocorrelation(Float64Array.of(1, -1, 1, -1), 2))).toEqual([1, -0.75, 0.5]);
  });

  it('autocorrelation (real-input FFT) equals its definition for odd and even lengths, within rounding', () => {
    const rand = rng(11);
    for (const n of [1, 2, 3, 7, 64, 129, 1000]) {
      const x = Float64Array.from({ length: n }, (_, i) => Math.sin(i / 5) + rand() - 0.5);
      let r0 = 0;
      for (const v of x) r0 += v * v;
      const got = autocorrelation(x, n - 1);
      expect(got).toHaveLength(n);
      for (let k = 0; k < n; k++) {
        let direct = 0; // sum_t x_t x_{t+k} / sum_t x_t^2, O(n^2)
        for (let t = 0; t + k < n; t++) direct += x[t] * x[t + k];
        expect(Math.abs(got[k] - direct / r0)).toBeLessThan(1e-12);
      }
    }
    expect(Array.from(autocorrelation(new Float64Array(6), 3))).toEqual([0, 0, 0, 0]);
  });
});

describe('detectSeasonality', () => {
  it('finds daily (1440) and weekly (10080) periods in 14 days of 1-minute data', () => {
    const res = detectSeasonality(dailyWeekly(14, 1440), { stepMs: MIN });
    expect(res.periods.map((p) => p.period)).toEqual([1440, 10080]);
    expect(res.periods.map((p) => p.label)).toEqual(['daily', 'weekly']);
    expect(res.periods[0].strength).toBeGreaterThan(0.8);
  });

  it('finds 24 and 168 in hourly data', () => {
    const res = detectSeasonality(dailyWeekly(28, 24, 3), { stepMs: 60 * MIN });
    expect(res.periods.map((p) => p.period)).toEqual([24, 168]);
  });

  it('finds a non-calendar period without knowing the step', () => {
    const r = rng(5);
    const y = Float64Array.from({ length: 1000 }, (_, i) => 5 * Math.sin((2 * Math.PI * i) / 37) + (r() - 0.5));
    const res = detectSeasonality(y);
    expect(res.periods.map((p) => p.period)).toEqual([37]);
    expect(res.periods[0].label).toBe('other');
  });

  it('detects the weekly period that augurs\' periodogram misses (its longest period is 512 samples)', async () => {
    const y = dailyWeekly(14, 288, 9, 10);
    const ours = detectSeasonality(y, { stepMs: 5 * MIN }).periods.map((p) => p.period);
    expect(ours).toEqual([288, 2016]);
    const require = createRequire(import.meta.url);
    const mod = await import('@bsull/augurs/seasons');
    mod.initSync({ module: readFileSync(join(dirname(require.resolve('@bsull/augurs/seasons')), 'seasons_bg.wasm')) });
    const theirs = Array.from(mod.seasonalities(y));
    expect(theirs).not.toContain(2016);
  });

  it('finds nothing in white noise', () => {
    const r = rng(11);
    const y = Float64Array.from({ length: 4032 }, () => r());
    expect(detectSeasonality(y, { stepMs: 5 * MIN }).periods).toEqual([]);
  });

  it('says so, without throwing, for constant, all-NaN and very short series', () => {
    const constant = detectSeasonality(new Float64Array(500).fill(3), { stepMs: MIN });
    expect(constant.periods).toEqual([]);
    expect(constant.notes.join(' ')).toMatch(/constant/);
    const nan = detectSeasonality(new Float64Array(100).fill(NaN));
    expect(nan.periods).toEqual([]);
    expect(nan.notes.join(' ')).toMatch(/too few finite points/);
    expect(detectSeasonality(Float64Array.of(1, 2, 3)).periods).toEqual([]);
  });

  it('keeps the phase across gaps when given timestamps', () => {
    const y = dailyWeekly(6, 24, 4);
    const ts: number[] = [];
    const vs: number[] = [];
    y.forEach((v, i) => {
      if (i % 24 < 20 || i < 24) {
        ts.push(i * 3_600_000);
        vs.push(v);
      }
    });
    const res = detectSeasonalityAt(ts, vs);
    expect(res.stepMs).toBe(3_600_000);
    expect(res.periods.map((p) => p.period)).toContain(24);
  });
});
