/**
 * File → Save Workspace As…: `workspace/saveAs` writes a consistent copy of the open workspace to a
 * new file (SQLite's online backup), which then opens as a workspace with the same contents; it never
 * writes over an existing file, and needs an open workspace.
 */
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { makeNodeWorker } from '../../../core/jobs/node-worker';
import { Service } from '../../../core/service/service';
import { WorkspaceStore } from '../../../core/store/workspace';

let dir: string;
let service: Service;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'hindsight-saveas-'));
  service = new Service({ makeWorker: makeNodeWorker, dataDir: join(dir, 'home'), shell: 'electron', poolSize: 1 });
});
afterEach(async () => {
  await service.close();
  rmSync(dir, { recursive: true, force: true });
});

describe('workspace/saveAs', () => {
  it('writes a copy that opens as a workspace with the same contents, and keeps the original open', async () => {
    const file = join(dir, 'case.hindsight');
    const store = WorkspaceStore.open(file, { create: true });
    store.insertEvent(null, { ts: Date.UTC(2026, 0, 5, 12), kind: 'deploy', service: 'api', title: 'api v2.3.1' });
    store.close();
    const original = (await service.invoke('workspace/open', { path: file })) as { path: string; counts: { events: number } };
    expect(original.counts.events).toBe(1);
    await expect(service.invoke('workspace/saveAs', { path: join(dir, 'case copy') })).resolves.toEqual({ path: join(dir, 'case copy.hindsight') });
    expect(existsSync(join(dir, 'case copy.hindsight'))).toBe(true);
    const info = (await service.invoke('app/info', {})) as { workspace: { path: string } };
    expect(info.workspace.path).toBe(original.path);
    const copy = service.openWorkspace(join(dir, 'case copy.hindsight'));
    expect(copy.counts).toEqual(original.counts);
  });

  it('refuses a file that exists already, and leaves it as it was', async () => {
    await service.invoke('workspace/create', { path: join(dir, 'case') });
    const taken = join(dir, 'taken.hindsight');
    writeFileSync(taken, 'not mine');
    await expect(service.invoke('workspace/saveAs', { path: taken })).rejects.toThrow(`${taken} exists already`);
  });

  it('needs an open workspace', async () => {
    await expect(service.invoke('workspace/saveAs', { path: join(dir, 'x.hindsight') })).rejects.toMatchObject({ code: 'no-workspace' });
  });
});
