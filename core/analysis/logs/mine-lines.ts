/**
 * Whole-file template mining: header discovery on a sample (./header), grouping of continuation lines
 * into multi-line events, Drain-family mining (./miner) and a final pass that gives every event the id
 * and text of the template it ended in. Reference: He et al. 2017 (Drain), Zhu et al. 2019 (LogPAI).
 */

import { isContinuation, learnHeader, splitHeader, type HeaderModel, type HeaderOptions } from './header';
import { TemplateMiner, type MinedTemplate, type MinerOptions } from './miner';

export interface MinedEvent {
  /** 1-based number of the event's first line. */
  line: number;
  /** Lines in the event (1 + continuation lines). */
  lines: number;
  templateId: string;
  template: string;
  params: string[];
  /** Header fields of the event's first line (see `splitHeader`). */
  timestamp?: string;
  level?: string;
  component?: string;
  pid?: string;
  thread?: string;
  host?: string;
}

export interface MineLinesOptions extends MinerOptions, HeaderOptions {
  /** Lines used to learn the header. Default 2,000. */
  sampleSize?: number;
  /** Group continuation lines (stack traces) into the previous event. Default true. */
  multiline?: boolean;
  /** Lines longer than this are mined on their first part and counted in `oversizedLines`. Default 1 MiB. */
  maxLineLength?: number;
  /** A learned header to use instead of learning one. */
  header?: HeaderModel;
}

export interface MineLinesResult {
  events: MinedEvent[];
  templates: MinedTemplate[];
  header: HeaderModel;
  /** What was done with bad input. */
  report: {
    lines: number;
    events: number;
    /** Lines cut to `maxLineLength` before mining. */
    oversizedLines: number;
    /** Lines holding mostly control or replacement characters (binary garbage). */
    binaryLines: number;
    /** Lines holding U+FFFD (invalid UTF-8 upstream). */
    replacementCharLines: number;
    emptyLines: number;
  };
}

// eslint-disable-next-line no-control-regex -- finding control characters (binary garbage) is the point.
const SUSPECT = /[\u0000-\u0008\u000e-\u001f\u007f\ufffd]/;

function binaryShare(s: string): { bad: number; repl: boolean } {
  if (!SUSPECT.test(s)) return { bad: 0, repl: false };
  let bad = 0;
  let repl = false;
  const n = Math.min(s.length, 4096);
  for (let i = 0; i < n; i++) {
    const c = s.charCodeAt(i);
    if (c === 0xfffd) { bad++; repl = true; } else if ((c < 32 && c !== 9) || c === 0x7f) bad++;
  }
  return { bad: n === 0 ? 0 : bad / n, repl };
}

/**
 * Mines the templates of a whole file of raw lines (one source). Continuation lines (see
 * `isContinuation`) join the event before them and carry its template; the event's template is mined
 * from its first line's message. O(lines x template search). Never throws on bad input: oversized,
 * binary and invalid-UTF-8 lines are mined as far as possible and counted in `report`.
 */
export function mineLines(lines: readonly string[], options: MineLinesOptions = {}): MineLinesResult {
  const maxLine = options.maxLineLength ?? 1 << 20;
  if (!(maxLine >= 1)) throw new RangeError(`maxLineLength must be at least 1, got ${options.maxLineLength}`);
  const sampleSize = options.sampleSize ?? 2000;
  const multiline = options.multiline ?? true;
  const sample: string[] = [];
  for (let i = 0; i < lines.length && sample.length < sampleSize; i++) {
    const l = lines[i];
    if (l.length > 0) sample.push(l.length > 4096 ? l.slice(0, 4096) : l);
  }
  const header = options.header ?? learnHeader(sample, options);
  const miner = new TemplateMiner({ ...options, maxMessageLength: Math.min(options.maxMessageLength ?? maxLine, maxLine) });
  const report = { lines: lines.length, events: 0, oversizedLines: 0, binaryLines: 0, replacementCharLines: 0, emptyLines: 0 };

  interface Pending { line: number; lines: number; message: string; split: ReturnType<typeof splitHeader> }
  const pending: Pending[] = [];
  for (let i = 0; i < lines.length; i++) {
    let l = lines[i];
    if (l.length > maxLine) {
      report.oversizedLines++;
      l = l.slice(0, maxLine);
    }
    if (l.trim().length === 0) report.emptyLines++;
    const b = binaryShare(l);
    if (b.repl) report.replacementCharLines++;
    if (b.bad > 0.3) report.binaryLines++;
    if (multiline && pending.length > 0 && isContinuation(l, header)) {
      pending[pending.length - 1].lines++;
      continue;
    }
    if (!multiline && l.trim().length === 0) continue;
    const split = splitHeader(l, header);
    miner.add(split.message);
    pending.push({ line: i + 1, lines: 1, message: split.message, split });
  }
  const fin = miner.finalize();
  // Final mapping: every event is matched against the final templates (generalised, merged or split).
  const events: MinedEvent[] = new Array<MinedEvent>(pending.length);
  for (let k = 0; k < pending.length; k++) {
    const p = pending[k];
    const r = miner.assign(p.message);
    const ev: MinedEvent = { line: p.line, lines: p.lines, templateId: r.templateId, template: r.template, params: r.params };
    const { timestamp, level, component, pid, thread, host } = p.split;
    if (timestamp !== undefined) ev.timestamp = timestamp;
    if (level !== undefined) ev.level = level;
    if (component !== undefined) ev.component = component;
    if (pid !== undefined) ev.pid = pid;
    if (thread !== undefined) ev.thread = thread;
    if (host !== undefined) ev.host = host;
    events[k] = ev;
  }
  report.events = events.length;
  // Counts and examples from the final assignment (a split template's lines are counted where they ended).
  const counts = new Map<string, number>();
  const examples = new Map<string, string>();
  events.forEach((e, k) => {
    counts.set(e.templateId, (counts.get(e.templateId) ?? 0) + 1);
    if (!examples.has(e.templateId)) examples.set(e.templateId, pending[k].message.slice(0, 1000));
  });
  const templates: MinedTemplate[] = [];
  const listed = new Set<string>();
  for (const t of fin.templates) {
    const n = counts.get(t.id);
    if (n === undefined) continue;
    listed.add(t.id);
    templates.push({ ...t, count: n, example: examples.get(t.id) ?? t.example });
  }
  events.forEach((e) => {
    if (listed.has(e.templateId)) return;
    listed.add(e.templateId);
    templates.push({ id: e.templateId, template: e.template, count: counts.get(e.templateId) ?? 0, example: examples.get(e.templateId) ?? '' });
  });
  templates.sort((a, b) => b.count - a.count || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
  return { events, templates, header, report };
}

/** One line's template as `hindsight logs parse` writes it. */
export interface LineTemplate {
  templateId: string;
  template: string;
}

/**
 * The template of every line of a mined file, index k for line k + 1: a continuation line carries its event's
 * template, a line no event covers (none are expected) gets null. What `hindsight logs parse` writes and what
 * bench/loghub.ts scores. O(lines).
 */
export function lineTemplates(mined: MineLinesResult): (LineTemplate | null)[] {
  const out = new Array<LineTemplate | null>(mined.report.lines).fill(null);
  for (const e of mined.events) {
    const t: LineTemplate = { templateId: e.templateId, template: e.template };
    for (let k = 0; k < e.lines; k++) out[e.line - 1 + k] = t;
  }
  return out;
}
