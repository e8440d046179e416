/**
 * Prometheus Alertmanager alerts: API v2 `GET /api/v2/alerts` (an array of
 * `{labels, annotations, startsAt, endsAt, updatedAt, fingerprint, status:{state}}`), API v1
 * (`{"status":"success","data":[…]}`), and webhook payloads (`{"version":"4","status","receiver",
 * "alerts":[…],"groupLabels","commonLabels"}`) — one, an array of them, or one a line (NDJSON).
 *
 * Each alert → EventRecord type 'alert': ts = startsAt; service = label service, job or app; severity
 * = label severity; title = `alertname: summary` (annotation summary, else description). End time:
 * `endsAt` "0001-01-01T00:00:00Z" means still open (no endTs); a webhook alert gets endTs only when
 * resolved; an API v2 alert (current state) never does — its endsAt is only the expected expiry,
 * kept in attrs.endsAt. The same alert seen in several payloads (firing, later resolved) is one event
 * (key: fingerprint, else labels, + startsAt), so events are emitted at the end of the file.
 * Labels become attrs as they are; annotations as `annotation.<name>`.
 */
import type { EventRecord, FormatReader, ReadContext, Sniff } from '../../types';
import { BadRecord, describe, rejectLine } from '../logs/io/bad-line';
import { isObject, type JsonObject, type JsonValue } from '../logs/io/json-stream';
import { firstChar } from '../logs/io/sniff';
import { readJsonDocument } from '../logs/json-doc';
import { valueText } from '../logs/json-fields';
import { TimeValues } from '../logs/timestamps';
import { optionalTime, requiredTime, text } from './fields';

function detect(sniff: Sniff): number {
  const c = firstChar(sniff);
  if (c !== '[' && c !== '{') return 0;
  const h = sniff.head;
  if (!/"startsAt"\s*:/.test(h) || !/"labels"\s*:\s*\{/.test(h)) return 0;
  return /"alertname"\s*:|"fingerprint"\s*:|"groupLabels"\s*:|"generatorURL"\s*:/.test(h) ? 0.95 : 0.75;
}

function labelsOf(v: JsonValue | undefined): Record<string, string> {
  const out: Record<string, string> = {};
  if (isObject(v)) for (const k of Object.keys(v)) out[k] = valueText(v[k]);
  return out;
}

interface Payload {
  receiver?: string;
  status?: string;
}

async function* read(open: () => NodeJS.ReadableStream, ctx: ReadContext): AsyncGenerator<EventRecord[]> {
  const times = new TimeValues(ctx.zone, ctx.referenceYear, ctx.fileTimeMs);
  const events = new Map<string, EventRecord>();

  const alert = (a: JsonValue, payload: Payload | undefined): void => {
    if (!isObject(a)) throw new BadRecord('an alert object', describe(a));
    const labels = labelsOf(a.labels);
    const annotations = labelsOf(a.annotations);
    const ts = requiredTime(times, a.startsAt, 'startsAt (RFC 3339)');
    const state = typeof a.status === 'string' ? a.status : isObject(a.status) ? text(a.status.state) : payload?.status;
    const ends = optionalTime(times, a.endsAt);
    const apiV2 = isObject(a.status);
    const endTs = !apiV2 && ends !== undefined && ends >= ts && state !== 'firing' ? ends : undefined;
    const name = labels.alertname ?? 'alert';
    const summary = annotations.summary ?? annotations.description ?? annotations.message;
    const attrs: Record<string, string> = { ...labels };
    for (const k of Object.keys(annotations)) attrs[`annotation.${k}`] = annotations[k];
    const fingerprint = text(a.fingerprint);
    if (fingerprint) attrs.fingerprint = fingerprint;
    if (state) attrs.state = state;
    if (payload?.receiver) attrs.receiver = payload.receiver;
    if (typeof a.generatorURL === 'string') attrs.generatorURL = a.generatorURL;
    if (apiV2 && typeof a.endsAt === 'string') attrs.endsAt = a.endsAt;
    const rec: EventRecord = { kind: 'event', type: 'alert', ts, title: summary ? `${name}: ${summary}` : name, attrs };
    const service = labels.service ?? labels.job ?? labels.app;
    if (service) rec.service = service;
    if (labels.severity) rec.severity = labels.severity;
    if (endTs !== undefined) rec.endTs = endTs;
    const key = `${fingerprint ?? JSON.stringify(Object.entries(labels).sort())}|${ts}`;
    const seen = events.get(key);
    if (!seen) {
      events.set(key, rec);
    } else {
      // Later payloads carry the newer state; keep an end time once known.
      if (rec.endTs === undefined && seen.endTs !== undefined) rec.endTs = seen.endTs;
      events.set(key, rec);
    }
  };

  const each = (list: JsonValue[], payload: Payload | undefined, line: number): void => {
    for (const a of list) {
      try {
        alert(a, payload);
      } catch (err) {
        if (!(err instanceof BadRecord)) throw err;
        rejectLine(ctx, line, err.expected, err.found);
      }
    }
  };

  const item = (v: JsonValue, line: number): undefined => {
    if (!isObject(v)) throw new BadRecord('an alert or a webhook payload object', describe(v));
    const o: JsonObject = v;
    if (Array.isArray(o.alerts)) {
      each(o.alerts, { receiver: text(o.receiver), status: text(o.status) }, line);
    } else if (Array.isArray(o.data)) {
      each(o.data, undefined, line);
    } else {
      alert(o, undefined);
    }
    return undefined;
  };

  for await (const batch of readJsonDocument(open, ctx, (root) => (root === '[' ? ['$.*'] : ['$']), (it) => item(it.value, it.line))) {
    void batch;
  }
  const all = [...events.values()];
  for (let i = 0; i < all.length; i += 1000) yield all.slice(i, i + 1000);
}

export const alertmanagerReader: FormatReader = {
  id: 'events-alertmanager',
  kind: 'events',
  title: 'Alertmanager alerts (API v2 or webhook payloads)',
  detect,
  read,
};
