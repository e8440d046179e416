/**
 * A Hindsight session: the open workspace, the job pool, and the handlers of every domain
 * (`core/service/<domain>.ts`, each given the one shared context). Both shells (Electron IPC and
 * HTTP) call `invoke`; nothing else reaches the store.
 */
import { dirname, resolve } from 'node:path';
import { existsSync, mkdirSync } from 'node:fs';
import { contract, type CallOptions, type Handlers, type MethodName, type WorkspaceInfo } from '../api/contract';
import { ApiError, cancelledError, paramsError } from '../api/errors';
import { JobPool, type MakeWorker } from '../jobs/pool';
import { CancelledError } from '../jobs/protocol';
import { StoreError } from '../store/errors';
import { WorkspaceStore } from '../store/workspace';
import { annotationHandlers } from './annotations';
import { adviceHandlers } from './advice';
import { anomalyHandlers } from './anomalies';
import { BandCache } from './band-cache';
import { compareHandlers } from './compare';
import { capacityHandlers } from './capacity';
import type { ServiceContext } from './context';
import { eventHandlers } from './events';
import { incidentHandlers } from './incidents';
import { JobManager } from './job-manager';
import { jobHandlers } from './jobs';
import { logHandlers } from './logs';
import { postmortemHandlers } from './postmortem';
import { queriesHandlers } from './queries';
import { profileHandlers } from './profiles';
import { rememberWorkspace } from './recents';
import { regressionSession } from './regressions';
import { seriesHandlers } from './series';
import { shareHandlers } from './share';
import { WORKSPACE_EXT, workspaceHandlers, workspaceInfo } from './workspace';

export { WORKSPACE_EXT } from './workspace';

export interface ServiceOptions {
  makeWorker: MakeWorker;
  /** Where recent workspaces and the demo live (e.g. ~/.hindsight or Electron's userData). */
  dataDir: string;
  shell: 'electron' | 'browser';
  version?: string;
  poolSize?: number;
}

type Listener = (event: string, data: unknown) => void;

export class Service {
  private store: WorkspaceStore | null = null;
  private readonly listeners = new Set<Listener>();
  private readonly pool: JobPool;
  private readonly dataDir: string;
  readonly handlers: Handlers;

  constructor(opts: ServiceOptions) {
    mkdirSync(opts.dataDir, { recursive: true, mode: 0o700 }); // private to this user (issue 10)
    this.dataDir = opts.dataDir;
    this.pool = new JobPool(opts.makeWorker, opts.poolSize);
    const emit: ServiceContext['emit'] = (event, data) => {
      for (const l of this.listeners) l(event, data);
    };
    const ctx: ServiceContext = {
      store: () => {
        if (!this.store) throw new ApiError('no-workspace', 'no workspace is open: create or open one first');
        return this.store;
      },
      currentStore: () => this.store,
      openWorkspace: (path, create) => this.openWorkspace(path, create),
      pool: this.pool,
      jobs: new JobManager(this.pool, emit),
      emit,
      bands: new BandCache(),
      dataDir: opts.dataDir,
      shell: opts.shell,
      version: opts.version ?? '0.0.0',
    };
    const regressions = regressionSession(ctx);
    this.handlers = {
      ...workspaceHandlers(ctx),
      ...jobHandlers(ctx),
      ...seriesHandlers(ctx),
      ...eventHandlers(ctx),
      ...anomalyHandlers(ctx),
      ...logHandlers(ctx),
      ...compareHandlers(ctx),
      ...incidentHandlers(ctx),
      ...capacityHandlers(ctx),
      ...annotationHandlers(ctx),
      ...shareHandlers(ctx),
      ...postmortemHandlers(ctx),
      ...adviceHandlers(ctx, { regressions: regressions.judged }),
      ...regressions.handlers,
      ...queriesHandlers(ctx),
      ...profileHandlers(ctx),
    };
  }

  /** Subscribes to push events; returns its own unsubscribe. */
  listen(cb: Listener): () => void {
    this.listeners.add(cb);
    return () => this.listeners.delete(cb);
  }

  /**
   * Validates params against the contract and runs the handler. Throws ApiError ('cancelled' when
   * `call.signal` aborts: the work in the pool is stopped and its worker freed).
   */
  async invoke(method: string, params: unknown, call: CallOptions = {}): Promise<unknown> {
    if (!Object.hasOwn(contract, method)) throw new ApiError('unknown-method', `unknown method "${method}"`);
    const name = method as MethodName;
    const parsed = contract[name].params.safeParse(params ?? {});
    if (!parsed.success) throw paramsError(name, parsed.error);
    if (call.signal?.aborted) throw cancelledError(name);
    try {
      return await (this.handlers[name] as (p: unknown, c: CallOptions) => Promise<unknown>)(parsed.data, call);
    } catch (err) {
      if (err instanceof ApiError) throw err;
      if (err instanceof CancelledError || call.signal?.aborted) throw cancelledError(name);
      if (err instanceof StoreError) throw new ApiError(err.code === 'not-found' ? 'not-found' : 'failed', err.message);
      throw Object.assign(new ApiError('failed', err instanceof Error ? err.message : String(err)), { cause: err }); // shells decide what to show
    }
  }

  /** Opens a workspace file for this session (closing the previous one) and puts it first in the recent list. */
  openWorkspace(path: string, create = false): WorkspaceInfo {
    // An existing file is opened as named (a file of another application is then refused, never written beside).
    const file = resolve(create && !path.endsWith(WORKSPACE_EXT) && !existsSync(path) ? `${path}${WORKSPACE_EXT}` : path);
    if (create) mkdirSync(dirname(file), { recursive: true });
    const next = WorkspaceStore.open(file, { create });
    this.store?.close();
    this.store = next;
    const info = workspaceInfo(next);
    rememberWorkspace(this.dataDir, info);
    return info;
  }

  async close(): Promise<void> {
    await this.pool.close();
    this.store?.close();
    this.store = null;
  }
}
