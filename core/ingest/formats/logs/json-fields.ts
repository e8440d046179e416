/**
 * Finds the usual fields of a structured log event whatever the keys are called: time
 * (`@timestamp`, `timestamp`, `time`, `ts`, …), level (`level`, `severity`, `lvl`, `log.level`, …),
 * message (`msg`, `message`, `log`, …), service (`service`, `service.name`, `app`, …; never a logger name,
 * which stays in attrs: core/ingest/service-attribution.ts) and host. Nested objects are flattened to dotted keys (depth ≤ 4); keys match case-insensitively, first
 * listed wins. Everything else becomes string attrs. O(keys) per object; never throws.
 */
import type { JsonObject, JsonValue } from './io/json-stream';
import { levelOfValue } from './levels';
import type { TimeValues } from './timestamps';

export const TIME_KEYS = ['@timestamp', 'timestamp', 'time', 'ts', 'datetime', 'date', 'eventtime', 'event.created', 't'];
export const LEVEL_KEYS = [
  'level', 'severity', 'lvl', 'loglevel', 'log.level', 'log_level', 'levelname', 'level_name',
  'severity_text', 'severitytext', 'detected_level',
];
export const MESSAGE_KEYS = ['message', 'msg', 'log', 'text', 'body', 'short_message', 'event.original', 'full_message'];
export const SERVICE_KEYS = [
  'service', 'service.name', 'service_name', 'app', 'application', 'app_name',
  'component', 'kubernetes.container.name', 'container_name', 'container', 'program', 'name',
];
export const HOST_KEYS = ['host', 'hostname', 'host.name', 'host.hostname', 'kubernetes.host', 'node', 'instance'];

const MAX_DEPTH = 4;
const MAX_ATTR = 4096;

/** Flattens `obj` into `out` with dotted keys; arrays and deeper objects become JSON text. */
export function flatten(obj: JsonObject, out: Map<string, JsonValue> = new Map(), prefix = '', depth = 0): Map<string, JsonValue> {
  for (const k of Object.keys(obj)) {
    const v = obj[k];
    const key = prefix ? `${prefix}.${k}` : k;
    if (typeof v === 'object' && v !== null && !Array.isArray(v) && depth < MAX_DEPTH) {
      flatten(v, out, key, depth + 1);
    } else {
      out.set(key, v);
    }
  }
  return out;
}

/** A JSON value as attribute text (strings as they are, others as JSON, capped). */
export function valueText(v: JsonValue): string {
  let s: string;
  if (typeof v === 'string') s = v;
  else if (v === null) s = '';
  else if (typeof v === 'object') s = safeJson(v);
  else s = String(v);
  return s.length > MAX_ATTR ? s.slice(0, MAX_ATTR) : s;
}

function safeJson(v: JsonValue): string {
  try {
    return JSON.stringify(v);
  } catch {
    return '';
  }
}

export interface FoundFields {
  /** NaN when no time key held a time. */
  ts: number;
  level?: string;
  message?: string;
  service?: string;
  host?: string;
  attrs: Record<string, string>;
}

function pick(fields: Map<string, JsonValue>, lower: Map<string, string>, keys: string[]): string | undefined {
  for (const k of keys) {
    const real = lower.get(k);
    if (real !== undefined) {
      const v = fields.get(real);
      if (v !== null && v !== undefined && v !== '') return real;
    }
  }
  return undefined;
}

/** The fields of one structured event. `times` parses the time value (zone, DST, epoch). */
export function findFields(obj: JsonObject, times: TimeValues): FoundFields {
  const fields = flatten(obj);
  const lower = new Map<string, string>();
  for (const k of fields.keys()) {
    const lk = k.toLowerCase();
    if (!lower.has(lk)) lower.set(lk, k);
  }
  const used = new Set<string>();
  let ts = Number.NaN;
  for (const k of TIME_KEYS) {
    const real = lower.get(k);
    if (real === undefined) continue;
    ts = times.parse(fields.get(real));
    if (!Number.isNaN(ts)) {
      used.add(real);
      break;
    }
  }
  const found: FoundFields = { ts, attrs: {} };
  const levelKey = pick(fields, lower, LEVEL_KEYS);
  if (levelKey) {
    const lv = levelOfValue(fields.get(levelKey));
    if (lv) {
      found.level = lv;
      used.add(levelKey);
    }
  }
  const msgKey = pick(fields, lower, MESSAGE_KEYS);
  if (msgKey) {
    found.message = valueText(fields.get(msgKey) as JsonValue);
    used.add(msgKey);
  }
  const svcKey = pick(fields, lower, SERVICE_KEYS);
  if (svcKey) {
    found.service = valueText(fields.get(svcKey) as JsonValue);
    used.add(svcKey);
  }
  const hostKey = pick(fields, lower, HOST_KEYS);
  if (hostKey) {
    found.host = valueText(fields.get(hostKey) as JsonValue);
    used.add(hostKey);
  }
  for (const [k, v] of fields) {
    if (!used.has(k)) found.attrs[k] = valueText(v);
  }
  return found;
}
