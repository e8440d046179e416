/**
 * The plain events CSV for everything else: `time,service,kind,version,description` (columns in any
 * order; also `timestamp`, `type`, `title`, `end`, `severity`; extra columns become attrs). `kind`
 * maps to an EventType: deploy/release/rollout → deploy, config/flag/feature-flag → config, alert,
 * incident, annotation/note, k8s; anything else → other (the word kept in attrs.kind).
 * Title = description, else `<kind> <version>`.
 */
import type { EventRecord, FormatReader, ReadContext, Sniff } from '../../types';
import { ParseError } from '../../types';
import { rejectLine } from '../logs/io/bad-line';
import { csvHeader } from '../logs/io/sniff';
import { TimeValues } from '../logs/timestamps';
import { column, readCsvTable } from './csv-table';
import { eventTypeOf } from './fields';

const TIME = ['time', 'timestamp', 'ts', 'date', 'start', 'start_time'];
const KIND = ['kind', 'type', 'event', 'category'];
const DETAIL = ['description', 'title', 'version', 'message', 'summary', 'service'];
const END = ['end', 'end_time', 'endtime', 'end_ts', 'until'];

function detect(sniff: Sniff): number {
  const h = csvHeader(sniff);
  if (h.length < 3 || !column(h, TIME) || !column(h, KIND)) return 0;
  return column(h, DETAIL) ? 0.9 : 0;
}

async function* read(open: () => NodeJS.ReadableStream, ctx: ReadContext): AsyncGenerator<EventRecord[]> {
  const times = new TimeValues(ctx.zone, ctx.referenceYear, ctx.fileTimeMs);
  let time = TIME[0];
  let kind: string | undefined;
  let end: string | undefined;
  const check = (names: string[], line: number, raw: string): void => {
    const t = column(names, TIME);
    if (!t) throw new ParseError(ctx.file, line, 'a header with a time column (time,service,kind,version,description)', raw);
    time = t;
    kind = column(names, KIND);
    end = column(names, END);
  };
  for await (const rows of readCsvTable(open, ctx, check)) {
    const out: EventRecord[] = [];
    for (const r of rows) {
      const ts = times.parse(r.get(time) ?? '');
      if (Number.isNaN(ts)) {
        rejectLine(ctx, r.line, `a time in column ${time} (ISO 8601 or epoch)`, r.get(time) ?? r.raw);
        continue;
      }
      const k = kind ? r.get(kind) : undefined;
      const version = r.get('version');
      const attrs: Record<string, string> = {};
      for (const [name, v] of r.entries) if (v.trim() !== '') attrs[name] = v;
      const title = r.get('description') ?? r.get('title') ?? r.get('message') ?? [k, version].filter(Boolean).join(' ');
      const rec: EventRecord = { kind: 'event', type: eventTypeOf(k), ts, title: title || 'event', attrs, line: r.line };
      const svc = r.get('service') ?? r.get('app');
      if (svc) rec.service = svc;
      const sev = r.get('severity');
      if (sev) rec.severity = sev;
      const endText = end ? r.get(end) : undefined;
      const endTs = endText ? times.parse(endText) : Number.NaN;
      if (!Number.isNaN(endTs) && endTs >= ts) rec.endTs = endTs;
      out.push(rec);
    }
    if (out.length > 0) yield out;
  }
}

export const eventsCsvReader: FormatReader = {
  id: 'events-csv',
  kind: 'events',
  title: 'Events CSV (time,service,kind,version,description)',
  detect,
  read,
};
