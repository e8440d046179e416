/**
 * Masking of variable values in log messages before template mining — the preprocessing step of Drain
 * (He et al. 2017, ICWS) and of the LogPAI benchmark (Zhu et al. 2019), with rules written once for all
 * sources instead of per-system regular expressions.
 *
 * A message is split on whitespace; date/time spans that cover several tokens (`Fri Jun 17 07:07:00 2005`)
 * are first folded into one token. Each token keeps its wrapping punctuation (`(`, `[`, `'`, trailing
 * `,` `:` `.` ...) and has its core replaced, whole or in part, by `<*>` when it is a number, an IP address
 * (v4 or v6, with port), a host name with a port, a MAC, a UUID, a hex string, a path or URL, a version, a date or time,
 * the value of `key=value` / `key:value`, or an id mixing letters and digits (`blk_-123`,
 * `appattempt_1445_0020_000001`, `R02-M1-N0-C:J12-U11`). A word-like prefix before the first variable
 * part is kept (`node-<*>`, `core.<*>`, `CPU#<*>`), and values joined by one repeated separator keep it
 * (`<*>##<*>##<*>`), and a process name keeps its name (`sshd[<*>]:`). Plain words, words with a short
 * number suffix (`ssh2`, `alt0`, `x86_64`), and `true`, `false`, `null` and other enum-like words are left
 * alone (constant text, issue #11): the miner generalises them when they vary. A token holding control or replacement
 * characters (binary garbage, invalid UTF-8) or longer than 256 characters is masked whole.
 */

export const WILDCARD = '<*>';

export interface MaskedMessage {
  /** Masked tokens (`<*>` where a value was). */
  masked: string[];
  /** The original text behind each masked token (a folded date span is one entry). */
  raw: string[];
}

const MONTH = '(?:Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Sept|Oct|Nov|Dec)[a-z]*\\.?';
const WEEKDAY = '(?:Mon|Tue|Tues|Wed|Thu|Thur|Thurs|Fri|Sat|Sun)[a-z]*\\.?,?';
const CLOCK = '\\d{1,2}:\\d{2}(?::\\d{2}(?:[.,]\\d+)?)?';
/** `Fri Jun 17 07:07:00 2005`, `Jun 17 07:07:00`, `Fri Jul 01 08:16:53 PDT 2005`, `2015-10-18 18:01:47,978`. */
const DATE_SPAN = new RegExp(
  [
    `(?:${WEEKDAY}\\s+)?${MONTH}\\s+\\d{1,2},?\\s+(?:\\d{4}\\s+)?${CLOCK}(?:\\s+[A-Z]{3,4})?(?:\\s+\\d{4}(?![\\d:]))?`,
    `\\d{4}[-/.]\\d{1,2}[-/.]\\d{1,2}[ T]${CLOCK}(?:Z|\\s?[+-]\\d{2}:?\\d{2})?`,
    `(?:${WEEKDAY}\\s+)?\\d{1,2}\\s+${MONTH}\\s+\\d{4}(?:\\s+${CLOCK})?`,
  ].join('|'),
  'g',
);

const LEAD = '([{<\'"`';
const TRAIL = ')]}>\'"`,;:.!?%';

const RE_URL = /^[a-z][a-z0-9+.-]*:\/\/\S+$/i;
const RE_PATH = /^(?:~?\/[^/\s]|\.\.?\/|[A-Za-z]:\\)/;
const RE_IPV4 = /^\/?(?:\d{1,3}\.){3}\d{1,3}(?::\d{1,5})?$/;
const RE_IPV6 = /^\[?[0-9a-f]{0,4}(?::[0-9a-f]{0,4}){2,7}\]?(?::\d{1,5})?$/i;
/** A dotted host name with a port: `proxy.example.edu:5070`, `db-1.internal:5432`. */
const RE_HOST_PORT = /^[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)+:\d{1,5}$/;
const RE_MAC = /^(?:[0-9a-f]{2}[:-]){5,}[0-9a-f]{2}$/i;
const RE_UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const RE_NUMBER = /^[+-]?(?:\d+(?:[.,]\d+)*|\d*\.\d+)(?:[eE][+-]?\d+)?$/;
const RE_HEX = /^(?:0x[0-9a-f]+|[0-9a-f]*\d[0-9a-f]*)$/i;
const RE_UNIT = /^[+-]?\d+(?:\.\d+)?[a-zA-Zµ]{1,3}$/;
const RE_VERSION = /^v\d+(?:[._-]\d+)+[a-z0-9-]*$/i;
const RE_KV = /^([A-Za-z_][\w.-]*)([=:])(.+)$/;

function hasDigit(s: string): boolean {
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c >= 48 && c <= 57) return true;
  }
  return false;
}

function isAlnum(c: number): boolean {
  return (c >= 48 && c <= 57) || (c >= 65 && c <= 90) || (c >= 97 && c <= 122) || c === 95;
}

/** True when the whole string is one value (number, address, id...) and should become `<*>`. */
/** Digits with `.` or `,` group separators: the common case, pre-checked without a regex. */
function isPlainNumber(s: string): boolean {
  let i = s.charCodeAt(0) === 45 || s.charCodeAt(0) === 43 ? 1 : 0;
  if (i >= s.length) return false;
  let digits = 0;
  for (; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c >= 48 && c <= 57) digits++;
    else if (c !== 46 && c !== 44) return false;
  }
  return digits > 0 && RE_NUMBER.test(s);
}

function isWholeValue(s: string): boolean {
  if (isPlainNumber(s)) return true;
  const c0 = s.charCodeAt(0);
  const startsDigit = c0 >= 48 && c0 <= 57;
  if (startsDigit && (RE_NUMBER.test(s) || RE_UNIT.test(s) || RE_IPV4.test(s))) return true;
  if (c0 === 47) return RE_PATH.test(s) || RE_IPV4.test(s);
  if (s.length === 36 && RE_UUID.test(s)) return true;
  if ((c0 === 118 || c0 === 86) && RE_VERSION.test(s)) return true;
  if (c0 === 43 || c0 === 45) return RE_NUMBER.test(s) || RE_UNIT.test(s);
  const colon = s.indexOf(':');
  if (colon >= 0) {
    if (s.includes('://') && RE_URL.test(s)) return true;
    if (RE_MAC.test(s) || RE_IPV6.test(s) || RE_HOST_PORT.test(s)) return true;
  }
  if ((c0 === 126 || c0 === 46 || s.charCodeAt(1) === 58) && RE_PATH.test(s)) return true;
  if (s.length >= 17 && s.includes('-') && RE_MAC.test(s)) return true;
  return s.length >= 6 && RE_HEX.test(s);
}

/** Word tokens (no digit) that are values anyway: URLs, paths. */
function isWordValue(s: string): boolean {
  const c0 = s.charCodeAt(0);
  if (c0 === 47 || c0 === 126 || c0 === 46) return s.length > 1 && RE_PATH.test(s);
  if (s.length > 1 && s.charCodeAt(1) === 58 && RE_PATH.test(s)) return true;
  return s.includes('://') && RE_URL.test(s);
}

/**
 * An alphanumeric run that is a value: digits only, starting with a digit, 5+ digits, a `_`-separated
 * number part (`rdd_2_3`), or long hex.
 */
function isVariableRun(run: string): boolean {
  let digits = 0;
  for (let i = 0; i < run.length; i++) {
    const c = run.charCodeAt(i);
    if (c >= 48 && c <= 57) digits++;
  }
  if (digits === 0) return false;
  if (digits === run.length) return true;
  const c0 = run.charCodeAt(0);
  if (c0 >= 48 && c0 <= 57) return true;
  if (digits >= 5) return true;
  // A numbered identifier: rdd_2_3, broadcast_9_piece0.
  if (run.includes('_') && /(?:^|_)\d+(?:_|$)/.test(run)) return true;
  return run.length >= 8 && /^[0-9a-f]+$/i.test(run);
}

/**
 * Masks the core of a token (wrapping punctuation already removed). Returns the core unchanged when it
 * holds no value. O(core length).
 */
export function maskCore(s: string): string {
  return maskPart(s, true);
}

/** `top` is false for the value of a `key=value`, which is masked whole (no `<*>,<*>` structure). */
function maskPart(s: string, top: boolean): string {
  if (s.length === 0) return s;
  if (!hasDigit(s)) return isWordValue(s) ? WILDCARD : s;
  if (isWholeValue(s)) return WILDCARD;
  const kv = RE_KV.exec(s);
  if (kv !== null && (kv[2] === '=' || !hasDigit(kv[1]))) {
    const v = kv[3];
    const mv = maskPart(v, false);
    return mv === v ? s : kv[1] + kv[2] + mv;
  }
  return maskRuns(s, top);
}

/**
 * Prefixes kept before a value: one word and a separator (`node-`, `core.`, `instruction......`, `<memory:`), a
 * call with an optional named argument (`mice.c(`, `Retry(maxRetries=`), a process name before its id (`sshd[`,
 * `sshd(pam_unix)[`), or `#`, `=`.
 */
const RE_PREFIX =
  /^(?:[<({[]?[A-Za-z]+(?:-|\.+|:|\/|#|=)|[A-Za-z_][\w.$]*\((?:[A-Za-z_]\w*[=:])?|[A-Za-z_][\w.-]*(?:\([\w.-]+\))?\[|[#=@$])$/;

/**
 * Sub-token masking. Alphanumeric runs that are values (see isVariableRun) are found; from the first to
 * the last one the text is one value; a one-word prefix (`node-`) and a trailing word part after the last
 * value (`<*>:Got`, `<*>},app`) are kept; values joined by one repeated separator keep it at the top level
 * (`<*>##<*>##<*>`). Three or more runs with digits (R02-M1-N0-C:J12-U11) make the whole token a value.
 */
function maskRuns(s: string, top: boolean): string {
  const starts: number[] = [];
  const ends: number[] = [];
  for (let i = 0; i < s.length; ) {
    if (!isAlnum(s.charCodeAt(i))) { i++; continue; }
    let j = i;
    while (j < s.length && isAlnum(s.charCodeAt(j))) j++;
    starts.push(i);
    ends.push(j);
    i = j;
  }
  let first = -1;
  let last = -1;
  let digitRuns = 0;
  for (let r = 0; r < starts.length; r++) {
    const run = s.slice(starts[r], ends[r]);
    if (hasDigit(run)) digitRuns++;
    if (isVariableRun(run)) {
      if (first < 0) first = r;
      last = r;
    }
  }
  if (first < 0) return digitRuns >= 3 ? WILDCARD : s;
  let at = starts[first];
  // A '-' right after a non-alphanumeric (or '_') is the number's sign: blk_-123.
  if (at > 0 && s[at - 1] === '-' && (at === 1 || !/[A-Za-z0-9]/.test(s[at - 2]))) at--;
  const prefix = s.slice(0, at);
  if (prefix.length > 0 && !RE_PREFIX.test(prefix)) return WILDCARD;
  // Word runs after the last value stay when the value ends at a separator: `<*>:Got`.
  let tail = s.slice(ends[last]);
  if (tail.length > 0 && (!/^[^A-Za-z0-9_]+[A-Za-z]/.test(tail) || /^[.-]/.test(tail) || hasDigit(tail))) tail = '';
  const valueEnd = tail.length > 0 ? ends[last] : s.length;
  if (prefix.length > 0 || !top) return prefix + WILDCARD + tail;
  return joinedValues(s.slice(0, valueEnd), starts.slice(first, last + 1), ends.slice(first, last + 1)) + tail;
}

/** A value made of runs: `<*>##<*>##<*>` when they are joined by one repeated non-dot separator, else `<*>`. */
function joinedValues(s: string, starts: number[], ends: number[]): string {
  if (starts.length === 1 || ends[ends.length - 1] !== s.length || starts[0] !== 0) return WILDCARD;
  const sep = s.slice(ends[0], starts[1]);
  if (sep.length === 0 || sep === '.' || sep === '-' || sep === '_') return WILDCARD;
  for (let r = 0; r < starts.length; r++) {
    if (r > 0 && s.slice(ends[r - 1], starts[r]) !== sep) return WILDCARD;
    if (!isVariableRun(s.slice(starts[r], ends[r]))) return WILDCARD;
  }
  return starts.map(() => WILDCARD).join(sep);
}

/** Letters only, with at most trailing punctuation: the common case, never masked. */
function isPlainWord(tok: string): boolean {
  let i = 0;
  for (; i < tok.length; i++) {
    const c = tok.charCodeAt(i);
    if (!((c >= 65 && c <= 90) || (c >= 97 && c <= 122))) break;
  }
  if (i === 0) return false;
  for (let j = i; j < tok.length; j++) {
    const c = tok.charCodeAt(j);
    // , ; : . ! ? ) ]
    if (c !== 44 && c !== 59 && c !== 58 && c !== 46 && c !== 33 && c !== 63 && c !== 41 && c !== 93) return false;
  }
  return true;
}

/**
 * Masks one whitespace-free token, keeping its wrapping punctuation: `[173.234.31.186]` -> `[<*>]`,
 * `(TID` -> `(TID`, `9).` -> `<*>).`, `uid=0` -> `uid=<*>`. O(token length). Never throws.
 */
export function maskToken(tok: string): string {
  if (tok === WILDCARD) return tok;
  if (isPlainWord(tok)) return tok;
  let a = 0;
  let b = tok.length;
  while (a < b && LEAD.includes(tok[a])) a++;
  while (b > a && TRAIL.includes(tok[b - 1])) b--;
  if (a >= b) return tok;
  // A bracketed IPv6 address with a port: [::1]:8080.
  if (tok.charCodeAt(0) === 91 && tok.includes(']:') && RE_IPV6.test(tok.slice(0, b))) return WILDCARD + tok.slice(b);
  const c = tok.slice(a, b);
  const m = maskCore(c);
  if (m === c) return tok;
  // A path or URL takes a trailing dot with it: `.../part-00366.` is one value.
  if (m === WILDCARD && tok[b] === '.' && b + 1 === tok.length && (c[0] === '/' || c.includes('://'))) {
    return tok.slice(0, a) + WILDCARD;
  }
  return tok.slice(0, a) + m + tok.slice(b);
}

const WS = /\s+/;

/** Longest token mined as text; a longer one is a blob and masked whole. */
export const MAX_TOKEN_CHARS = 256;

/** Set by splitWords when the text holds control or replacement characters (binary or invalid UTF-8). */
let sawGarbage = false;

/** Whitespace split of a trimmed string, without a regex for the common ASCII case. */
function splitWords(text: string): string[] {
  const out: string[] = [];
  let start = -1;
  sawGarbage = false;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c <= 32) {
      if (c === 32 || c === 9 || c === 10 || c === 13 || c === 11 || c === 12) {
        if (start >= 0) { out.push(text.slice(start, i)); start = -1; }
        continue;
      }
      sawGarbage = true;
    } else if (c >= 127 && (c === 127 || c === 0xfffd || (c > 127 && /\s/.test(text[i])))) {
      if (c === 127 || c === 0xfffd) sawGarbage = true;
      else {
        if (start >= 0) { out.push(text.slice(start, i)); start = -1; }
        continue;
      }
    }
    if (start < 0) start = i;
  }
  if (start >= 0) out.push(text.slice(start));
  return out;
}

/** A token with control or replacement characters, or a huge one, is a value whatever it says. */
function isGarbage(t: string): boolean {
  if (t.length > MAX_TOKEN_CHARS) return true;
  for (let i = 0; i < t.length; i++) {
    const c = t.charCodeAt(i);
    if ((c < 32 && c !== 9) || c === 0x7f || c === 0xfffd) return true;
  }
  return false;
}

/** Cheap pre-check for DATE_SPAN: a `d:dd` clock or a `dddd-`/`dddd/`/`dddd.` date start. */
function mayHoldDate(text: string): boolean {
  let run = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c >= 48 && c <= 57) {
      run++;
      continue;
    }
    if (run > 0) {
      if (c === 58 && isDigitAt(text, i + 1) && isDigitAt(text, i + 2)) return true;
      if (run === 4 && (c === 45 || c === 47 || c === 46) && isDigitAt(text, i + 1)) return true;
    }
    run = 0;
  }
  return false;
}

function isDigitAt(s: string, i: number): boolean {
  const c = s.charCodeAt(i);
  return c >= 48 && c <= 57;
}

/**
 * Masks a message: folds multi-token date spans into one `<*>`, splits on whitespace and masks each
 * token. Returns the masked tokens and, aligned with them, the original text of each. O(message length).
 * Never throws; an empty message gives no tokens.
 */
export function maskMessage(message: string): MaskedMessage {
  const text = message.trim();
  if (text.length === 0) return { masked: [], raw: [] };
  if (mayHoldDate(text)) {
    DATE_SPAN.lastIndex = 0;
    if (DATE_SPAN.test(text)) return maskWithDates(text);
  }
  const raw = splitWords(text);
  const masked = new Array<string>(raw.length);
  const garbage = sawGarbage;
  for (let i = 0; i < raw.length; i++) {
    const t = raw[i];
    masked[i] = t.length > MAX_TOKEN_CHARS || (garbage && isGarbage(t)) ? WILDCARD : maskToken(t);
  }
  return foldUnits({ masked, raw });
}

const DATA_UNIT = /^(?:[KMGTP]i?B|B|bytes?|[KMGT])(?=[,;:.)\]]*$)/;

/** A data-size unit after a masked number is part of the value: `16.0 KB,` -> `<*>,`. */
function foldUnits(mm: MaskedMessage): MaskedMessage {
  const { masked, raw } = mm;
  let k = -1;
  for (let i = 1; i < masked.length; i++) {
    if (masked[i - 1] === WILDCARD && DATA_UNIT.test(masked[i]) && !/^bytes?$/.test(masked[i].replace(/[,;:.)\]]+$/, ''))) {
      k = i;
      break;
    }
  }
  if (k < 0) return mm;
  const outM: string[] = [];
  const outR: string[] = [];
  for (let i = 0; i < masked.length; i++) {
    const unit = i > 0 && masked[i - 1] === WILDCARD && outM[outM.length - 1] === WILDCARD && DATA_UNIT.test(masked[i]) &&
      !/^bytes?$/.test(masked[i].replace(/[,;:.)\]]+$/, ''));
    if (unit) {
      outM[outM.length - 1] = WILDCARD + masked[i].replace(DATA_UNIT, '');
      outR[outR.length - 1] = outR[outR.length - 1] + ' ' + raw[i];
    } else {
      outM.push(masked[i]);
      outR.push(raw[i]);
    }
  }
  return { masked: outM, raw: outR };
}

function maskWithDates(text: string): MaskedMessage {
  const masked: string[] = [];
  const raw: string[] = [];
  let last = 0;
  const push = (part: string): void => {
    for (const t of part.split(WS)) {
      if (t.length === 0) continue;
      raw.push(t);
      masked.push(isGarbage(t) ? WILDCARD : maskToken(t));
    }
  };
  DATE_SPAN.lastIndex = 0;
  for (let m = DATE_SPAN.exec(text); m !== null; m = DATE_SPAN.exec(text)) {
    // Widen to whitespace so glued punctuation stays on the same token: `(Fri Jun 17 07:07:00 2005),`.
    let a = m.index;
    while (a > last && !/\s/.test(text[a - 1])) a--;
    let b = m.index + m[0].length;
    while (b < text.length && !/\s/.test(text[b])) b++;
    const head = text.slice(a, m.index);
    const tail = text.slice(m.index + m[0].length, b);
    if (/[A-Za-z0-9]/.test(head) || /[A-Za-z0-9]/.test(tail)) continue;
    push(text.slice(last, a));
    raw.push(text.slice(a, b));
    masked.push(head + WILDCARD + tail);
    last = b;
    DATE_SPAN.lastIndex = b;
  }
  push(text.slice(last));
  return foldUnits({ masked, raw });
}
