/**
 * Stack traces of the common runtimes, as they appear in logs:
 * - Java: `java.sql.SQLException: msg`, then `\tat pkg.Class.method(File.java:12)` frames,
 *   `Caused by: X: msg`, `Suppressed: X`, `\t... 12 more`;
 * - Python: `Traceback (most recent call last):`, indented `File "x.py", line 3, in f` frames and
 *   source lines, the final `ValueError: msg` line at column 0; chained tracebacks joined by
 *   `During handling of the above exception, another exception occurred:`;
 * - Go: `panic: msg` (or `fatal error: msg`), `goroutine 1 [running]:`, call lines `main.main()`,
 *   indented `/path/file.go:123 +0x1d` lines, `created by …`, `exit status 2`;
 * - Node: `TypeError: msg` then `    at fn (file.js:1:2)` frames.
 *
 * Two questions are answered here: does a line without its own timestamp continue the event above
 * (`TraceContinuation`, for the wrapper formats where every physical line is stamped: kubectl, CRI),
 * and which exception a finished multi-line event reports (`exceptionOf`, a field of the record), or a
 * structured event through its stack-trace fields (`exceptionOfFields`).
 */
import { parseJsonObject } from './io/sniff';
import { flatten } from './json-fields';

/** A Java / Node / Python exception line: `[Exception in thread "x" ]pkg.NameException[ [CODE]]: msg` (or no message). */
const EXCEPTION_LINE_RE =
  /^(?:Exception in thread "[^"]*" )?(?:(?:[a-zA-Z_$][\w$]*\.)*(?:[A-Z][\w$]*)?(?:Exception|Error|Throwable|Warning|Exit|Interrupt)(?: \[[A-Z0-9_]+\])?|(?:[a-z_$][\w$]*\.)+[A-Z][\w$]*)(?::\s|:?$)/;

/** The exception class inside a line: a (dotted) name ending in Exception/Error/Throwable, followed by ':', space or the end. */
const EXCEPTION_TOKEN_RE = /(?:^|[\s(:"'])((?:[a-zA-Z_$][\w$]*\.)*(?:[A-Z][\w$]*)?(?:Exception|Error|Throwable))(?=:|\s|$)/;

/** A fully qualified Java class at the start of a line, followed by ':' or the end (`org.x.FooFailure: msg`). */
const QUALIFIED_CLASS_RE = /^((?:[a-z_$][\w$]*\.)+[A-Z][\w$]*)(?::|$)/;

/** Python's final traceback line: `Name: msg` or a bare `Name` (dotted names allowed). */
const PYTHON_EXCEPTION_RE = /^([A-Za-z_][\w.]*)(?::\s|:?$)/;

/** `\t... 12 more`, `... 3 common frames omitted` (logback). */
const MORE_RE = /^\.\.\. \d+ (?:more|common frames omitted)/;

/** Lines of a Go panic after `panic:`: goroutine headers, signal lines, call lines, `created by`, `exit status`. */
const GO_LINE_RE = /^(?:goroutine \d+ \[|\[signal |created by |exit status \d+$|[\w./*()[\]{}-]+\(.*\)$)/;

function isSpace(c: number): boolean {
  return c === 32 || c === 9;
}

/** The runtime whose trace the open event is in, for lines that only belong to one (Python final line, Go call lines). */
type Trace = 'none' | 'python' | 'go';

/**
 * Decides, line by line, whether a line without its own timestamp continues the open event: blank
 * and indented lines, `Caused by:`, `... n more`, exception lines, a Python traceback up to its final
 * line, a Go panic up to its last line. Anything else starts an event. One per reader; `start()` at
 * each new event. O(line prefix) per line; never throws.
 */
export class TraceContinuation {
  private trace: Trace = 'none';

  /** A new event starts with `text` (its message): a trace may open on its very first line. */
  start(text: string): void {
    this.trace = 'none';
    this.open(text);
  }

  /** Whether `text` continues the open event (and notes the trace it opens or ends). */
  continues(text: string): boolean {
    if (text.length === 0 || isSpace(text.charCodeAt(0))) return true;
    if (this.open(text)) return true;
    if (text.startsWith('Caused by:') || text.startsWith('Suppressed:') || MORE_RE.test(text)) return true;
    if (text.startsWith('During handling of the above exception') || text.startsWith('The above exception was the direct cause')) {
      return true;
    }
    if (this.trace === 'python' && PYTHON_EXCEPTION_RE.test(text)) {
      this.trace = 'none';
      return true;
    }
    if (this.trace === 'go' && GO_LINE_RE.test(text)) return true;
    return EXCEPTION_LINE_RE.test(text);
  }

  /** Notes a line that opens a trace; true when it does. */
  private open(text: string): boolean {
    if (text.startsWith('Traceback (most recent call last):')) {
      this.trace = 'python';
      return true;
    }
    if (text.startsWith('panic: ') || text.startsWith('fatal error: ')) {
      this.trace = 'go';
      return true;
    }
    return false;
  }
}

/** What a multi-line event reports: the exception raised and, when it differs, its root cause. */
export interface ExceptionFields {
  exception: string;
  cause?: string;
}

/** The record fields of an exception: attrs.exception, and attrs.exception_cause when there is one. */
export function exceptionAttrs(ex: ExceptionFields): Record<string, string> {
  return ex.cause !== undefined ? { exception: ex.exception, exception_cause: ex.cause } : { exception: ex.exception };
}

/** The exception class named in a line (`java.sql.SQLException`, `TypeError`); undefined when none. */
function exceptionClassIn(line: string): string | undefined {
  if (line.startsWith('Exception in thread "')) line = line.slice(line.indexOf('"', 21) + 1);
  const m = EXCEPTION_TOKEN_RE.exec(line);
  if (m) return m[1];
  const q = QUALIFIED_CLASS_RE.exec(line);
  return q ? q[1] : undefined;
}

/** `panic: runtime error: index out of range [5] with length 3` → `panic: runtime error: index out of range` (bracketed values and ` [recovered]` dropped). */
function goPanic(line: string): string {
  const bracket = line.indexOf(' [');
  const text = (bracket > 0 ? line.slice(0, bracket) : line).trim();
  return text.length > 160 ? text.slice(0, 160) : text;
}

/**
 * The exception a multi-line event reports, from its first line (`first`, the message after the
 * header) and its continuation lines (`rest`):
 * - Go: the `panic: …` / `fatal error: …` line (bracketed values dropped);
 * - Python: the final line of the last traceback (the exception raised); cause: that of the first
 *   traceback of a chain;
 * - Java / Node: the class on the last non-indented line before the first `at` frame (the header
 *   line itself when the logger printed the exception there); cause: the last `Caused by:`.
 * Undefined when the lines hold no trace. O(total length); never throws.
 * @example exceptionOf('Failed', ['java.lang.IllegalStateException: x', '\tat A.b(A.java:1)']) // { exception: 'java.lang.IllegalStateException' }
 */
export function exceptionOf(first: string, rest: readonly string[]): ExceptionFields | undefined {
  let lastTop = first;
  let framed: string | undefined;
  let cause: string | undefined;
  let inPython = first.startsWith('Traceback (most recent call last):');
  const python: string[] = [];
  let go: string | undefined;
  for (const line of rest) {
    if (line.length === 0) continue;
    if (isSpace(line.charCodeAt(0))) {
      const t = line.trimStart();
      if (framed === undefined && t.startsWith('at ')) framed = lastTop;
      else if (t.startsWith('Caused by: ')) cause = exceptionClassIn(t.slice(11)) ?? cause;
      continue;
    }
    if (line.startsWith('Caused by: ')) {
      cause = exceptionClassIn(line.slice(11)) ?? cause;
    } else if (line.startsWith('Traceback (most recent call last):')) {
      inPython = true;
    } else if (inPython) {
      const m = PYTHON_EXCEPTION_RE.exec(line);
      if (m) {
        python.push(m[1]);
        inPython = false;
      }
    } else if (go === undefined && (line.startsWith('panic: ') || line.startsWith('fatal error: '))) {
      go = goPanic(line);
    }
    lastTop = line;
  }
  if (go === undefined && (first.startsWith('panic: ') || first.startsWith('fatal error: '))) go = goPanic(first);
  if (go !== undefined) return { exception: go };
  if (python.length > 0) {
    const exception = python[python.length - 1];
    return python[0] !== exception ? { exception, cause: python[0] } : { exception };
  }
  if (framed === undefined) return undefined;
  const exception = exceptionClassIn(framed);
  if (exception === undefined) return undefined;
  return cause !== undefined && cause !== exception ? { exception, cause } : { exception };
}

/** Fields of structured logs that hold a stack trace (logstash-logback, ECS, pino, structlog, zap). */
const STACK_KEYS = ['stack_trace', 'stacktrace', 'stack', 'exception', 'exc_info', 'error.stack_trace', 'error.stack', 'err.stack', 'error.stacktrace'];
/** Fields that name the exception class directly. */
const TYPE_KEYS = ['error.type', 'err.type', 'exception.type', 'exception.class', 'exception_class', 'error.kind'];

/**
 * The exception a structured event reports, from its fields (flattened, dotted keys): a stack-trace
 * field read as by exceptionOf, else a field naming the class (`error.type`). Undefined when none.
 * O(size of those fields).
 */
export function exceptionOfFields(fields: Record<string, string>): ExceptionFields | undefined {
  for (const k of STACK_KEYS) {
    const v = fields[k];
    if (typeof v !== 'string' || v.indexOf('\n') < 0) continue;
    const lines = v.split('\n');
    const found = exceptionOf(lines[0], lines.slice(1));
    if (found) return found;
  }
  for (const k of TYPE_KEYS) {
    const v = fields[k];
    if (typeof v === 'string' && v.length > 0 && v.length <= 200) return { exception: v };
  }
  return undefined;
}

/**
 * The exception of a stored event from its raw text: a JSON object line is read through its fields
 * (exceptionOfFields); text lines (joined by '\n', timestamp header included) through exceptionOf.
 * Undefined for a one-line text event or an object without a trace. O(length).
 */
export function exceptionOfRaw(raw: string): ExceptionFields | undefined {
  if (raw.charCodeAt(0) === 123) {
    const obj = parseJsonObject(raw);
    if (!obj) return undefined;
    const fields: Record<string, string> = {};
    for (const [k, v] of flatten(obj)) if (typeof v === 'string') fields[k] = v;
    return exceptionOfFields(fields);
  }
  if (raw.indexOf('\n') < 0) return undefined;
  const lines = raw.split('\n');
  return exceptionOf(lines[0], lines.slice(1));
}
