import { describe, expect, it } from 'vitest';
import { normalFrom, seededRandom } from '../../../../core/analysis/stats';
import { populationOutliers, type ServiceSeries } from '../../../../core/analysis/timeseries/population';

const MIN5 = 300_000;
const T0 = Date.UTC(2024, 0, 1);
const DAY = 288;

/** Three days of a daily load curve peaking at `peakHour`, plus `offset`, with noise. */
function svc(name: string, seed: number, peakHour = 14, offset = 0): ServiceSeries {
  const g = normalFrom(seededRandom(seed));
  const n = 3 * DAY;
  const ts = Float64Array.from({ length: n }, (_, i) => T0 + i * MIN5);
  const values = Float64Array.from(
    { length: n },
    (_, i) => 100 + offset + 40 * Math.cos((2 * Math.PI * (i - (peakHour * DAY) / 24)) / DAY) + 5 * g(),
  );
  return { name, ts, values };
}

describe('populationOutliers (robust z across peers)', () => {
  it('names the one service of ten whose daily profile is shifted', () => {
    const services = Array.from({ length: 10 }, (_, k) => svc(`svc-${k}`, k + 1, k === 6 ? 22 : 14));
    const r = populationOutliers(services);
    expect(r.flagged).toEqual(['svc-6']);
    expect(r.members[0].name).toBe('svc-6');
    expect(r.members[0].reason).toMatch(/daily profile/);
    // its level, tail and spread are like everyone's: only the shape gives it away
    expect(r.members[0].stats.filter((s) => s.stat !== 'shape').every((s) => Math.abs(s.z) < 3.5)).toBe(true);
  });

  it('names a service whose level is shifted, saying which statistic and which way', () => {
    const services = Array.from({ length: 10 }, (_, k) => svc(`svc-${k}`, k + 20, 14, k === 3 ? 60 : 0));
    const r = populationOutliers(services);
    expect(r.flagged).toEqual(['svc-3']);
    expect(r.members[0].reason).toMatch(/above/);
  });

  it('names nobody among ten alike services', () => {
    const r = populationOutliers(Array.from({ length: 10 }, (_, k) => svc(`svc-${k}`, k + 40)));
    expect(r.flagged).toEqual([]);
  });

  it('summarises only the chosen time range', () => {
    const services = Array.from({ length: 10 }, (_, k) => svc(`svc-${k}`, k + 60));
    for (let i = 2 * DAY; i < 3 * DAY; i++) services[8].values[i] += 100; // only on day 3
    expect(populationOutliers(services, { to: T0 + 2 * DAY * MIN5 }).flagged).toEqual([]);
    expect(populationOutliers(services, { from: T0 + 2 * DAY * MIN5 }).flagged).toContain('svc-8');
  });

  it('copes with empty, constant and too few services without throwing', () => {
    const flat = (name: string): ServiceSeries => ({ name, ts: Float64Array.of(T0, T0 + MIN5), values: Float64Array.of(5, 5) });
    const r = populationOutliers([flat('a'), flat('b'), { name: 'c', ts: new Float64Array(0), values: new Float64Array(0) }]);
    expect(r.flagged).toEqual([]);
    expect(r.notes.join(' ')).toMatch(/no points in range for: c/);
    expect(r.notes.join(' ')).toMatch(/weak below 5/);
    expect(populationOutliers([]).members).toEqual([]);
  });
});
