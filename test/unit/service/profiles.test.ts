/**
 * The Profiles contract end to end: import the three fixture formats into a workspace (the same file twice is
 * stored once), hot frames, the flame graph with zoom and search, the differential view of a before/after pair
 * with a planted hot function, delete, and readable refusals.
 */
import { copyFileSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FlameGraph, ProfileDetail, ProfileDiff, ProfileInfo } from '../../../core/api/profiles';
import { makeNodeWorker } from '../../../core/jobs/node-worker';
import { Service } from '../../../core/service/service';

const FIXTURES = join(__dirname, '../../fixtures/profiles');
let dir: string;
let service: Service;

const call = <T>(method: string, params: unknown): Promise<T> => service.invoke(method, params) as Promise<T>;
const importProfile = (path: string, extra: object = {}) => call<{ profile: ProfileInfo; status: string }>('profiles/import', { path, ...extra });

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'hindsight-profiles-'));
  service = new Service({ makeWorker: makeNodeWorker, dataDir: join(dir, 'data'), shell: 'browser', poolSize: 1 });
  service.openWorkspace(join(dir, 'ws.hindsight'), true);
});

afterAll(async () => {
  await service.close();
  rmSync(dir, { recursive: true, force: true });
});

describe('profiles contract', () => {
  it('imports each format by content, once per content', async () => {
    copyFileSync(join(FIXTURES, 'cpu.pb.gz'), join(dir, 'go-cpu.bin'));
    const folded = await importProfile(join(FIXTURES, 'app.folded'), { service: 'checkout', takenAt: Date.UTC(2026, 2, 1) });
    const cpu = await importProfile(join(FIXTURES, 'app.cpuprofile'));
    const pprof = await importProfile(join(dir, 'go-cpu.bin'));
    expect(folded).toMatchObject({ status: 'imported', profile: { name: 'app.folded', format: 'folded', service: 'checkout', unit: 'samples', total: 108 } });
    expect(cpu.profile).toMatchObject({ format: 'cpuprofile', unit: 'microseconds', total: 600 });
    expect(pprof.profile).toMatchObject({ format: 'pprof', unit: 'nanoseconds', total: 1e9 });
    expect((await importProfile(join(FIXTURES, 'app.folded'))).status).toBe('unchanged');
    const list = await call<ProfileInfo[]>('profiles/list', {});
    expect(list.map((p) => p.name).sort()).toEqual(['app.cpuprofile', 'app.folded', 'go-cpu.bin']);
  });

  it('gives the hottest frames by self and by total', async () => {
    const [p] = (await call<ProfileInfo[]>('profiles/list', {})).filter((x) => x.name === 'app.folded');
    const d = await call<ProfileDetail>('profiles/get', { id: p.id, top: 3 });
    expect(d.bySelf.map((s) => [s.frame.name, s.self])).toEqual([
      ['hash', 50],
      ['parse', 30],
      ['walk', 20],
    ]);
    expect(d.byTotal[0]).toMatchObject({ frame: { name: 'main' }, total: 108, totalShare: 1 });
  });

  it('lays out the flame graph, zooms into a node and highlights a search', async () => {
    const [p] = (await call<ProfileInfo[]>('profiles/list', {})).filter((x) => x.name === 'app.folded');
    const g = await call<FlameGraph>('profiles/flame', { id: p.id });
    expect(g.boxes[0]).toMatchObject({ node: 0, depth: 0, x: 0, width: 1, frame: { name: 'all' } });
    const handle = g.boxes.find((b) => b.frame.name === 'handle request')!;
    expect(handle.width).toBeCloseTo(80 / 108);
    const zoomed = await call<FlameGraph>('profiles/flame', { id: p.id, focus: handle.node, query: 'HASH' });
    expect(zoomed.boxes.find((b) => b.node === handle.node)).toMatchObject({ x: 0, width: 1 });
    expect(zoomed.boxes.some((b) => b.frame.name === 'walk')).toBe(false);
    expect(zoomed.boxes.filter((b) => b.match).map((b) => b.frame.name)).toEqual(['hash']);
    expect(zoomed.search).toMatchObject({ query: 'HASH', value: 50, frames: 1 });
    expect(zoomed.search!.share).toBeCloseTo(50 / 108);
  });

  it('ranks the planted function first in the diff of a before/after pair, and colours the graph by change', async () => {
    writeFileSync(join(dir, 'before.folded'), 'main;serve;parse 40\nmain;serve;hash 10\nmain;log 50\n');
    writeFileSync(join(dir, 'after.folded'), 'main;serve;parse 80\nmain;serve;hash 100\nmain;log 100\nmain;serve;hashv2 20\n');
    const before = (await importProfile(join(dir, 'before.folded'))).profile;
    const after = (await importProfile(join(dir, 'after.folded'))).profile;
    const d = await call<ProfileDiff>('profiles/diff', { before: before.id, after: after.id, top: 2 });
    // hash 10 % → 33 %, then the new hashv2 (0 → 6.7 %, large against its noise), before log's 50 % → 33 %
    expect(d.changes.map((c) => c.frame.name)).toEqual(['hash', 'hashv2']);
    expect(d.changes[0].selfDelta).toBeCloseTo(100 / 300 - 10 / 100);
    expect(d.functions).toBe(6);
    const g = await call<FlameGraph>('profiles/flame', { before: before.id, after: after.id });
    expect(g.diff).toBe(true);
    const hash = g.boxes.find((b) => b.frame.name === 'hash')!;
    expect(hash.selfDelta).toBeCloseTo(100 / 300 - 0.1);
    expect(g.boxes.find((b) => b.frame.name === 'hashv2')!.before).toEqual({ selfShare: 0, totalShare: 0 });
  });

  it('refuses what it cannot do with a readable error', async () => {
    writeFileSync(join(dir, 'bad.folded'), 'main;a 1\n42\n');
    await expect(importProfile(join(dir, 'bad.folded'))).rejects.toThrow('bad.folded:2: expected');
    await expect(importProfile(join(dir, 'missing.folded'))).rejects.toThrow(/cannot read .*missing\.folded/);
    await expect(call('profiles/get', { id: 999 })).rejects.toThrow('no profile 999 in this workspace');
    await expect(call('profiles/flame', { id: 1, before: 2 })).rejects.toThrow(/either id, or before and after/);
    await expect(call('profiles/flame', { id: 1, query: '/(/' })).rejects.toThrow(/not a valid regular expression/);
    const list = await call<ProfileInfo[]>('profiles/list', {});
    const cpu = list.find((p) => p.format === 'cpuprofile')!;
    const folded = list.find((p) => p.name === 'app.folded')!;
    await expect(call('profiles/diff', { before: folded.id, after: cpu.id })).rejects.toThrow(/samples before, microseconds after/);
  });

  it('deletes a profile', async () => {
    const list = await call<ProfileInfo[]>('profiles/list', {});
    expect(await call('profiles/delete', { id: list[0].id })).toEqual({ deleted: true });
    expect(await call('profiles/delete', { id: list[0].id })).toEqual({ deleted: false });
    expect(await call<ProfileInfo[]>('profiles/list', {})).toHaveLength(list.length - 1);
  });
});
