/**
 * The optional fields of a LogRecord, set the same way by every log reader: what a reader found is
 * kept only when it says something (a non-empty level, service or host; attrs with at least one key).
 */
import type { LogRecord } from '../../types';

/** What a reader found beside the time and text of an event; any of it may be missing. */
export interface LogFields {
  level?: string;
  service?: string;
  host?: string;
  attrs?: Record<string, string>;
}

/**
 * Sets `rec.level`, `rec.service` and `rec.host` from `f` when they are non-empty strings, and
 * `rec.attrs` when `f.attrs` has at least one key (in that order); returns `rec`. Fields absent from
 * `f` are left as they are. O(number of attrs). Never throws.
 */
export function withFields(rec: LogRecord, f: LogFields): LogRecord {
  if (f.level) rec.level = f.level;
  if (f.service) rec.service = f.service;
  if (f.host) rec.host = f.host;
  if (f.attrs && Object.keys(f.attrs).length > 0) rec.attrs = f.attrs;
  return rec;
}
