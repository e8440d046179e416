/**
 * Logs through the importer: every stored line points at a template of the workspace, the counts agree
 * with the rows, ids that generalised while mining are renamed on the rows, and the full-text index
 * finds the lines.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { Worker } from 'node:worker_threads';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { importPaths } from '../../../core/ingest/import';
import { WorkspaceStore } from '../../../core/store/workspace';

let dir: string;
let store: WorkspaceStore;

beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'hindsight-import-logs-'));
  store = WorkspaceStore.open(join(dir, 'ws.hindsight'), { create: true });
});
afterEach(() => {
  store.close();
  rmSync(dir, { recursive: true, force: true });
});

const ROOT = resolve(__dirname, '../../..');
const T0 = Date.UTC(2024, 2, 1);
const USERS = ['alice', 'bob', 'carol', 'dave', 'erin', 'frank', 'grace', 'heidi', 'ivan', 'judy'];
const stamp = (i: number): string => new Date(T0 + i * 1000).toISOString();

/** A text log: `n` lines cycling through `messages(i)`. */
function textLog(name: string, n: number, message: (i: number) => string): string {
  const lines = Array.from({ length: n }, (_, i) => `${stamp(i)} INFO ${message(i)}`);
  const p = join(dir, name);
  writeFileSync(p, lines.join('\n') + '\n');
  return p;
}

function rowsPerTemplate(): Map<string, number> {
  const rows = store.db.prepare('SELECT template_id AS id, COUNT(*) AS n FROM logs GROUP BY template_id').all() as { id: string; n: number }[];
  return new Map(rows.map((r) => [r.id, r.n]));
}

describe('log lines imported with their templates', () => {
  it('renames ids that generalised late, so rows and template counts agree', async () => {
    // 'User alice …' alone for 300 lines, then other users: the template generalises at line 300.
    const p = textLog('app.log', 900, (i) =>
      i % 3 === 2 ? `Cache miss for key k${i}` : `User ${i < 300 ? 'alice' : USERS[i % USERS.length]} logged in`,
    );
    const r = await importPaths(store, [p]);
    expect(r.files[0]).toMatchObject({ status: 'imported', logs: 900 });
    const templates = store.templates();
    const byPattern = new Map(templates.map((t) => [t.pattern, t]));
    expect(byPattern.get('User <*> logged in')?.count).toBe(600);
    expect(byPattern.get('Cache miss for key <*>')?.count).toBe(300);
    const rows = rowsPerTemplate();
    expect(rows.size).toBe(templates.length);
    for (const t of templates) expect(rows.get(t.id)).toBe(t.count);
  });

  it('keeps the rows of an earlier source untouched when a later one renames the same provisional id', async () => {
    const a = textLog('a.log', 200, () => 'User alice logged in');
    await importPaths(store, [a]);
    const [before] = store.templates();
    expect(before.pattern).toBe('User alice logged in');
    const b = textLog('b.log', 400, (i) => `User ${i < 200 ? 'alice' : USERS[i % USERS.length]} logged in`);
    await importPaths(store, [b]);
    const rows = rowsPerTemplate();
    expect(rows.get(before.id)).toBe(200);
    expect(store.template(before.id)?.count).toBe(200);
    const general = store.templates().find((t) => t.pattern === 'User <*> logged in');
    expect(general?.count).toBe(400);
    expect(rows.get(general?.id ?? '')).toBe(400);
  });

  it('indexes every line for full-text search in the same transaction', async () => {
    const p = textLog('svc.log', 500, (i) => (i === 123 ? 'payment gateway timeout after 3000 ms' : `request ${i} served`));
    await importPaths(store, [p]);
    const hits = store.searchLogs({ query: 'timeout' }, 0, 10, 100);
    expect(hits.total).toBe(1);
    expect(hits.rows[0].raw).toContain('payment gateway timeout');
    expect(store.searchLogs({ query: 'served' }, 0, 10, 1000).total).toBe(499);
  });

  it('gives the same templates and rows when the file is read and mined in a worker thread', async () => {
    const p = textLog('mixed.log', 3000, (i) =>
      i % 4 === 0
        ? `Cache miss for key k${i} in region ${['eu', 'us', 'ap'][i % 3]}`
        : i % 4 === 1
          ? `User ${i < 1500 ? 'alice' : USERS[i % USERS.length]} logged in`
          : `Request ${i} served in ${i % 97} ms`,
    );
    await importPaths(store, [p]);
    const local = { templates: store.templates(), rows: store.db.prepare('SELECT template_id FROM logs ORDER BY id').all() };
    store.close();
    store = WorkspaceStore.open(join(dir, 'ws2.hindsight'), { create: true });
    const entry = new URL('../../../core/ingest/ingest-worker.ts', import.meta.url).href;
    let started = 0;
    const r = await importPaths(store, [p], {
      worker: () => {
        started++;
        return new Worker(join(ROOT, 'core/jobs/bootstrap.mjs'), { workerData: { entry } });
      },
    });
    expect(r.files[0]).toMatchObject({ status: 'imported', logs: 3000 });
    expect(started).toBe(1);
    expect(store.templates()).toEqual(local.templates);
    expect(store.db.prepare('SELECT template_id FROM logs ORDER BY id').all()).toEqual(local.rows);
  });

  it('fails the file, saying why, when the worker breaks, and leaves nothing of it behind', async () => {
    const p = textLog('svc.log', 2000, (i) => `request ${i} served`);
    const r = await importPaths(store, [p], {
      worker: () => new Worker('throw new Error("worker exploded")', { eval: true }),
    });
    expect(r.files[0]).toMatchObject({ status: 'failed', reason: expect.stringMatching(/ingest worker failed: worker exploded/) });
    expect(store.counts()).toMatchObject({ sources: 0, logs: 0 });
  });
});
