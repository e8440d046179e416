/**
 * Two writers on one workspace: the second waits for the first (saying so), instead of failing after
 * SQLite's 5 s busy timeout with "database is locked". The other writer holds the lock for 6 s, longer
 * than that timeout. A cancel or a give-up while waiting writes nothing and names the file.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { importPaths } from '../../../core/ingest/import';
import type { ProgressUpdate } from '../../../core/jobs/protocol';
import { tasks } from '../../../core/jobs/tasks/index';
import { StoreError } from '../../../core/store/errors';
import { WorkspaceStore } from '../../../core/store/workspace';

const ROOT = resolve(__dirname, '../../..');
/** Longer than the 5 s busy timeout a second writer used to give up after. */
const HOLD_MS = 6000;

let dir: string;
let ws: string;
let store: WorkspaceStore;
let holder: ChildProcess | null = null;

beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'hindsight-lock-'));
  ws = join(dir, 'ws.hindsight');
  store = WorkspaceStore.open(ws, { create: true });
});
afterEach(() => {
  holder?.kill('SIGKILL');
  holder = null;
  store.close();
  rmSync(dir, { recursive: true, force: true });
});

/**
 * Another process that takes the write lock, writes a row, and commits after `ms` (so this thread may block
 * on the lock, as a worker's synchronous analysis does). Resolves once it holds the lock.
 */
function holdInAnotherProcess(ms: number): Promise<void> {
  const script = `
    const Database = require(${JSON.stringify(join(ROOT, 'node_modules/better-sqlite3'))});
    const db = new Database(${JSON.stringify(ws)});
    db.exec('BEGIN IMMEDIATE');
    db.exec("INSERT OR REPLACE INTO meta(key, value) VALUES ('other writer', 'was here')");
    process.stdout.write('locked\\n');
    setTimeout(() => { db.exec('COMMIT'); db.close(); }, ${ms});`;
  const child = spawn(process.execPath, ['-e', script], { stdio: ['ignore', 'pipe', 'inherit'] });
  holder = child;
  return new Promise((resolve, reject) => {
    child.stdout?.on('data', (d: Buffer) => {
      if (d.toString().includes('locked')) resolve();
    });
    child.once('exit', (code) => reject(new Error(`the lock holder exited early (code ${code})`)));
  });
}

/** Another connection in this process holding the write lock; `release` commits (or rolls back) it. */
function holdHere(): { release(commit?: boolean): void } {
  const db = new Database(ws);
  db.exec('BEGIN IMMEDIATE');
  return {
    release(commit = true) {
      db.exec(commit ? 'COMMIT' : 'ROLLBACK');
      db.close();
    },
  };
}

const metrics = (): string => {
  const file = join(dir, 'cpu.csv');
  writeFileSync(file, `timestamp,cpu\n${Array.from({ length: 50 }, (_, i) => `${1_700_000_000 + i * 60},${i % 7}`).join('\n')}\n`);
  return file;
};

const waitingFor = (file: string): RegExp => new RegExp(`^waiting for another import or analysis to finish writing to ${file.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&')}`);

describe('an import while another writer holds the workspace', () => {
  it('waits, reporting it as progress, and then imports', async () => {
    const other = holdHere();
    const timer = setTimeout(() => other.release(), HOLD_MS);
    const messages: string[] = [];
    const started = performance.now();
    const result = await importPaths(store, [metrics()], { onProgress: (p) => messages.push(p.message) });
    clearTimeout(timer);
    expect(performance.now() - started).toBeGreaterThanOrEqual(HOLD_MS - 50);
    expect(messages.some((m) => waitingFor(ws).test(m))).toBe(true);
    expect(result.files.map((f) => f.status)).toEqual(['imported']);
    expect(store.counts().samples).toBe(50);
  }, 30_000);

  it('stops when cancelled while waiting and leaves the workspace unchanged', async () => {
    const before = { counts: store.counts(), version: store.dataVersion };
    const other = holdHere();
    const controller = new AbortController();
    const outcome = importPaths(store, [metrics()], {
      signal: controller.signal,
      onProgress: (p) => {
        if (waitingFor(ws).test(p.message)) controller.abort();
      },
    }).catch((err: unknown) => err);
    const err = (await outcome) as StoreError;
    other.release(false);
    expect(err).toBeInstanceOf(StoreError);
    expect(err.code).toBe('cancelled');
    expect(err.message).toMatch(new RegExp(`^${ws}: cancelled while waiting`));
    expect(store.counts()).toEqual(before.counts);
    expect(store.dataVersion).toBe(before.version);
    expect(store.sources()).toEqual([]);
  }, 30_000);
});

describe('a synchronous write (an analysis in its worker) while another process writes', () => {
  it('waits in the store for the lock, telling the caller, and then lands', async () => {
    store.close();
    const messages: string[] = [];
    store = WorkspaceStore.open(ws, { wait: { onWait: (m) => messages.push(m) } });
    await holdInAnotherProcess(HOLD_MS);
    const started = performance.now();
    store.transaction(() => store.replaceDerivedKind('outlier', [{ ts: 1, kind: 'outlier', title: 'api unlike its peers' }]));
    // A write outside any transaction (the analysed version) waits the same way.
    store.setMeta('analysed_version', '1');
    expect(performance.now() - started).toBeGreaterThan(HOLD_MS - 1000);
    expect(messages.length).toBeGreaterThan(0);
    expect(messages[0]).toMatch(waitingFor(ws));
    expect(store.events(0, 2).map((e) => e.title)).toEqual(['api unlike its peers']);
    expect(store.getMeta('other writer')).toBe('was here');
    expect(store.getMeta('analysed_version')).toBe('1');
  }, 30_000);

  it('gives up after its limit with a sentence naming the file, having written nothing', async () => {
    store.close();
    store = WorkspaceStore.open(ws, { wait: { limitMs: 1000 } });
    await holdInAnotherProcess(HOLD_MS);
    let ran = false;
    let err: unknown;
    try {
      store.transaction(() => {
        ran = true;
        store.setMeta('late', 'write');
      });
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(StoreError);
    expect((err as StoreError).code).toBe('locked');
    expect((err as StoreError).message).toMatch(new RegExp(`^${ws}: another import or analysis kept the workspace locked for 1 s; nothing was written`));
    expect(ran).toBe(false);
    expect(store.db.inTransaction).toBe(false);
    expect(store.getMeta('late')).toBeUndefined();
  }, 30_000);
});

describe('an analysis job while another process writes', () => {
  it('waits for the lock, reporting it as progress, and then stores its results (it used to fail after 5 s)', async () => {
    await importPaths(store, [metrics()]);
    store.close();
    await holdInAnotherProcess(HOLD_MS);
    const progress: ProgressUpdate[] = [];
    const result = await tasks.analysis({ workspace: ws }, { signal: new AbortController().signal, progress: (p) => progress.push(p) });
    expect(result.series).toBe(1);
    expect(progress.some((p) => waitingFor(ws).test(p.message))).toBe(true);
    store = WorkspaceStore.open(ws);
    expect(store.getMeta('analysed_version')).toBe(String(store.dataVersion));
    expect(store.getMeta('other writer')).toBe('was here');
  }, 60_000);
});
