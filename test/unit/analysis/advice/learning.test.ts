/** The track record by ISO week, and what decisions weigh. */
import { describe, expect, it } from 'vitest';
import { learnedWeight, trackRecord, weekOf } from '../../../../core/analysis/advice/learning';

const DAY = 86_400_000;
const MON = Date.UTC(2026, 2, 2); // Monday 2 March 2026

describe('weekOf', () => {
  it('is the Monday 00:00 UTC of the week', () => {
    expect(weekOf(MON)).toBe(MON);
    expect(weekOf(MON + 6 * DAY + DAY - 1)).toBe(MON);
    expect(weekOf(MON + 7 * DAY)).toBe(MON + 7 * DAY);
  });
});

describe('trackRecord', () => {
  it('counts precision of anomalies, cause confirmations and advice decisions per week', () => {
    const r = trackRecord({
      anomalies: [
        { ts: MON + DAY, expected: false },
        { ts: MON + 2 * DAY, expected: true },
        { ts: MON + 3 * DAY, expected: false },
        { ts: MON + 3 * DAY, expected: false },
        { ts: MON + 8 * DAY, expected: true },
      ],
      causes: [
        { ts: MON + DAY, verdict: 'cause' },
        { ts: MON + 9 * DAY, verdict: 'not-cause' },
      ],
      advice: [
        { recommendation: 'a', incident: 'i', action: 'rollback', target: 's', decision: 'rejected', at: MON + 8 * DAY },
        { recommendation: 'a', incident: 'i', action: 'rollback', target: 's', decision: 'accepted', at: MON + 9 * DAY },
        { recommendation: 'b', incident: 'i', action: 'restart', target: 's', decision: 'rejected', at: MON + 9 * DAY },
      ],
    });
    expect(r.weeks.map((w) => w.week)).toEqual([MON, MON + 7 * DAY]);
    expect(r.weeks[0]).toMatchObject({ anomalies: 4, expected: 1, precision: 0.75, causesConfirmed: 1, causesRejected: 0, adviceAccepted: 0 });
    expect(r.weeks[1]).toMatchObject({ anomalies: 1, expected: 1, precision: 0, causesRejected: 1, adviceAccepted: 1, adviceRejected: 1 });
    expect(r.total).toMatchObject({ anomalies: 5, expected: 2, precision: 0.6, adviceAccepted: 1, adviceRejected: 1 });
  });

  it('has no precision where nothing was flagged', () => {
    expect(trackRecord({ anomalies: [], causes: [], advice: [] })).toEqual({
      weeks: [],
      total: { anomalies: 0, expected: 0, precision: null, causesConfirmed: 0, causesRejected: 0, adviceAccepted: 0, adviceRejected: 0 },
    });
  });
});

describe('learnedWeight', () => {
  it("is Laplace's ratio of accepted to rejected decisions of the same action and target, clamped", () => {
    const v = (decision: 'accepted' | 'rejected', i: number) => ({ recommendation: `r${i}`, incident: null, action: 'rollback' as const, target: 'api', decision, at: i });
    expect(learnedWeight('rollback', 'api', [], {}).weight).toBe(1);
    expect(learnedWeight('rollback', 'api', [v('rejected', 1)], {}).weight).toBe(0.5);
    expect(learnedWeight('rollback', 'api', [v('accepted', 1), v('accepted', 2), v('accepted', 3)], {}).weight).toBe(2);
    expect(learnedWeight('rollback', 'api', [1, 2, 3, 4, 5].map((i) => v('rejected', i)), {}).weight).toBe(0.25);
    expect(learnedWeight('restart', 'api', [v('rejected', 1)], {}).weight).toBe(1);
  });
});
