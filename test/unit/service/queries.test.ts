/**
 * The queries contract end to end: `queries/analyse` reads a folder of query logs in the worker pool and keeps
 * the advice in the workspace; `queries/advice` reads it back — also after the workspace is reopened.
 */
import { cpSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { QueryAdviceView, QuerySource } from '../../../core/api/contract';
import { makeNodeWorker } from '../../../core/jobs/node-worker';
import { Service } from '../../../core/service/service';

const FIX = join(resolve(__dirname, '../../..'), 'test/fixtures/queries');
let dir: string;
let service: Service;

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'hindsight-queries-'));
  mkdirSync(join(dir, 'logs'));
  for (const name of ['pg-stderr.log', 'indexes.csv', 'not-a-query-log.txt']) cpSync(join(FIX, name), join(dir, 'logs', name));
  service = new Service({ makeWorker: makeNodeWorker, dataDir: join(dir, 'data'), shell: 'browser', poolSize: 1 });
  service.openWorkspace(join(dir, 'ws.hindsight'), true);
});
afterAll(async () => {
  await service.close();
  rmSync(dir, { recursive: true, force: true });
});

describe('queries/analyse and queries/advice', () => {
  it('a workspace without query logs has no advice yet', async () => {
    expect((await service.invoke('queries/advice', {})) as QueryAdviceView).toEqual({ sources: [], source: null, queries: [], duplicateIndexes: [], unusedIndexes: [] });
  });

  it('analyses a folder: its query files become one source; a file that is not one is reported, not fatal', async () => {
    const source = (await service.invoke('queries/analyse', { paths: [join(dir, 'logs')] })) as QuerySource;
    expect(source.label).toBe('indexes.csv, pg-stderr.log');
    expect(source.statements).toBe(31);
    expect(source.errors).toEqual([expect.stringMatching(/^not-a-query-log\.txt:1: a query log/)]);
  }, 60_000);

  it('the advice is kept in the workspace and read back after reopening it', async () => {
    service.openWorkspace(join(dir, 'ws.hindsight'));
    const view = (await service.invoke('queries/advice', {})) as QueryAdviceView;
    expect(view.sources).toHaveLength(1);
    expect(view.queries[0]).toMatchObject({ fingerprint: expect.stringContaining('shipments'), indexes: [expect.objectContaining({ table: 'shipments', benefit_source: 'plan' })] });
    expect(view.queries.find((q) => q.n_plus_one)?.fingerprint).toBe('select * from cart_items where cart_id = ?');
    expect(view.duplicateIndexes.map((d) => d.index)).toEqual(['orders_customer_idx']);
    expect(view.unusedIndexes.map((u) => u.index)).toEqual(['orders_customer_status_idx', 'reviews_legacy_idx']);
  });

  it('refuses a path that does not exist, and a source that does not exist', async () => {
    await expect(service.invoke('queries/analyse', { paths: [join(dir, 'nope.log')] })).rejects.toThrow(/no such file or folder/);
    await expect(service.invoke('queries/advice', { sourceId: 99 })).rejects.toThrow(/no query source 99/);
  });
});
