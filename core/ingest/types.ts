/**
 * The ingest contract: every format reader turns a byte stream into normalised records.
 *
 * A reader knows nothing about SQLite, jobs or the UI. It is given a way to open the
 * (already decompressed) file and a context (zone, bad-line policy, cancel signal), and yields
 * batches of records. The importer (core/ingest/import.ts) writes them to the store inside one
 * transaction per source.
 */

/** Kinds of data a file can hold. */
export type DataKind = 'metrics' | 'logs' | 'events' | 'topology';

/** Labels of a series, Prometheus style: identity is name + sorted labels. */
export type Labels = Record<string, string>;

/** A run of samples of one series. `ts` in UTC epoch milliseconds, ascending not required. */
export interface SamplesRecord {
  kind: 'samples';
  name: string;
  labels: Labels;
  unit?: string;
  /** The service the series belongs to, once attributed (core/ingest/service-attribution.ts); readers leave it unset. */
  service?: string;
  ts: number[];
  values: number[];
}

/** One log event (a multi-line event is one record; `line` is its first line, 1-based). */
export interface LogRecord {
  kind: 'log';
  ts: number;
  line: number;
  /** Number of physical lines this event spans (1 for a single-line event). */
  lines: number;
  service?: string;
  host?: string;
  level?: string;
  /** The message after the header (timestamp, level, …) when the reader knows it; else the raw text. */
  message: string;
  /** The event's text exactly as in the file (lines joined with '\n'). */
  raw: string;
  attrs?: Record<string, string>;
}

/** Everything that belongs on a timeline as a marker or a range. */
export type EventType =
  | 'deploy'
  | 'config'
  | 'flag'
  | 'alert'
  | 'incident'
  | 'k8s'
  | 'k8s-scale'
  | 'k8s-restart'
  | 'k8s-oom'
  | 'k8s-probe'
  | 'annotation'
  | 'other';

export interface EventRecord {
  kind: 'event';
  type: EventType;
  ts: number;
  endTs?: number;
  service?: string;
  title: string;
  severity?: string;
  attrs?: Record<string, string>;
  /** 1-based line of the row in its file, where the format has lines (for messages). */
  line?: number;
}

/** A service dependency: `caller` calls `callee`. */
export interface EdgeRecord {
  kind: 'edge';
  caller: string;
  callee: string;
  attrs?: Record<string, string>;
}

export type IngestRecord = SamplesRecord | LogRecord | EventRecord | EdgeRecord;

/** The first bytes of a file, for detection by content. */
export interface Sniff {
  /** Display name (used only in messages, never for detection). */
  name: string;
  /** Up to the first 64 KiB, decoded as UTF-8 (BOM kept if present). */
  head: string;
  /** True when `head` is the whole file. */
  complete: boolean;
}

export interface ReadContext {
  /** File name for messages. */
  file: string;
  /** IANA zone for timestamps that carry none (default 'UTC'). */
  zone: string;
  /** With true, a bad line is reported through onBadLine and skipped; with false, it throws ParseError. */
  skipBadLines: boolean;
  onBadLine(line: number, message: string): void;
  /** Bytes consumed so far, for progress; readers call it now and then. */
  onProgress?(bytesRead: number): void;
  signal?: AbortSignal;
  /** Year to assume for timestamps without one (RFC 3164); default: inferred, else current UTC year. */
  referenceYear?: number;
  /** The file's modification time: the time of samples that carry none (a scrape, Influx lines without one). */
  fileTimeMs?: number;
  /** The import's `--service` option: the service of whatever names no service itself (service-attribution.ts). */
  service?: string;
  /** Something worth telling the person that is not an error (skipped histograms, partial data, …). */
  onNote?(message: string): void;
}

export interface FormatReader {
  /** Stable id, e.g. 'prometheus-query-range'. */
  id: string;
  kind: DataKind;
  /** One line for people: 'Prometheus HTTP API query_range JSON'. */
  title: string;
  /**
   * Confidence in [0, 1] that this file is in this format, from its content alone.
   * 0 = certainly not; >= 0.5 = take it. Must be fast and never throw.
   */
  detect(sniff: Sniff): number;
  /** Stream the file as batches of records. Throws ParseError for malformed input. */
  read(open: () => NodeJS.ReadableStream, ctx: ReadContext): AsyncIterable<IngestRecord[]>;
}

/** `file:line: expected …, found …` — the one error shape for malformed input. */
export class ParseError extends Error {
  constructor(
    readonly file: string,
    readonly line: number,
    readonly expected: string,
    readonly found: string,
  ) {
    super(`${file}:${line}: expected ${expected}, found ${ParseError.quote(found)}`);
    this.name = 'ParseError';
  }

  static quote(found: string): string {
    const s = found.length > 80 ? `${found.slice(0, 77)}...` : found;
    return JSON.stringify(s);
  }
}
