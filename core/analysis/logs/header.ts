/**
 * Log header discovery by per-position token-shape statistics — in the spirit of the format inference
 * of Logram (Dai et al. 2020) and the "longest consistent prefix" header split of LogPAI's benchmarks
 * (Zhu et al. 2019, "Tools and Benchmarks for Automated Log Parsing"), but learned from a sample instead of
 * a hand-written format string.
 *
 * A header is a run of leading fields that look the same on (almost) every line of one source: timestamp
 * parts, numbers, a level word, a bracketed thread, a `component:` token, a `|`-separated field. The
 * learner finds, for each of the first positions, which shape dominates; the header ends after the last
 * "anchor" position (timestamp-like, level, `component:`, bracketed, `|`-terminated, lone punctuation)
 * reached from the start (first anchor at position 0 or 1) through gaps of at most three free-form fields
 * (host, node, component words);
 * a `component:` closes it, and after the level only thread / component / separator anchors count, so a
 * message that dominates the sample (`Handled request 5 in 3 ms`) does not leak into the header.
 */

/** What a header position holds, as learned from the sample. */
export type HeaderRole = 'timestamp' | 'number' | 'level' | 'component' | 'thread' | 'host' | 'separator' | 'field';

export interface HeaderModel {
  /** Number of leading header tokens; 0 means "no header, the whole line is the message". */
  fields: number;
  /** Role of each header position (length = fields). */
  roles: HeaderRole[];
  /** Shape class each header anchor must have on a line that starts a new event (null = any). */
  expect: (TokenClass | null)[];
  /** Lines in the sample that looked like the learned header (0..1). */
  coverage: number;
  /** Share of sample lines that start with whitespace (used to tell continuation lines apart when fields = 0). */
  indentedShare: number;
  /** Number of sample lines the model was learned from. */
  sampleSize: number;
  /**
   * True when enough messages (see `HeaderOptions.programShare`) start with a program or component field
   * (`sshd[1234]:`, `kernel:`, `org.apache.X:`, `[Worker]`): `splitHeader` then takes it out of the message
   * of each line that has one, as the component.
   */
  program: boolean;
}

/** The learner's settings (chosen by leave-one-system-out on loghub, see bench/loghub.ts). */
export interface HeaderOptions {
  /**
   * Share of the messages (after the header) that must start with a program/component field for it to be
   * header, not message text. Default PROGRAM_SHARE; 1 or more turns it off.
   */
  programShare?: number;
  /** Take fixed-width columns after the header (`Info    CBS    message`) as header fields. Default true. */
  columns?: boolean;
}

/** Default share of messages starting with a program field for it to be a header field (leave-one-out choice). */
export const PROGRAM_SHARE = 0.5;

export interface HeaderSplit {
  timestamp?: string;
  level?: string;
  component?: string;
  pid?: string;
  thread?: string;
  host?: string;
  /** The message after the header (the whole line when the line does not carry the header). */
  message: string;
}

/** Shape classes a header token can have. */
export type TokenClass = 'time' | 'level' | 'colon' | 'bracket' | 'pipe' | 'punct' | 'word';

interface HeaderToken {
  text: string;
  /** Offset of the token's first character. */
  start: number;
  /** Offset of the first character after this token (and its `|` delimiter, if any). */
  end: number;
  pipe: boolean;
}

const MAX_POSITIONS = 16;
const MAX_SCAN = 512;
const ANCHOR_SHARE = 0.9;
const MAX_GAP = 3;

const LEVELS = new Set([
  'TRACE', 'DEBUG', 'DBG', 'INFO', 'INF', 'INFORMATION', 'NOTICE', 'WARN', 'WRN', 'WARNING', 'ERROR', 'ERR',
  'FATAL', 'FTL', 'CRITICAL', 'CRIT', 'SEVERE', 'ALERT', 'EMERG', 'EMERGENCY', 'FINE', 'FINER', 'FINEST',
  'CONFIG', 'FAILURE', 'PANIC', 'VERBOSE', 'V', 'D', 'I', 'W', 'E', 'F',
]);
const MONTHS = /^(jan|feb|mar|apr|may|jun|jul|aug|sep|sept|oct|nov|dec)[a-z]*\.?,?$/i;
const WEEKDAYS = /^(mon|tue|tues|wed|thu|thur|thurs|fri|sat|sun)[a-z]*\.?,?$/i;
const TIME_LIKE = /^[+-]?\d[\d\-:/.,T]*(Z|[+-]\d\d:?\d\d)?$/;
const ZONE = /^(Z|UTC|GMT|[A-Z]{3,4}T|[+-]\d\d:?\d\d|AM|PM)$/;

/**
 * Splits the start of a line into header tokens: whitespace-separated, `[...]` kept whole even with spaces
 * inside, `|` ending a token. Scans at most the first 512 characters and 16 tokens. O(min(len, 512)).
 */
export function headerTokens(line: string, max = MAX_POSITIONS): HeaderToken[] {
  const out: HeaderToken[] = [];
  const n = Math.min(line.length, MAX_SCAN);
  let i = 0;
  while (out.length < max) {
    while (i < n && (line[i] === ' ' || line[i] === '\t')) i++;
    if (i >= n) break;
    const start = i;
    let pipe = false;
    if (line[i] === '[') {
      const close = line.indexOf(']', i + 1);
      if (close > 0 && close < n) i = close + 1;
    }
    while (i < n && line[i] !== ' ' && line[i] !== '\t' && line[i] !== '|') i++;
    const text = line.slice(start, i);
    if (i < n && line[i] === '|') {
      pipe = true;
      i++;
    }
    out.push({ text, end: i, pipe, start });
  }
  return out;
}

/** logfmt keys whose value is a header field (`time=2024-05-01T10:00:00Z`, `level=info`). */
const HEADER_KEY = /^(?:time|ts|timestamp|@timestamp|date|datetime|t|level|lvl|severity|loglevel)=/i;

/** Strips brackets, trailing separators and a logfmt header key around a header token: `[INFO]:` -> `INFO`, `level=warn` -> `warn`. */
function core(text: string): string {
  let s = 0;
  let e = text.length;
  if (text.indexOf('=') > 0) {
    const key = HEADER_KEY.exec(text);
    if (key !== null) s = key[0].length;
  }
  while (s < e && '[(<{'.includes(text[s])) s++;
  while (e > s && '])>}:,;|'.includes(text[e - 1])) e--;
  return text.slice(s, e);
}

function isDigitCode(c: number): boolean {
  return c >= 48 && c <= 57;
}

/** Digits with date/time separators (`2015-10-18`, `18:01:47,978`, `1117838570`), without a regex when possible. */
function isTimeCore(c: string): boolean {
  const c0 = c.charCodeAt(0);
  if (!isDigitCode(c0) && c0 !== 43 && c0 !== 45) return false;
  for (let i = 1; i < c.length; i++) {
    const k = c.charCodeAt(i);
    // digits - : / . , T
    if (!(isDigitCode(k) || k === 45 || k === 58 || k === 47 || k === 46 || k === 44 || k === 84)) return TIME_LIKE.test(c);
  }
  return isDigitCode(c.charCodeAt(c.length - 1)) || TIME_LIKE.test(c);
}

/** Shape class of one header token. O(token length). */
export function tokenClass(tok: { text: string; pipe: boolean }): TokenClass {
  const t = tok.text;
  const c = core(t);
  if (c.length > 0) {
    if (isTimeCore(c)) return 'time';
    const c0 = c.charCodeAt(0);
    const letter = (c0 >= 65 && c0 <= 90) || (c0 >= 97 && c0 <= 122);
    if (letter && c.length <= 11) {
      if (MONTHS.test(c) || WEEKDAYS.test(c) || ZONE.test(c)) return 'time';
      if (LEVELS.has(c.toUpperCase()) && (c.length > 1 || (c0 >= 65 && c0 <= 90))) return 'level';
    }
  }
  if (tok.pipe) return 'pipe';
  if (t.length >= 2 && t[0] === '[' && (t.endsWith(']') || t.endsWith(']:'))) return 'bracket';
  if (t.length >= 2 && t.endsWith(':') && /[A-Za-z]/.test(t)) return 'colon';
  if (!/[A-Za-z0-9]/.test(t)) return 'punct';
  return 'word';
}

function isAnchor(c: TokenClass): boolean {
  return c !== 'word';
}

/**
 * Learns the header layout of one source from a sample of its raw lines (say the first 2,000).
 * For each of the first 16 positions it counts the share of lines whose token there has each shape class;
 * a position is an anchor when one non-word class covers >= 90% of the lines. The header is the prefix up
 * to the last anchor that can be reached from position 0 through runs of at most 3 non-anchor positions.
 * O(sample lines x 16). Never throws: an empty or header-less sample gives `fields = 0`.
 */
export function learnHeader(sample: readonly string[], options: HeaderOptions = {}): HeaderModel {
  const lines = sample.filter((l) => l.trim().length > 0);
  const indented = lines.filter((l) => l[0] === ' ' || l[0] === '\t').length;
  const starts = lines.filter((l) => l[0] !== ' ' && l[0] !== '\t');
  const total = starts.length;
  const empty: HeaderModel = {
    fields: 0, roles: [], expect: [], coverage: 0, indentedShare: lines.length ? indented / lines.length : 0,
    sampleSize: lines.length, program: false,
  };
  if (total === 0) return empty;
  const withProgram = (m: HeaderModel): HeaderModel => ({ ...m, program: programShare(starts, m) >= (options.programShare ?? PROGRAM_SHARE) });
  const counts: Map<TokenClass, number>[] = [];
  const toks = starts.map((l) => headerTokens(l));
  for (let p = 0; p < MAX_POSITIONS; p++) counts.push(new Map());
  for (const ts of toks) {
    for (let p = 0; p < ts.length; p++) {
      const c = tokenClass(ts[p]);
      counts[p].set(c, (counts[p].get(c) ?? 0) + 1);
    }
  }
  const dominant: (TokenClass | null)[] = counts.map((m) => {
    let best: TokenClass | null = null;
    let bestN = 0;
    for (const [c, n] of m) if (n > bestN) { best = c; bestN = n; }
    return best !== null && bestN >= ANCHOR_SHARE * total ? best : null;
  });
  let last = -1;
  let gap = 0;
  let afterLevel = false;
  for (let p = 0; p < MAX_POSITIONS; p++) {
    const d = dominant[p];
    // After the level only a thread, a `component:`, a `|` field or a separator can still be header:
    // numbers there belong to a message that happens to dominate the sample.
    const allowed = d !== null && isAnchor(d) && !(afterLevel && (d === 'time' || d === 'level'));
    if (allowed) {
      last = p;
      gap = 0;
      if (d === 'level') afterLevel = true;
      // `component:` closes the header.
      if (d === 'colon') break;
    } else {
      gap++;
      // The header starts at the line's start (at most one free field before the first anchor).
      if (gap > MAX_GAP || (last < 0 && gap > 1)) break;
    }
  }
  if (last < 0) return withProgram(empty);
  let fields = last + 1;
  const columns = options.columns === false || dominant[last] === 'colon' ? 0 : paddedColumns(starts, toks, fields);
  const roles = assignRoles(toks, dominant.slice(0, fields));
  const expect = dominant.slice(0, fields).map((d) => (d !== null && d !== 'word' ? d : null));
  for (let k = 0; k < columns; k++) {
    const d = dominant[fields];
    roles.push(d === 'time' ? 'number' : roles.includes('component') ? 'field' : 'component');
    expect.push(null);
    fields++;
  }
  let covered = 0;
  for (const ts of toks) if (matchesExpect(ts, expect)) covered++;
  return withProgram({
    fields, roles, expect, coverage: covered / total, indentedShare: indented / lines.length, sampleSize: lines.length,
    program: false,
  });
}

/** Share of lines whose token must be followed by 2+ blanks for a fixed-width column. */
const COLUMN_SHARE = 0.9;

/**
 * Fixed-width columns right after the learned header: positions whose token is padded with two or more
 * blanks (or a tab) on >= 90% of the lines, as in Windows CBS logs (`Info                  CBS    Loaded ...`).
 * A message word is followed by one space far more often. Returns how many such positions follow (at most 2).
 */
function paddedColumns(lines: readonly string[], toks: HeaderToken[][], fields: number): number {
  let n = 0;
  for (let p = fields; p < fields + 2; p++) {
    let padded = 0;
    let seen = 0;
    toks.forEach((ts, i) => {
      if (p + 1 >= ts.length) return;
      seen++;
      const gap = ts[p + 1].start - ts[p].end;
      if (gap >= 2 || (gap === 1 && lines[i][ts[p].end] === '\t')) padded++;
    });
    if (seen === 0 || padded < COLUMN_SHARE * toks.length) break;
    n++;
  }
  return n;
}

/**
 * A program or component field at the start of a message: `sshd[1234]:`, `su(pam_unix)[99]:`, `kernel:`,
 * `org.apache.hadoop.Foo:`, `/usr/sbin/gmetad[1682]:`, `Google Chrome Helper[412]:`, `launchd[1] (com.apple.x):`,
 * `[Worker]`, and a program before a dash (`chrome.exe - `, `Dropbox.exe *64 - `, one short marker allowed).
 * Group 1 (or 3, or 4) is the name, group 2 the pid when there is one.
 */
const PROGRAM_FIELD = new RegExp(
  '^(?:' +
    [
      '([A-Za-z_/][\\w.$/@-]*(?:\\([\\w.-]+\\))?|[A-Za-z][A-Za-z_-]*(?: [A-Za-z][A-Za-z_-]*){1,3}(?=\\[))(?:\\[(\\d+)\\])?(?: \\([^()]{1,200}\\))?:',
      '\\[([A-Za-z_][\\w.$/:# -]{0,80})\\]',
      '([A-Za-z_][\\w.$@-]*)(?: \\S{1,4})? -',
    ].join('|') +
    ')(?=\\s|$)',
);

/** A host name before a program field (`web-01`, `calvisitor-10-105-160-95`, `db1.example.com`, `dn228/dn228`). */
const HOST_WORD = /^[A-Za-z0-9][\w.@/-]*$/;

/**
 * The program field at the start of `message` (or right after one host name), if any: its name, its pid,
 * the host and where the rest of the message begins. O(length of the first tokens).
 * @example programField('sshd[42]: Accepted') // { name: 'sshd', pid: '42', end: 10 }
 */
export function programField(message: string): { name: string; pid?: string; host?: string; end: number } | null {
  let m = PROGRAM_FIELD.exec(message);
  let host: string | undefined;
  let offset = 0;
  if (m === null) {
    const space = message.indexOf(' ');
    if (space <= 0 || !HOST_WORD.test(message.slice(0, space))) return null;
    offset = space + 1;
    m = PROGRAM_FIELD.exec(message.slice(offset));
    if (m === null) return null;
    host = message.slice(0, space);
  }
  const out: { name: string; pid?: string; host?: string; end: number } = { name: m[1] ?? m[3] ?? m[4], end: offset + m[0].length };
  if (m[2] !== undefined) out.pid = m[2];
  if (host !== undefined) out.host = host;
  return out;
}

/** Share of the lines whose message (after the header `model` finds) starts with a program field. */
function programShare(lines: readonly string[], model: HeaderModel): number {
  if (lines.length === 0) return 0;
  let n = 0;
  for (const l of lines) if (programField(splitHeader(l, model).message) !== null) n++;
  return n / lines.length;
}

/** Classes whose position must match for a line to start an event: the layout, not the content. */
const STRUCTURAL = new Set<TokenClass>(['time', 'pipe']);

function matchesExpect(ts: HeaderToken[], expect: (TokenClass | null)[]): boolean {
  let checked = 0;
  for (let p = 0; p < expect.length; p++) {
    const e = expect[p];
    if (e === null || !STRUCTURAL.has(e)) continue;
    if (p >= ts.length || tokenClass(ts[p]) !== e) return false;
    checked++;
  }
  if (checked > 0) return true;
  // No structural anchor (e.g. `LEVEL component: message`): the first anchor must match.
  const first = expect.findIndex((e) => e !== null);
  return first >= 0 && first < ts.length && tokenClass(ts[first]) === expect[first];
}

/** Gives each header position a role, from its dominant class and its values across the sample. */
function assignRoles(toks: HeaderToken[][], dominant: (TokenClass | null)[]): HeaderRole[] {
  const n = dominant.length;
  const roles: HeaderRole[] = new Array<HeaderRole>(n).fill('field');
  for (let p = 0; p < n; p++) {
    const d = dominant[p];
    if (d === 'time') continue;
    if (d === 'level') roles[p] = 'level';
    else if (d === 'bracket') roles[p] = 'thread';
    else if (d === 'colon') roles[p] = 'component';
    else if (d === 'punct') roles[p] = 'separator';
  }
  timeRoles(toks, dominant, roles);
  // Pipe-separated fields: a word-like pipe field after the timestamp is the component.
  const hasComponent = roles.includes('component');
  const levelAt = roles.indexOf('level');
  const lastTime = roles.lastIndexOf('timestamp');
  // Free fields: the first one before the level/component is the host (when a timestamp precedes it),
  // the one right before the level (or the first after the host when there is no level) is the component.
  const free: number[] = [];
  for (let p = 0; p < n; p++) if (roles[p] === 'field') free.push(p);
  // A single free field right before the level (`ts - myapp.db - INFO - msg`) is the logger, not a host.
  if (!hasComponent && levelAt >= 0 && free.filter((p) => p < levelAt).length === 1) {
    roles[free.filter((p) => p < levelAt)[0]] = 'component';
  } else if (free.length > 0) {
    let hostAt = -1;
    const firstFree = free[0];
    const beforeLevel = levelAt < 0 || firstFree < levelAt;
    if (!beforeLevel) {
      // A free field after the level is the logger (`INFO  com.acme.Foo - msg`).
    } else if (lastTime >= 0 && firstFree > roles.indexOf('timestamp') && dominant[firstFree] !== 'pipe') {
      hostAt = firstFree;
      roles[firstFree] = 'host';
    } else if (lastTime < 0 || firstFree < roles.indexOf('timestamp')) {
      hostAt = firstFree;
      roles[firstFree] = 'host';
    }
    if (!hasComponent) {
      const rest = free.filter((p) => p !== hostAt);
      const beforeLevel = levelAt >= 0 ? rest.filter((p) => p < levelAt) : [];
      const pick = beforeLevel.length > 0 ? beforeLevel[beforeLevel.length - 1] : rest[0];
      if (pick !== undefined) roles[pick] = 'component';
    }
  }
  return roles;
}

interface TimeStats {
  /** Share of values with a non-digit (date/time separators, month names). */
  separated: number;
  /** Share of values having the most common length. */
  fixedShare: number;
  fixedLength: number;
}

function timeStats(toks: HeaderToken[][], p: number): TimeStats {
  const lengths = new Map<number, number>();
  let separated = 0;
  let seen = 0;
  for (const ts of toks) {
    if (p >= ts.length) continue;
    const c = core(ts[p].text);
    seen++;
    lengths.set(c.length, (lengths.get(c.length) ?? 0) + 1);
    if (/[^\d]/.test(c.slice(1)) || !/^[\d+-]/.test(c)) separated++;
  }
  let top = 0;
  let fixedLength = 0;
  for (const [len, k] of lengths) if (k > top) { top = k; fixedLength = len; }
  return { separated: seen ? separated / seen : 0, fixedShare: seen ? top / seen : 0, fixedLength };
}

/**
 * Time-class positions become timestamp parts when they hold separators or month names, or when they are
 * fixed-width numbers of 6+ digits (`081109`, epoch seconds) in the first run of time-class positions that
 * holds a timestamp; a plain number between two timestamp parts (the day in `Jun 14 15:16:01`) joins them. Other
 * time-class positions are numbers (pid, id, flag).
 */
function timeRoles(toks: HeaderToken[][], dominant: (TokenClass | null)[], roles: HeaderRole[]): void {
  const n = dominant.length;
  const stats = dominant.map((d, p) => (d === 'time' ? timeStats(toks, p) : null));
  const fixed = (p: number): boolean => {
    const st = stats[p];
    return st !== null && st.fixedShare >= 0.95 && st.fixedLength >= 6;
  };
  let usedFixedRun = false;
  for (let p = 0; p < n; ) {
    if (dominant[p] !== 'time') { p++; continue; }
    let q = p;
    while (q < n && (dominant[q] === 'time' || dominant[q] === 'punct')) q++;
    let runHasTime = false;
    for (let r = p; r < q; r++) if (fixed(r) || (stats[r]?.separated ?? 0) >= 0.9) runHasTime = true;
    const takeFixed = runHasTime && !usedFixedRun;
    if (runHasTime) usedFixedRun = true;
    for (let r = p; r < q; r++) {
      const st = stats[r];
      if (st === null) continue;
      roles[r] = st.separated >= 0.9 || (takeFixed && fixed(r)) ? 'timestamp' : 'number';
    }
    p = q;
  }
  for (let p = 1; p + 1 < n; p++) {
    if (roles[p] === 'number' && roles[p - 1] === 'timestamp' && roles[p + 1] === 'timestamp') roles[p] = 'timestamp';
  }
}

/**
 * Splits one raw line with a learned model. Header fields are returned by role (timestamp parts joined
 * by a space; pid from a numeric field, from `[1234]` inside the component, or from a numeric thread).
 * A line that does not carry the header (see `isContinuation`) comes back whole as the message.
 * O(line length up to the header end). Never throws.
 */
export function splitHeader(line: string, model: HeaderModel): HeaderSplit {
  const out = splitFields(line, model);
  if (!model.program) return out;
  const p = programField(out.message);
  if (p === null) return out;
  if (out.component === undefined) out.component = p.name;
  if (p.pid !== undefined && out.pid === undefined) out.pid = p.pid;
  if (p.host !== undefined && out.host === undefined) out.host = p.host;
  out.message = out.message.slice(p.end).trim();
  return out;
}

/** `splitHeader` without the program field. */
function splitFields(line: string, model: HeaderModel): HeaderSplit {
  if (model.fields === 0) return { message: line.trim() };
  let ts = headerTokens(line, model.fields);
  if (!matchesExpect(ts, model.expect)) return { message: line.trim() };
  const last = model.fields - 1;
  // A `component:` that holds spaces (`syslogd 1.4.1: restart.`) ends one or two tokens later.
  if (model.expect[last] === 'colon' && last < ts.length && tokenClass(ts[last]) !== 'colon') {
    const more = headerTokens(line, model.fields + 2);
    for (let k = 1; k <= 2 && last + k < more.length; k++) {
      const t = more[last + k].text;
      if (t.length >= 2 && t.endsWith(':')) {
        const from = last === 0 ? 0 : more[last - 1].end;
        const merged = line.slice(from, more[last + k].end).trim();
        ts = more.slice(0, last).concat([{ text: merged, end: more[last + k].end, pipe: false, start: from }]);
        break;
      }
    }
  }
  const out: HeaderSplit = { message: '' };
  const timeParts: string[] = [];
  for (let p = 0; p < Math.min(model.fields, ts.length); p++) {
    const text = ts[p].text;
    switch (model.roles[p]) {
      case 'timestamp': timeParts.push(core(text)); break;
      case 'level': out.level = core(text); break;
      case 'component': {
        const c = core(text);
        const pid = /\[(\d+)\]?$/.exec(c);
        out.component = pid ? c.slice(0, pid.index) : c;
        if (pid && out.pid === undefined) out.pid = pid[1];
        break;
      }
      case 'thread': {
        const c = core(text);
        out.thread = c;
        if (/^\d+$/.test(c) && out.pid === undefined) out.pid = c;
        break;
      }
      case 'number': if (out.pid === undefined) out.pid = core(text); break;
      case 'host': out.host = core(text); break;
      default: break;
    }
  }
  if (timeParts.length > 0) out.timestamp = timeParts.join(' ');
  out.message = ts.length >= model.fields ? line.slice(ts[model.fields - 1].end).trim() : '';
  return out;
}

const CONTINUATION = /^(\s|at\s|Caused by:|\.\.\.\s*\d+\s+more|Suppressed:|Traceback|File ")/;

/**
 * True when a line continues the previous event instead of starting one: with a learned header, a line
 * whose anchor fields do not have their learned shapes (a stack frame `\tat com.x.Y(Y.java:12)`,
 * `Caused by: ...`, an empty line); without one, an indented line or a stack-trace marker, unless the
 * source's lines are usually indented. O(header length). Never throws.
 */
export function isContinuation(line: string, model: HeaderModel): boolean {
  if (line.trim().length === 0) return true;
  if (model.fields > 0) {
    if ((line[0] === ' ' || line[0] === '\t') && model.indentedShare < 0.5) return true;
    return !matchesExpect(headerTokens(line, model.fields), model.expect);
  }
  if (model.indentedShare >= 0.5) return false;
  return CONTINUATION.test(line);
}
