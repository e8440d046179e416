/**
 * The share handler: an incident's range (or a range) written as a smaller workspace, its text optionally
 * redacted, by the `share` task in the worker pool (core/jobs/tasks/share.ts), so the process stays responsive.
 * A bare output name lands in the app's share folder, from which browser mode offers it for download.
 */
import { existsSync, mkdirSync, statSync } from 'node:fs';
import { basename, dirname, join, resolve } from 'node:path';
import type { Handlers } from '../api/contract';
import { ApiError } from '../api/errors';
import { SHARE_MARGIN_MINUTES, type ShareResult } from '../api/share';
import { removePartials } from '../store/extract';
import { loadIncident } from '../store/incidents';
import type { WorkspaceStore } from '../store/workspace';
import { INTERACTIVE, type ServiceContext } from './context';
import { WORKSPACE_EXT } from './workspace';

type ShareHandlers = Pick<Handlers, 'share/export'>;

/** The folder of the app's data folder where shared workspaces named without a folder are written. */
export function shareDir(dataDir: string): string {
  return join(dataDir, 'shares');
}

/** A file-name-safe slug of a text ("INC-20260306-1517-inventory" stays; spaces and slashes become dashes). */
function slug(s: string): string {
  return s.replace(/[^\w.-]+/g, '-').replace(/^-+|-+$/g, '').slice(0, 80) || 'share';
}

/** The time a name carries: 20260306-1517 (UTC). */
function stamp(ms: number): string {
  return new Date(ms).toISOString().slice(0, 16).replace(/[-:]/g, '').replace('T', '-');
}

/**
 * Where the copy goes: `out` with a folder as given, a bare `out` in the share folder, or (absent) a name from
 * the workspace and what is shared; `.hindsight` added when missing.
 */
export function shareTarget(dataDir: string, store: WorkspaceStore, what: string, out?: string): string {
  const name = out ?? `${basename(store.file, WORKSPACE_EXT)}-${what}`;
  const file = name.endsWith(WORKSPACE_EXT) ? name : `${name}${WORKSPACE_EXT}`;
  return /[\\/]/.test(file) ? resolve(file) : join(shareDir(dataDir), slug(file.slice(0, -WORKSPACE_EXT.length)) + WORKSPACE_EXT);
}

export function shareHandlers(ctx: ServiceContext): ShareHandlers {
  return {
    'share/export': async ({ incident, from, to, marginMinutes, redact, out }, call): Promise<ShareResult> => {
      const store = ctx.store();
      let range: { from: number; to: number };
      let what: string;
      if (incident !== undefined) {
        const row = loadIncident(store, incident);
        if (!row) throw new ApiError('not-found', `no incident "${incident}" in this workspace`);
        range = { from: row.start, to: row.end };
        what = incident;
      } else {
        range = { from: from as number, to: to as number };
        what = `${stamp(range.from)}-${stamp(range.to)}`;
      }
      const margin = (marginMinutes ?? SHARE_MARGIN_MINUTES) * 60_000;
      range = { from: range.from - margin, to: range.to + margin };
      const target = shareTarget(ctx.dataDir, store, redact ? `${what}-redacted` : what, out);
      mkdirSync(dirname(target), { recursive: true, mode: 0o700 });
      if (existsSync(target)) throw new ApiError('bad-params', `${target}: exists already; name a new file (nothing was overwritten)`, 'out');
      const started = performance.now();
      let copy;
      try {
        copy = await ctx.pool.run('share', { workspace: store.file, out: target, ...range, redact: !!redact }, { signal: call?.signal, ...INTERACTIVE });
      } catch (err) {
        removePartials(target); // a worker stopped mid-write leaves its temporary file
        throw err;
      }
      return {
        path: target,
        name: basename(target),
        downloadable: dirname(target) === shareDir(ctx.dataDir),
        bytes: statSync(target).size,
        range,
        ...copy,
        ms: Math.round(performance.now() - started),
      };
    },
  };
}
