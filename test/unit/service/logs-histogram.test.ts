/**
 * logs/histogram: how many lines match a search in each time bucket, the bars Kibana Discover shows
 * above its hits. Counted by the same filter as logs/search (text, service, level, pattern, range).
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
const T0 = Date.parse('2024-01-15T10:00:00Z');
const MIN = 60_000;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'hindsight-histogram-'));
  store = WorkspaceStore.open(join(dir, 'ws.hindsight'), { create: true });
  // One line a minute for an hour: "ok" lines throughout, and a burst of 12 timeouts in minutes 30–41.
  const lines = Array.from({ length: 60 }, (_, i) => {
    const ts = new Date(T0 + i * MIN).toISOString();
    return i >= 30 && i < 42 ? `${ts} ERROR upstream timeout after ${i} ms` : `${ts} INFO request ok in ${i} ms`;
  });
  writeFileSync(join(dir, 'app.log'), `${lines.join('\n')}\n`);
  await importPaths(store, [join(dir, 'app.log')]);
});
afterAll(() => {
  store.close();
  rmSync(dir, { recursive: true, force: true });
});

const handlers = () => logHandlers({ store: () => store });

describe('logs/histogram', () => {
  it('counts the matches of a text query per bucket, where they are', async () => {
    const h = await handlers()['logs/histogram']({ query: 'timeout', from: T0, to: T0 + 60 * MIN, buckets: 6 });
    expect(h.step).toBe(10 * MIN);
    expect(h.t).toEqual([0, 1, 2, 3, 4, 5].map((k) => T0 + k * 10 * MIN));
    expect(h.counts).toEqual([0, 0, 0, 10, 2, 0]);
    expect(h.total).toBe(12);
    expect(h.capped).toBe(false);
  });

  it('agrees with logs/search on the same filter, and counts every line without a query', async () => {
    const h = await handlers()['logs/histogram']({ level: 'INFO', buckets: 4 });
    const found = await handlers()['logs/search']({ level: 'INFO' });
    expect(h.total).toBe(found.total);
    expect(h.counts.reduce((a, b) => a + b, 0)).toBe(48);
    const all = await handlers()['logs/histogram']({ buckets: 3 });
    expect(all.counts).toEqual([20, 20, 20]);
  });

  it('searches stray punctuation as words and says what is wrong with bad syntax', async () => {
    const h = await handlers()['logs/histogram']({ query: 'timeout:', buckets: 2 });
    expect(h.total).toBe(12);
    const histogram = handlers()['logs/histogram'];
    const err = await histogram({ query: '"timeout', buckets: 2 }).then(
        () => undefined,
        (e: unknown) => e,
      );
    expect(err).toBeInstanceOf(ApiError);
    expect((err as ApiError).message).toMatch(/^logs\/histogram: search syntax: a double quote is not closed$/);
  });
});
