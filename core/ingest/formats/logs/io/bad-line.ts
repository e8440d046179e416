/**
 * The one bad-input policy: throw `ParseError(file, line, expected, found)`, or, when the person
 * chose to skip bad lines, report it through ctx.onBadLine and go on.
 */
import { ParseError, type ReadContext } from '../../../types';

/** Throws ParseError unless ctx.skipBadLines; then reports the line and returns. */
export function rejectLine(ctx: ReadContext, line: number, expected: string, found: string): void {
  if (!ctx.skipBadLines) throw new ParseError(ctx.file, line, expected, found);
  ctx.onBadLine(line, `expected ${expected}, found ${ParseError.quote(found)}`);
}

/** A record that cannot be converted: thrown inside a reader, turned into rejectLine by its loop. */
export class BadRecord extends Error {
  constructor(
    readonly expected: string,
    readonly found: string,
  ) {
    super(`expected ${expected}, found ${found}`);
    this.name = 'BadRecord';
  }
}

/** Short text of any JSON-ish value for a message. */
export function describe(value: unknown): string {
  if (value === undefined) return 'nothing';
  if (typeof value === 'string') return value;
  try {
    return JSON.stringify(value) ?? String(value);
  } catch {
    return String(value);
  }
}
