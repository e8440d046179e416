/**
 * PostgreSQL server logs: the stderr format (any `log_line_prefix`) and csvlog. Read: statements logged by
 * `log_min_duration_statement` (`duration: 12.345 ms  statement: …` and the extended protocol's
 * `execute <name>: …` with its `parameters:` DETAIL), `log_statement` lines with a later `duration:` line,
 * and auto_explain plans (text or JSON) — a plan is attached to the statement it explains when both are
 * logged, or stands for the execution itself when only auto_explain logged it. Other messages (checkpoints,
 * connections, errors) are ignored. Multi-line statements continue on lines without a prefix.
 */
import { CsvRecords } from '../metrics/csv';
import { isPlanNodeLine, parseJsonPlan, parseTextPlan } from './plan';
import { emptyQueryFile, QueryFormatError, skip, type ExecutedStatement, type QueryFile, type QueryPlan } from './types';

const SEVERITY = /^(.*?)\b(LOG|DETAIL|STATEMENT|ERROR|HINT|CONTEXT|WARNING|NOTICE|FATAL|PANIC|INFO|DEBUG\d?): {2}(.*)$/;
const TIMESTAMP = /(\d{4}-\d\d-\d\d)[ T](\d\d:\d\d:\d\d(?:\.\d+)?)(?:\s*(Z|UTC|GMT|[+-]\d\d(?::?\d\d)?)\b)?/;
const DURATION = /^duration: ([\d.]+) ms(?:\s+(statement|execute(?: [^:]*)?|bind(?: [^:]*)?|parse(?: [^:]*)?|plan):\s?([\s\S]*))?$/;
const LOGGED = /^(statement|execute(?: [^:]*)?):\s?([\s\S]*)$/;

/** One log message: where it starts, who sent it, its severity and text (continuation lines joined by '\n'). */
export interface PgMessage {
  line: number;
  ts: number | null;
  session: string | null;
  severity: string;
  message: string;
  detail: string | null;
}

/** Epoch ms of the first timestamp in `text` (a zone-less or named-zone time is read as UTC), or null. */
export function prefixTime(text: string): number | null {
  const m = TIMESTAMP.exec(text);
  if (!m) return null;
  const zone = m[3] && m[3] !== 'UTC' && m[3] !== 'GMT' ? (m[3] === 'Z' ? 'Z' : m[3].length === 3 ? `${m[3]}:00` : m[3].includes(':') ? m[3] : `${m[3].slice(0, 3)}:${m[3].slice(3)}`) : 'Z';
  const ms = Date.parse(`${m[1]}T${m[2]}${zone}`);
  return Number.isFinite(ms) ? ms : null;
}

/** The session a prefix names: a `%c` session id (`5f8a1b2c.3039`), else a `[pid]` / `pid=`, else null. */
export function prefixSession(prefix: string): string | null {
  const sid = /\b([0-9a-f]{6,}\.[0-9a-f]{1,8})\b/.exec(prefix);
  if (sid) return sid[1];
  const pid = /\[(\d+)(?:-\d+)?\]|\bpid=(\d+)/.exec(prefix);
  return pid ? (pid[1] ?? pid[2]) : null;
}

/** `$1 = '42', $2 = 'x'` → { $1: '42', $2: 'x' } (quotes removed, '' unescaped). */
export function parseParameters(detail: string): Record<string, string> | null {
  const body = /^parameters:\s*(.*)$/s.exec(detail.trim());
  if (!body) return null;
  const out: Record<string, string> = {};
  const re = /(\$\d+)\s*=\s*(?:'((?:[^']|'')*)'|(NULL))/g;
  for (let m = re.exec(body[1]); m; m = re.exec(body[1])) out[m[1]] = m[3] ?? m[2].replace(/''/g, "'");
  return out;
}

/** A statement's text for matching a plan's `Query Text` to it: trimmed, without a final ';'. */
function sameText(a: string, b: string): boolean {
  const clean = (s: string): string => s.trim().replace(/;\s*$/, '').replace(/\s+/g, ' ');
  return clean(a) === clean(b);
}

/** A plan message (after `plan:`): JSON or text, with its query text. Throws QueryFormatError on bad JSON. */
function readPlan(body: string, file: string, line: number): { queryText: string | null; plan: QueryPlan | null } {
  const text = body.trim();
  if (text.startsWith('{') || text.startsWith('[')) {
    try {
      return parseJsonPlan(text);
    } catch (err) {
      throw new QueryFormatError(file, line, `an auto_explain JSON plan (${err instanceof Error ? err.message : String(err)})`);
    }
  }
  const lines = text.split('\n');
  let k = 0;
  const query: string[] = [];
  const qt = /^\s*Query Text:\s?(.*)$/.exec(lines[0] ?? '');
  if (qt) {
    query.push(qt[1]);
    for (k = 1; k < lines.length && !isPlanNodeLine(lines[k]); k++) query.push(lines[k]);
  }
  return { queryText: qt ? query.join('\n').trim() : null, plan: parseTextPlan(lines.slice(k)) };
}

/**
 * Turns log messages into executed statements (shared by the stderr and csv readers). Pure apart from
 * filling `out`. Throws QueryFormatError for an auto_explain entry that cannot be read.
 */
export function statementsFromMessages(messages: Iterable<PgMessage>, out: QueryFile): void {
  /** Per session: the last statement and an explained plan still waiting for its statement line. */
  const last = new Map<string, ExecutedStatement>();
  const pendingPlan = new Map<string, ExecutedStatement>();
  const key = (m: PgMessage): string => m.session ?? '';
  const add = (m: PgMessage, statement: string, durationMs: number | null, plan: QueryPlan | null): ExecutedStatement => {
    const s: ExecutedStatement = { statement: statement.trim(), dialect: 'postgresql', durationMs, ts: m.ts, session: m.session, parameters: null, plan, file: out.file, line: m.line };
    out.statements.push(s);
    last.set(key(m), s);
    return s;
  };
  const takePending = (m: PgMessage, statement: string): QueryPlan | null => {
    const p = pendingPlan.get(key(m));
    if (!p || !sameText(p.statement, statement)) return null;
    pendingPlan.delete(key(m));
    out.statements.splice(out.statements.lastIndexOf(p), 1);
    return p.plan;
  };
  for (const m of messages) {
    if (m.severity === 'DETAIL') {
      const prev = last.get(key(m));
      const params = parseParameters(m.message);
      if (prev && params) prev.parameters = params;
      continue;
    }
    if (m.severity !== 'LOG') continue;
    const d = DURATION.exec(m.message);
    if (d) {
      const ms = Number(d[1]);
      const kind = d[2];
      if (kind === undefined) {
        // `log_duration`: the time of the last statement of this session logged without one.
        const prev = last.get(key(m));
        if (prev && prev.durationMs === null) prev.durationMs = ms;
        continue;
      }
      if (kind.startsWith('bind') || kind.startsWith('parse')) continue;
      if (kind === 'plan') {
        const { queryText, plan } = readPlan(d[3], out.file, m.line);
        if (queryText === null) {
          skip(out, m.line, 'auto_explain plan without "Query Text" (auto_explain.log_... shows it by default)');
          continue;
        }
        const prev = last.get(key(m));
        if (prev && prev.plan === null && sameText(prev.statement, queryText) && (prev.ts === null || m.ts === null || Math.abs(m.ts - prev.ts) <= ms + 1000)) {
          prev.plan = plan;
          continue;
        }
        pendingPlan.set(key(m), add(m, queryText, ms, plan));
        continue;
      }
      const plan = takePending(m, d[3]);
      add(m, d[3], ms, plan);
      continue;
    }
    const logged = LOGGED.exec(m.message);
    if (logged) add(m, logged[2], null, null);
  }
}

/** Stderr-format messages from lines: a line with a severity tag starts one; lines without continue it. */
export function* stderrMessages(lines: readonly string[]): Generator<PgMessage> {
  let cur: PgMessage | null = null;
  const body: string[] = [];
  const flush = (): PgMessage | null => {
    if (!cur) return null;
    cur.message = body.join('\n');
    return cur;
  };
  for (let i = 0; i < lines.length; i++) {
    const m = SEVERITY.exec(lines[i]);
    if (m) {
      const done = flush();
      if (done) yield done;
      cur = { line: i + 1, ts: prefixTime(m[1]), session: prefixSession(m[1]), severity: m[2], message: '', detail: null };
      body.length = 0;
      body.push(m[3]);
    } else if (cur) body.push(lines[i]);
  }
  const done = flush();
  if (done) yield done;
}

/** True when a line looks like a stderr log line logging a statement or plan. */
export function isPgStatementLine(line: string): boolean {
  return /\bLOG: {2}(duration: [\d.]+ ms|statement: |execute [^:]*: )/.test(line);
}

/** Reads a PostgreSQL stderr log. Throws QueryFormatError when no line logs a statement. */
export function readPgStderrLog(file: string, lines: readonly string[]): QueryFile {
  const out = emptyQueryFile(file, 'postgresql-log');
  statementsFromMessages(stderrMessages(lines), out);
  if (!out.statements.length) {
    throw new QueryFormatError(file, 1, 'PostgreSQL log lines with "LOG:  duration: … ms  statement: …" (set log_min_duration_statement, or log_statement with log_duration); none found');
  }
  return out;
}

/** csvlog columns (PostgreSQL 9.0+; later versions append columns after these). */
const CSV = { time: 0, pid: 3, session: 5, severity: 11, message: 13, detail: 14 } as const;

/** Reads a PostgreSQL csvlog. Throws QueryFormatError at the first record that is not a csvlog row. */
export function readPgCsvLog(file: string, lines: readonly string[]): QueryFile {
  const out = emptyQueryFile(file, 'postgresql-csvlog');
  const messages: PgMessage[] = [];
  const rows = new CsvRecords(
    ',',
    (f, line) => {
      if (f.length === 1 && f[0] === '') return;
      if (f.length < 15 || prefixTime(f[CSV.time]) === null) {
        throw new QueryFormatError(file, line, `a csvlog row (log_time, user, database, pid, …, error_severity, sql_state, message, detail, …; at least 15 fields), found ${f.length} field(s) starting "${f[0].slice(0, 40)}"`);
      }
      messages.push({ line, ts: prefixTime(f[CSV.time]), session: f[CSV.session] || f[CSV.pid] || null, severity: f[CSV.severity], message: f[CSV.message], detail: null });
      if (f[CSV.detail]) messages.push({ line, ts: prefixTime(f[CSV.time]), session: f[CSV.session] || f[CSV.pid] || null, severity: 'DETAIL', message: f[CSV.detail], detail: null });
    },
    (line) => {
      throw new QueryFormatError(file, line, 'a closing quote: a quoted csvlog field runs on past 1 MiB');
    },
  );
  lines.forEach((l, i) => rows.push(l, i + 1));
  rows.end();
  statementsFromMessages(messages, out);
  if (!out.statements.length) throw new QueryFormatError(file, 1, 'csvlog messages "duration: … ms  statement: …"; none found');
  return out;
}
