/**
 * Advice: recommendations drawn from the findings (what to do, resting on which evidence, with the stage
 * an editable policy gives them), the runbooks that fit an incident, its remediation plan as Markdown,
 * a person's decisions on advice (which later rankings use) and how often the tool was right. Nothing
 * is ever executed: commands are text.
 */
import { z } from 'zod';
import type { AdvicePolicy } from '../analysis/advice/policy';
import { policySchema } from '../analysis/advice/policy';
import type { Recommendation, Runbook, Stage, TrackRecord } from '../analysis/advice/types';
import { incidentIdParam } from './incidents';
import { method, none, type ContractPart } from './define';

export type { AdvicePolicy } from '../analysis/advice/policy';
export type { AdviceAction, AdviceCommand, AdviceEvidence, Recommendation, Risk, Runbook, Stage, TrackRecord, TrackWeek } from '../analysis/advice/types';
export { STAGE_LABELS } from '../analysis/advice/types';

/** The recommendations of one stage. */
export interface AdviceGroup {
  stage: Stage;
  label: string;
  recommendations: Recommendation[];
}

export interface AdviceList {
  groups: AdviceGroup[];
  policy: AdvicePolicy;
  /** The incidents the advice was drawn from. */
  incidents: number;
  /** Runbook files that could not be read (file:line: reason); the others still apply. */
  problems: string[];
}

/** A runbook as lists show it (its body for the detail), with why it fits the incident asked about. */
export interface RunbookInfo extends Omit<Runbook, 'body'> {
  body: string;
  /** Null when no incident was asked about, or it does not fit. */
  score: number | null;
  reasons: string[];
}

export interface RunbookList {
  runbooks: RunbookInfo[];
  /** Where a person's own runbooks go. */
  userDir: string;
  problems: string[];
}

export const adviceDecideParams = z.strictObject({
  incident: incidentIdParam,
  /** The recommendation's id (from advice/list). */
  recommendation: z.string().min(1).max(500),
  decision: z.enum(['accepted', 'rejected']),
  note: z.string().max(2000).optional(),
});

export const adviceContract = {
  /** Recommendations grouped by stage (eligible, canary, ticket, noted), best rank first; one incident's with `incident`. */
  'advice/list': method(z.strictObject({ incident: incidentIdParam.optional() })).returns<AdviceList>(),
  /** Accept or reject a recommendation; later advice of the same action and target ranks by it. */
  'advice/decide': method(adviceDecideParams).returns<{ ok: true }>(),
  /** The runbooks (built-in and the person's), ranked for an incident when one is given. */
  'advice/runbooks': method(z.strictObject({ incident: incidentIdParam.optional() })).returns<RunbookList>(),
  /** An incident's remediation plan as Markdown (commands as text, never executed). */
  'advice/plan': method(z.strictObject({ incident: incidentIdParam })).returns<{ markdown: string; filename: string }>(),
  /** The staging policy in effect and where it is stored. */
  'advice/policy': method(none).returns<{ policy: AdvicePolicy; file: string; edited: boolean }>(),
  /** Stores an edited policy (checked first). */
  'advice/setPolicy': method(z.strictObject({ policy: policySchema })).returns<{ policy: AdvicePolicy; file: string; edited: boolean }>(),
  /** How often the tool was right, by week: anomalies marked expected, cause verdicts, advice decisions. */
  'advice/trackRecord': method(none).returns<TrackRecord>(),
} as const satisfies ContractPart;
