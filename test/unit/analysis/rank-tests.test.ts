import { describe, expect, it } from 'vitest';
import { holm, mannWhitney, varianceInflation } from '../../../core/analysis/rank-tests';

describe('mannWhitney', () => {
  // Reference values computed with scipy 1.17.1: scipy.stats.mannwhitneyu(x, y, method='asymptotic')
  // (normal approximation, tie correction, continuity correction), which reports U of x and a two-sided p.
  it('matches scipy on two samples that do not overlap', () => {
    const r = mannWhitney([1, 2, 3, 4, 5], [6, 7, 8, 9, 10]);
    expect(r.u).toBe(0);
    expect(r.pValue).toBeCloseTo(0.012185780355344813, 6);
    expect(r.delta).toBe(-1);
  });

  it("matches scipy on samples without ties (Hollander & Wolfe's depression scores)", () => {
    const x = [1.83, 0.5, 1.62, 2.48, 1.68, 1.88, 1.55, 3.06, 1.3];
    const y = [0.878, 0.647, 0.598, 2.05, 1.06, 1.29, 1.06, 3.14, 1.29];
    const r = mannWhitney(x, y);
    expect(r.u).toBe(58);
    expect(r.pValue).toBeCloseTo(0.13291945818531892, 6);
  });

  it('matches scipy with ties, which shrink the variance', () => {
    const r = mannWhitney([3, 3, 4, 5, 5, 5, 7, 8], [1, 2, 3, 3, 4, 4, 5, 6, 6]);
    expect(r.u).toBe(48.5);
    expect(r.pValue).toBeCloseTo(0.2408735824649909, 6);
  });

  it("gives Cliff's delta as the share of pairs where x wins minus where it loses", () => {
    // pairs (x, y): (2,1) win, (2,3) lose, (4,1) win, (4,3) win -> (3 - 1) / 4
    expect(mannWhitney([2, 4], [1, 3]).delta).toBeCloseTo(0.5, 12);
  });

  it('widens the variance for correlated data, so the same ranks give a larger p-value', () => {
    const x = [5, 6, 7, 8, 9, 10];
    const y = [1, 2, 3, 4, 5.5, 6.5];
    expect(mannWhitney(x, y, 4).pValue).toBeGreaterThan(mannWhitney(x, y).pValue);
  });

  it('skips non-finite values and answers p = 1 for an empty sample', () => {
    expect(mannWhitney([NaN, 1, 2], [3, Infinity, 4]).nx).toBe(2);
    expect(mannWhitney([], [1, 2]).pValue).toBe(1);
  });
});

describe('varianceInflation', () => {
  it('is 1 for alternating residuals and large for a slow random walk', () => {
    expect(varianceInflation([1, -1, 1, -1, 1, -1, 1, -1])).toBe(1);
    const walk = Array.from({ length: 200 }, (_, i) => Math.sin(i / 15));
    expect(varianceInflation(walk)).toBeGreaterThan(10);
  });
});

describe('holm', () => {
  it('multiplies the k-th smallest p by (m - k + 1), keeping the order monotone', () => {
    // sorted 0.01, 0.03, 0.04 -> 0.03, 0.06, 0.04 -> monotone 0.03, 0.06, 0.06
    const adjusted = holm([0.01, 0.04, 0.03]);
    expect(adjusted[0]).toBeCloseTo(0.03, 12);
    expect(adjusted[1]).toBeCloseTo(0.06, 12);
    expect(adjusted[2]).toBeCloseTo(0.06, 12);
  });

  it('leaves NaN out of the count', () => {
    const adjusted = holm([0.02, NaN]);
    expect(adjusted[0]).toBeCloseTo(0.02, 12);
    expect(adjusted[1]).toBeNaN();
  });
});
