/**
 * A Hindsight session: the open workspace, the job pool, and one handler per contract method.
 * Both shells (Electron IPC and HTTP) call `invoke`; nothing else reaches the store.
 */
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { basename, dirname, join, resolve } from 'node:path';
import {
  contract,
  type AppInfo,
  type EventInfo,
  type Handlers,
  type MethodName,
  type RecentWorkspace,
  type ServerEvents,
  type SeriesInfo,
  type WorkspaceInfo,
} from '../api/contract';
import { ApiError, paramsError } from '../api/errors';
import { JobPool, type MakeWorker } from '../jobs/pool';
import { StoreError } from '../store/errors';
import type { SeriesRow } from '../store/statements';
import { WorkspaceStore } from '../store/workspace';
import { JobManager } from './jobs';

export interface ServiceOptions {
  makeWorker: MakeWorker;
  /** Where recent workspaces and the demo live (e.g. ~/.hindsight or Electron's userData). */
  dataDir: string;
  shell: 'electron' | 'browser';
  version?: string;
  poolSize?: number;
}

type Listener = (event: string, data: unknown) => void;

export const WORKSPACE_EXT = '.hindsight';
const RECENT_MAX = 12;

export class Service {
  private store: WorkspaceStore | null = null;
  private readonly listeners = new Set<Listener>();
  private readonly pool: JobPool;
  private readonly jobs: JobManager;
  readonly handlers: Handlers;

  constructor(private readonly opts: ServiceOptions) {
    mkdirSync(opts.dataDir, { recursive: true });
    this.pool = new JobPool(opts.makeWorker, opts.poolSize);
    this.jobs = new JobManager(this.pool, (e, d) => this.emit(e, d));
    this.handlers = this.makeHandlers();
  }

  /** Subscribes to push events; returns its own unsubscribe. */
  listen(cb: Listener): () => void {
    this.listeners.add(cb);
    return () => this.listeners.delete(cb);
  }

  private emit<E extends keyof ServerEvents>(event: E, data: ServerEvents[E]): void {
    for (const l of this.listeners) l(event, data);
  }

  /** Validates params against the contract and runs the handler. Throws ApiError. */
  async invoke(method: string, params: unknown): Promise<unknown> {
    if (!Object.hasOwn(contract, method)) throw new ApiError('unknown-method', `unknown method "${method}"`);
    const name = method as MethodName;
    const parsed = contract[name].params.safeParse(params ?? {});
    if (!parsed.success) throw paramsError(name, parsed.error);
    try {
      return await (this.handlers[name] as (p: unknown) => Promise<unknown>)(parsed.data);
    } catch (err) {
      if (err instanceof ApiError) throw err;
      if (err instanceof StoreError) throw new ApiError(err.code === 'not-found' ? 'not-found' : 'failed', err.message);
      throw new ApiError('failed', err instanceof Error ? err.message : String(err));
    }
  }

  /** Opens a workspace file for this session (closing the previous one). */
  openWorkspace(path: string, create = false): WorkspaceInfo {
    const file = resolve(create && !path.endsWith(WORKSPACE_EXT) ? `${path}${WORKSPACE_EXT}` : path);
    if (create) mkdirSync(dirname(file), { recursive: true });
    const next = WorkspaceStore.open(file, { create });
    this.store?.close();
    this.store = next;
    this.remember(file);
    return this.info();
  }

  async close(): Promise<void> {
    await this.pool.close();
    this.store?.close();
    this.store = null;
  }

  get demoDir(): string {
    return join(this.opts.dataDir, 'demo');
  }

  get demoWorkspace(): string {
    return join(this.opts.dataDir, `demo${WORKSPACE_EXT}`);
  }

  private requireStore(): WorkspaceStore {
    if (!this.store) throw new ApiError('no-workspace', 'no workspace is open: create or open one first');
    return this.store;
  }

  private info(): WorkspaceInfo {
    const s = this.requireStore();
    return {
      path: s.file,
      name: basename(s.file, WORKSPACE_EXT),
      dataVersion: s.dataVersion,
      counts: s.counts(),
      timeRange: s.timeRange(),
    };
  }

  private recentFile(): string {
    return join(this.opts.dataDir, 'recent.json');
  }

  private recent(): RecentWorkspace[] {
    try {
      const list = JSON.parse(readFileSync(this.recentFile(), 'utf8')) as RecentWorkspace[];
      return Array.isArray(list) ? list.filter((r) => existsSync(r.path)) : [];
    } catch {
      return [];
    }
  }

  private remember(file: string): void {
    const list = [
      { path: file, name: basename(file, WORKSPACE_EXT), openedAt: Date.now() },
      ...this.recent().filter((r) => r.path !== file),
    ].slice(0, RECENT_MAX);
    writeFileSync(this.recentFile(), JSON.stringify(list, null, 2));
  }

  private afterImport = (): void => {
    if (this.store) this.emit('workspace/changed', { dataVersion: this.store.dataVersion });
  };

  private makeHandlers(): Handlers {
    return {
      'app/info': async (): Promise<AppInfo> => ({
        version: this.opts.version ?? '0.0.0',
        shell: this.opts.shell,
        workspace: this.store ? this.info() : null,
        localZone: Intl.DateTimeFormat().resolvedOptions().timeZone,
      }),

      'workspace/recent': async () => this.recent(),
      'workspace/open': async ({ path }) => this.openWorkspace(path),
      'workspace/create': async ({ path }) => this.openWorkspace(path, true),

      'workspace/openDemo': async () => {
        const ws = this.openWorkspace(this.demoWorkspace, true);
        if (ws.counts.sources > 0) return { jobId: null, workspace: ws };
        const running = this.jobs.list().find((j) => j.kind === 'demo' && j.state === 'running');
        if (running) return { jobId: running.jobId, workspace: ws };
        const jobId = this.jobs.start(
          'demo',
          'Preparing the demo workspace',
          'demo',
          { demoDir: this.demoDir, workspace: ws.path },
          this.afterImport,
        );
        return { jobId, workspace: ws };
      },

      'workspace/summary': async () => {
        const s = this.requireStore();
        return {
          ...this.info(),
          sources: s.sources().map((r) => ({
            path: r.path,
            format: r.format,
            kind: r.kind,
            bytes: r.bytes,
            zone: r.zone,
            accepted: r.rows_accepted,
            rejected: r.rows_rejected,
            notes: JSON.parse(r.notes) as string[],
          })),
          services: s.perService(),
        };
      },

      'import/start': async ({ paths, zone, skipBadLines }) => {
        const s = this.requireStore();
        const title = paths.length === 1 ? `Importing ${basename(paths[0])}` : `Importing ${paths.length} inputs`;
        const jobId = this.jobs.start(
          'import',
          title,
          'import',
          { workspace: s.file, paths: paths.map((p) => resolve(p)), zone, skipBadLines },
          this.afterImport,
        );
        return { jobId };
      },

      'job/cancel': async ({ jobId }) => ({ cancelled: this.jobs.cancel(jobId) }),
      'job/list': async () => this.jobs.list(),

      'series/list': async ({ query, limit }) => this.requireStore().listSeries(query, limit).map(toSeriesInfo),

      'series/range': async ({ ids, from, to, width }) => {
        const s = this.requireStore();
        const rows = ids.map((id) => {
          const row = s.series(id);
          if (!row) throw new ApiError('not-found', `series/range: no series with id ${id}`, 'ids');
          return row;
        });
        const lo = from ?? Math.min(...rows.map((r) => r.first_ts ?? Infinity));
        const hi = to ?? Math.max(...rows.map((r) => r.last_ts ?? -Infinity)) + 1;
        if (!Number.isFinite(lo) || !Number.isFinite(hi) || hi <= lo) {
          return { from: lo, to: hi, series: rows.map((r) => ({ id: r.id, t: [], min: [], max: [], avg: [], source: 'raw' as const })) };
        }
        return {
          from: lo,
          to: hi,
          series: rows.map((r) => {
            const b = s.readBuckets(r.id, lo, hi, width);
            return { id: r.id, t: [...b.t], min: [...b.min], max: [...b.max], avg: [...b.avg], source: b.source };
          }),
        };
      },

      'events/list': async ({ from, to, kinds, limit }): Promise<EventInfo[]> => {
        const rows = this.requireStore().events(from ?? -Infinity, to ?? Infinity, limit);
        return rows
          .filter((r) => !kinds || kinds.includes(r.kind))
          .map((r) => ({
            id: r.id,
            ts: r.ts,
            endTs: r.end_ts,
            kind: r.kind,
            service: r.service,
            title: r.title,
            severity: r.severity,
            attrs: JSON.parse(r.attrs) as Record<string, string>,
          }));
      },
    };
  }
}

function toSeriesInfo(r: SeriesRow): SeriesInfo {
  return {
    id: r.id,
    name: r.name,
    labels: JSON.parse(r.labels) as Record<string, string>,
    service: r.service,
    unit: r.unit,
    firstTs: r.first_ts,
    lastTs: r.last_ts,
    count: r.count,
  };
}
