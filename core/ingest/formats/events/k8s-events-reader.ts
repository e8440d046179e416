/**
 * Kubernetes events: `kubectl get events -o json` (a List of core/v1 Events: `involvedObject{kind,name,
 * namespace}`, `reason`, `message`, `type` Normal|Warning, `count`, `firstTimestamp`, `lastTimestamp`,
 * `eventTime`), `events.k8s.io/v1` (`regarding`, `note`, `eventTime`, `series{count,lastObservedTime}`,
 * `deprecatedFirstTimestamp`/`deprecatedLastTimestamp`), a bare array, or one event object a line
 * (`--watch -o json`). Items are streamed.
 *
 * Each → EventRecord type 'k8s' ('deploy' for ScalingReplicaSet: a rollout step); ts = first time
 * (firstTimestamp / eventTime / deprecatedFirstTimestamp / creationTimestamp); endTs = last time when
 * later (a repeated event); service = the workload (pod and replica-set hashes stripped, fields.ts);
 * severity 'warning' or 'info'; title `reason: message`.
 */
import type { EventRecord, FormatReader, ReadContext, Sniff } from '../../types';
import { BadRecord, describe } from '../logs/io/bad-line';
import { isObject } from '../logs/io/json-stream';
import { firstChar } from '../logs/io/sniff';
import { readJsonDocument } from '../logs/json-doc';
import { TimeValues } from '../logs/timestamps';
import { at, optionalTime, requireObject, text, workloadOf } from './fields';

function detect(sniff: Sniff): number {
  const c = firstChar(sniff);
  if (c !== '{' && c !== '[') return 0;
  const h = sniff.head;
  if (/"involvedObject"\s*:\s*\{/.test(h)) return 0.95;
  if (/"regarding"\s*:\s*\{/.test(h) && /"reason"\s*:|"note"\s*:/.test(h)) return 0.95;
  return 0;
}

function read(open: () => NodeJS.ReadableStream, ctx: ReadContext): AsyncIterable<EventRecord[]> {
  const times = new TimeValues(ctx.zone, ctx.referenceYear, ctx.fileTimeMs);
  const paths = (root: string, head: string): string[] => {
    if (root === '[') return ['$.*'];
    return /"items"\s*:\s*\[/.test(head) ? ['$.items.*'] : ['$'];
  };
  return readJsonDocument(open, ctx, paths, (item) => {
    const o = requireObject(item.value, 'a Kubernetes Event object');
    const obj = isObject(o.involvedObject) ? o.involvedObject : isObject(o.regarding) ? o.regarding : undefined;
    if (!obj) throw new BadRecord('an event with involvedObject or regarding', describe(o).slice(0, 80));
    const first =
      optionalTime(times, o.firstTimestamp) ??
      optionalTime(times, o.eventTime) ??
      optionalTime(times, o.deprecatedFirstTimestamp) ??
      optionalTime(times, at(o, 'metadata', 'creationTimestamp'));
    if (first === undefined) {
      throw new BadRecord('firstTimestamp, eventTime or metadata.creationTimestamp', describe(o.firstTimestamp ?? o.eventTime ?? null));
    }
    const last =
      optionalTime(times, o.lastTimestamp) ??
      optionalTime(times, at(o, 'series', 'lastObservedTime')) ??
      optionalTime(times, o.deprecatedLastTimestamp);
    const reason = text(o.reason) ?? 'Event';
    const message = text(o.message) ?? text(o.note) ?? '';
    const kind = text(obj.kind);
    const name = text(obj.name);
    const namespace = text(obj.namespace) ?? text(at(o, 'metadata', 'namespace'));
    const attrs: Record<string, string> = { reason };
    if (kind) attrs.objectKind = kind;
    if (name) attrs.object = name;
    if (namespace) attrs.namespace = namespace;
    const count = text(o.count) ?? text(at(o, 'series', 'count')) ?? text(o.deprecatedCount);
    if (count) attrs.count = count;
    const type = text(o.type);
    if (type) attrs.type = type;
    const source = text(at(o, 'source', 'component')) ?? text(o.reportingController) ?? text(o.reportingComponent);
    if (source) attrs.source = source;
    const rec: EventRecord = {
      kind: 'event',
      type: reason === 'ScalingReplicaSet' ? 'deploy' : 'k8s',
      ts: first,
      title: message ? `${reason}: ${message}` : reason,
      attrs,
    };
    if (last !== undefined && last > first) rec.endTs = last;
    if (name) rec.service = workloadOf(kind, name);
    if (type) rec.severity = type === 'Warning' ? 'warning' : 'info';
    return rec;
  });
}

export const k8sEventsReader: FormatReader = {
  id: 'events-k8s',
  kind: 'events',
  title: 'Kubernetes events (kubectl get events -o json)',
  detect,
  read,
};
