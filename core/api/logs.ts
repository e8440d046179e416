/** Logs: patterns (templates) with new/rare badges, full-text search with its hits over time, and the timeline's pattern strip. */
import { z } from 'zod';
import { method, range } from './define';

export interface TemplateInfo {
  id: string;
  service: string | null;
  pattern: string;
  count: number;
  firstSeen: number | null;
  lastSeen: number | null;
  levels: Record<string, number>;
  examples: string[];
  /** First seen after the baseline (the first quarter of the workspace's time range). */
  isNew: boolean;
  isRare: boolean;
  familyId: string | null;
  /** Counts over the workspace range in equal buckets (sparkline). */
  spark: number[];
}

export interface LogLine {
  id: number;
  ts: number;
  /** The file it was read from (as imported) and its line number there. */
  source: string | null;
  line: number;
  service: string | null;
  level: string | null;
  templateId: string | null;
  raw: string;
  /** Character ranges [start, end) of the template's parameters inside `raw`, to highlight. */
  params: [number, number][];
}

export interface LogSearchResult {
  rows: LogLine[];
  /** Matches, counted up to `countLimit`; `more` when there are more. */
  total: number;
  more: boolean;
}

/** Matching lines over time, in equal buckets (the bars above the search results). */
export interface LogHistogram {
  /** Bucket start times (ms). */
  t: number[];
  /** Bucket length, ms. */
  step: number;
  counts: number[];
  /** Matches counted; `capped` when counting stopped at the scan limit (later buckets then undercount). */
  total: number;
  capped: boolean;
}

export interface PatternStrip {
  /** Bucket start times. */
  t: number[];
  patterns: { templateId: string; pattern: string; service: string | null; counts: number[] }[];
}

export const logsTemplatesParams = z.strictObject({
  ...range,
  service: z.string().optional(),
  query: z.string().max(500).optional(),
  sort: z.enum(['count', 'new', 'rare', 'first']).optional(),
  limit: z.number().int().min(1).max(10_000).optional(),
});

export const logsSearchParams = z.strictObject({
  ...range,
  /** Full-text query (SQLite FTS5 syntax: words, "phrases", prefix*, AND/OR/NOT). */
  query: z.string().max(1000).optional(),
  service: z.string().optional(),
  level: z.string().optional(),
  templateId: z.string().optional(),
  offset: z.number().int().min(0).optional(),
  limit: z.number().int().min(1).max(5000).optional(),
  order: z.enum(['asc', 'desc']).optional(),
});

export const logsHistogramParams = logsSearchParams.omit({ offset: true, limit: true, order: true }).extend({
  /** Bars wanted: about one per 6–10 px of width. */
  buckets: z.number().int().min(2).max(500),
});

export const logsContract = {
  'logs/templates': method(logsTemplatesParams).returns<TemplateInfo[]>(),
  'logs/search': method(logsSearchParams).returns<LogSearchResult>(),
  /** How many lines match a search in each time bucket (bounded: see LogHistogram.capped). */
  'logs/histogram': method(logsHistogramParams).returns<LogHistogram>(),
  'logs/strip': method(
    z.strictObject({ ...range, buckets: z.number().int().min(2).max(2000), top: z.number().int().min(1).max(50).optional() }),
  ).returns<PatternStrip>(),
} as const;
