/**
 * Loki `logcli query` default output: `<RFC 3339 time> {label="v", …} <line>`. Labels give service,
 * host and level (`service_name`/`app`/`job`…, `host`/`instance`…, `level`/`detected_level`); the line
 * is parsed for level/service when the labels have none. A line without the time and labels (a
 * multi-line entry) continues the entry above.
 */
import type { FormatReader, LogRecord, ReadContext, Sniff } from '../../types';
import { EventBuilder } from './event-builder';
import { rejectLine } from './io/bad-line';
import { readLineBatches } from './io/lines';
import { sniffLines } from './io/sniff';
import { InnerLines } from './inner';
import { hostOf, levelOf, parseLabelBlock, serviceOf } from './labels';
import { scanIso } from './timestamps';

interface LogcliLine {
  ts: number;
  labels: Record<string, string>;
  text: string;
}

/** Parses `<time> {labels} <line>`; undefined when the line is not one. */
export function parseLogcliLine(line: string): LogcliLine | undefined {
  const w = scanIso(line, 0);
  if (!w || w.offset === undefined || line.charCodeAt(w.end) !== 32) return undefined;
  let i = w.end + 1;
  while (line.charCodeAt(i) === 32) i++;
  const block = parseLabelBlock(line, i);
  if (!block) return undefined;
  let j = block[1];
  if (j < line.length && line.charCodeAt(j) !== 32 && line.charCodeAt(j) !== 9) return undefined;
  while (line.charCodeAt(j) === 32) j++;
  const ts = Date.UTC(w.year, w.month - 1, w.day, w.hour, w.minute, w.second, w.ms) - w.offset * 60_000;
  return { ts, labels: block[0], text: line.slice(j) };
}

function detect(sniff: Sniff): number {
  const lines = sniffLines(sniff, 200);
  if (lines.length === 0) return 0;
  let ok = 0;
  for (const l of lines) if (parseLogcliLine(l)) ok++;
  if (ok === 0 || !parseLogcliLine(lines[0])) return 0;
  return ok / lines.length >= 0.5 ? 0.9 : 0;
}

async function* read(open: () => NodeJS.ReadableStream, ctx: ReadContext): AsyncGenerator<LogRecord[]> {
  const inner = new InnerLines(ctx.zone, ctx.referenceYear, ctx.fileTimeMs);
  const events = new EventBuilder();
  for await (const batch of readLineBatches(open, ctx)) {
    const out: LogRecord[] = [];
    for (let k = 0; k < batch.lines.length; k++) {
      const line = batch.lines[k];
      const no = batch.first + k;
      const p = line.length > 0 ? parseLogcliLine(line) : undefined;
      if (!p) {
        if (events.open) events.append(line);
        else if (line.trim().length > 0) rejectLine(ctx, no, 'a logcli line (<time> {labels} <line>)', line);
        continue;
      }
      const h = inner.parse(p.text);
      const rec: LogRecord = { kind: 'log', ts: p.ts, line: no, lines: 1, message: h.message, raw: line };
      const level = levelOf(p.labels) ?? h.level;
      if (level) rec.level = level;
      const service = serviceOf(p.labels) ?? h.service;
      if (service) rec.service = service;
      const host = hostOf(p.labels) ?? h.host;
      if (host) rec.host = host;
      const attrs = { ...h.attrs, ...p.labels };
      if (Object.keys(attrs).length > 0) rec.attrs = attrs;
      const done = events.start(rec);
      if (done) out.push(done);
      if (batch.truncated.includes(k)) events.markTruncated();
    }
    if (out.length > 0) yield out;
  }
  const last = events.finish();
  if (last) yield [last];
}

export const lokiLogcliReader: FormatReader = {
  id: 'log-loki-logcli',
  kind: 'logs',
  title: 'Loki logcli output (time {labels} line)',
  detect,
  read,
};
