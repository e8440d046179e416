/**
 * The one contract between the UI and the backend. Every method: a `domain/verb` name, a zod
 * schema for its params (checked at the boundary — the renderer is untrusted) and a result type.
 * Adding a method is one entry here and one handler in core/service; both shells get it.
 */
import { z } from 'zod';

/** Declares a method: the params schema is real, the result is a type only. */
function method<P extends z.ZodType>(params: P) {
  return { returns: <R>() => ({ params, result: undefined as unknown as R }) };
}

const timeMs = z.number().finite();
const none = z.strictObject({});

// ---- result shapes (plain JSON) -----------------------------------------------------------------

export interface WorkspaceInfo {
  path: string;
  name: string;
  dataVersion: number;
  counts: { sources: number; series: number; samples: number; logs: number; events: number; edges: number };
  timeRange: { first: number | null; last: number | null };
}

export interface AppInfo {
  version: string;
  shell: 'electron' | 'browser';
  workspace: WorkspaceInfo | null;
  /** Zone the UI shows by default (the machine's). */
  localZone: string;
}

export interface RecentWorkspace {
  path: string;
  name: string;
  openedAt: number;
}

export interface SourceSummary {
  path: string;
  format: string;
  kind: string;
  bytes: number;
  zone: string;
  accepted: number;
  rejected: number;
  notes: string[];
}

export interface WorkspaceSummary extends WorkspaceInfo {
  sources: SourceSummary[];
  services: { service: string | null; series: number; samples: number; logs: number }[];
}

export interface SeriesInfo {
  id: number;
  name: string;
  labels: Record<string, string>;
  service: string | null;
  unit: string | null;
  firstTs: number | null;
  lastTs: number | null;
  count: number;
  /** Open (not marked expected) anomaly ranges found by the last detection run, and the worst one's score. */
  anomalies: number;
  anomalyScore: number;
}

export interface SeriesBuckets {
  id: number;
  /** Bucket start times (ms). */
  t: number[];
  min: number[];
  max: number[];
  avg: number[];
  /** 'raw' when read from samples, else the rollup step in ms. */
  source: 'raw' | number;
}

export interface EventInfo {
  id: number;
  ts: number;
  endTs: number | null;
  kind: string;
  service: string | null;
  title: string;
  severity: string | null;
  attrs: Record<string, string>;
}

export interface JobInfo {
  jobId: string;
  kind: string;
  title: string;
  state: 'running' | 'done' | 'failed' | 'cancelled';
  done: number;
  total: number;
  message: string;
}

export interface ImportFileResult {
  path: string;
  format: string | null;
  status: 'imported' | 'unchanged' | 'skipped' | 'failed';
  reason?: string;
  series: number;
  samples: number;
  logs: number;
  events: number;
  edges: number;
  rejected: number;
  badLines: string[];
}

export interface ImportResult {
  zone: string;
  files: ImportFileResult[];
  totals: { series: number; samples: number; logs: number; events: number; edges: number; skipped: number; failed: number };
  seconds: number;
}

export type Severity = 'low' | 'medium' | 'high';

/** An anomaly range found on one series (stored as a timeline event of kind 'anomaly'). */
export interface AnomalyInfo {
  id: number;
  seriesId: number;
  seriesName: string;
  labels: Record<string, string>;
  service: string | null;
  start: number;
  end: number;
  peakTs: number;
  peakValue: number;
  expected: number;
  direction: 'up' | 'down';
  severity: Severity;
  /** How far out at the peak, in robust standard deviations. */
  sigmas: number;
  /** Ranking score in [0, 1]: severity × duration. */
  rank: number;
}

/** The learnt normal band of one series over a window, downsampled like series/range. */
export interface SeriesBand {
  id: number;
  method: 'seasonal' | 'static' | 'none';
  periodsMs: number[];
  t: number[];
  expected: number[];
  lower: number[];
  upper: number[];
  ranges: AnomalyInfo[];
  notes: string[];
}

export interface ChangePointInfo {
  id: number;
  seriesId: number;
  seriesName: string;
  service: string | null;
  ts: number;
  kind: 'level' | 'trend' | 'variance';
  before: number;
  after: number;
  confidence: number;
}

export interface AnalysisStatus {
  dataVersion: number;
  /** Data version the stored anomalies were computed on (null: never run). */
  analysedVersion: number | null;
  running: string | null;
  series: number;
  anomalies: number;
  changePoints: number;
}

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

export interface PatternStrip {
  /** Bucket start times. */
  t: number[];
  patterns: { templateId: string; pattern: string; service: string | null; counts: number[] }[];
}

export interface CompareResult {
  series: { id: number; name: string; service: string | null; labels: Record<string, string>; baseline: number; selected: number; change: number; score: number }[];
  labels: { key: string; value: string; score: number; series: number }[];
  patterns: { templateId: string; pattern: string; service: string | null; baseline: number; selected: number; score: number }[];
}

export interface ForecastInfo {
  id: number;
  model: string;
  t: number[];
  forecast: number[];
  lower: number[];
  upper: number[];
  level: number;
  backtest: { model: string; smape: number; mase: number; coverage: number }[];
  threshold?: { value: number; sentence: string; probability: number; etaMs: number | null; lowMs: number | null; highMs: number | null };
  notes: string[];
}

// ---- params ---------------------------------------------------------------------------------------

const path = z.string().min(1, 'a path is required');

export const importParams = z.strictObject({
  paths: z.array(path).min(1, 'at least one file or folder to import'),
  /** IANA zone for times that carry none (default UTC). */
  zone: z.string().min(1).optional(),
  skipBadLines: z.boolean().optional(),
  /** Keep rows whose times are implausible (outside 2000 .. now + 1 year, or far from the rest) instead of leaving them out. */
  keepImplausibleTimes: z.boolean().optional(),
});

export const seriesListParams = z.strictObject({
  query: z.string().max(500).optional(),
  limit: z.number().int().min(1).max(100_000).optional(),
});

export const seriesRangeParams = z.strictObject({
  ids: z.array(z.number().int().positive()).min(1, 'at least one series id').max(64),
  from: timeMs.optional(),
  to: timeMs.optional(),
  /** Buckets wanted: about one per horizontal pixel. */
  width: z.number().int().min(2).max(10_000),
});

const range = { from: timeMs.optional(), to: timeMs.optional() };

export const analysisRunParams = z.strictObject({
  /** Series to analyse; all series when left out. */
  seriesIds: z.array(z.number().int().positive()).optional(),
  /** Band width, like Prophet's interval_width (default 0.99). */
  intervalWidth: z.number().gt(0.5).lt(1).optional(),
});

export const anomaliesListParams = z.strictObject({
  ...range,
  service: z.string().optional(),
  seriesId: z.number().int().positive().optional(),
  limit: z.number().int().min(1).max(10_000).optional(),
});

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

export const compareParams = z.strictObject({
  from: timeMs,
  to: timeMs,
  baselineFrom: timeMs,
  baselineTo: timeMs,
  limit: z.number().int().min(1).max(1000).optional(),
});

export const eventsListParams = z.strictObject({
  from: timeMs.optional(),
  to: timeMs.optional(),
  kinds: z.array(z.string()).optional(),
  limit: z.number().int().min(1).max(100_000).optional(),
});

// ---- methods --------------------------------------------------------------------------------------

export const contract = {
  'app/info': method(none).returns<AppInfo>(),

  'workspace/recent': method(none).returns<RecentWorkspace[]>(),
  'workspace/open': method(z.strictObject({ path })).returns<WorkspaceInfo>(),
  'workspace/create': method(z.strictObject({ path })).returns<WorkspaceInfo>(),
  /** Opens the demo workspace, generating and importing the demo dump first when needed (then a job). */
  'workspace/openDemo': method(none).returns<{ jobId: string | null; workspace: WorkspaceInfo | null }>(),
  'workspace/summary': method(none).returns<WorkspaceSummary>(),

  'import/start': method(importParams).returns<{ jobId: string }>(),

  'job/cancel': method(z.strictObject({ jobId: z.string().min(1) })).returns<{ cancelled: boolean }>(),
  'job/list': method(none).returns<JobInfo[]>(),

  'series/list': method(seriesListParams).returns<SeriesInfo[]>(),
  'series/range': method(seriesRangeParams).returns<{ from: number; to: number; series: SeriesBuckets[] }>(),

  'events/list': method(eventsListParams).returns<EventInfo[]>(),

  /** Learns normal and flags anomalies and change points on the chosen (or all) series: a job. */
  'analysis/run': method(analysisRunParams).returns<{ jobId: string }>(),
  'analysis/status': method(none).returns<AnalysisStatus>(),
  'anomalies/list': method(anomaliesListParams).returns<AnomalyInfo[]>(),
  /** Marks an anomaly as expected: hidden from now on and kept out of later baselines. */
  'anomalies/markExpected': method(z.strictObject({ id: z.number().int().positive(), note: z.string().max(2000).optional() })).returns<{ ok: true }>(),
  'changepoints/list': method(anomaliesListParams).returns<ChangePointInfo[]>(),
  'series/band': method(
    z.strictObject({ id: z.number().int().positive(), ...range, width: z.number().int().min(2).max(10_000) }),
  ).returns<SeriesBand>(),
  'series/forecast': method(
    z.strictObject({
      id: z.number().int().positive(),
      /** Steps ahead, in the series' own step. */
      horizon: z.number().int().min(1).max(10_000),
      level: z.number().gt(0.5).lt(1).optional(),
      threshold: z.number().finite().optional(),
    }),
  ).returns<ForecastInfo>(),

  'logs/templates': method(logsTemplatesParams).returns<TemplateInfo[]>(),
  'logs/search': method(logsSearchParams).returns<LogSearchResult>(),
  'logs/strip': method(
    z.strictObject({ ...range, buckets: z.number().int().min(2).max(2000), top: z.number().int().min(1).max(50).optional() }),
  ).returns<PatternStrip>(),

  /** BubbleUp-style: what differs most between a selected range and a baseline. */
  'compare/ranges': method(compareParams).returns<CompareResult>(),
} as const;

export type Contract = typeof contract;
export type MethodName = keyof Contract;
export type ParamsOf<K extends MethodName> = z.input<Contract[K]['params']>;
export type ResultOf<K extends MethodName> = Contract[K]['result'];

/** The backend implements one handler per method; `handlers` in core/service is checked against this. */
export type Handlers = { [K in MethodName]: (params: z.output<Contract[K]['params']>) => Promise<ResultOf<K>> };

// ---- push events ------------------------------------------------------------------------------------

export interface ServerEvents {
  'job/progress': {
    jobId: string;
    kind: string;
    title: string;
    done: number;
    total: number;
    unit: 'bytes' | 'items';
    message: string;
    /** Units per second, when known. */
    rate?: number;
    etaMs?: number;
    /** Imports: rows landed so far, and rows per second. */
    rows?: number;
    rowsPerSec?: number;
    /** Per-file detail for imports. */
    file?: { path: string; index: number; count: number };
  };
  'job/done': { jobId: string; kind: string; result: unknown };
  'job/failed': { jobId: string; kind: string; error: string; cancelled: boolean };
  'workspace/changed': { dataVersion: number };
}

export type EventName = keyof ServerEvents;
export type AnyServerEvent = { [K in EventName]: { event: K; data: ServerEvents[K] } }[EventName];
