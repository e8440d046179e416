/**
 * Public shapes of the demo dump generator: its options, the manifest it returns, and the planted
 * incidents written to `ground-truth.json`.
 */

export interface DemoOptions {
  /** Integer in [0, 2^32); default 1. Same seed, same bytes. */
  seed?: number;
  /** Whole days of data ending at `endMs`, 2..90; default 14. */
  days?: number;
  /** UTC epoch ms, a whole minute; default 2026-03-16T00:00:00Z (a Monday). */
  endMs?: number;
  /** Target number of log events over all services (stack traces add physical lines); default 240,000. */
  logLines?: number;
}

export type IncidentKind = 'bad-deploy' | 'memory-leak' | 'upstream-saturation';

/** A series the incident visibly moves: metric name + service label. */
export interface AffectedSeries {
  name: string;
  service: string;
}

export interface GroundTruthIncident {
  id: string;
  kind: IncidentKind;
  /** When the cause happened (deploy time, leak-introducing deploy, start of saturation), UTC ms. */
  onsetMs: number;
  /** When every effect is gone, UTC ms. */
  endMs: number;
  onset: string;
  end: string;
  rootService: string;
  cause: string;
  /** Root first, then the others in the order their effects start. */
  affectedServices: string[];
  affectedSeries: AffectedSeries[];
  /** The deploy that caused it (bad deploy, memory leak). */
  deploy?: { version: string; timeMs: number };
  /** Drain-style pattern (`<*>` for each variable) of a log message never seen before onset. */
  newLogPattern?: string;
  /** Extra: when each affected service's effect starts (cascade order), UTC ms. */
  serviceOnsetMs?: Record<string, number>;
  /** Extra, memory leak only: when the process was OOM-killed and restarted, UTC ms. */
  restartMs?: number;
  /** Extra: the deploy that ended it (rollback or hotfix). */
  resolvedBy?: { version: string; timeMs: number };
}

export interface DemoManifest {
  /** Absolute output folder. */
  dir: string;
  seed: number;
  /** Every file written, path relative to `dir` with '/' separators, sorted by path. */
  files: { path: string; bytes: number; sha256: string }[];
  startMs: number;
  endMs: number;
  services: string[];
  incidents: GroundTruthIncident[];
}
