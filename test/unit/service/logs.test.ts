/**
 * Full-text search as a person types it: plain words with stray punctuation are searched as words; a query
 * that uses the FTS5 syntax and gets it wrong is a 400-style ApiError saying what is wrong, in words.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ApiError } from '../../../core/api/errors';
import { importPaths } from '../../../core/ingest/import';
import { logHandlers } from '../../../core/service/logs';
import { WorkspaceStore } from '../../../core/store/workspace';

let dir: string;
let store: WorkspaceStore;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'hindsight-search-'));
  store = WorkspaceStore.open(join(dir, 'ws.hindsight'), { create: true });
  const lines = Array.from({ length: 20 }, (_, i) => `2024-01-15T10:${String(i).padStart(2, '0')}:00Z ERROR pool exhausted after ${i} retries`);
  writeFileSync(join(dir, 'app.log'), `${lines.join('\n')}\n`);
  await importPaths(store, [join(dir, 'app.log')]);
});
afterAll(() => {
  store.close();
  rmSync(dir, { recursive: true, force: true });
});

const search = (query: string) => logHandlers({ store: () => store })['logs/search']({ query });

/** The ApiError a search fails with (the test fails when it resolves). */
async function failure(query: string): Promise<ApiError> {
  const err = await search(query).then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(err).toBeInstanceOf(ApiError);
  return err as ApiError;
}

describe('logs/search syntax', () => {
  it('searches words with stray punctuation as words', async () => {
    expect((await search('pool: exhausted-')).total).toBe(20);
  });

  it.each([
    ['"pool exhausted', /^logs\/search: search syntax: a double quote is not closed$/],
    ['pool AND', /^logs\/search: search syntax: the query ends too early/],
    ['(pool', /^logs\/search: search syntax: the query ends too early/],
    ['*', /^logs\/search: search syntax: "\*" has no word to search for$/],
    ['"x" level:error', /^logs\/search: search syntax: "level:" reads as a column name/],
    ['pool OR OR exhausted', /^logs\/search: search syntax: unexpected "OR"/],
  ])('answers %j with a bad-params error in words, not SQLite text', async (query, message) => {
    const err = await failure(query);
    expect(err.code).toBe('bad-params');
    expect(err.status).toBe(400);
    expect(err.field).toBe('query');
    expect(err.message).toMatch(message);
    expect(err.message).not.toMatch(/fts5|SQLITE|unterminated string|no such column/);
  });
});

describe('logs/strip', () => {
  const strip = (from: number, to: number, buckets: number) => logHandlers({ store: () => store })['logs/strip']({ from, to, buckets });

  it("counts each pattern's lines in the window's buckets, busiest pattern first", async () => {
    const t0 = Date.UTC(2024, 0, 15, 10, 0);
    const s = await strip(t0, t0 + 20 * 60_000, 4);
    expect(s.t).toEqual([0, 1, 2, 3].map((i) => t0 + i * 5 * 60_000));
    expect(s.patterns).toHaveLength(1);
    expect(s.patterns[0].pattern).toMatch(/pool exhausted after <\*> retries/);
    expect(s.patterns[0].counts.reduce((a, b) => a + b, 0)).toBe(20);
  });

  it('leaves out the lines before the window', async () => {
    const t0 = Date.UTC(2024, 0, 15, 10, 0);
    const s = await strip(t0 + 10 * 60_000, t0 + 20 * 60_000, 2);
    expect(s.patterns[0].counts.reduce((a, b) => a + b, 0)).toBe(10);
  });
});
