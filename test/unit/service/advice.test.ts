/**
 * The advice methods over a workspace with a stored bad-deploy incident: recommendations by stage with the
 * level before the onset read from the store, decisions stored (migration v7) and changing later ranks,
 * the policy file, the person's runbooks (adding, replacing, a broken one reported with file and line),
 * the plan and the track record. Also: the built-in runbooks are found from the compiled CLI's folder.
 */
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Incident } from '../../../core/api/contract';
import { ApiError } from '../../../core/api/errors';
import { adviceHandlers, builtInRunbooksDir, POLICY_FILE } from '../../../core/service/advice';
import type { WorkspaceStore } from '../../../core/store/workspace';
import { RUNBOOKS_DIR } from '../analysis/advice/fixtures';
import { badDeployWorkspace } from './advice-workspace';

let dir: string;
let home: string;
let store: WorkspaceStore;
let handlers: ReturnType<typeof adviceHandlers>;
let incident: Incident;

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'hindsight-advice-'));
  home = join(dir, 'home');
  ({ store, incident } = badDeployWorkspace(join(dir, 'ws.hindsight')));
  handlers = adviceHandlers({ store: () => store, dataDir: home });
});

afterAll(() => {
  store.close();
  rmSync(dir, { recursive: true, force: true });
});

describe('advice over a stored incident', () => {
  it('recommends rolling back the bad deploy, eligible, with the level before the onset from the store', async () => {
    const list = await handlers['advice/list']({});
    expect(list.incidents).toBe(1);
    expect(list.problems).toEqual([]);
    const eligible = list.groups.find((g) => g.stage === 'eligible');
    expect(eligible?.label).toBe('eligible for automation');
    const rollback = eligible?.recommendations[0];
    expect(rollback).toMatchObject({ action: 'rollback', target: 'inventory', runbook: 'bad-deploy-rollback', incident: incident.id });
    expect(rollback?.expectedEffect.level).toBe(0.4);
  });

  it('stores a decision (v7) and ranks the rejected advice lower next time', async () => {
    const before = (await handlers['advice/list']({ incident: incident.id })).groups.flatMap((g) => g.recommendations);
    const rollback = before.find((r) => r.action === 'rollback');
    expect(rollback).toBeDefined();
    await handlers['advice/decide']({ incident: incident.id, recommendation: rollback!.id, decision: 'rejected' });
    const after = (await handlers['advice/list']({ incident: incident.id })).groups.flatMap((g) => g.recommendations).find((r) => r.id === rollback!.id);
    expect(after?.rank).toBeCloseTo(rollback!.rank / 2, 2);
    expect(after?.learned).toEqual(['you rejected rollback on inventory 1× before']);
    const row = store.db.prepare('SELECT recommendation, incident_key AS incident, action, target, decision FROM advice_feedback').get();
    expect(row).toEqual({ recommendation: rollback!.id, incident: incident.id, action: 'rollback', target: 'inventory', decision: 'rejected' });
    const record = await handlers['advice/trackRecord']({});
    expect(record.total).toMatchObject({ adviceAccepted: 0, adviceRejected: 1 });
    await handlers['advice/decide']({ incident: incident.id, recommendation: rollback!.id, decision: 'accepted' });
    expect((await handlers['advice/trackRecord']({})).total).toMatchObject({ adviceAccepted: 1, adviceRejected: 0 });
  });

  it('refuses a decision on a recommendation the incident does not have', async () => {
    await expect(handlers['advice/decide']({ incident: incident.id, recommendation: 'nope', decision: 'accepted' })).rejects.toBeInstanceOf(ApiError);
    await expect(handlers['advice/list']({ incident: 'INC-none' })).rejects.toMatchObject({ code: 'not-found' });
  });

  it('stores an edited policy and stages by it; a broken policy file is an error naming it', async () => {
    expect((await handlers['advice/policy']({})).edited).toBe(false);
    const saved = await handlers['advice/setPolicy']({ policy: { minConfidence: 0.99, byRisk: { low: 'eligible', medium: 'canary', high: 'ticket' } } });
    expect(JSON.parse(readFileSync(saved.file, 'utf8'))).toMatchObject({ minConfidence: 0.99 });
    expect((await handlers['advice/list']({})).groups.map((g) => g.stage)).toEqual(['noted']);
    writeFileSync(join(home, POLICY_FILE), '{"minConfidence": "high"}');
    await expect(handlers['advice/list']({})).rejects.toThrow(`${join(home, POLICY_FILE)}: minConfidence:`);
    rmSync(join(home, POLICY_FILE));
  });

  it("adds the person's runbooks, replaces a built-in by id, and reports a broken one with file and line", async () => {
    const userDir = join(home, 'runbooks');
    mkdirSync(userDir, { recursive: true });
    const rollback = readFileSync(join(RUNBOOKS_DIR, 'bad-deploy-rollback.md'), 'utf8').replace('kubectl rollout undo deployment/{service}', 'argocd app rollback {service}');
    writeFileSync(join(userDir, 'ours.md'), rollback);
    writeFileSync(join(userDir, 'broken.md'), '---\nid: broken\ntitle: Broken\naction: reboot-the-world\nrisk: low\n---\n');
    const list = await handlers['advice/runbooks']({ incident: incident.id });
    expect(list.problems).toHaveLength(1);
    expect(list.problems[0].startsWith(`${join(userDir, 'broken.md')}:4: action: `)).toBe(true);
    expect(list.runbooks[0]).toMatchObject({ id: 'bad-deploy-rollback', origin: 'user' });
    expect(list.runbooks[0].score).toBeGreaterThan(3);
    const plan = await handlers['advice/plan']({ incident: incident.id });
    expect(plan.filename).toBe(`plan-${incident.id}.md`);
    expect(plan.markdown).toContain('`argocd app rollback inventory`');
    expect(plan.markdown).toContain('Nothing in this plan was executed by Hindsight');
    rmSync(userDir, { recursive: true });
  });
});

describe('builtInRunbooksDir', () => {
  it('finds the shipped runbooks from the compiled CLI folder (out/cli) as from the sources', () => {
    expect(builtInRunbooksDir()).toBe(RUNBOOKS_DIR.replace(/[\\/]$/, ''));
    expect(builtInRunbooksDir(join(RUNBOOKS_DIR, '..', 'out', 'cli'))).toBe(RUNBOOKS_DIR.replace(/[\\/]$/, ''));
    expect(builtInRunbooksDir(tmpdir())).toBeNull();
  });
});
