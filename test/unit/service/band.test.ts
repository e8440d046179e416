/**
 * series/band off the main process: the band is learnt by a worker task and cached; a caller that
 * aborts gets 'cancelled' at once, the worker behind it is stopped, and the next call is answered.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { SeriesBand } from '../../../core/api/contract';
import { makeNodeWorker } from '../../../core/jobs/node-worker';
import { Service } from '../../../core/service/service';
import { WorkspaceStore } from '../../../core/store/workspace';

const T0 = Date.UTC(2026, 0, 5);
const MIN = 60_000;
const N = 4 * 1440;

let dir: string;
let service: Service;
let seriesId: number;

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'hindsight-band-'));
  const file = join(dir, 'w.hindsight');
  const store = WorkspaceStore.open(file, { create: true });
  store.transaction(() => {
    const source = store.addSource({ path: 'gen', format: 'gen', kind: 'metrics', bytes: 0, sha256: 'gen', zone: 'UTC' });
    seriesId = store.seriesId('latency_ms', { service: 'api' });
    const ts = Float64Array.from({ length: N }, (_, i) => T0 + i * MIN);
    // A daily cycle with one planted 20-minute spike on day 3.
    const values = Float64Array.from({ length: N }, (_, i) => 100 + 20 * Math.sin((2 * Math.PI * i) / 1440) + (i >= 2 * 1440 + 600 && i < 2 * 1440 + 620 ? 60 : 0));
    store.appendSamples(seriesId, source, ts, values);
    store.refreshSeries(seriesId, ts[0], ts[N - 1]);
    store.bumpDataVersion();
  });
  store.close();
  service = new Service({ makeWorker: makeNodeWorker, dataDir: join(dir, 'home'), shell: 'browser', poolSize: 1 });
  service.openWorkspace(file);
});

afterAll(async () => {
  await service.close();
  rmSync(dir, { recursive: true, force: true });
});

describe('series/band in the worker pool', () => {
  it('rejects as cancelled when the caller aborts, and answers the next call', async () => {
    const controller = new AbortController();
    const call = service.invoke('series/band', { id: seriesId, width: 200 }, { signal: controller.signal });
    controller.abort();
    await expect(call).rejects.toMatchObject({ code: 'cancelled', message: 'series/band: cancelled' });

    const band = (await service.invoke('series/band', { id: seriesId, width: 200 })) as SeriesBand;
    expect(band.method).toBe('seasonal');
    expect(band.t.length).toBeGreaterThan(100);
    expect(band.t.length).toBeLessThanOrEqual(200);
    expect(band.expected).toHaveLength(band.t.length);
    // The band follows the daily cycle: its expected value spans most of the ±20 swing.
    expect(Math.max(...band.expected) - Math.min(...band.expected)).toBeGreaterThan(30);
    band.t.forEach((_, i) => expect(band.lower[i]).toBeLessThanOrEqual(band.upper[i]));
  });

  it('refuses a call whose signal is already aborted without running it', async () => {
    await expect(service.invoke('series/band', { id: seriesId, width: 200 }, { signal: AbortSignal.abort() })).rejects.toMatchObject({
      code: 'cancelled',
    });
  });

  it('says which series does not exist', async () => {
    await expect(service.invoke('series/band', { id: 999, width: 200 })).rejects.toMatchObject({ code: 'not-found' });
  });
});
