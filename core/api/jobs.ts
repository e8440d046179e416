/** Long work as jobs: starting an import, listing jobs, cancelling one. */
import { z } from 'zod';
import { method, none, path } from './define';

export interface JobInfo {
  jobId: string;
  kind: string;
  title: string;
  state: 'running' | 'done' | 'failed' | 'cancelled';
  done: number;
  total: number;
  /** What `done` and `total` count. */
  unit: 'bytes' | 'items';
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

export const importParams = z.strictObject({
  paths: z.array(path).min(1, 'at least one file or folder to import'),
  /** IANA zone for times that carry none (default UTC). */
  zone: z.string().min(1).optional(),
  skipBadLines: z.boolean().optional(),
  /** Keep rows whose times are implausible (outside 2000 .. now + 1 year, or far from the rest) instead of leaving them out. */
  keepImplausibleTimes: z.boolean().optional(),
  /** The service of whatever names no service itself (no field, label or pod name says whose it is). */
  service: z.string().trim().min(1).max(128).optional(),
});

export const jobsContract = {
  'import/start': method(importParams).returns<{ jobId: string }>(),

  'job/cancel': method(z.strictObject({ jobId: z.string().min(1) })).returns<{ cancelled: boolean }>(),
  'job/list': method(none).returns<JobInfo[]>(),
} as const;
