/**
 * Argo CD deployment history: `status.history[]` entries `{id, revision(s), deployedAt, deployStartedAt,
 * source(s){repoURL, path, targetRevision}}` — inside a full Application object (`kubectl get app x -o json`,
 * where metadata.name names the service), an ApplicationList (`items[]`), or the bare history array.
 * Each entry → EventRecord type 'deploy' from deployStartedAt to deployedAt (or at deployedAt).
 */
import type { EventRecord, FormatReader, ReadContext, Sniff } from '../../types';
import { BadRecord, describe } from '../logs/io/bad-line';
import { isObject, type JsonObject, type JsonValue } from '../logs/io/json-stream';
import { firstChar } from '../logs/io/sniff';
import { readJsonDocument } from '../logs/json-doc';
import { TimeValues } from '../logs/timestamps';
import { at, optionalTime, requireObject, text } from './fields';

function detect(sniff: Sniff): number {
  const c = firstChar(sniff);
  if (c !== '{' && c !== '[') return 0;
  const h = sniff.head;
  if (!/"deployedAt"\s*:/.test(h)) return 0;
  return /"revisions?"\s*:/.test(h) ? 0.93 : 0.6;
}

function read(open: () => NodeJS.ReadableStream, ctx: ReadContext): AsyncIterable<EventRecord[]> {
  const times = new TimeValues(ctx.zone, ctx.referenceYear, ctx.fileTimeMs);
  let app: string | undefined;

  const entry = (h: JsonValue, service: string | undefined): EventRecord => {
    const o = requireObject(h, 'a history entry object');
    const end = optionalTime(times, o.deployedAt);
    const start = optionalTime(times, o.deployStartedAt);
    const ts = start ?? end;
    if (ts === undefined) throw new BadRecord('deployedAt (RFC 3339)', describe(o.deployedAt ?? null));
    const revision = text(o.revision) ?? (Array.isArray(o.revisions) ? o.revisions.map((r) => text(r) ?? '').join(',') : undefined);
    const src = isObject(o.source) ? o.source : Array.isArray(o.sources) && isObject(o.sources[0]) ? o.sources[0] : undefined;
    const attrs: Record<string, string> = {};
    const id = text(o.id);
    if (id) attrs.id = id;
    if (revision) attrs.revision = revision;
    for (const k of ['repoURL', 'path', 'targetRevision', 'chart']) {
      const v = text(at(src, k));
      if (v) attrs[k] = v;
    }
    const short = revision && /^[0-9a-f]{40}$/.test(revision) ? revision.slice(0, 7) : revision;
    const title = `Argo CD sync${service ? ` ${service}` : ''} to ${short ?? 'unknown revision'}`;
    const rec: EventRecord = { kind: 'event', type: 'deploy', ts, title, attrs };
    if (start !== undefined && end !== undefined && end > start) rec.endTs = end;
    if (service) rec.service = service;
    return rec;
  };

  const application = (o: JsonObject): EventRecord[] => {
    const name = text(at(o, 'metadata', 'name'));
    const history = at(o, 'status', 'history');
    return Array.isArray(history) ? history.map((h) => entry(h, name)) : [];
  };

  const paths = (root: string): string[] =>
    root === '[' ? ['$.*'] : ['$.metadata.name', '$.status.history.*', '$.history.*', '$.items.*'];
  return readJsonDocument(open, ctx, paths, (item) => {
    const [p0, p1] = item.path;
    if (p0 === 'metadata') {
      app = text(item.value);
      return undefined;
    }
    if (p0 === 'items' || (typeof p0 === 'number' && isObject(item.value) && 'status' in item.value)) {
      return application(requireObject(item.value, 'an Argo CD Application'));
    }
    if (p0 === 'status' || p0 === 'history' || (typeof p0 === 'number' && p1 === undefined)) return entry(item.value, app);
    return undefined;
  });
}

export const argocdReader: FormatReader = {
  id: 'events-argocd',
  kind: 'events',
  title: 'Argo CD application history',
  detect,
  read,
};
