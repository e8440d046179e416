/**
 * The application line carried inside a wrapper format (kubectl --timestamps, CRI, Loki, CloudWatch,
 * Elasticsearch): a JSON object (fields found by key), a line with its own timestamp header (the header
 * is stripped; the wrapper's time wins), or plain text with a leading level / [component].
 */
import { parseHeader, type Header } from './header';
import { parseJsonObject } from './io/sniff';
import { findFields } from './json-fields';
import { LeadingTimestamps, TimeValues } from './timestamps';

/** One per file (it keeps the previous time for year inference and DST). parse() is O(line); never throws. */
export class InnerLines {
  private readonly stamps: LeadingTimestamps;
  private readonly times: TimeValues;

  /** `nowMs`: the anchor for year-less times (the file's modification time when known). */
  constructor(zone: string, referenceYear?: number, nowMs?: number) {
    this.stamps = new LeadingTimestamps(zone, referenceYear, nowMs);
    this.times = new TimeValues(zone, referenceYear, nowMs);
  }

  /** Level, service, host and message of an inner line; the message is the line itself when nothing is found. */
  parse(text: string): Header {
    if (text.charCodeAt(0) === 123) {
      const obj = parseJsonObject(text);
      if (obj) {
        const f = findFields(obj, this.times);
        return { level: f.level, service: f.service, host: f.host, message: f.message ?? text, attrs: f.attrs };
      }
    }
    const st = this.stamps.parse(text);
    if (st) return parseHeader(text, st.end, st.style, st.pri);
    return parseHeader(text, 0, 'none');
  }
}
