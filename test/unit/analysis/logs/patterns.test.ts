import { describe, expect, it } from 'vitest';
import { isErrorLevel, patternEvents, type TemplateCounts } from '../../../../core/analysis/logs/patterns';
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
  it('finds a planted 10x burst at its bucket', () => {
    const counts = noisy(20, 1);
    counts[120] = 200;
    const ev = patternEvents([{ templateId: 'a', counts }]);
    const bursts = ev.filter((e) => e.kind === 'burst');
    expect(bursts).toHaveLength(1);
    expect(bursts[0]).toMatchObject({ templateId: 'a', start: 120, end: 120 });
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
