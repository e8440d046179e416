/** Import and demo tasks: the worker that runs them owns the workspace's writes. */
import { existsSync, renameSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import type { ImportResult } from '../../api/contract';
import { generateDemo } from '../../demo/generate';
import { importPaths } from '../../ingest/import';
import { WorkspaceStore } from '../../store/workspace';
import { nodeWorkerFactory } from '../node-worker';
import { throwIfCancelled, type Task } from '../protocol';

export interface ImportInput {
  workspace: string;
  paths: string[];
  zone?: string;
  skipBadLines?: boolean;
  keepImplausibleTimes?: boolean;
  /** The service of whatever names none itself (`--service`). */
  service?: string;
}

/**
 * A second thread that parses and mines templates while this one writes (about 1.3× on logs), where
 * this build can start one: under plain Node (CLI, browser mode, tests), compiled or through tsx.
 * Elsewhere (a bundled desktop build) the import runs in this thread alone.
 */
const ingestWorker = nodeWorkerFactory(new URL('../../ingest/ingest-worker.ts', import.meta.url), 'ingest-worker');

/** Imports files, folders and archives into a workspace (this worker owns the writes). */
export const importTask: Task<ImportInput, ImportResult> = async (input, ctx) => {
  const store = WorkspaceStore.open(input.workspace);
  try {
    return await importPaths(store, input.paths, {
      worker: ingestWorker,
      zone: input.zone,
      skipBadLines: input.skipBadLines,
      keepImplausibleTimes: input.keepImplausibleTimes,
      service: input.service,
      signal: ctx.signal,
      onProgress: (p) => ctx.progress({ ...p, unit: 'bytes' }),
    });
  } finally {
    store.close();
  }
};

/** Writes the demo export folder (once) and imports it through the same importers as any dump. */
export const demoTask: Task<{ demoDir: string; workspace: string }, ImportResult> = async (input, ctx) => {
  if (!existsSync(join(input.demoDir, 'ground-truth.json'))) {
    // Generate beside it and rename, so an interrupted run never leaves a half-written dump.
    ctx.progress({ done: 0, total: 1, unit: 'items', message: 'generating the demo dump' });
    const tmp = `${input.demoDir}.partial-${process.pid}`;
    rmSync(tmp, { recursive: true, force: true });
    await generateDemo(tmp);
    rmSync(input.demoDir, { recursive: true, force: true });
    renameSync(tmp, input.demoDir);
  }
  throwIfCancelled(ctx.signal);
  return importTask({ workspace: input.workspace, paths: [input.demoDir] }, ctx);
};

