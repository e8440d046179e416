import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { contract } from '../../../core/api/contract';
import type { ApiError } from '../../../core/api/errors';
import { makeNodeWorker } from '../../../core/jobs/node-worker';
import { Service } from '../../../core/service/service';

describe('the contract', () => {
  it('names every method domain/verb and gives each a params schema', () => {
    for (const [name, m] of Object.entries(contract)) {
      expect(name).toMatch(/^[a-z]+\/[a-zA-Z]+$/);
      expect(typeof m.params.safeParse).toBe('function');
    }
  });

  it('has a handler for every method and no handler without a method', () => {
    const dir = mkdtempSync(join(tmpdir(), 'hindsight-api-'));
    const s = new Service({ makeWorker: makeNodeWorker, dataDir: dir, shell: 'browser', poolSize: 1 });
    expect(Object.keys(s.handlers).sort()).toEqual(Object.keys(contract).sort());
    void s.close();
    rmSync(dir, { recursive: true, force: true });
  });
});

describe('validation at the boundary', () => {
  let dir: string;
  let service: Service;
  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'hindsight-api-'));
    service = new Service({ makeWorker: makeNodeWorker, dataDir: dir, shell: 'browser', poolSize: 1 });
    service.openWorkspace(join(dir, 'w'), true);
  });
  afterAll(async () => {
    await service.close();
    rmSync(dir, { recursive: true, force: true });
  });

  const failure = async (method: string, params: unknown): Promise<ApiError> => {
    try {
      await service.invoke(method, params);
    } catch (e) {
      return e as ApiError;
    }
    throw new Error('expected a failure');
  };

  it('rejects bad params with a readable error naming the field', async () => {
    const e = await failure('series/range', { ids: [], width: 800 });
    expect(e.code).toBe('bad-params');
    expect(e.status).toBe(400);
    expect(e.field).toBe('ids');
    expect(e.message).toBe('series/range: ids: at least one series id');

    const w = await failure('series/range', { ids: [1], width: 'wide' });
    expect(w.field).toBe('width');
    expect(w.message).toMatch(/^series\/range: width: /);
  });

  it('rejects unknown fields and unknown methods', async () => {
    const e = await failure('series/list', { query: 'x', evil: true });
    expect(e.code).toBe('bad-params');
    expect((await failure('series/drop', {})).code).toBe('unknown-method');
  });

  it('answers valid calls with typed results', async () => {
    const info = await service.invoke('app/info', {});
    expect(info).toMatchObject({ shell: 'browser', workspace: { name: 'w', counts: { series: 0 } } });
    await expect(service.invoke('series/list', {})).resolves.toEqual([]);
  });

  it('says which series does not exist', async () => {
    const e = await failure('series/range', { ids: [42], width: 100 });
    expect(e.code).toBe('not-found');
    expect(e.message).toMatch(/no series with id 42/);
  });
});

describe('workspaces by name', () => {
  it('keeps a workspace created by a bare name in the data folder, and opens it by that name', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'hindsight-api-'));
    const s = new Service({ makeWorker: makeNodeWorker, dataDir: dir, shell: 'browser', poolSize: 1 });
    const created = (await s.invoke('workspace/create', { path: 'checkout-outage' })) as { path: string; name: string };
    expect(created).toMatchObject({ path: join(dir, 'workspaces', 'checkout-outage.hindsight'), name: 'checkout-outage' });
    await expect(s.invoke('workspace/open', { path: 'checkout-outage' })).resolves.toMatchObject({ path: created.path });
    await expect(s.invoke('workspace/open', { path: 'nope' })).rejects.toMatchObject({ code: 'not-found' });
    await s.close();
    rmSync(dir, { recursive: true, force: true });
  });
});
