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

// ---- params ---------------------------------------------------------------------------------------

const path = z.string().min(1, 'a path is required');

export const importParams = z.strictObject({
  paths: z.array(path).min(1, 'at least one file or folder to import'),
  /** IANA zone for times that carry none (default UTC). */
  zone: z.string().min(1).optional(),
  skipBadLines: z.boolean().optional(),
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
    /** Per-file detail for imports. */
    file?: { path: string; index: number; count: number };
  };
  'job/done': { jobId: string; kind: string; result: unknown };
  'job/failed': { jobId: string; kind: string; error: string; cancelled: boolean };
  'workspace/changed': { dataVersion: number };
}

export type EventName = keyof ServerEvents;
export type AnyServerEvent = { [K in EventName]: { event: K; data: ServerEvents[K] } }[EventName];
