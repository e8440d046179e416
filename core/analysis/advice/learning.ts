/**
 * Learning from the person: what their decisions do to later advice, and how often the tool was right.
 *
 * Ranking: advice of the same action on the same target weighs (1 + accepted) / (1 + rejected) (Laplace's
 * rule on the person's decisions: one rejection halves the rank, one acceptance doubles it), clamped to
 * [WEIGHT_MIN, WEIGHT_MAX]; a later decision on the same recommendation replaces an earlier one. A service
 * the person said is not the incident's cause weighs NOT_CAUSE_WEIGHT, a confirmed one CAUSE_WEIGHT.
 * Confidence and stage do not change: they rest on the evidence; only the order does.
 *
 * Track record, by ISO week (Monday 00:00 UTC): anomalies flagged and those a person marked expected
 * (precision = 1 − expected / flagged, by the anomaly's week), cause verdicts (confirmed / rejected, by the
 * incident's onset week) and advice decisions (accepted / rejected, by the week they were made).
 */
import type { AdviceAction, AdviceVerdict, TrackRecord, TrackWeek } from './types';

const WEIGHT_MIN = 0.25;
const WEIGHT_MAX = 2;
const NOT_CAUSE_WEIGHT = 0.5;
const CAUSE_WEIGHT = 1.25;
const WEEK_MS = 7 * 86_400_000;
/** 1970-01-01 was a Thursday: Monday 1969-12-29 starts week 0. */
const MONDAY_OFFSET_MS = 3 * 86_400_000;

/** The latest decision per recommendation (a later one replaces an earlier one). */
export function latestDecisions(verdicts: readonly AdviceVerdict[]): AdviceVerdict[] {
  const latest = new Map<string, AdviceVerdict>();
  for (const v of [...verdicts].sort((a, b) => a.at - b.at)) latest.set(v.recommendation, v);
  return [...latest.values()];
}

/**
 * How much past decisions and cause verdicts weigh a recommendation of `action` on `target`, with the
 * reasons in words.
 *
 * @example learnedWeight('rollback', 'inventory', [{ …, action: 'rollback', target: 'inventory', decision: 'rejected' }], {}) // { weight: 0.5, … }
 */
export function learnedWeight(
  action: AdviceAction,
  target: string,
  verdicts: readonly AdviceVerdict[],
  causeVerdicts: Readonly<Record<string, 'cause' | 'not-cause'>>,
): { weight: number; reasons: string[] } {
  const same = latestDecisions(verdicts).filter((v) => v.action === action && v.target === target);
  const accepted = same.filter((v) => v.decision === 'accepted').length;
  const rejected = same.length - accepted;
  let weight = Math.min(WEIGHT_MAX, Math.max(WEIGHT_MIN, (1 + accepted) / (1 + rejected)));
  const reasons: string[] = [];
  if (accepted) reasons.push(`you accepted ${action} on ${target} ${accepted}× before`);
  if (rejected) reasons.push(`you rejected ${action} on ${target} ${rejected}× before`);
  const cause = causeVerdicts[target];
  if (cause === 'not-cause') {
    weight *= NOT_CAUSE_WEIGHT;
    reasons.push(`you said ${target} is not the cause`);
  } else if (cause === 'cause') {
    weight *= CAUSE_WEIGHT;
    reasons.push(`you confirmed ${target} as the cause`);
  }
  return { weight, reasons };
}

/** The Monday (00:00 UTC) of the week a time falls in. */
export function weekOf(ts: number): number {
  return Math.floor((ts + MONDAY_OFFSET_MS) / WEEK_MS) * WEEK_MS - MONDAY_OFFSET_MS;
}

export interface TrackInput {
  /** Each flagged anomaly: its start and whether a person marked it expected. */
  anomalies: readonly { ts: number; expected: boolean }[];
  /** The latest verdict per cause, at the incident's onset. */
  causes: readonly { ts: number; verdict: 'cause' | 'not-cause' }[];
  advice: readonly AdviceVerdict[];
}

type Counts = Omit<TrackWeek, 'week' | 'precision'>;
const emptyCounts = (): Counts => ({ anomalies: 0, expected: 0, causesConfirmed: 0, causesRejected: 0, adviceAccepted: 0, adviceRejected: 0 });
const withPrecision = (c: Counts): Omit<TrackWeek, 'week'> => ({ ...c, precision: c.anomalies ? Math.round((1 - c.expected / c.anomalies) * 1000) / 1000 : null });

/**
 * How often the tool was right, by week (oldest first, only weeks with something in them) and in total.
 *
 * @example trackRecord({ anomalies: [{ ts: 0, expected: true }, { ts: 1, expected: false }], causes: [], advice: [] }).total.precision // 0.5
 */
export function trackRecord(input: TrackInput): TrackRecord {
  const weeks = new Map<number, Counts>();
  const total = emptyCounts();
  const bump = (ts: number, field: keyof Counts): void => {
    const week = weekOf(ts);
    const counts = weeks.get(week) ?? emptyCounts();
    counts[field]++;
    total[field]++;
    weeks.set(week, counts);
  };
  for (const a of input.anomalies) {
    bump(a.ts, 'anomalies');
    if (a.expected) bump(a.ts, 'expected');
  }
  for (const c of input.causes) bump(c.ts, c.verdict === 'cause' ? 'causesConfirmed' : 'causesRejected');
  for (const v of latestDecisions(input.advice)) bump(v.at, v.decision === 'accepted' ? 'adviceAccepted' : 'adviceRejected');
  return {
    weeks: [...weeks.entries()].sort((a, b) => a[0] - b[0]).map(([week, c]) => ({ week, ...withPrecision(c) })),
    total: withPrecision(total),
  };
}
