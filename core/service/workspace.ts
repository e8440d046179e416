/** The app and workspace handlers: app info, recent workspaces, create/open (by path or bare name), the demo, a summary. */
import { existsSync } from 'node:fs';
import { basename, join, resolve } from 'node:path';
import { ApiError } from '../api/errors';
import type { Handlers, WorkspaceInfo } from '../api/contract';
import type { WorkspaceStore } from '../store/workspace';
import { afterImport } from './analysis-job';
import type { ServiceContext } from './context';
import { recentWorkspaces } from './recents';

export const WORKSPACE_EXT = '.hindsight';

type WorkspaceHandlers = Pick<
  Handlers,
  'app/info' | 'workspace/recent' | 'workspace/open' | 'workspace/create' | 'workspace/saveAs' | 'workspace/openDemo' | 'workspace/summary'
>;

/** What the UI shows about an open workspace: its file, name, data version, counts and time range. */
export function workspaceInfo(s: WorkspaceStore): WorkspaceInfo {
  return {
    path: s.file,
    name: basename(s.file, WORKSPACE_EXT),
    dataVersion: s.dataVersion,
    counts: s.counts(),
    timeRange: s.timeRange(),
  };
}

/**
 * From the UI, a bare name ("checkout-outage") means a workspace in the data folder, so a person in
 * browser mode never has to know the server's paths. Paths with a folder are taken as they are.
 */
export function inDataDir(dataDir: string, path: string): string {
  if (/[\\/]/.test(path)) return path;
  const name = path.endsWith(WORKSPACE_EXT) ? path : `${path}${WORKSPACE_EXT}`;
  return join(dataDir, 'workspaces', name);
}

export function workspaceHandlers(ctx: ServiceContext): WorkspaceHandlers {
  const demoDir = join(ctx.dataDir, 'demo');
  const demoWorkspace = join(ctx.dataDir, `demo${WORKSPACE_EXT}`);
  return {
    'app/info': async () => {
      const s = ctx.currentStore();
      return {
        version: ctx.version,
        shell: ctx.shell,
        workspace: s ? workspaceInfo(s) : null,
        localZone: Intl.DateTimeFormat().resolvedOptions().timeZone,
      };
    },

    'workspace/recent': async () => recentWorkspaces(ctx.dataDir),
    'workspace/open': async ({ path }) => ctx.openWorkspace(inDataDir(ctx.dataDir, path)),
    'workspace/create': async ({ path }) => ctx.openWorkspace(inDataDir(ctx.dataDir, path), true),
    // SQLite's online backup: a consistent copy while imports may still write; never over an existing file.
    'workspace/saveAs': async ({ path }) => {
      const store = ctx.store();
      const target = resolve(inDataDir(ctx.dataDir, path.endsWith(WORKSPACE_EXT) ? path : `${path}${WORKSPACE_EXT}`));
      if (existsSync(target)) throw new ApiError('bad-params', `${target} exists already: choose a new file name`, 'path');
      await store.db.backup(target);
      return { path: target };
    },

    'workspace/openDemo': async () => {
      const ws = ctx.openWorkspace(demoWorkspace, true);
      if (ws.counts.sources > 0) return { jobId: null, workspace: ws };
      const running = ctx.jobs.list().find((j) => j.kind === 'demo' && j.state === 'running');
      if (running) return { jobId: running.jobId, workspace: ws };
      const jobId = ctx.jobs.start('demo', 'Preparing the demo workspace', { demoDir, workspace: ws.path }, () =>
        afterImport(ctx),
      );
      return { jobId, workspace: ws };
    },

    'workspace/summary': async () => {
      const s = ctx.store();
      return {
        ...workspaceInfo(s),
        sources: s.sources().map((r) => ({
          path: r.path,
          format: r.format,
          kind: r.kind,
          bytes: r.bytes,
          zone: r.zone,
          accepted: r.rows_accepted,
          rejected: r.rows_rejected,
          notes: JSON.parse(r.notes) as string[],
          service: r.service,
          serviceOrigin: r.service_origin,
        })),
        services: s.perService(),
        eventsByKind: s.eventsPerKind().production,
        nonprodEventsByKind: s.eventsPerKind().nonprod,
        logSpan: s.logSpan(),
      };
    },
  };
}
