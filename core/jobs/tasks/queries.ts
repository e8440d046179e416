/**
 * Query and index advice over query files (core/analysis/queries): read each file (a folder: its files,
 * recursively), fingerprint, rank and suggest indexes, in the worker pool so a large log never blocks the
 * main process. A file that cannot be read is reported (`file:line: what was expected`), the rest still count.
 */
import { readdirSync, statSync } from 'node:fs';
import { basename, join, relative } from 'node:path';
import { adviseQueries } from '../../analysis/queries/advise';
import type { QueryAdvice } from '../../analysis/queries/types';
import { throwIfCancelled } from '../../base/cancel';
import { readQueryFile } from '../../ingest/formats/queries/read-file';
import type { QueryFile } from '../../ingest/formats/queries';
import type { Task } from '../protocol';

export interface QueriesInput {
  paths: string[];
}

export interface QueriesResult {
  advice: QueryAdvice;
  errors: string[];
  /** File names, as shown (relative to a folder that was given). */
  names: string[];
}

/** The files under `path` (itself when a file), each with the name it is shown by. */
function filesOf(path: string): { path: string; name: string }[] {
  if (!statSync(path, { throwIfNoEntry: false })?.isDirectory()) return [{ path, name: basename(path) }];
  const out: { path: string; name: string }[] = [];
  const walk = (dir: string): void => {
    for (const e of readdirSync(dir, { withFileTypes: true }).sort((a, b) => a.name.localeCompare(b.name))) {
      const p = join(dir, e.name);
      if (e.isDirectory()) walk(p);
      else if (e.isFile() && !e.name.endsWith('.partial')) out.push({ path: p, name: relative(path, p) });
    }
  };
  walk(path);
  return out;
}

export const queriesTask: Task<QueriesInput, QueriesResult> = async (input, ctx) => {
  const files = input.paths.flatMap(filesOf);
  const read: QueryFile[] = [];
  const errors: string[] = [];
  for (let k = 0; k < files.length; k++) {
    throwIfCancelled(ctx.signal);
    ctx.progress({ done: k, total: files.length + 1, unit: 'items', message: `reading ${files[k].name}` });
    try {
      read.push(readQueryFile(files[k].path, files[k].name));
    } catch (err) {
      errors.push(err instanceof Error ? err.message : String(err));
    }
  }
  ctx.progress({ done: files.length, total: files.length + 1, unit: 'items', message: 'fingerprinting and suggesting indexes' });
  return { advice: await adviseQueries(read), errors, names: read.map((f) => f.file) };
};
