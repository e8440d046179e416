import { describe, expect, it } from 'vitest';
import { detectAnomalies, detectAnomaliesCausal } from '../../../../core/analysis/timeseries/anomaly';
import { calibratedScale, ResolutionTracker, valueResolution } from '../../../../core/analysis/timeseries/calibration';
import { dayTypeBaseline } from '../../../../core/analysis/timeseries/day-type';
import { seededRandom } from '../../../../core/analysis/stats';

const MIN = 60_000;
const DAY = 86_400_000;
/** Monday 2024-01-01, UTC. */
const MONDAY = Date.UTC(2024, 0, 1);

/** Standard normal draws from a seeded source. */
function gauss(rand: () => number): number {
  return Math.sqrt(-2 * Math.log(Math.max(rand(), 1e-12))) * Math.cos(2 * Math.PI * rand());
}

/** `days` of 5-minute points from `start`: f(time of day in hours, weekend?) plus noise of sd `noise`. */
function series(days: number, start: number, f: (hour: number, weekend: boolean) => number, noise: number, seed = 1): { ts: Float64Array; y: Float64Array } {
  const rand = seededRandom(seed);
  const n = days * 288;
  const ts = Float64Array.from({ length: n }, (_, i) => start + i * 5 * MIN);
  const y = Float64Array.from(ts, (t) => {
    const day = new Date(t).getUTCDay();
    return f(((t % DAY) / DAY) * 24, day === 0 || day === 6) + noise * gauss(rand);
  });
  return { ts, y };
}

describe('calibrated anomaly scores', () => {
  it('measures a series resolution as its smallest step, and none for a constant with one blip', () => {
    expect(valueResolution([2, 3, 3, 5, 2, 4])).toBe(1);
    expect(valueResolution([0.25, 0.5, 0.75, 0.5])).toBe(0.25);
    expect(valueResolution([7, 7, 8, 7])).toBe(0);
    const r = new ResolutionTracker();
    for (const v of [3, 3, 4, 6, 4]) r.push(v);
    expect(r.resolution).toBe(1);
    expect(calibratedScale(0.01, 1, 3.3, { resolutionFloor: 1, levelFloor: 0 })).toBe(1);
  });

  it('does not give a quantised gauge 20 sigmas for one step: 2 where about 3.3 is usual stays unflagged', () => {
    // A pool gauge with small whole-number values: mostly 3, sometimes 4, rarely 2.
    const rand = seededRandom(5);
    const n = 2000;
    const ts = Float64Array.from({ length: n }, (_, i) => MONDAY + i * MIN);
    const y = Float64Array.from({ length: n }, () => {
      const u = rand();
      return u < 0.7 ? 3 : u < 0.98 ? 4 : 2;
    });
    for (const r of [detectAnomalies(ts, y, { periods: [] }), detectAnomaliesCausal(ts, y, { periods: [] })]) {
      for (let i = 200; i < n; i++) {
        if (y[i] === 2) {
          expect(r.anomaly[i]).toBe(0);
          expect(Math.abs(y[i] - r.expected[i]) / r.scale[i]).toBeLessThan(5);
        }
      }
    }
    // A real jump of the same gauge to 12 is still flagged.
    y[1500] = 12;
    expect(detectAnomalies(ts, y, { periods: [] }).anomaly[1500]).toBe(1);
    expect(detectAnomaliesCausal(ts, y, { periods: [] }).anomaly[1500]).toBe(1);
  });

  it('never expects a negative value, nor a band below zero, for a non-negative request rate', () => {
    // Requests per second: near zero at night, steep ramps, so a seasonal fit would undershoot below zero.
    const { ts, y } = series(6, MONDAY, (h) => Math.max(0, 400 * Math.sin((Math.PI * (h - 6)) / 12)), 3, 2);
    for (let i = 0; i < y.length; i++) y[i] = Math.max(0, y[i]);
    for (const r of [detectAnomalies(ts, y), detectAnomaliesCausal(ts, y)]) {
      for (let i = 0; i < y.length; i++) {
        if (Number.isFinite(r.expected[i])) expect(r.expected[i]).toBeGreaterThanOrEqual(0);
        if (Number.isFinite(r.lower[i])) expect(r.lower[i]).toBeGreaterThanOrEqual(0);
      }
    }
    // A series that does go negative keeps its negative expectations.
    const signed = Float64Array.from(y, (v) => v - 200);
    expect(detectAnomalies(ts, signed).expected.some((e) => e < 0)).toBe(true);
  });

  it('with 10 days of history learns a quieter weekend instead of flagging it, and says which baseline it used', () => {
    // Business traffic: a daily shape, weekends at 40% of weekdays. Ten days: one weekend, no second week.
    const shape = (h: number, weekend: boolean): number => (weekend ? 0.4 : 1) * (100 + 80 * Math.sin((Math.PI * (h - 6)) / 12));
    const { ts, y } = series(10, MONDAY, shape, 2, 3);
    const r = detectAnomalies(ts, y);
    expect(r.baseline).toBe('daily + weekday/weekend');
    expect(r.notes.join(' ')).toMatch(/a daily profile per day type/);
    const weekendFlags = r.ranges.filter((g) => [0, 6].includes(new Date(g.peakMs).getUTCDay()));
    expect(weekendFlags).toHaveLength(0);
    // A real drop on a Sunday afternoon is still found.
    const sunday = 6 * 288 + 15 * 12;
    for (let i = sunday; i < sunday + 12; i++) y[i] *= 0.3;
    const hit = detectAnomalies(ts, y);
    expect(hit.ranges.some((g) => g.startIndex <= sunday + 11 && g.endIndex >= sunday)).toBe(true);
  });

  it('judges a request rate whose noise grows with load by the noise of its hour: busy-hour noise is not flagged', () => {
    // Counts per second: Poisson-like noise, sd = sqrt(rate), from ~5 at night to ~400 by day.
    const rand = seededRandom(8);
    const { ts } = series(14, MONDAY, () => 0, 0);
    const rate = Float64Array.from(ts, (t) => 5 + 395 * Math.max(0, Math.sin((Math.PI * (((t % DAY) / DAY) * 24 - 6)) / 12)));
    const y = Float64Array.from(rate, (r) => Math.max(0, r + Math.sqrt(r) * gauss(rand)));
    const r = detectAnomalies(ts, y);
    expect(r.notes.join(' ')).toMatch(/scale per hour of day/);
    expect(r.ranges.filter((g) => g.severity !== 'low')).toHaveLength(0);
    // 60 extra requests per second stand out at 3 AM (sd ~2) but not at noon (sd ~20).
    const night = 10 * 288 + 3 * 12;
    y[night] += 60;
    expect(detectAnomalies(ts, y).anomaly[night]).toBe(1);
  });

  it('keeps the daily profile alone when the weekend looks like the weekdays', () => {
    const { ts, y } = series(10, MONDAY, (h) => 100 + 80 * Math.sin((Math.PI * (h - 6)) / 12), 2, 4);
    expect(detectAnomalies(ts, y).baseline).toBe('daily');
  });

  it('does not take a level shift that starts on a Saturday for a weekend effect', () => {
    const { ts, y } = series(10, MONDAY, (h) => 100 + 80 * Math.sin((Math.PI * (h - 6)) / 12), 1, 6);
    for (let s = 5 * 288 + 144; s < y.length; s++) y[s] -= 30; // from Saturday noon on
    expect(dayTypeBaseline(y, ts[0], 5 * MIN, 1)).toBeNull();
    expect(detectAnomalies(ts, y).baseline).toBe('daily');
  });
});
