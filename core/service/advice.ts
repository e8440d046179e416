/**
 * The advice handlers: recommendations for the workspace's incidents (and regressed releases, when a
 * source of them is given) grouped by stage, a person's decisions on them, the runbooks (built-in ones
 * from the app's `runbooks/` folder, the person's from `<data dir>/runbooks/`, which add or replace by id),
 * an incident's remediation plan as Markdown, the staging policy (`<data dir>/advice-policy.json`) and the
 * track record. Light work (a few incidents, a dozen files): done here, not in the pool. Nothing is run.
 * The CLI (`hindsight advice`) calls the same functions.
 */
import { existsSync, mkdirSync, readdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { latestDecisions, trackRecord } from '../analysis/advice/learning';
import { planMarkdown } from '../analysis/advice/plan';
import { DEFAULT_POLICY, parsePolicy, type AdvicePolicy } from '../analysis/advice/policy';
import { recommendForIncident, recommendForReleases, type ChangeDetail } from '../analysis/advice/recommend';
import { matchRunbooks, mergeRunbooks, parseRunbook } from '../analysis/advice/runbooks';
import { STAGE_LABELS, STAGES, type AdviceAction, type AdviceVerdict, type Recommendation, type Runbook, type TrackRecord } from '../analysis/advice/types';
import type { Incident } from '../analysis/incidents/types';
import type { ReleaseRegression } from '../analysis/regressions/types';
import type { AdviceList, Handlers, RunbookList } from '../api/contract';
import { ApiError } from '../api/errors';
import { loadAdviceDecisions, loadAnomalyOutcomes, recordAdviceDecision } from '../store/advice';
import { loadCauseVerdicts, loadIncident, loadIncidents } from '../store/incidents';
import type { WorkspaceStore } from '../store/workspace';
import type { ServiceContext } from './context';
import { byUrgency, changeEffect, incidentChanges, parseIncident } from './incidents';

type AdviceHandlers = Pick<
  Handlers,
  'advice/list' | 'advice/decide' | 'advice/runbooks' | 'advice/plan' | 'advice/policy' | 'advice/setPolicy' | 'advice/trackRecord'
>;

/** Where advice finds the person's files under the data dir. */
export const POLICY_FILE = 'advice-policy.json';
export const USER_RUNBOOKS = 'runbooks';

/**
 * The built-in runbooks folder: `runbooks/` at the package root, found by walking up from this module
 * (core/service/advice.ts under tsx and vitest, out/cli/main.mjs for the compiled CLI, out/main/index.js in
 * Electron, where electron-builder ships `runbooks/**`). Null when none is found.
 */
export function builtInRunbooksDir(from = dirname(fileURLToPath(import.meta.url))): string | null {
  let dir = from;
  for (let up = 0; up < 5; up++) {
    if (existsSync(join(dir, 'runbooks', 'README.md'))) return join(dir, 'runbooks');
    const parent = dirname(dir);
    if (parent === dir) break;
    dir = parent;
  }
  return null;
}

/** The runbooks of one folder (every `*.md` but README.md); a file that cannot be read is a problem, the rest still load. */
export function readRunbookDir(dir: string, origin: Runbook['origin']): { runbooks: Runbook[]; problems: string[] } {
  if (!existsSync(dir)) return { runbooks: [], problems: [] };
  const runbooks: Runbook[] = [];
  const problems: string[] = [];
  for (const name of readdirSync(dir).sort()) {
    if (!name.endsWith('.md') || name.toLowerCase() === 'readme.md') continue;
    const file = join(dir, name);
    try {
      runbooks.push(parseRunbook(readFileSync(file, 'utf8'), file, origin));
    } catch (err) {
      problems.push(err instanceof Error ? err.message : String(err));
    }
  }
  return { runbooks, problems };
}

/** The built-in runbooks with the person's (which add or replace by id). */
export function loadRunbooks(dataDir: string): { runbooks: Runbook[]; problems: string[] } {
  const builtInDir = builtInRunbooksDir();
  const builtIn = builtInDir ? readRunbookDir(builtInDir, 'built-in') : { runbooks: [], problems: ['the built-in runbooks folder was not found'] };
  const user = readRunbookDir(join(dataDir, USER_RUNBOOKS), 'user');
  return { runbooks: mergeRunbooks(builtIn.runbooks, user.runbooks), problems: [...builtIn.problems, ...user.problems] };
}

/** The policy in effect: the person's file when there is one (a broken file is an error naming it), else the default. */
export function loadPolicy(dataDir: string): { policy: AdvicePolicy; file: string; edited: boolean } {
  const file = join(dataDir, POLICY_FILE);
  if (!existsSync(file)) return { policy: DEFAULT_POLICY, file, edited: false };
  return { policy: parsePolicy(readFileSync(file, 'utf8'), file), file, edited: true };
}

/** Stores a policy (written to a temporary file, then renamed, private to this user). */
export function savePolicy(dataDir: string, policy: AdvicePolicy): { policy: AdvicePolicy; file: string; edited: boolean } {
  const file = join(dataDir, POLICY_FILE);
  mkdirSync(dataDir, { recursive: true });
  writeFileSync(`${file}.tmp`, `${JSON.stringify(policy, null, 2)}\n`, { mode: 0o600 });
  renameSync(`${file}.tmp`, file);
  return { policy, file, edited: true };
}

/** The person's decisions on advice in this workspace, as the shared shape. */
function adviceVerdicts(store: WorkspaceStore): AdviceVerdict[] {
  return loadAdviceDecisions(store).map((d) => ({
    recommendation: d.recommendation,
    incident: d.incidentKey,
    action: d.action as AdviceAction,
    target: d.target,
    decision: d.decision,
    at: d.createdAt,
  }));
}

/** The latest verdict per (incident, service) cause. */
function latestCauseVerdicts(store: WorkspaceStore): Map<string, { onset: number; verdict: 'cause' | 'not-cause'; incident: string; service: string }> {
  const latest = new Map<string, { onset: number; verdict: 'cause' | 'not-cause'; incident: string; service: string }>();
  for (const v of loadCauseVerdicts(store)) {
    if (v.target === 'service') latest.set(`${v.incidentKey}\u0000${v.ref}`, { onset: v.onset, verdict: v.verdict, incident: v.incidentKey, service: v.ref });
  }
  return latest;
}

/** What advice reads from the store besides the incidents: shared by every incident of one call. */
export interface AdviceContext {
  runbooks: Runbook[];
  problems: string[];
  policy: AdvicePolicy;
  verdicts: AdviceVerdict[];
  regressions: readonly ReleaseRegression[];
}

/** Loads the runbooks, policy and decisions once for a call. */
export function adviceContext(store: WorkspaceStore, dataDir: string, regressions: readonly ReleaseRegression[] = []): AdviceContext {
  const { runbooks, problems } = loadRunbooks(dataDir);
  return { runbooks, problems, policy: loadPolicy(dataDir).policy, verdicts: adviceVerdicts(store), regressions };
}

/** One incident's recommendations, best rank first: its baseline level and change details read from the store. */
export function incidentAdvice(store: WorkspaceStore, incident: Incident, ctx: AdviceContext): Recommendation[] {
  const top = incident.rootCauses.find((c) => c.metrics.length)?.metrics[0];
  const effect = top ? changeEffect(store, top.seriesId, top.metric, incident.onset, incident) : null;
  const changeDetails = new Map<number, ChangeDetail>(incidentChanges(store, incident).map((c) => [c.id, c]));
  const causeVerdicts: Record<string, 'cause' | 'not-cause'> = {};
  for (const v of latestCauseVerdicts(store).values()) if (v.incident === incident.id) causeVerdicts[v.service] = v.verdict;
  return recommendForIncident({
    incident,
    baseline: effect ? { seriesId: effect.seriesId, metric: effect.metric, unit: effect.unit, before: effect.before } : null,
    changeDetails,
    regressions: ctx.regressions,
    runbooks: ctx.runbooks,
    verdicts: ctx.verdicts,
    causeVerdicts,
    policy: ctx.policy,
  });
}

/** The stored incidents (most urgent first), or one of them; throws not-found for an unknown id. */
export function storedIncidents(store: WorkspaceStore, id?: string): Incident[] {
  if (id === undefined) return loadIncidents(store).map(parseIncident).sort(byUrgency);
  const row = loadIncident(store, id);
  if (!row) throw new ApiError('not-found', `no incident ${id}: run the analysis again, incidents are replaced by each run`, 'incident');
  return [parseIncident(row)];
}

/** Recommendations for the workspace (or one incident), grouped by stage, best rank first in each. */
export function adviceList(store: WorkspaceStore, dataDir: string, incidentId?: string, regressions: readonly ReleaseRegression[] = []): AdviceList {
  const ctx = adviceContext(store, dataDir, regressions);
  const incidents = storedIncidents(store, incidentId);
  const recommendations = incidents.flatMap((i) => incidentAdvice(store, i, ctx));
  if (incidentId === undefined) {
    const covered = new Set(incidents.flatMap((i) => (i.changes[0] ? [i.changes[0].id] : [])));
    recommendations.push(...recommendForReleases(regressions, { runbooks: ctx.runbooks, verdicts: ctx.verdicts, policy: ctx.policy, covered }));
  }
  const groups = STAGES.map((stage) => ({
    stage,
    label: STAGE_LABELS[stage],
    recommendations: recommendations.filter((r) => r.stage === stage).sort((a, b) => b.rank - a.rank || a.id.localeCompare(b.id)),
  })).filter((g) => g.recommendations.length);
  return { groups, policy: ctx.policy, incidents: incidents.length, problems: ctx.problems };
}

/** The runbooks, ranked for an incident when one is given (those that fit first, with why). */
export function runbookList(store: WorkspaceStore, dataDir: string, incidentId?: string): RunbookList {
  const { runbooks, problems } = loadRunbooks(dataDir);
  const matches = incidentId === undefined ? [] : matchRunbooks(storedIncidents(store, incidentId)[0], runbooks);
  const byId = new Map(matches.map((m) => [m.runbook.id, m]));
  const fitting = matches.map((m) => m.runbook);
  const rest = runbooks.filter((r) => !byId.has(r.id));
  return {
    runbooks: [...fitting, ...rest].map((r) => ({ ...r, score: byId.get(r.id)?.score ?? null, reasons: byId.get(r.id)?.reasons ?? [] })),
    userDir: join(dataDir, USER_RUNBOOKS),
    problems,
  };
}

/** An incident's remediation plan as Markdown, with a file name for it. */
export function remediationPlan(store: WorkspaceStore, dataDir: string, incidentId: string, regressions: readonly ReleaseRegression[] = [], now = Date.now()): { markdown: string; filename: string } {
  const ctx = adviceContext(store, dataDir, regressions);
  const [incident] = storedIncidents(store, incidentId);
  const markdown = planMarkdown({ incident, recommendations: incidentAdvice(store, incident, ctx), runbooks: matchRunbooks(incident, ctx.runbooks), writtenAt: now });
  return { markdown, filename: `plan-${incident.id}.md` };
}

/** How often the tool was right in this workspace, by week. */
export function workspaceTrackRecord(store: WorkspaceStore): TrackRecord {
  return trackRecord({
    anomalies: loadAnomalyOutcomes(store),
    causes: [...latestCauseVerdicts(store).values()].map((v) => ({ ts: v.onset, verdict: v.verdict })),
    advice: latestDecisions(adviceVerdicts(store)),
  });
}

/**
 * The handlers. `regressions` (optional) gives the workspace's judged releases, so a regressed one yields
 * "roll back"; without it advice rests on the incidents alone.
 */
export function adviceHandlers(
  ctx: Pick<ServiceContext, 'store' | 'dataDir'>,
  sources: { regressions?: (store: WorkspaceStore) => readonly ReleaseRegression[] } = {},
): AdviceHandlers {
  const regressions = (store: WorkspaceStore): readonly ReleaseRegression[] => sources.regressions?.(store) ?? [];
  return {
    'advice/list': async ({ incident }) => {
      const s = ctx.store();
      return adviceList(s, ctx.dataDir, incident, regressions(s));
    },

    'advice/decide': async ({ incident, recommendation, decision, note }) => {
      const s = ctx.store();
      const [found] = storedIncidents(s, incident);
      const rec = incidentAdvice(s, found, adviceContext(s, ctx.dataDir, regressions(s))).find((r) => r.id === recommendation);
      if (!rec) throw new ApiError('not-found', `advice/decide: incident ${incident} has no recommendation ${recommendation}`, 'recommendation');
      await s.writeTransaction(() => recordAdviceDecision(s, { recommendation, incidentKey: incident, action: rec.action, target: rec.target, decision, note }));
      return { ok: true as const };
    },

    'advice/runbooks': async ({ incident }) => runbookList(ctx.store(), ctx.dataDir, incident),

    'advice/plan': async ({ incident }) => {
      const s = ctx.store();
      return remediationPlan(s, ctx.dataDir, incident, regressions(s));
    },

    'advice/policy': async () => loadPolicy(ctx.dataDir),

    'advice/setPolicy': async ({ policy }) => savePolicy(ctx.dataDir, policy),

    'advice/trackRecord': async () => workspaceTrackRecord(ctx.store()),
  };
}
