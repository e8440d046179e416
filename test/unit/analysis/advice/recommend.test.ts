/**
 * Recommendations: a bad deploy yields "roll back" with its evidence, the level to return to, a stage from
 * the policy and the rollback runbook's commands; a schema change raises the risk; a regressed release adds
 * evidence (or stands alone); the person's decisions reorder advice without changing its stage.
 */
import { describe, expect, it } from 'vitest';
import { noisyOr, recommendForIncident, recommendForReleases } from '../../../../core/analysis/advice/recommend';
import type { AdviceVerdict } from '../../../../core/analysis/advice/types';
import type { ReleaseRegression } from '../../../../core/analysis/regressions/types';
import { badDeploy, ONSET, starterRunbooks } from './fixtures';

const runbooks = starterRunbooks();
const baseline = { seriesId: 38, metric: 'http_errors_per_second', unit: null, before: 0.417 };
const regression = (over: Partial<ReleaseRegression> = {}): ReleaseRegression => ({
  eventId: 47,
  ts: ONSET - 60_000,
  service: 'inventory',
  title: 'Release 2.18.0: unit-aware stock reservations',
  version: '2.18.0',
  verdict: 'regressed',
  confidence: 0.9,
  worst: [{ seriesId: 38, series: 'http_errors_per_second{service="inventory"}', badDirection: 'up', beforeMedian: 0.4, afterMedian: 12, relChange: 29, pValue: 0.0001, effect: 0.9, verdict: 'regressed' }],
  rolledBackBy: null,
  sentence: 'Release 2.18.0 of inventory regressed errors 0.4 → 12.',
  ...over,
});

describe('recommendForIncident', () => {
  it("rolls back the demo's bad deploy: evidence, level to return to, eligible (low risk, high confidence), the rollback runbook's commands", () => {
    const [best] = recommendForIncident({ incident: badDeploy(), baseline, runbooks });
    expect(best.action).toBe('rollback');
    expect(best.target).toBe('inventory');
    expect(best.title).toBe('Roll back Release 2.18.0: unit-aware stock reservations on inventory');
    // noisy-OR of change score × cause score (0.85), kind probability (0.72) and the mitigation (0.5).
    expect(best.confidence).toBeCloseTo(noisyOr([0.85, 0.72, 0.5]), 3);
    expect(best.risk).toBe('low');
    expect(best.stage).toBe('eligible');
    expect(best.evidence.map((e) => e.ref)).toEqual(['change:47', 'incident:INC-20260306-1518-inventory', 'incident:INC-20260306-1518-inventory', 'change:49']);
    expect(best.expectedEffect).toMatchObject({ metric: 'http_errors_per_second', level: 0.417 });
    expect(best.expectedEffect.text).toContain('returns to about 0.417');
    expect(best.alreadyDone?.ref).toBe('change:49');
    expect(best.runbook).toBe('bad-deploy-rollback');
    expect(best.commands[0].text).toBe('kubectl rollout undo deployment/inventory');
    expect(best.commands.every((c) => c.verify !== '')).toBe(true);
  });

  it('counts a later release of the same service that ended the incident (a hotfix) as having fixed forward', () => {
    const hotfix = { ...badDeploy().mitigations[0], title: 'Hotfix 2.18.1: accept legacy units', kind: 'deploy' as const };
    const [best] = recommendForIncident({ incident: badDeploy({ mitigations: [hotfix] }), baseline, runbooks });
    expect(best.action).toBe('rollback');
    expect(best.alreadyDone).toMatchObject({ ref: 'change:49', text: 'fixed forward by "Hotfix 2.18.1: accept legacy units"' });
    // A hotfix on another service did nothing for this one.
    const elsewhere = recommendForIncident({ incident: badDeploy({ mitigations: [{ ...hotfix, service: 'search' }] }), baseline, runbooks })[0];
    expect(elsewhere.alreadyDone).toBeNull();
  });

  it('stages a rollback of a schema change canary first (medium risk), and a weak case as noted', () => {
    const schema = badDeploy({ changes: [{ ...badDeploy().changes[0], title: 'Release 2.18.0: reservations (schema v7)' }] });
    const [rollback] = recommendForIncident({ incident: schema, baseline, runbooks });
    expect(rollback).toMatchObject({ action: 'rollback', risk: 'medium', stage: 'canary' });
    const weak = badDeploy({ mitigations: [], kindProbability: 0.3, rootCauses: [{ ...badDeploy().rootCauses[0], score: 0.3 }], changes: [{ ...badDeploy().changes[0], score: 0.6 }] });
    expect(recommendForIncident({ incident: weak, baseline, runbooks })[0]).toMatchObject({ action: 'rollback', stage: 'noted' });
  });

  it('adds a regressed release to the evidence and the confidence', () => {
    const plain = recommendForIncident({ incident: badDeploy({ mitigations: [] }), runbooks })[0];
    const withRegression = recommendForIncident({ incident: badDeploy({ mitigations: [] }), runbooks, regressions: [regression()] })[0];
    expect(withRegression.confidence).toBeGreaterThan(plain.confidence);
    expect(withRegression.evidence.some((e) => e.ref === 'release:47')).toBe(true);
  });

  it('reverts a config change to its old value, and restarts a leak with the heap captured first', () => {
    const config = badDeploy({ kind: 'config-change', changes: [{ id: 60, service: 'inventory', time: ONSET - 60_000, title: 'pool size', kind: 'config', score: 0.9, reasons: [] }] });
    const [revert] = recommendForIncident({ incident: config, runbooks, changeDetails: new Map([[60, { version: null, key: 'DB_POOL', oldValue: '50', newValue: '5' }]]) });
    expect(revert).toMatchObject({ action: 'config-revert', title: 'Revert DB_POOL to 50 on inventory', runbook: 'config-revert' });
    expect(revert.commands[0].text).toContain('DB_POOL=50');
    const leak = recommendForIncident({ incident: badDeploy({ kind: 'memory-leak', changes: [], mitigations: [] }), runbooks });
    expect(leak.map((r) => r.action)).toEqual(['restart']);
    expect(leak[0].commands[0].text).toContain('heap');
  });
});

describe('learning changes the ranking, not the stage', () => {
  const leakWithDeploy = badDeploy({ kind: 'memory-leak', kindProbability: 0.9, mitigations: [] });
  const verdict = (action: AdviceVerdict['action'], decision: AdviceVerdict['decision'], at = 1): AdviceVerdict => ({
    recommendation: `INC-older:${action}:inventory`,
    incident: 'INC-older',
    action,
    target: 'inventory',
    decision,
    at,
  });

  it('ranks advice the person rejected before lower, and accepted higher', () => {
    const before = recommendForIncident({ incident: leakWithDeploy, runbooks }).map((r) => r.action);
    expect(before).toEqual(['rollback', 'restart']);
    const after = recommendForIncident({ incident: leakWithDeploy, runbooks, verdicts: [verdict('rollback', 'rejected'), verdict('restart', 'accepted')] });
    expect(after.map((r) => r.action)).toEqual(['restart', 'rollback']);
    expect(after.find((r) => r.action === 'rollback')?.learned).toEqual(['you rejected rollback on inventory 1× before']);
    // The stage rests on the evidence only.
    const stages = (rs: { action: string; stage: string }[]) => Object.fromEntries(rs.map((r) => [r.action, r.stage]));
    expect(stages(after)).toEqual(stages(recommendForIncident({ incident: leakWithDeploy, runbooks })));
  });

  it('lets a later decision on the same recommendation replace an earlier one', () => {
    const [first] = recommendForIncident({ incident: leakWithDeploy, runbooks, verdicts: [verdict('restart', 'rejected', 1), verdict('restart', 'accepted', 2)] });
    expect(first.action).toBe('restart');
    expect(first.learned).toEqual(['you accepted restart on inventory 1× before']);
    const [undecided] = recommendForIncident({ incident: leakWithDeploy, runbooks, verdicts: [verdict('restart', 'accepted', 1), verdict('restart', 'rejected', 2)] });
    expect(undecided.action).toBe('rollback');
  });

  it('ranks advice on a service the person said is not the cause lower', () => {
    const base = recommendForIncident({ incident: leakWithDeploy, runbooks })[0];
    const demoted = recommendForIncident({ incident: leakWithDeploy, runbooks, causeVerdicts: { inventory: 'not-cause' } })[0];
    expect(demoted.rank).toBeCloseTo(base.rank / 2, 3);
  });
});

describe('recommendForReleases', () => {
  it('rolls back a regressed release no incident covers, at the stage its confidence and risk give', () => {
    const recs = recommendForReleases([regression(), regression({ eventId: 48, verdict: 'no-change' }), regression({ eventId: 50, service: 'search', confidence: 0.6 })], { runbooks, covered: new Set([47]) });
    expect(recs.map((r) => [r.id, r.stage])).toEqual([['release:50:rollback:search', 'noted']]);
    const [alone] = recommendForReleases([regression()], { runbooks });
    expect(alone).toMatchObject({ action: 'rollback', target: 'inventory', stage: 'eligible', incident: null, title: 'Roll back 2.18.0 on inventory' });
    expect(alone.expectedEffect.level).toBe(0.4);
  });
});
