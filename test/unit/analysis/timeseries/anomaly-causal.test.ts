import { describe, expect, it } from 'vitest';
import { CausalAnomalyDetector, detectAnomaliesCausal } from '../../../../core/analysis/timeseries/anomaly-causal';

const MIN = 60_000;
const T0 = Date.UTC(2024, 0, 1);

function rng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = Math.imul(a ^ (a >>> 15), a | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** 5-minute series: night ~10, afternoon ~100, noise sd ~1. */
function traffic(days: number, seed = 1): { ts: Float64Array; y: Float64Array } {
  const r = rng(seed);
  const n = days * 288;
  const ts = Float64Array.from({ length: n }, (_, i) => T0 + i * 5 * MIN);
  const y = Float64Array.from({ length: n }, (_, i) => {
    const g = Math.sqrt(-2 * Math.log(Math.max(r(), 1e-12))) * Math.cos(2 * Math.PI * r());
    return 55 - 45 * Math.cos((2 * Math.PI * (i % 288 - 36)) / 288) + g;
  });
  return { ts, y };
}

describe('detectAnomaliesCausal (streaming)', () => {
  it('never looks ahead: changing later values leaves every earlier result unchanged', () => {
    const { ts, y } = traffic(6, 1);
    const a = detectAnomaliesCausal(ts, y);
    const k = 1000;
    const changed = Float64Array.from(y);
    for (let i = k; i < y.length; i++) changed[i] = i % 7 === 0 ? 500 : y[i] * 3 - 40;
    const b = detectAnomaliesCausal(ts, changed);
    for (let i = 0; i < k; i++) {
      expect(b.score[i]).toBe(a.score[i]);
      expect(b.anomaly[i]).toBe(a.anomaly[i]);
    }
    // The prediction for point k itself is made before k is seen.
    for (let i = 0; i <= k; i++) {
      expect(b.expected[i]).toBe(a.expected[i]);
      expect(b.upper[i]).toBe(a.upper[i]);
    }
    // ...and the changed future is noticed.
    expect(b.anomaly.slice(k + 1).some((f) => f === 1)).toBe(true);
  });

  it('switches to a seasonal baseline once two daily cycles are seen, and says so', () => {
    const { ts, y } = traffic(5, 2);
    const r = detectAnomaliesCausal(ts, y);
    expect(r.method).toBe('seasonal');
    expect(r.periods).toEqual([288]);
    expect(r.notes.join(' ')).toMatch(/static/);
    expect(r.notes.join(' ')).toMatch(/period\(s\) 288/);
  });

  it('flags a planted spike and a night-time anomaly the moment they arrive, with an alert', () => {
    const { ts, y } = traffic(6, 3);
    const spike = 4 * 288 + 170;
    const night = 5 * 288 + 36; // 3 AM
    y[spike] += 40;
    y[night] = 60;
    const r = detectAnomaliesCausal(ts, y);
    for (const i of [spike, night]) {
      expect(r.anomaly[i]).toBe(1);
      expect(r.alert![i]).toBe(1);
    }
    expect(r.expected[night]).toBeLessThan(25);
  });

  it('falls back to static (level-only) bounds on a short series and says so', () => {
    const { ts, y } = traffic(1, 4);
    y[250] += 300;
    const r = detectAnomaliesCausal(ts, y);
    expect(r.method).toBe('static');
    expect(r.notes.join(' ')).toMatch(/level-only \(static\) baseline/);
    expect(r.anomaly[250]).toBe(1);
  });

  it('gives the same answers point by point as over the whole series', () => {
    const { ts, y } = traffic(3, 5);
    const whole = detectAnomaliesCausal(ts, y);
    const det = new CausalAnomalyDetector();
    for (let i = 0; i < y.length; i++) {
      const p = det.push(ts[i], y[i]);
      expect(p.score).toBe(whole.score[i]);
    }
  });

  it('does not learn or flag excluded ranges', () => {
    const { ts, y } = traffic(5, 6);
    const from = 3 * 288 + 120;
    const to = from + 60;
    for (let i = from; i <= to; i++) y[i] += 80;
    const r = detectAnomaliesCausal(ts, y, { exclude: [{ startMs: ts[from], endMs: ts[to] }] });
    expect(r.anomaly.slice(from, to + 1).every((f) => f === 0)).toBe(true);
    expect(r.anomaly.slice(to + 1, to + 30).every((f) => f === 0)).toBe(true);
    expect(Math.abs(r.expected[to + 1] - y[to + 1])).toBeLessThan(6);
  });

  it('never throws on constant, all-NaN, tiny, gappy or NaN-laden input', () => {
    const ts = Float64Array.from({ length: 400 }, (_, i) => T0 + i * MIN);
    expect(detectAnomaliesCausal(ts, new Float64Array(400).fill(5)).anomaly.every((f) => f === 0)).toBe(true);
    const nan = detectAnomaliesCausal(ts, new Float64Array(400).fill(NaN));
    expect(nan.anomaly.every((f) => f === 0)).toBe(true);
    expect(detectAnomaliesCausal([T0], [1]).score.length).toBe(1);
    const { ts: t2, y: y2 } = traffic(4, 7);
    const keep = Array.from(t2.keys()).filter((i) => i % 288 < 200);
    const gappy = detectAnomaliesCausal(keep.map((i) => t2[i]), keep.map((i) => (i % 50 === 0 ? NaN : y2[i])));
    expect(gappy.score[50]).toBeNaN();
    // The causal threshold (0.999) allows about one chance flag per thousand points.
    expect(gappy.ranges.length).toBeLessThanOrEqual(8);
  });
});
