import { describe, expect, it } from 'vitest';
import { CausalAnomalyDetector, detectAnomaliesCausal } from '../../../../core/analysis/timeseries/anomaly-causal';
import { WindowMeanScore } from '../../../../core/analysis/timeseries/causal-collective';
import { EpisodeGate, surprise } from '../../../../core/analysis/timeseries/causal-episode';
import { DailyRecurrence } from '../../../../core/analysis/timeseries/causal-recurrence';
import { seededRandom as rng } from '../../../../core/analysis/stats';

const MIN = 60_000;
const T0 = Date.UTC(2024, 0, 1);


function gauss(r: () => number): number {
  return Math.sqrt(-2 * Math.log(Math.max(r(), 1e-12))) * Math.cos(2 * Math.PI * r());
}

/**
 * 5-minute series of n points: level 50 plus noise of sd 1, Gaussian or uniform (bounded at 1.73, so that no point
 * crosses the 3.29-sigma threshold by chance and a test can count alerts exactly).
 */
function flat(n: number, seed: number, noise: 'gauss' | 'uniform' = 'gauss'): { ts: Float64Array; y: Float64Array } {
  const r = rng(seed);
  return {
    ts: Float64Array.from({ length: n }, (_, i) => T0 + i * 5 * MIN),
    y: Float64Array.from({ length: n }, () => 50 + (noise === 'gauss' ? gauss(r) : Math.sqrt(3) * (2 * r() - 1))),
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
    const da = new CausalAnomalyDetector();
    const db = new CausalAnomalyDetector();
    for (let i = 0; i < k; i++) expect(db.push(ts[i], changed[i]).alertScore).toBe(da.push(ts[i], y[i]).alertScore);
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
      expect(r.alert![i]).toBe(r.score[i]);
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

  it('works with a step given up front (no inference from the first points)', () => {
    const { ts, y } = traffic(3, 8);
    y[700] += 40;
    const r = detectAnomaliesCausal(ts, y, { stepMs: 5 * MIN });
    expect(r.stepMs).toBe(5 * MIN);
    expect(r.expected.slice(1).every((v) => Number.isFinite(v))).toBe(true);
    expect(r.anomaly[700]).toBe(1);
    expect(r.periods).toEqual([288]);
  });

  it('catches a sustained small shift that no single point reveals (collective score)', () => {
    const { ts, y } = flat(2000, 11, 'uniform');
    const from = 1500;
    for (let i = from; i < from + 60; i++) y[i] += 2; // each point at most 3.73 out: under 3 robust sigmas
    const on = detectAnomaliesCausal(ts, y, { periods: [] });
    const off = detectAnomaliesCausal(ts, y, { periods: [], windowPoints: 0 });
    const flagged = (r: typeof on) => r.anomaly.slice(from, from + 60).some((f) => f === 1);
    expect(flagged(on)).toBe(true);
    expect(flagged(off)).toBe(false);
    // On noise alone the collective score keeps to about the 0.1% false-flag rate of the threshold.
    expect(on.anomaly.slice(0, from).reduce((a, b) => a + b, 0)).toBeLessThanOrEqual(3);
  });

  it('re-anchors the level at once after a sustained level shift, and says so', () => {
    const { ts, y } = flat(2000, 12);
    const from = 1200;
    for (let i = from; i < y.length; i++) y[i] += 30;
    const on = detectAnomaliesCausal(ts, y, { periods: [] });
    const off = detectAnomaliesCausal(ts, y, { periods: [], shiftPoints: 0 });
    const at = from + 60;
    expect(Math.abs(on.expected[at] - 80)).toBeLessThan(3);
    expect(Math.abs(off.expected[at] - 80)).toBeGreaterThan(10);
    expect(on.notes.join(' ')).toMatch(/re-anchored after 1 sustained shift/);
    // The shift itself alerts once.
    expect(on.alert!.slice(from, from + 40).filter((a) => a > 0).length).toBe(1);
  });

  it('treats a spike that recurs at the same time every day as routine, yet flags one at a new time', () => {
    const { ts, y } = flat(7 * 288, 13);
    const night = (d: number) => d * 288 + 24 + (d % 2); // 02:00 or 02:05
    for (let d = 0; d < 7; d++) y[night(d)] += 25;
    const afternoon = 6 * 288 + 170;
    y[afternoon] += 25;
    const on = detectAnomaliesCausal(ts, y, { periods: [] });
    const off = detectAnomaliesCausal(ts, y, { periods: [], recurrenceDays: 0 });
    expect(on.anomaly[night(1)]).toBe(1); // seen once before: not yet routine
    for (let d = 3; d < 7; d++) {
      expect(on.anomaly[night(d)]).toBe(0);
      expect(on.score[night(d)]).toBeCloseTo(0.99, 12);
      expect(off.anomaly[night(d)]).toBe(1);
    }
    expect(on.anomaly[afternoon]).toBe(1);
    expect(on.notes.join(' ')).toMatch(/routine/);
  });

  it('alerts once per episode and again only when the episode escalates', () => {
    const { ts, y } = flat(1500, 14, 'uniform');
    const k = 1000;
    y[k] += 8;
    y[k + 10] += 8; // inside the cooldown
    y[k + 60] += 6; // after the cooldown, below the held peak
    y[k + 120] += 40; // escalation
    y[k + 400] += 6; // a new episode: the held peak has decayed to 0 within 200 slots of the last flag
    const det = new CausalAnomalyDetector({ periods: [], episodeSpan: 200 });
    const pts = Array.from(y, (v, i) => det.push(ts[i], v));
    for (const i of [k, k + 10, k + 60, k + 120, k + 400]) expect(pts[i].anomaly).toBe(true);
    expect(pts.map((p, i) => (p.alert ? i : -1)).filter((i) => i >= 0)).toEqual([k, k + 120, k + 400]);
    for (const p of pts) expect(p.alertScore === 0 || p.alertScore === p.score).toBe(true);
    expect(pts[k + 60].alertScore).toBe(0);
    expect(pts[k + 120].alertScore).toBe(pts[k + 120].score);
  });

  it('opens one alert per incident: the alert column holds the score on the row where the alert opens, 0 on the rest', () => {
    const { ts, y } = flat(2000, 21);
    const from = 1400;
    for (let i = from; i < from + 24; i++) y[i] += 25 + 10 * Math.sin(i); // a 2-hour outage, jagged, far out
    const r = detectAnomaliesCausal(ts, y, { periods: [] });
    const opened = [...r.alert!.keys()].filter((i) => r.alert![i] > 0 && i >= from && i < from + 24);
    expect(opened).toEqual([from]);
    expect(r.alert![from]).toBe(r.score[from]);
    // The other rows of the episode are flagged (score) but open no alert.
    expect(r.anomaly.slice(from, from + 24).reduce((a, b) => a + b, 0)).toBeGreaterThan(10);
    // On the noise before it, rows that open no alert hold 0 and every opened alert is a flagged row.
    for (let i = 0; i < from; i++) if (r.alert![i] > 0) expect(r.anomaly[i]).toBe(1);
  });
});

describe('WindowMeanScore (collective statistic)', () => {
  it('scores a run of moderate same-sign errors high and a lone clipped spike low', () => {
    const r = rng(21);
    const w = new WindowMeanScore(20);
    for (let i = 0; i < 1000; i++) w.push(gauss(r));
    const spike = w.push(50); // clipped to 3: adds 0.15 to the mean
    expect(spike).toBeLessThan(0.99);
    for (let i = 0; i < 20; i++) w.push(gauss(r));
    let last = 0;
    for (let i = 0; i < 20; i++) last = w.push(2 + 0.1 * gauss(r));
    expect(last).toBeGreaterThan(0.999);
  });

  it('says nothing until it has a history, and throws on a window below one point', () => {
    const w = new WindowMeanScore(5);
    for (let i = 0; i < 99; i++) expect(w.push(i % 2 === 0 ? 3 : -3)).toBe(0);
    expect(() => new WindowMeanScore(0)).toThrow(/window/);
  });
});

describe('DailyRecurrence (time-of-day routine check)', () => {
  it('calls an excursion routine once it happened near the same time on two earlier days', () => {
    const rec = new DailyRecurrence(24, { days: 4, tolerance: 1 });
    for (let s = 0; s < 24 * 3; s++) rec.record(s, s % 24 === 5 || s === 24 + 6 ? 6 : 0.3);
    expect(rec.isRoutine(3 * 24 + 5, 7)).toBe(true);
    expect(rec.isRoutine(3 * 24 + 12, 7)).toBe(false); // a new time of day
    expect(rec.isRoutine(3 * 24 + 5, -7)).toBe(false); // the other direction
    expect(rec.isRoutine(3 * 24 + 5, 20)).toBe(false); // much larger than before
    expect(rec.isRoutine(3 * 24 + 5, 2)).toBe(false); // not an excursion at all
  });

  it('counts a day without data as no match, and throws on fewer than two slots a day', () => {
    const rec = new DailyRecurrence(24, { days: 4, tolerance: 1 });
    rec.record(5, 6);
    rec.record(2 * 24 + 5, 6); // the day in between is a gap
    expect(rec.isRoutine(3 * 24 + 5, 6)).toBe(true);
    rec.record(7 * 24, 0); // a gap of four days wipes what was kept
    expect(rec.isRoutine(7 * 24 + 5, 6)).toBe(false);
    expect(() => new DailyRecurrence(1)).toThrow(/slotsPerDay/);
  });
});

describe('EpisodeGate (alert episodes)', () => {
  it('holds the peak through the cooldown, lets it decay, and re-opens on escalation', () => {
    const g = new EpisodeGate(10, 110);
    const s6 = 1 - 1e-6;
    expect(surprise(s6)).toBeCloseTo(6, 9);
    expect(g.gate(0, s6)).toBe(s6);
    g.flag(0, s6);
    expect(g.gate(5, 1 - 1e-12)).toBe(0); // cooldown: nothing opens an alert
    expect(g.gate(60, 1 - 2e-3)).toBe(0); // peak 6 decayed to 3: surprise 2.7 is not above it
    expect(g.gate(60, 1 - 1e-4)).toBe(1 - 1e-4); // surprise 4 escalates
    expect(g.gate(111, 1 - 1e-3)).toBe(1 - 1e-3); // the episode is over
    expect(g.gate(111, NaN)).toBe(0);
  });
});
