/**
 * GitHub deployment statuses (`GET /repos/{owner}/{repo}/deployments/{id}/statuses`): objects
 * `{id, state, created_at, environment, deployment_url, description, creator{login}, target_url, log_url, …}`,
 * state one of error, failure, inactive, in_progress, queued, pending, success. The API lists them
 * newest first; order does not matter here. A deployment's statuses tell when its rollout started, when
 * it ended and how: `DeployProgress` folds them, whichever file they came in.
 */
import { isObject, type JsonObject, type JsonValue } from '../logs/io/json-stream';
import type { TimeValues } from '../logs/timestamps';
import { at, optionalTime, text } from './fields';

/** States after which the rollout is over; `inactive` only means a later deployment replaced it. */
const FINAL = new Set(['success', 'failure', 'error']);
/** States of a rollout under way. */
const RUNNING = new Set(['queued', 'pending', 'in_progress']);

/** Every state GitHub writes (for detection). */
export const DEPLOY_STATES = ['success', 'failure', 'error', 'inactive', 'in_progress', 'queued', 'pending'];

/**
 * The deployment a status belongs to: `deployment_id`, an embedded `deployment.id`, or the id that
 * ends its `deployment_url` (`…/deployments/<id>`); undefined when none is there.
 */
export function deploymentIdOf(status: JsonObject): string | undefined {
  const direct = text(status.deployment_id) ?? text(at(status, 'deployment', 'id'));
  if (direct) return direct;
  const url = text(status.deployment_url);
  const m = url ? /\/deployments\/(\d+)\/?$/.exec(url) : null;
  return m ? m[1] : undefined;
}

/** What a deployment's statuses say, folded: times in UTC ms. */
export interface DeployOutcome {
  /** The first status of the rollout (queued, pending or in_progress; else the first of any state). */
  startTs?: number;
  /** When it went in_progress. */
  inProgressTs?: number;
  /** When it reached success, failure or error (the first such status). */
  endTs?: number;
  /** success | failure | error, or in_progress / queued / pending while not over, or inactive. */
  outcome?: string;
  environment?: string;
  description?: string;
  creator?: string;
  repository?: string;
}

/** Folds the statuses of one deployment, in any order. O(1) per status; memory O(1). */
export class DeployProgress {
  private first = Number.POSITIVE_INFINITY;
  private firstRunning = Number.POSITIVE_INFINITY;
  private inProgress = Number.POSITIVE_INFINITY;
  private end = Number.POSITIVE_INFINITY;
  private latest = Number.NEGATIVE_INFINITY;
  private readonly result: DeployOutcome = {};
  /** The state of the final status, else of the latest one. */
  private finalState: string | undefined;
  private latestState: string | undefined;

  /** Adds one status object; returns false when it has no readable state or time. */
  add(status: JsonValue, times: TimeValues): boolean {
    if (!isObject(status)) return false;
    const state = text(status.state)?.toLowerCase();
    const ts = optionalTime(times, status.created_at ?? status.updated_at);
    if (!state || ts === undefined) return false;
    this.first = Math.min(this.first, ts);
    if (RUNNING.has(state)) this.firstRunning = Math.min(this.firstRunning, ts);
    if (state === 'in_progress') this.inProgress = Math.min(this.inProgress, ts);
    const r = this.result;
    if (FINAL.has(state) && ts < this.end) {
      this.end = ts;
      this.finalState = state;
      r.description = text(status.description) ?? r.description;
    }
    if (ts >= this.latest) {
      this.latest = ts;
      this.latestState = state;
    }
    r.environment ??= text(status.environment);
    r.creator ??= text(at(status, 'creator', 'login'));
    r.description ??= text(status.description);
    const repo = text(status.repository_url);
    if (repo) r.repository ??= repo.replace(/\/+$/, '').split('/').pop();
    return true;
  }

  /** The folded outcome; empty when no status was added. */
  outcome(): DeployOutcome {
    const r: DeployOutcome = { ...this.result };
    if (Number.isFinite(this.first)) r.startTs = Number.isFinite(this.firstRunning) ? this.firstRunning : this.first;
    if (Number.isFinite(this.inProgress)) r.inProgressTs = this.inProgress;
    if (Number.isFinite(this.end)) r.endTs = this.end;
    r.outcome = this.finalState ?? this.latestState;
    return r;
  }
}

/** Adds the outcome's times and state to a deploy event's attrs (ISO times, as every attr is text). */
export function outcomeAttrs(attrs: Record<string, string>, o: DeployOutcome): void {
  if (o.outcome) attrs.state = o.outcome;
  if (o.inProgressTs !== undefined) attrs.in_progress_at = new Date(o.inProgressTs).toISOString();
  if (o.endTs !== undefined) attrs.finished_at = new Date(o.endTs).toISOString();
}
