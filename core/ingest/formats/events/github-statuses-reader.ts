/**
 * GitHub deployment statuses JSON imported on its own: the array from
 * `GET /repos/{owner}/{repo}/deployments/{id}/statuses`, or several such arrays (or one array of the
 * statuses of many deployments). Statuses are grouped by deployment (deployment_url `…/deployments/<id>`,
 * `deployment_id` or an embedded deployment); each deployment → one EventRecord type 'deploy' from the
 * start of its rollout (queued / in_progress) to its success, failure or error, with attrs.state the
 * outcome, attrs.deployment_id (the link to the deployments file), environment, description, creator.
 * Service: the repository name from repository_url. Memory O(deployments).
 */
import type { EventRecord, FormatReader, ReadContext, Sniff } from '../../types';
import { BadRecord, describe } from '../logs/io/bad-line';
import { isObject } from '../logs/io/json-stream';
import { firstChar } from '../logs/io/sniff';
import { readJsonDocument } from '../logs/json-doc';
import { TimeValues } from '../logs/timestamps';
import { DEPLOY_STATES, DeployProgress, deploymentIdOf, outcomeAttrs } from './github-deploy-statuses';

const STATE_RE = new RegExp(`"state"\\s*:\\s*"(?:${DEPLOY_STATES.join('|')})"`);

function detect(sniff: Sniff): number {
  if (firstChar(sniff) !== '[') return 0;
  const h = sniff.head;
  // A deployment (with "sha" and "ref") is the deployments reader's, statuses merged in or not.
  if (/"sha"\s*:/.test(h) || !/"deployment_url"\s*:\s*"[^"]*\/deployments\/\d+"/.test(h)) return 0;
  return STATE_RE.test(h) && /"created_at"\s*:/.test(h) ? 0.9 : 0;
}

async function* read(open: () => NodeJS.ReadableStream, ctx: ReadContext): AsyncGenerator<EventRecord[]> {
  const times = new TimeValues(ctx.zone, ctx.referenceYear, ctx.fileTimeMs);
  const deployments = new Map<string, { progress: DeployProgress; line: number }>();
  const paths = (root: string): string[] => (root === '[' ? ['$.*'] : ['$']);
  yield* readJsonDocument<EventRecord>(open, ctx, paths, (item) => {
    const statuses = Array.isArray(item.value) ? item.value : [item.value];
    for (const st of statuses) {
      const id = isObject(st) ? deploymentIdOf(st) : undefined;
      if (id === undefined) throw new BadRecord('a deployment status with a deployment_url ending in /deployments/<id>', describe(st));
      let d = deployments.get(id);
      if (!d) {
        d = { progress: new DeployProgress(), line: item.line };
        deployments.set(id, d);
      }
      if (!d.progress.add(st, times)) throw new BadRecord('a deployment status with a state and created_at', describe(st));
    }
    return undefined;
  });
  const out: EventRecord[] = [];
  for (const [id, d] of deployments) {
    const o = d.progress.outcome();
    if (o.startTs === undefined) continue;
    const attrs: Record<string, string> = { deployment_id: id };
    if (o.environment) attrs.environment = o.environment;
    if (o.description) attrs.description = o.description;
    if (o.creator) attrs.creator = o.creator;
    outcomeAttrs(attrs, o);
    const title = `Deploy #${id}${o.environment ? ` to ${o.environment}` : ''}${o.outcome ? `: ${o.outcome}` : ''}`;
    const rec: EventRecord = { kind: 'event', type: 'deploy', ts: o.startTs, title, attrs, line: d.line };
    if (o.endTs !== undefined && o.endTs >= o.startTs) rec.endTs = o.endTs;
    if (o.repository) rec.service = o.repository;
    out.push(rec);
  }
  out.sort((a, b) => a.ts - b.ts);
  if (out.length > 0) yield out;
}

export const githubStatusesReader: FormatReader = {
  id: 'events-github-deployment-statuses',
  kind: 'events',
  title: 'GitHub deployment statuses JSON',
  detect,
  read,
};
