/**
 * What every domain's handlers share: the open workspace, the job pool and jobs, the push-event
 * emitter and the band cache. `core/service/service.ts` builds one per session and gives it to each
 * `<domain>Handlers(ctx)`; a domain never reaches another domain's state except through this.
 */
import type { ServerEvents, WorkspaceInfo } from '../api/contract';
import type { JobPool } from '../jobs/pool';
import type { WorkspaceStore } from '../store/workspace';
import type { BandCache } from './band-cache';
import type { JobManager } from './job-manager';

/** Sends one push event to every listener of the session. */
export type Emit = <E extends keyof ServerEvents>(event: E, data: ServerEvents[E]) => void;

export interface ServiceContext {
  /** The open workspace; throws ApiError 'no-workspace' when none is open. */
  store(): WorkspaceStore;
  /** The open workspace, or null. */
  currentStore(): WorkspaceStore | null;
  /** Opens (or creates) a workspace file for this session, closing the previous one. */
  openWorkspace(path: string, create?: boolean): WorkspaceInfo;
  pool: JobPool;
  jobs: JobManager;
  emit: Emit;
  /** Learnt bands per series, for the current data and feedback. */
  bands: BandCache;
  /** Where recent workspaces and the demo live (e.g. ~/.hindsight or Electron's userData). */
  dataDir: string;
  shell: 'electron' | 'browser';
  version: string;
}
