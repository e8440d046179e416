/**
 * Loki `logcli query` default output: `<RFC 3339 time> {label="v", …} <line>`. Labels give service,
 * host and level (`service_name`/`app`/`job`…, `host`/`instance`…, `level`/`detected_level`); the line
 * is parsed for level/service when the labels have none. A line without the time and labels (a
 * multi-line entry) continues the entry above.
 */
import type { FormatReader, LogRecord, ReadContext, Sniff } from '../../types';
import { sniffLines } from './io/sniff';
import { InnerLines } from './inner';
import { hostOf, levelOf, parseLabelBlock, serviceOf } from './labels';
import { continueOrReject, readLineEvents } from './line-events';
import { withFields } from './log-record';
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
  yield* readLineEvents(open, ctx, (line, no, events) => {
    const p = line.length > 0 ? parseLogcliLine(line) : undefined;
    if (!p) {
      continueOrReject(events, ctx, no, line, 'a logcli line (<time> {labels} <line>)');
      return undefined;
    }
    const h = inner.parse(p.text);
    return withFields(
      { kind: 'log', ts: p.ts, line: no, lines: 1, message: h.message, raw: line },
      {
        level: levelOf(p.labels) ?? h.level,
        service: serviceOf(p.labels) ?? h.service,
        host: hostOf(p.labels) ?? h.host,
        attrs: { ...h.attrs, ...p.labels },
      },
    );
  });
}

export const lokiLogcliReader: FormatReader = {
  id: 'log-loki-logcli',
  kind: 'logs',
  title: 'Loki logcli output (time {labels} line)',
  detect,
  read,
};
