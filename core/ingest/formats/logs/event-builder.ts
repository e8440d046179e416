/**
 * Joins physical lines into log events: a header line starts an event, continuation lines (stack
 * traces, wrapped messages) are appended to it. Blank lines are kept only when more text of the same
 * event follows them. Text kept per event is capped at MAX_LINE_CHARS (attrs.truncated = 'true'),
 * so memory stays bounded whatever the file; `lines` still counts every physical line.
 * A finished multi-line event that holds a stack trace gets the exception it reports as a field:
 * attrs.exception (`java.sql.SQLTransientConnectionException`, `ValueError`, `panic: runtime error: …`)
 * and attrs.exception_cause when the root cause differs (runtime-traces.ts).
 */
import type { LogRecord } from '../../types';
import { MAX_LINE_CHARS } from './io/lines';
import { exceptionAttrs, exceptionOf } from './runtime-traces';

/** One open event at a time; start() returns the finished one. All methods O(line length). */
export class EventBuilder {
  private cur: LogRecord | undefined;
  private raw: string[] = [];
  private msg: string[] = [];
  private size = 0;
  private blanks = 0;

  constructor(private readonly maxChars = MAX_LINE_CHARS) {}

  /** True while an event is open. */
  get open(): boolean {
    return this.cur !== undefined;
  }

  /** The open event (for readers that amend it, e.g. to join on a stream). */
  get current(): LogRecord | undefined {
    return this.cur;
  }

  /** Starts a new event; returns the previous one, finished, if any. */
  start(rec: LogRecord): LogRecord | undefined {
    const done = this.finish();
    this.cur = rec;
    this.size = rec.raw.length;
    return done;
  }

  /** Appends a continuation line (its raw text, and the text to add to the message). */
  append(rawLine: string, messageLine = rawLine): void {
    const cur = this.cur;
    if (!cur) return;
    if (rawLine.trim().length === 0) {
      this.blanks++;
      return;
    }
    for (; this.blanks > 0; this.blanks--) this.add(cur, '', '');
    this.add(cur, rawLine, messageLine);
  }

  /** Marks the open event as cut (a physical line of it was over the limit). */
  markTruncated(): void {
    if (this.cur) this.cur.attrs = { ...this.cur.attrs, truncated: 'true' };
  }

  /** Finishes and returns the open event, if any. */
  finish(): LogRecord | undefined {
    const cur = this.cur;
    if (!cur) return undefined;
    if (this.raw.length > 0) {
      const ex = exceptionOf(cur.message, this.msg);
      if (ex) cur.attrs = { ...cur.attrs, ...exceptionAttrs(ex) };
      cur.raw = `${cur.raw}\n${this.raw.join('\n')}`;
      cur.message = `${cur.message}\n${this.msg.join('\n')}`;
      this.raw = [];
      this.msg = [];
    }
    this.cur = undefined;
    this.blanks = 0;
    this.size = 0;
    return cur;
  }

  private add(cur: LogRecord, rawLine: string, messageLine: string): void {
    cur.lines++;
    if (this.size >= this.maxChars) return;
    this.size += rawLine.length + 1;
    if (this.size > this.maxChars) {
      const keep = Math.max(0, rawLine.length - (this.size - this.maxChars));
      rawLine = rawLine.slice(0, keep);
      messageLine = messageLine.slice(0, keep);
      this.markTruncated();
    }
    this.raw.push(rawLine);
    this.msg.push(messageLine);
  }
}
