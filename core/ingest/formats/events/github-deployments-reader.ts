/**
 * GitHub deployments API (`GET /repos/{owner}/{repo}/deployments`): an array of
 * `{id, sha, ref, task, environment, description, creator{login}, created_at, repository_url, …}`
 * (optionally with a `state` or a `statuses[]` array merged in by the exporter). Each → EventRecord type
 * 'deploy' at created_at; service = the repository name; title `Deploy <ref>@<sha7> to <environment>`;
 * attrs.deployment_id (the link to a statuses file), attrs.production when GitHub says.
 * With `statuses[]`, the rollout's outcome is folded in (github-deploy-statuses.ts): endTs at success,
 * failure or error, attrs.state, attrs.in_progress_at, attrs.finished_at.
 */
import type { EventRecord, FormatReader, ReadContext, Sniff } from '../../types';
import { firstChar } from '../logs/io/sniff';
import { readJsonDocument } from '../logs/json-doc';
import { TimeValues } from '../logs/timestamps';
import { at, requiredTime, requireObject, text } from './fields';
import { DeployProgress, outcomeAttrs } from './github-deploy-statuses';

function detect(sniff: Sniff): number {
  const c = firstChar(sniff);
  if (c !== '[' && c !== '{') return 0;
  const h = sniff.head;
  const keys = ['"sha"', '"ref"', '"environment"', '"created_at"'].filter((k) => h.includes(k)).length;
  if (keys < 4) return 0;
  return /"statuses_url"\s*:|"task"\s*:\s*"deploy|"original_environment"\s*:/.test(h) ? 0.95 : 0.75;
}

function read(open: () => NodeJS.ReadableStream, ctx: ReadContext): AsyncIterable<EventRecord[]> {
  const times = new TimeValues(ctx.zone, ctx.referenceYear, ctx.fileTimeMs);
  return readJsonDocument(open, ctx, (root) => (root === '[' ? ['$.*'] : ['$']), (item) => {
    const o = requireObject(item.value, 'a deployment object');
    const ts = requiredTime(times, o.created_at, 'created_at (RFC 3339)');
    const sha = text(o.sha) ?? '';
    const ref = text(o.ref) ?? '';
    const env = text(o.environment);
    const description = text(o.description);
    const repoUrl = text(o.repository_url);
    const repo = repoUrl ? repoUrl.replace(/\/+$/, '').split('/').pop() : undefined;
    const attrs: Record<string, string> = {};
    const id = text(o.id);
    if (id) attrs.deployment_id = id;
    if (sha) attrs.sha = sha;
    if (ref) attrs.ref = ref;
    if (env) attrs.environment = env;
    if (description) attrs.description = description;
    const creator = text(at(o, 'creator', 'login'));
    if (creator) attrs.creator = creator;
    const task = text(o.task);
    if (task) attrs.task = task;
    if (typeof o.production_environment === 'boolean') attrs.production = String(o.production_environment);
    const progress = new DeployProgress();
    if (Array.isArray(o.statuses)) for (const st of o.statuses) progress.add(st, times);
    const outcome = progress.outcome();
    outcomeAttrs(attrs, outcome);
    const state = text(o.state);
    if (state && !outcome.outcome) attrs.state = state;
    const version = ref && sha ? `${ref}@${sha.slice(0, 7)}` : ref || sha.slice(0, 7);
    let title = `Deploy ${version || 'unknown version'}${env ? ` to ${env}` : ''}`;
    if (description) title += `: ${description}`;
    const rec: EventRecord = { kind: 'event', type: 'deploy', ts, title, attrs };
    if (outcome.endTs !== undefined && outcome.endTs >= ts) rec.endTs = outcome.endTs;
    if (repo) rec.service = repo;
    return rec;
  });
}

export const githubDeploymentsReader: FormatReader = {
  id: 'events-github-deployments',
  kind: 'events',
  title: 'GitHub deployments API JSON',
  detect,
  read,
};
