/**
 * The staging policy (issue #15): which stage a recommendation gets from its confidence and risk.
 * Below `minConfidence` a recommendation is only noted; above it, its risk picks the stage (by default
 * low → eligible for automation, medium → canary / A-B first, high → ticket for a person). The policy is
 * JSON a person may edit (`$HINDSIGHT_HOME/advice-policy.json`); it is checked with zod so a typo is a
 * clear message, not a silent default. Eligible means exported for automation a person allowed: Hindsight
 * itself never runs a step.
 */
import { z } from 'zod';
import { STAGES, type Risk, type Stage } from './types';

const stage = z.enum(STAGES);

export const policySchema = z.strictObject({
  /** Below this confidence a recommendation is only noted, whatever its risk. */
  minConfidence: z.number().min(0).max(1),
  /** The stage for each risk once the confidence is high enough. */
  byRisk: z.strictObject({ low: stage, medium: stage, high: stage }),
});

export type AdvicePolicy = z.infer<typeof policySchema>;

/** The shipped policy: the staged path of issue #15. */
export const DEFAULT_POLICY: AdvicePolicy = {
  minConfidence: 0.8,
  byRisk: { low: 'eligible', medium: 'canary', high: 'ticket' },
};

/**
 * The stage of a recommendation under a policy.
 *
 * @example stageOf(0.9, 'low') // 'eligible'
 * @example stageOf(0.7, 'low') // 'noted'
 */
export function stageOf(confidence: number, risk: Risk, policy: AdvicePolicy = DEFAULT_POLICY): Stage {
  if (!Number.isFinite(confidence) || confidence < policy.minConfidence) return 'noted';
  return policy.byRisk[risk];
}

/**
 * A policy from JSON text; throws an Error naming the source and the field when it is not one.
 *
 * @example parsePolicy('{"minConfidence":0.9,"byRisk":{"low":"canary","medium":"ticket","high":"ticket"}}', 'advice-policy.json')
 */
export function parsePolicy(text: string, source: string): AdvicePolicy {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (err) {
    throw new Error(`${source}: not JSON (${err instanceof Error ? err.message : String(err)})`, { cause: err });
  }
  const parsed = policySchema.safeParse(value);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new Error(`${source}: ${issue.path.join('.') || '(top level)'}: ${issue.message}`);
  }
  return parsed.data;
}
