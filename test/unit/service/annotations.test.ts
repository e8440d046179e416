/**
 * The annotation and share handlers as the UI calls them: notes are checked at the boundary, written under
 * the OS user's name unless another is given, and every change tells every open view (`workspace/changed`)
 * without changing the data version (notes change no analysis). Sharing with redaction reports its counts, and
 * a bare output name lands in the app's share folder, offered for download.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { AnnotationInfo } from '../../../core/api/annotations';
import type { ShareResult } from '../../../core/api/share';
import { makeNodeWorker } from '../../../core/jobs/node-worker';
import { osUserName } from '../../../core/service/annotations';
import { Service } from '../../../core/service/service';
import { WorkspaceStore } from '../../../core/store/workspace';

let dir: string;
let service: Service;
let events: { event: string; data: unknown }[];
const T = Date.parse('2026-03-06T15:00:00Z');

beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'hindsight-annotation-service-'));
  const file = join(dir, 'ws.hindsight');
  const s = WorkspaceStore.open(file, { create: true });
  s.transaction(() => {
    const src = s.addSource({ path: 'app.log', format: 'text', kind: 'logs', bytes: 1, sha256: 'x', zone: 'UTC' });
    s.insertLogs(src, [{ ts: T, line: 1, lines: 1, raw: 'login carol@example.com token=abc123' }]);
    s.indexLogs(src);
  });
  s.close();
  service = new Service({ makeWorker: makeNodeWorker, dataDir: join(dir, 'home'), shell: 'browser', poolSize: 1 });
  service.openWorkspace(file);
  events = [];
  service.listen((event, data) => events.push({ event, data }));
});
afterEach(async () => {
  await service.close();
  rmSync(dir, { recursive: true, force: true });
});

const invoke = <T>(method: string, params: unknown): Promise<T> => service.invoke(method, params) as Promise<T>;

describe('annotation handlers', () => {
  it('adds a note under the OS user name, tells every view, and leaves the data version as it was', async () => {
    const note = await invoke<AnnotationInfo>('annotations/add', { ts: T, text: 'rollback started here', tags: ['rollback'], starred: true });
    expect(note).toMatchObject({ ts: T, endTs: null, text: 'rollback started here', tags: ['rollback'], starred: true, author: osUserName() });
    expect(events).toEqual([{ event: 'workspace/changed', data: { dataVersion: 0 } }]);
    expect(await invoke('annotations/list', { from: T - 1, to: T + 1 })).toEqual([note]);
  });

  it('changes and deletes a note, telling every view each time; a note deleted meanwhile is "not found"', async () => {
    const note = await invoke<AnnotationInfo>('annotations/add', { ts: T, text: 'a', author: 'dave' });
    const changed = await invoke<AnnotationInfo>('annotations/update', { id: note.id, text: 'b', endTs: T + 60_000 });
    expect(changed).toMatchObject({ text: 'b', endTs: T + 60_000, author: 'dave' });
    expect(await invoke('annotations/delete', { id: note.id })).toEqual({ deleted: true });
    expect(events.map((e) => e.event)).toEqual(['workspace/changed', 'workspace/changed', 'workspace/changed']);
    await expect(invoke('annotations/update', { id: note.id, text: 'c' })).rejects.toMatchObject({ code: 'not-found' });
    expect(await invoke('annotations/delete', { id: note.id })).toEqual({ deleted: false });
    expect(events.length).toBe(3);
  });

  it('refuses an empty note, a range that ends before it starts, and a tag with spaces at the boundary', async () => {
    await expect(invoke('annotations/add', { ts: T, text: '   ' })).rejects.toMatchObject({ code: 'bad-params' });
    await expect(invoke('annotations/add', { ts: T, endTs: T - 1, text: 'x' })).rejects.toMatchObject({ code: 'bad-params' });
    await expect(invoke('annotations/add', { ts: T, text: 'x', tags: ['two words'] })).rejects.toMatchObject({ code: 'bad-params' });
    const note = await invoke<AnnotationInfo>('annotations/add', { ts: T, endTs: T + 10, text: 'x' });
    // Moving the start past the stored end is refused as well, and changes nothing.
    await expect(invoke('annotations/update', { id: note.id, ts: T + 20 })).rejects.toMatchObject({ code: 'bad-params' });
    expect(await invoke('annotations/list', {})).toEqual([note]);
  });
});

describe('share handler', () => {
  it('writes a bare name to the share folder, offered for download, with what it masked', async () => {
    const r = await invoke<ShareResult>('share/export', { from: T - 1000, to: T + 1000, redact: true, out: 'for-vendor' });
    expect(r.path).toBe(join(dir, 'home', 'shares', 'for-vendor.hindsight'));
    expect(r).toMatchObject({ name: 'for-vendor.hindsight', downloadable: true, copied: { logs: 1, sources: 1 } });
    expect(r.masked).toEqual({ email: 1, ip: 0, token: 1, user: 0 });
    await expect(invoke('share/export', { from: T - 1000, to: T + 1000, out: 'for-vendor' })).rejects.toMatchObject({ code: 'bad-params' });
    await expect(invoke('share/export', { from: T })).rejects.toMatchObject({ code: 'bad-params' });
  });
});
