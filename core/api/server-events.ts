/** The push events from the backend to the UI: one map of names to payloads, and the list of names. */

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

/** Every event name, for transports that subscribe by name (server-sent events). Checked to be complete. */
export const SERVER_EVENTS = Object.keys({
  'job/progress': true,
  'job/done': true,
  'job/failed': true,
  'workspace/changed': true,
} satisfies Record<EventName, true>) as EventName[];
