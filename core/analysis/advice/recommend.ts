/**
 * Recommendations for an incident (and for releases the regression analysis found regressed): what to do,
 * on what, resting on which evidence, with the level the metric should return to, a confidence, a risk and
 * the stage the policy gives them. Commands come from the best matching runbook of the same action, as
 * text: nothing is ever executed.
 *
 * Where the numbers come from:
 * - a change-driven step (roll back a deploy, revert a config) combines independent indications by a
 *   noisy-OR, 1 − Π(1 − pᵢ): the classifier's probability for the matching kind, the change's attribution
 *   score × its service's root-cause score, a regression verdict on the release (its confidence), and a
 *   mitigation of the same service after the onset (the incident ended after one: 0.5);
 * - a kind-driven step (restart a leak, scale out a saturation, …) takes the classifier's probability for
 *   the kind, the root-cause score of its service as a factor;
 * - the rank multiplies the confidence by what the person decided on like advice before (`learning.ts`).
 */
import type { ReleaseRegression } from '../regressions/types';
import type { Incident, RankedChange, RootCauseKind } from '../incidents/types';
import { learnedWeight } from './learning';
import { DEFAULT_POLICY, stageOf, type AdvicePolicy } from './policy';
import { fillPlaceholders, matchRunbooks } from './runbooks';
import type { AdviceAction, AdviceCommand, AdviceEvidence, AdviceVerdict, ExpectedEffect, Recommendation, Risk, Runbook } from './types';

/** The root cause's top metric and its level before the onset (median), from the store. */
export interface Baseline {
  seriesId: number;
  metric: string;
  unit: string | null;
  before: number | null;
}

/** What a stored change changed (from its event), by change id. */
export interface ChangeDetail {
  version: string | null;
  key: string | null;
  oldValue: string | null;
  newValue: string | null;
}

export interface AdviceInput {
  incident: Incident;
  baseline?: Baseline | null;
  changeDetails?: ReadonlyMap<number, ChangeDetail>;
  /** Releases the regression analysis judged (any verdict; only 'regressed' ones add evidence). */
  regressions?: readonly ReleaseRegression[];
  runbooks: readonly Runbook[];
  /** Every decision a person made on advice in this workspace. */
  verdicts?: readonly AdviceVerdict[];
  /** The person's verdicts on this incident's causes, by service. */
  causeVerdicts?: Readonly<Record<string, 'cause' | 'not-cause'>>;
  policy?: AdvicePolicy;
}

/** A change at least this well attributed is worth undoing. */
const MIN_CHANGE_SCORE = 0.5;
/**
 * What already did (or made moot) an undo step: a rollback or a config change back after the onset did it; a later
 * release of the same service that ended the incident (a hotfix) fixed forward, so rolling back is no longer the
 * step. Null when nothing did.
 */
function doneBy(undo: 'rollback' | 'config-revert', m: { id: number; title: string; time: number; kind: string } | undefined): Recommendation['alreadyDone'] {
  if (!m) return null;
  if (m.kind === (undo === 'rollback' ? 'rollback' : 'config')) return { text: m.title, ref: `change:${m.id}`, time: m.time };
  if (undo === 'rollback' && m.kind === 'deploy') return { text: `fixed forward by "${m.title}"`, ref: `change:${m.id}`, time: m.time };
  return null;
}

/** Weight of "a mitigation on the same service ended the incident" in the noisy-OR. */
const MITIGATION_WEIGHT = 0.5;

/** Words in a release that make undoing it riskier: the old version may not read what the new one wrote. */
const SCHEMA_WORDS = /\b(schema|migration|migrate|data model|backfill)\b/i;

/** The risk of rolling back a release, from what it says it changed. */
function rollbackRisk(release: string): { risk: Risk; riskReason: string } {
  return SCHEMA_WORDS.test(release)
    ? { risk: 'medium', riskReason: 'the release mentions a schema change: the previous version may not read what this one wrote' }
    : { risk: 'low', riskReason: 'the previous version ran before the release' };
}

/** The steps a kind calls for on its root service (besides undoing a change), with their risk. */
const KIND_STEPS: Record<RootCauseKind, { action: AdviceAction; risk: Risk; riskReason: string; title: string }[]> = {
  'bad-deploy': [],
  'config-change': [],
  'memory-leak': [
    { action: 'restart', risk: 'low', riskReason: 'a rolling restart keeps replicas serving; it relieves, it does not fix', title: 'Restart {service} (capture a heap profile first)' },
  ],
  'cpu-saturation': [{ action: 'scale-out', risk: 'low', riskReason: 'adding replicas is reversible and leaves the code as it is', title: 'Scale out {service}' }],
  'traffic-surge': [
    { action: 'scale-out', risk: 'low', riskReason: 'adding replicas is reversible and leaves the code as it is', title: 'Scale out {service}' },
    { action: 'rate-limit', risk: 'medium', riskReason: 'a limit turns some callers away', title: 'Rate-limit the traffic to {service}' },
  ],
  'cache-eviction': [
    { action: 'cache-warm', risk: 'low', riskReason: 'warming reads the same data the misses fetch anyway', title: 'Warm the cache of {service}' },
    { action: 'raise-limit', risk: 'medium', riskReason: 'more cache memory moves the pod closer to its memory limit', title: 'Raise the cache memory of {service}' },
  ],
  'lock-contention': [{ action: 'investigate', risk: 'low', riskReason: 'read-only queries: who holds the locks', title: 'Find the blocking transactions on {service}' }],
  'dependency-failure': [
    { action: 'investigate', risk: 'low', riskReason: 'read-only checks of the dependency', title: 'Check the health of {service}' },
    { action: 'failover', risk: 'high', riskReason: 'a failover moves traffic to a replica that may lag', title: 'Fail {service} over to a healthy replica' },
  ],
  'disk-full': [{ action: 'free-disk', risk: 'medium', riskReason: 'deleting files cannot be undone; expanding a volume can be slow', title: 'Free or expand the disk of {service}' }],
  'network-delay': [{ action: 'investigate', risk: 'low', riskReason: 'read-only network checks', title: 'Trace the network path to {service}' }],
  unknown: [{ action: 'investigate', risk: 'low', riskReason: 'read-only checks', title: 'Investigate {service}' }],
};

/** The incident kind whose signature a change's undoing answers. */
const CHANGE_KIND: Record<RankedChange['kind'], RootCauseKind | null> = { deploy: 'bad-deploy', config: 'config-change', flag: 'config-change', rollback: null };

/** 1 − Π(1 − p): how likely at least one of independent indications holds. */
export function noisyOr(probabilities: readonly number[]): number {
  return 1 - probabilities.reduce((rest, p) => rest * (1 - Math.min(1, Math.max(0, p))), 1);
}

const round3 = (x: number): number => Math.round(x * 1000) / 1000;

/** A number as a person reads a level: three significant digits, with the unit when known. */
function levelText(level: number, unit: string | null): string {
  const text = Math.abs(level) >= 1000 || Math.abs(level) < 0.01 ? level.toPrecision(3) : String(Number(level.toPrecision(3)));
  return unit ? `${text} ${unit}` : text;
}

/** What the step should bring back: the top metric at its level before the onset. */
function expectedEffect(incident: Incident, baseline: Baseline | null | undefined, what: string): ExpectedEffect {
  if (!baseline) {
    const metric = incident.rootCauses[0]?.metrics[0];
    return { text: `${what}; the incident's signals return to normal`, metric: metric?.metric ?? null, seriesId: metric?.seriesId ?? null, level: null, unit: null };
  }
  const level = baseline.before;
  const text =
    level === null
      ? `${what}; ${baseline.metric} returns to its level before the incident`
      : `${what}; ${baseline.metric} returns to about ${levelText(level, baseline.unit)} (its median before the onset)`;
  return { text, metric: baseline.metric, seriesId: baseline.seriesId, level, unit: baseline.unit };
}

/** A proposal before staging, ranking and commands. */
interface Proposal {
  action: AdviceAction;
  target: string;
  title: string;
  evidence: AdviceEvidence[];
  confidence: number;
  risk: Risk;
  riskReason: string;
  effect: ExpectedEffect;
  alreadyDone: Recommendation['alreadyDone'];
  /** Placeholder values for the runbook's commands. */
  values: Record<string, string | null>;
}

/** The undoing of the incident's best-attributed change, when it is attributed well enough. */
function changeProposal(input: AdviceInput, regressionsById: ReadonlyMap<number, ReleaseRegression>): Proposal | null {
  const { incident } = input;
  const change = incident.changes[0];
  if (!change || change.kind === 'rollback' || change.score < MIN_CHANGE_SCORE) return null;
  const service = change.service ?? incident.rootCauses[0]?.service ?? incident.services[0];
  if (!service) return null;
  const detail = input.changeDetails?.get(change.id);
  const cause = incident.rootCauses.find((c) => c.service === service);
  const evidence: AdviceEvidence[] = [
    { text: `${change.kind} "${change.title}" on ${service}: ${change.reasons.join('; ') || 'ranked first among the changes'}`, ref: `change:${change.id}` },
  ];
  const indications: number[] = [change.score * (cause?.score ?? 0.5)];
  if (cause) evidence.push({ text: `${service} is ranked as the root cause (score ${cause.score.toFixed(2)})`, ref: `incident:${incident.id}` });
  if (CHANGE_KIND[change.kind] === incident.kind) {
    indications.push(incident.kindProbability);
    evidence.push({ text: `the incident looks like ${incident.kind} (${Math.round(incident.kindProbability * 100)} %)`, ref: `incident:${incident.id}` });
  }
  const regression = regressionsById.get(change.id);
  if (regression?.verdict === 'regressed') {
    indications.push(regression.confidence);
    evidence.push({ text: `release regression: ${regression.sentence}`, ref: `release:${regression.eventId}` });
  }
  const mitigation = incident.mitigations.find((m) => (m.service ?? service) === service && m.time > change.time);
  if (mitigation) {
    indications.push(MITIGATION_WEIGHT);
    evidence.push({ text: `the incident ended after "${mitigation.title}"`, ref: `change:${mitigation.id}` });
  }
  const undo = change.kind === 'deploy' ? 'rollback' : 'config-revert';
  const { risk, riskReason } =
    undo === 'rollback' ? rollbackRisk(`${change.title} ${detail?.version ?? ''}`) : { risk: 'low' as const, riskReason: 'the previous value was in effect before the incident' };
  const what = detail?.version ? `${change.title.includes(detail.version) ? change.title : `${detail.version} (${change.title})`}` : change.title;
  const title = undo === 'rollback' ? `Roll back ${what} on ${service}` : `Revert ${detail?.key ? `${detail.key} to ${detail.oldValue ?? 'its previous value'}` : `"${change.title}"`} on ${service}`;
  return {
    action: undo,
    target: service,
    title,
    evidence,
    confidence: noisyOr(indications),
    risk,
    riskReason,
    effect: expectedEffect(incident, input.baseline, undo === 'rollback' ? `${service} runs the version before ${detail?.version ?? 'the release'}` : `${service} runs with the previous value`),
    alreadyDone: doneBy(undo, mitigation),
    values: {
      service,
      change: change.title,
      version: detail?.version ?? null,
      previous_version: previousVersion(mitigation?.title),
      key: detail?.key ?? null,
      old_value: detail?.oldValue ?? null,
      new_value: detail?.newValue ?? null,
    },
  };
}

/** A version a rollback's title names ("Rollback to 2.17.1 …"), or null. */
function previousVersion(title: string | undefined): string | null {
  const m = title ? /\bto\s+v?(\d+(?:\.\d+)+\S*)/i.exec(title) : null;
  return m ? m[1] : null;
}

/** The steps the incident's kind calls for on its root service. */
function kindProposals(input: AdviceInput): Proposal[] {
  const { incident } = input;
  const cause = incident.rootCauses[0];
  const service = cause?.service ?? incident.services[0];
  if (!service) return [];
  const probability = incident.kind === 'unknown' ? 1 - incident.kindProbability : incident.kindProbability;
  return KIND_STEPS[incident.kind].map((step) => ({
    action: step.action,
    target: service,
    title: step.title.replace('{service}', service),
    evidence: [
      { text: `the incident looks like ${incident.kind} (${Math.round(incident.kindProbability * 100)} %)`, ref: `incident:${incident.id}` },
      ...(cause ? cause.evidence.slice(0, 2).map((e) => ({ text: e.text, ref: e.ref === null ? null : `${e.kind}:${e.ref}` })) : []),
    ],
    confidence: probability * (cause ? Math.min(1, 0.5 + cause.score / 2) : 0.5),
    risk: step.risk,
    riskReason: step.riskReason,
    effect: expectedEffect(incident, input.baseline, `once done (${step.action} on ${service})`),
    alreadyDone: null,
    values: { service, change: null, version: null, previous_version: null, key: null, old_value: null, new_value: null },
  }));
}

/** The commands of the best runbook for an action (one that matches the incident first, else any of that action). */
function commandsFor(action: AdviceAction, matched: readonly Runbook[], all: readonly Runbook[], values: Record<string, string | null>): { runbook: string | null; commands: AdviceCommand[] } {
  const runbook = matched.find((r) => r.action === action) ?? all.find((r) => r.action === action);
  if (!runbook) return { runbook: null, commands: [] };
  return {
    runbook: runbook.id,
    commands: runbook.steps.map((s) => ({ text: fillPlaceholders(s.command, values), verify: fillPlaceholders(s.verify, values), expect: fillPlaceholders(s.expect, values) })),
  };
}

/**
 * The recommendations for one incident, best rank first. Each carries its stage under the policy; none
 * is ever run. An empty list when the incident has no service to act on.
 */
export function recommendForIncident(input: AdviceInput): Recommendation[] {
  const { incident } = input;
  const policy = input.policy ?? DEFAULT_POLICY;
  const regressionsById = new Map((input.regressions ?? []).map((r) => [r.eventId, r]));
  const change = changeProposal(input, regressionsById);
  const proposals = [...(change ? [change] : []), ...kindProposals(input)];
  const matched = matchRunbooks(incident, input.runbooks).map((m) => m.runbook);
  const seen = new Set<string>();
  const out: Recommendation[] = [];
  for (const p of proposals) {
    const id = `${incident.id}:${p.action}:${p.target}`;
    if (seen.has(id)) continue;
    seen.add(id);
    const learned = learnedWeight(p.action, p.target, input.verdicts ?? [], input.causeVerdicts ?? {});
    const confidence = round3(p.confidence);
    out.push({
      id,
      title: p.title,
      action: p.action,
      target: p.target,
      incident: incident.id,
      evidence: p.evidence,
      expectedEffect: p.effect,
      confidence,
      risk: p.risk,
      riskReason: p.riskReason,
      stage: stageOf(confidence, p.risk, policy),
      ...commandsFor(p.action, matched, input.runbooks, { ...p.values, metric: p.effect.metric, level: p.effect.level === null ? null : levelText(p.effect.level, null) }),
      alreadyDone: p.alreadyDone,
      rank: round3(confidence * learned.weight),
      learned: learned.reasons,
    });
  }
  return out.sort((a, b) => b.rank - a.rank || a.id.localeCompare(b.id));
}

/**
 * "Roll back <release>" for each regressed release no incident already advises undoing (pass the ids of
 * the changes the incidents' recommendations undo). Confidence is the regression's own.
 */
export function recommendForReleases(
  regressions: readonly ReleaseRegression[],
  options: { runbooks: readonly Runbook[]; verdicts?: readonly AdviceVerdict[]; policy?: AdvicePolicy; covered?: ReadonlySet<number> },
): Recommendation[] {
  const policy = options.policy ?? DEFAULT_POLICY;
  const out: Recommendation[] = [];
  for (const r of regressions) {
    if (r.verdict !== 'regressed' || !r.service || options.covered?.has(r.eventId)) continue;
    const worst = r.worst[0];
    const { risk, riskReason } = rollbackRisk(`${r.title} ${r.version ?? ''}`);
    const values = { service: r.service, change: r.title, version: r.version, previous_version: null, key: null, old_value: null, new_value: null, metric: worst?.series ?? null, level: worst ? levelText(worst.beforeMedian, null) : null };
    const learned = learnedWeight('rollback', r.service, options.verdicts ?? [], {});
    const confidence = round3(r.confidence);
    const evidence: AdviceEvidence[] = [{ text: r.sentence, ref: `release:${r.eventId}` }, ...r.worst.slice(0, 3).map((m) => ({ text: `${m.series}: ${levelText(m.beforeMedian, null)} → ${levelText(m.afterMedian, null)} (${m.relChange >= 0 ? '+' : ''}${Math.round(m.relChange * 100)} %, p = ${m.pValue.toPrecision(2)})`, ref: `series:${m.seriesId}` }))];
    out.push({
      id: `release:${r.eventId}:rollback:${r.service}`,
      title: `Roll back ${r.version ?? r.title} on ${r.service}`,
      action: 'rollback',
      target: r.service,
      incident: null,
      evidence,
      expectedEffect: worst
        ? { text: `${r.service} runs the version before ${r.version ?? 'the release'}; ${worst.series} returns to about ${levelText(worst.beforeMedian, null)}`, metric: worst.series, seriesId: worst.seriesId, level: worst.beforeMedian, unit: null }
        : { text: `${r.service} runs the version before ${r.version ?? 'the release'}`, metric: null, seriesId: null, level: null, unit: null },
      confidence,
      risk,
      riskReason,
      stage: stageOf(confidence, risk, policy),
      ...commandsFor('rollback', [], options.runbooks, values),
      alreadyDone: r.rolledBackBy !== null ? { text: 'rolled back later', ref: `change:${r.rolledBackBy}`, time: r.ts } : null,
      rank: round3(confidence * learned.weight),
      learned: learned.reasons,
    });
  }
  return out.sort((a, b) => b.rank - a.rank || a.id.localeCompare(b.id));
}
