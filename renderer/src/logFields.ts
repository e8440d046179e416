/**
 * The fields of a log line, for its detail view: the top-level values of a JSON line, the `key=value`
 * pairs of a logfmt-style one, and the exception a stack trace is about (Java/Kotlin `a.b.FooException`,
 * Python `FooError: …`, Go `panic: …`, Node `TypeError: …`). What the detail's header already shows (time,
 * level, service, message) is left out. Pure; O(length of the line).
 */

/** Keys the header already shows, or that are the message itself. */
const SHOWN = new Set(['ts', 'time', 'timestamp', '@timestamp', 'level', 'severity', 'lvl', 'msg', 'message', 'service', 'service.name']);
const MAX_FIELDS = 16;
const MAX_VALUE = 200;

/** Java/Kotlin/Scala class names ending in Exception or Error, with their package. */
const JVM_EXCEPTION = /\b((?:[a-z_$][\w$]*\.)+[A-Z][\w$]*(?:Exception|Error|Throwable))\b/;
/** `Caused by: x.y.ZException` names the root of a Java trace: the last one wins. */
const CAUSED_BY = /Caused by: ((?:[\w$]+\.)*[\w$]+)/g;
/** A Python traceback's last line, or a Node error's first: `ValueError: …`, `TypeError: …`. */
const NAMED_ERROR = /^([A-Z]\w*(?:Error|Exception|Warning|Interrupt|Exit)):/m;

/** The exception a (multi-line) event is about, or null. */
export function exceptionOf(raw: string): string | null {
  const causes = [...raw.matchAll(CAUSED_BY)].map((m) => m[1]);
  if (causes.length) return causes[causes.length - 1];
  if (/Traceback \(most recent call last\)/.test(raw)) {
    const lines = raw.trimEnd().split('\n');
    const last = lines[lines.length - 1].trim();
    const m = /^([\w.]+):?/.exec(last);
    if (m) return m[1];
  }
  const jvm = JVM_EXCEPTION.exec(raw);
  if (jvm) return jvm[1];
  if (/^panic: /m.test(raw)) return 'panic';
  const named = NAMED_ERROR.exec(raw);
  return named ? named[1] : null;
}

function clip(v: string): string {
  return v.length > MAX_VALUE ? `${v.slice(0, MAX_VALUE - 1)}…` : v;
}

/**
 * The line's fields as [key, value] pairs, JSON first (top-level scalars and one level of nesting as
 * `a.b`), else logfmt pairs of the first line; the exception, when there is one, as `exception`.
 * @example logFields('{"level":"error","msg":"x","order_id":42}') // [['order_id', '42']]
 */
export function logFields(raw: string): [string, string][] {
  const out: [string, string][] = [];
  const first = raw.split('\n', 1)[0].trim();
  let parsed: unknown = null;
  if (first.startsWith('{')) {
    try {
      parsed = JSON.parse(first);
    } catch {
      parsed = null;
    }
  }
  if (parsed && typeof parsed === 'object' && !Array.isArray(parsed)) {
    const add = (key: string, v: unknown): void => {
      if (SHOWN.has(key) || v === null || v === undefined) return;
      if (typeof v === 'object') {
        if (!key.includes('.') && !Array.isArray(v)) for (const [k, w] of Object.entries(v as Record<string, unknown>)) add(`${key}.${k}`, w);
        else out.push([key, clip(JSON.stringify(v))]);
      } else out.push([key, clip(String(v))]);
    };
    for (const [k, v] of Object.entries(parsed as Record<string, unknown>)) add(k, v);
  } else {
    for (const m of first.matchAll(/(?:^|\s)([A-Za-z_][\w.-]*)=("(?:[^"\\]|\\.)*"|\S+)/g)) {
      if (!SHOWN.has(m[1])) out.push([m[1], clip(m[2].replace(/^"(.*)"$/, '$1'))]);
    }
  }
  const exception = exceptionOf(raw);
  if (exception && !out.some(([k]) => /^(exception|error|exc_info|error\.type)$/i.test(k))) out.unshift(['exception', exception]);
  return out.slice(0, MAX_FIELDS);
}

/** A source path's file name (what the detail shows; the whole path goes in its title). */
export function fileName(path: string): string {
  return path.split(/[\\/]/).pop() || path;
}
