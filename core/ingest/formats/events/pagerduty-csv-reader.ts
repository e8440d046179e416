/**
 * PagerDuty incidents CSV export: at least `incident_number, description, created_on, resolved_on`
 * (times with an offset; zone-less times are read in ctx.zone), often also `service_name`, `urgency`,
 * `priority`, `status`. Each row → EventRecord type 'incident' from created_on to resolved_on
 * (empty = still open). Other columns become attrs.
 */
import type { EventRecord, FormatReader, ReadContext, Sniff } from '../../types';
import { ParseError } from '../../types';
import { rejectLine } from '../logs/io/bad-line';
import { csvHeader } from '../logs/io/sniff';
import { TimeValues } from '../logs/timestamps';
import { column, readCsvTable } from './csv-table';

const CREATED = ['created_on', 'created_at', 'created'];
const RESOLVED = ['resolved_on', 'resolved_at', 'resolved'];
const TITLE = ['description', 'title', 'summary'];
const SERVICE = ['service_name', 'service', 'service.summary'];
const SEVERITY = ['priority', 'priority_name', 'urgency', 'severity'];

function detect(sniff: Sniff): number {
  const h = csvHeader(sniff);
  if (!h.includes('incident_number') && !h.includes('incident_id')) return 0;
  return column(h, CREATED) ? 0.95 : 0;
}

async function* read(open: () => NodeJS.ReadableStream, ctx: ReadContext): AsyncGenerator<EventRecord[]> {
  const times = new TimeValues(ctx.zone, ctx.referenceYear, ctx.fileTimeMs);
  let created = CREATED[0];
  let resolved: string | undefined;
  let title: string | undefined;
  let service: string | undefined;
  let severity: string | undefined;
  const check = (names: string[], line: number, raw: string): void => {
    const c = column(names, CREATED);
    if (!c) throw new ParseError(ctx.file, line, 'a header with created_on', raw);
    created = c;
    resolved = column(names, RESOLVED);
    title = column(names, TITLE);
    service = column(names, SERVICE);
    severity = column(names, SEVERITY);
  };
  for await (const rows of readCsvTable(open, ctx, check)) {
    const out: EventRecord[] = [];
    for (const r of rows) {
      const ts = times.parse(r.get(created) ?? '');
      if (Number.isNaN(ts)) {
        rejectLine(ctx, r.line, `a time in ${created} (e.g. 2024-01-15T10:00:00-05:00)`, r.get(created) ?? r.raw);
        continue;
      }
      const endText = resolved ? r.get(resolved) : undefined;
      const end = endText ? times.parse(endText) : Number.NaN;
      const num = r.get('incident_number') ?? r.get('incident_id');
      const attrs: Record<string, string> = {};
      for (const [k, v] of r.entries) if (v !== '') attrs[k] = v;
      const rec: EventRecord = {
        kind: 'event',
        type: 'incident',
        ts,
        title: (title ? r.get(title) : undefined) ?? `Incident ${num ?? ''}`.trim(),
        attrs,
      };
      if (!Number.isNaN(end) && end >= ts) rec.endTs = end;
      const svc = service ? r.get(service) : undefined;
      if (svc) rec.service = svc;
      const sev = severity ? r.get(severity) : undefined;
      if (sev) rec.severity = sev;
      out.push(rec);
    }
    if (out.length > 0) yield out;
  }
}

export const pagerdutyCsvReader: FormatReader = {
  id: 'events-pagerduty-csv',
  kind: 'events',
  title: 'PagerDuty incidents CSV',
  detect,
  read,
};
