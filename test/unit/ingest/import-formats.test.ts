/**
 * The formats of issue #11 through the importer: a Redis server log, a Kibana "Generate CSV" export read
 * in the import's zone, a GitHub deployment-statuses JSON, a level-first text log (the fallback) and a
 * Java log are imported, not skipped; a note with no timestamps is skipped with the reason; a stored
 * Java event answers a search with its exception class.
 */
import { copyFileSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ImportResult } from '../../../core/api/contract';
import { importPaths } from '../../../core/ingest/import';
import { logHandlers } from '../../../core/service/logs';
import { WorkspaceStore } from '../../../core/store/workspace';
import { fixture } from './logs/helpers';

let dir: string;
let store: WorkspaceStore;
let result: ImportResult;

const FILES: [kind: 'logs' | 'events', name: string][] = [
  ['logs', 'redis-server.log'],
  ['logs', 'kibana-generate-csv.csv'],
  ['events', 'github-deployment-statuses.json'],
  ['logs', 'text-level-first.log'],
  ['logs', 'text-java-trace.log'],
];

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'hindsight-import-formats-'));
  store = WorkspaceStore.open(join(dir, 'ws.hindsight'), { create: true });
  const paths = FILES.map(([kind, name]) => {
    const p = join(dir, name);
    copyFileSync(fixture(kind, name), p);
    return p;
  });
  writeFileSync(join(dir, 'notes.txt'), 'Release notes\nshipped on 2025-03-14 10:02:11, see the wiki\n');
  result = await importPaths(store, [...paths, join(dir, 'notes.txt')], { zone: 'Europe/Berlin' });
});
afterAll(() => {
  store.close();
  rmSync(dir, { recursive: true, force: true });
});

const byName = (name: string) => result.files.find((f) => f.path.endsWith(name));

describe('formats of real dumps through the importer', () => {
  it('imports each of them with its own reader', () => {
    expect(byName('redis-server.log')).toMatchObject({ status: 'imported', format: 'log-redis', logs: 10 });
    expect(byName('kibana-generate-csv.csv')).toMatchObject({ status: 'imported', format: 'log-kibana-csv', logs: 3 });
    expect(byName('github-deployment-statuses.json')).toMatchObject({ status: 'imported', format: 'events-github-deployment-statuses', events: 2 });
    expect(byName('text-level-first.log')).toMatchObject({ status: 'imported', format: 'log-text-prefixed', logs: 5 });
    expect(byName('text-java-trace.log')).toMatchObject({ status: 'imported', format: 'log-text', logs: 2 });
  });

  it('still skips a file that is none of them, saying why', () => {
    expect(byName('notes.txt')).toMatchObject({ status: 'skipped', reason: expect.stringMatching(/not a recognised export format/) });
  });

  it('reads the Kibana display times in the import zone', () => {
    const first = store.db.prepare("SELECT MIN(l.ts) AS ts FROM logs l JOIN sources s ON s.id = l.source_id WHERE s.format = 'log-kibana-csv'").get() as { ts: number };
    expect(first.ts).toBe(Date.UTC(2025, 2, 14, 9, 2, 11, 481));
  });

  it('answers a search with the exception class of a stored stack trace', async () => {
    const found = await logHandlers({ store: () => store })['logs/search']({ query: 'reserve stock' });
    expect(found.rows).toHaveLength(1);
    expect(found.rows[0].exception).toBe('org.springframework.dao.DataAccessResourceFailureException');
  });
});
