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

/**
 * The field-count rule of every CSV table (events, topology, metrics): a row must have as many fields as its
 * header. Fewer is an error; more is an error when an extra field holds text (an unquoted delimiter inside a
 * field shows up this way, and must not silently cut the field short); extra empty trailing fields, as
 * spreadsheets write them (`a,b,`), lose nothing and are tolerated. Returns [expected, found] for
 * `rejectLine`/`badLine`, or undefined when the row is fine. O(extra fields).
 * @example fieldCountError(3, ['a', 'b']) // ['3 fields (as the header)', '2 fields: a,b']
 */
export function fieldCountError(headerFields: number, cells: readonly string[], delimiter = ','): [string, string] | undefined {
  const n = cells.length;
  if (n === headerFields) return undefined;
  if (n > headerFields && cells.slice(headerFields).every((c) => c.trim() === '')) return undefined;
  return [`${headerFields} fields (as the header)`, `${n} fields: ${cells.join(delimiter)}`];
}
