/**
 * PagerDuty REST API incidents (`GET /incidents`): `{"incidents":[{incident_number, title, status,
 * urgency, created_at, resolved_at?, last_status_change_at, service:{summary}, priority:{summary}}], …}`
 * (or a bare array of incidents; several pages appended are read in turn). Each → EventRecord type
 * 'incident' from created_at to resolved_at (else, when status is resolved, last_status_change_at);
 * severity = priority.summary, else urgency.
 */
import type { EventRecord, FormatReader, ReadContext, Sniff } from '../../types';
import { firstChar } from '../logs/io/sniff';
import { readJsonDocument } from '../logs/json-doc';
import { TimeValues } from '../logs/timestamps';
import { at, optionalTime, requiredTime, requireObject, text } from './fields';

function detect(sniff: Sniff): number {
  const c = firstChar(sniff);
  if (c !== '{' && c !== '[') return 0;
  const h = sniff.head;
  if (!/"incident_number"\s*:/.test(h)) return 0;
  return /"incidents"\s*:\s*\[/.test(h) || /"created_at"\s*:/.test(h) ? 0.93 : 0.6;
}

function read(open: () => NodeJS.ReadableStream, ctx: ReadContext): AsyncIterable<EventRecord[]> {
  const times = new TimeValues(ctx.zone, ctx.referenceYear, ctx.fileTimeMs);
  const paths = (root: string): string[] => (root === '[' ? ['$.*'] : ['$.incidents.*']);
  return readJsonDocument(open, ctx, paths, (item) => {
    const o = requireObject(item.value, 'an incident object');
    const ts = requiredTime(times, o.created_at, 'created_at (RFC 3339)');
    const status = text(o.status);
    const end = optionalTime(times, o.resolved_at) ?? (status === 'resolved' ? optionalTime(times, o.last_status_change_at) : undefined);
    const num = text(o.incident_number);
    const attrs: Record<string, string> = {};
    for (const [k, v] of [
      ['incident_number', num],
      ['id', text(o.id)],
      ['status', status],
      ['urgency', text(o.urgency)],
      ['html_url', text(o.html_url)],
      ['escalation_policy', text(at(o, 'escalation_policy', 'summary'))],
    ] as const) {
      if (v) attrs[k] = v;
    }
    const rec: EventRecord = {
      kind: 'event',
      type: 'incident',
      ts,
      title: text(o.title) ?? text(o.summary) ?? text(o.description) ?? `Incident ${num ?? ''}`.trim(),
      attrs,
    };
    if (end !== undefined && end >= ts) rec.endTs = end;
    const service = text(at(o, 'service', 'summary')) ?? text(at(o, 'service', 'name'));
    if (service) rec.service = service;
    const severity = text(at(o, 'priority', 'summary')) ?? text(o.urgency);
    if (severity) rec.severity = severity;
    return rec;
  });
}

export const pagerdutyJsonReader: FormatReader = {
  id: 'events-pagerduty-json',
  kind: 'events',
  title: 'PagerDuty API incidents JSON',
  detect,
  read,
};
