/**
 * Where a slow build-up began (buildup.ts): the fitted start of a climb, with the plateau after it (a full disk
 * stays full) left out of the fit.
 */
import { describe, expect, it } from 'vitest';
import { climbStart } from '../../../../core/analysis/incidents/buildup';

const MIN = 60_000;

/** One-minute samples: `flat` before `start`, a straight climb to `top` over `climbMin`, then `top` until `n`. */
function fill(n: number, start: number, climbMin: number, flat: number, top: number): { ts: Float64Array; values: Float64Array } {
  const ts = new Float64Array(n);
  const values = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    ts[i] = i * MIN;
    values[i] = i < start ? flat : i < start + climbMin ? flat + ((top - flat) * (i - start)) / climbMin : top;
  }
  return { ts, values };
}

describe('climbStart', () => {
  it('dates a disk fill from where it began, though the disk then stayed full for an hour', () => {
    const { ts, values } = fill(400, 200, 60, 0.6, 1);
    const climb = climbStart(ts, values, 399 * MIN, { minMs: 30 * MIN });
    expect(climb).not.toBeNull();
    expect(Math.abs((climb?.startTs ?? 0) - 200 * MIN)).toBeLessThanOrEqual(3 * MIN);
    expect(Math.abs((climb?.peakTs ?? 0) - 260 * MIN)).toBeLessThanOrEqual(3 * MIN);
  });

  it('finds no climb in a short rise unless the caller allows one that short', () => {
    const { ts, values } = fill(400, 200, 60, 0.6, 1);
    expect(climbStart(ts, values, 399 * MIN)).toBeNull();
  });
});
