/**
 * The shapes of advice: recommendations (what to do about an incident or a regressed release, with the
 * evidence it rests on, its expected effect, confidence, risk and the stage a policy gives it), runbooks
 * (Markdown files whose front-matter says which incidents they fit) and a person's decisions on advice.
 * Shared by the pure analysis in this folder, the `advice/*` contract methods, the CLI and the UI.
 * Pure data: no store, no I/O. Nothing here is ever executed: commands are text for a person.
 */
import type { RootCauseKind } from '../incidents/types';

/** What a recommendation proposes to do. */
export const ADVICE_ACTIONS = [
  'rollback',
  'config-revert',
  'restart',
  'scale-out',
  'rate-limit',
  'cache-warm',
  'raise-limit',
  'add-index',
  'free-disk',
  'failover',
  'investigate',
] as const;
export type AdviceAction = (typeof ADVICE_ACTIONS)[number];

export type Risk = 'low' | 'medium' | 'high';

/** How a recommendation may be acted on (issue #15): from the policy, by confidence and risk. */
export const STAGES = ['eligible', 'canary', 'ticket', 'noted'] as const;
export type Stage = (typeof STAGES)[number];

/** A stage as a person reads it. */
export const STAGE_LABELS: Record<Stage, string> = {
  eligible: 'eligible for automation',
  canary: 'canary / A-B first',
  ticket: 'ticket for a person',
  noted: 'noted',
};

/** One piece of evidence a recommendation rests on; `ref` names the stored thing it came from. */
export interface AdviceEvidence {
  text: string;
  /** e.g. `change:47`, `incident:INC-…`, `release:47`, `series:38`, `pattern:c1c9…`; null for a derived reason. */
  ref: string | null;
}

/** What should happen once the step is done: a metric and the level it should return to. */
export interface ExpectedEffect {
  text: string;
  metric: string | null;
  seriesId: number | null;
  /** The level before the incident (median), which it should return to; null when unknown. */
  level: number | null;
  unit: string | null;
}

/** One command as text (never run by Hindsight) and how to check it worked. */
export interface AdviceCommand {
  text: string;
  verify: string;
  expect: string;
}

export interface Recommendation {
  /** Stable across runs: `<incident or release>:<action>:<target>`. */
  id: string;
  title: string;
  action: AdviceAction;
  /** The service the step acts on (the change it undoes is in `evidence` and the title). */
  target: string;
  /** The incident it is about, or null for a release regression on its own. */
  incident: string | null;
  evidence: AdviceEvidence[];
  expectedEffect: ExpectedEffect;
  /** 0..1: how sure the advice is that this step addresses the cause. */
  confidence: number;
  risk: Risk;
  /** Why the risk is what it is. */
  riskReason: string;
  stage: Stage;
  /** From the best matching runbook of the same action; empty when none matches. */
  commands: AdviceCommand[];
  /** The runbook the commands come from, or null. */
  runbook: string | null;
  /** A mitigation already seen that did this (the step is then a check that it holds). */
  alreadyDone: { text: string; ref: string; time: number } | null;
  /** Ordering score: confidence weighted by what the person decided on like advice before. */
  rank: number;
  /** What past decisions did to the rank, in words; empty when none applied. */
  learned: string[];
}

/** The rules a runbook matches on (all optional; a runbook with none matches nothing). */
export interface RunbookMatch {
  kinds: RootCauseKind[];
  /** Service names or globs (`*`, `pay*`): a filter — a runbook naming services fits only those. */
  services: string[];
  /** Metric names as globs (`http_errors*`) or regexes (`/latency|duration/i`). */
  metrics: string[];
  /** Log templates as globs or regexes. */
  logs: string[];
}

export interface RunbookStep {
  title: string;
  /** Command text with placeholders ({service}, {version}, {previous_version}, {metric}, {level}, {key}, {old_value}). */
  command: string;
  expect: string;
  verify: string;
}

export interface Runbook {
  id: string;
  title: string;
  action: AdviceAction;
  risk: Risk;
  match: RunbookMatch;
  /** The prose of the file (Markdown), steps included. */
  body: string;
  steps: RunbookStep[];
  /** Where it came from: 'built-in' or 'user', and its file. */
  origin: 'built-in' | 'user';
  file: string;
}

/** A runbook that fits an incident, with why. */
export interface RunbookMatchResult {
  runbook: Runbook;
  score: number;
  reasons: string[];
}

export type AdviceDecision = 'accepted' | 'rejected';

/** A person's decision on one recommendation. */
export interface AdviceVerdict {
  recommendation: string;
  incident: string | null;
  action: AdviceAction;
  target: string;
  decision: AdviceDecision;
  at: number;
}

/** One week of the track record (how often the tool was right). */
export interface TrackWeek {
  /** Monday 00:00 UTC. */
  week: number;
  anomalies: number;
  expected: number;
  /** 1 − expected / anomalies; null when none were flagged. */
  precision: number | null;
  causesConfirmed: number;
  causesRejected: number;
  adviceAccepted: number;
  adviceRejected: number;
}

export interface TrackRecord {
  weeks: TrackWeek[];
  total: Omit<TrackWeek, 'week'>;
}
