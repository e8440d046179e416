/**
 * Small helpers shared by the event readers: JSON values to text, times that must be there, event
 * kinds to EventType, workload names from pod / replica-set names.
 */
import type { EventType } from '../../types';
import { BadRecord, describe } from '../logs/io/bad-line';
import { isObject, type JsonObject, type JsonValue } from '../logs/io/json-stream';
import type { TimeValues } from '../logs/timestamps';

/** A string or number as text; undefined for anything else or an empty string. */
export function text(v: JsonValue | undefined): string | undefined {
  if (typeof v === 'string') return v.length > 0 ? v : undefined;
  if (typeof v === 'number' && Number.isFinite(v)) return String(v);
  return undefined;
}

/** obj.a.b… when every step is an object; undefined otherwise. */
export function at(obj: JsonValue | undefined, ...keys: string[]): JsonValue | undefined {
  let cur: JsonValue | undefined = obj;
  for (const k of keys) {
    if (!isObject(cur)) return undefined;
    cur = cur[k];
  }
  return cur;
}

/** A time that must be present: throws BadRecord naming `what` when it is missing or unreadable. */
export function requiredTime(times: TimeValues, v: JsonValue | undefined, what: string): number {
  const ts = times.parse(v);
  if (Number.isNaN(ts)) throw new BadRecord(what, describe(v));
  return ts;
}

/** An optional time: undefined when missing, empty, unreadable, or Go's zero time (year 1). */
export function optionalTime(times: TimeValues, v: JsonValue | undefined): number | undefined {
  if (v === null || v === undefined || v === '') return undefined;
  if (typeof v === 'string' && v.startsWith('0001-01-01')) return undefined;
  const ts = times.parse(v);
  return Number.isNaN(ts) ? undefined : ts;
}

/** The object or throws BadRecord. */
export function requireObject(v: JsonValue, what: string): JsonObject {
  if (!isObject(v)) throw new BadRecord(what, describe(v));
  return v;
}

const KINDS: Record<string, EventType> = {
  deploy: 'deploy', deployment: 'deploy', release: 'deploy', rollout: 'deploy', rollback: 'deploy', deployed: 'deploy',
  config: 'config', configuration: 'config', 'config-change': 'config', config_change: 'config', flag: 'config',
  'feature-flag': 'config', feature_flag: 'config', featureflag: 'config', toggle: 'config', setting: 'config',
  alert: 'alert', alarm: 'alert',
  incident: 'incident', outage: 'incident',
  k8s: 'k8s', kubernetes: 'k8s',
  annotation: 'annotation', note: 'annotation', comment: 'annotation', marker: 'annotation',
};

/** A free-form kind word (deploy, config, flag, …) to an EventType; 'other' when unknown. */
export function eventTypeOf(kind: string | undefined): EventType {
  if (!kind) return 'other';
  return KINDS[kind.trim().toLowerCase()] ?? 'other';
}

/**
 * The workload a Kubernetes object belongs to, from its name: a Pod `api-7d4b9c6f8-x2x7k` or a
 * ReplicaSet `api-7d4b9c6f8` → `api`; StatefulSet pods `db-0` → `db`; other names unchanged.
 */
export function workloadOf(kind: string | undefined, name: string): string {
  if (kind === 'Pod') {
    const rs = /^(.+)-[a-z0-9]{6,10}-[a-z0-9]{5}$/.exec(name);
    if (rs) return rs[1];
    const ds = /^(.+)-[a-z0-9]{5}$/.exec(name);
    if (ds) return ds[1];
    const sts = /^(.+)-\d+$/.exec(name);
    if (sts) return sts[1];
  }
  if (kind === 'ReplicaSet') {
    const m = /^(.+)-[a-z0-9]{6,10}$/.exec(name);
    if (m) return m[1];
  }
  return name;
}
