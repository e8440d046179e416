/**
 * Every task a worker can run, by name. A task is an async function (input, ctx) with progress
 * through ctx.progress and cancel through ctx.signal; it must name its input in any error.
 */
import { existsSync, renameSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import type { ImportResult } from '../api/contract';
import { generateDemo } from '../demo/generate';
import { importPaths } from '../ingest/import';
import { WorkspaceStore } from '../store/workspace';
import { throwIfCancelled, type Task, type TaskContext } from './protocol';

/**
 * A self-check of the pool itself (used by `hindsight doctor` and the tests): counts to `n`,
 * reporting progress, and fails with a message naming its input when asked to.
 */
const selfCheck: Task<{ n: number; stepMs?: number; failAt?: number; label?: string }, { counted: number }> = async (
  input,
  ctx: TaskContext,
) => {
  for (let i = 1; i <= input.n; i++) {
    throwIfCancelled(ctx.signal);
    if (input.failAt === i) throw new Error(`${input.label ?? 'self-check'}: failed at item ${i} of ${input.n}`);
    if (input.stepMs) await new Promise((r) => setTimeout(r, input.stepMs));
    ctx.progress({ done: i, total: input.n, unit: 'items', message: `item ${i}` });
  }
  return { counted: input.n };
};

interface ImportInput {
  workspace: string;
  paths: string[];
  zone?: string;
  skipBadLines?: boolean;
}

/** Imports files, folders and archives into a workspace (this worker owns the writes). */
const importTask: Task<ImportInput, ImportResult> = async (input, ctx) => {
  const store = WorkspaceStore.open(input.workspace);
  try {
    return await importPaths(store, input.paths, {
      zone: input.zone,
      skipBadLines: input.skipBadLines,
      signal: ctx.signal,
      onProgress: (p) => ctx.progress({ ...p, unit: 'bytes' }),
    });
  } finally {
    store.close();
  }
};

/** Writes the demo export folder (once) and imports it through the same importers as any dump. */
const demoTask: Task<{ demoDir: string; workspace: string }, ImportResult> = async (input, ctx) => {
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

export const tasks = {
  'self-check': selfCheck,
  import: importTask,
  demo: demoTask,
} satisfies Record<string, Task<never, unknown>>;

export type TaskName = keyof typeof tasks;
