/** Notes on the timeline in the store (migration v11): add, read, change, delete, and list by time range, tag and star. */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { addAnnotation, deleteAnnotation, getAnnotation, listAnnotations, updateAnnotation } from '../../../core/store/annotations';
import { WorkspaceStore } from '../../../core/store/workspace';

let dir: string;
let store: WorkspaceStore;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'hindsight-annotations-'));
  store = WorkspaceStore.open(join(dir, 'ws.hindsight'), { create: true });
});
afterEach(() => {
  store.close();
  rmSync(dir, { recursive: true, force: true });
});

const T = Date.parse('2026-03-06T15:00:00Z');
const MIN = 60_000;

describe('annotations in the store', () => {
  it('stores a note with its tags, star, author and times, and reads it back by id', () => {
    const note = addAnnotation(store, { ts: T, text: 'rollback started here', tags: ['rollback', ' deploy ', 'rollback'], starred: true, author: 'alice' }, 1234);
    expect(note).toEqual({
      id: note.id,
      ts: T,
      endTs: null,
      seriesId: null,
      service: null,
      text: 'rollback started here',
      tags: ['rollback', 'deploy'],
      starred: true,
      author: 'alice',
      createdAt: 1234,
      updatedAt: 1234,
    });
    expect(getAnnotation(store, note.id)).toEqual(note);
    expect(getAnnotation(store, note.id + 1)).toBeUndefined();
  });

  it('survives closing and reopening the workspace', () => {
    const { id } = addAnnotation(store, { ts: T, endTs: T + 5 * MIN, text: 'error budget burning', service: 'checkout', author: 'bob' });
    store.close();
    store = WorkspaceStore.open(join(dir, 'ws.hindsight'));
    expect(getAnnotation(store, id)).toMatchObject({ ts: T, endTs: T + 5 * MIN, service: 'checkout', text: 'error budget burning', author: 'bob' });
  });

  it('changes only the fields given, stamps the change, and refuses a range that would end before it starts', () => {
    const note = addAnnotation(store, { ts: T, endTs: T + 10 * MIN, text: 'first guess', tags: ['hypothesis'], author: 'alice' }, 1000);
    const changed = updateAnnotation(store, note.id, { text: 'confirmed: the cache', starred: true }, 2000);
    expect(changed).toMatchObject({ text: 'confirmed: the cache', starred: true, tags: ['hypothesis'], ts: T, endTs: T + 10 * MIN, createdAt: 1000, updatedAt: 2000 });
    expect(updateAnnotation(store, note.id, { endTs: null }, 3000)?.endTs).toBeNull();
    expect(() => updateAnnotation(store, note.id, { endTs: T - MIN })).toThrow(/end after it starts/);
    expect(updateAnnotation(store, 999, { text: 'nobody' })).toBeUndefined();
  });

  it('deletes a note once', () => {
    const note = addAnnotation(store, { ts: T, text: 'x', author: '' });
    expect(deleteAnnotation(store, note.id)).toBe(true);
    expect(deleteAnnotation(store, note.id)).toBe(false);
    expect(listAnnotations(store)).toEqual([]);
  });

  it('lists the notes that meet a range, time-ordered: moments inside it and ranges overlapping it', () => {
    const before = addAnnotation(store, { ts: T - 60 * MIN, text: 'before', author: 'a' });
    const spanning = addAnnotation(store, { ts: T - 30 * MIN, endTs: T + 5 * MIN, text: 'spans the start', author: 'a' });
    const inside = addAnnotation(store, { ts: T + 10 * MIN, text: 'inside', author: 'a' });
    const atEnd = addAnnotation(store, { ts: T + 20 * MIN, text: 'at the end', author: 'a' });
    const after = addAnnotation(store, { ts: T + 21 * MIN, text: 'after', author: 'a' });
    const ids = (from: number, to: number): number[] => listAnnotations(store, { from, to }).map((n) => n.id);
    expect(ids(T, T + 20 * MIN)).toEqual([spanning.id, inside.id, atEnd.id]);
    expect(listAnnotations(store).map((n) => n.id)).toEqual([before.id, spanning.id, inside.id, atEnd.id, after.id]);
    expect(listAnnotations(store, { from: T + 21 * MIN }).map((n) => n.text)).toEqual(['after']);
    expect(listAnnotations(store, { to: T - 45 * MIN }).map((n) => n.text)).toEqual(['before']);
  });

  it('filters by tag and by star', () => {
    addAnnotation(store, { ts: T, text: 'a', tags: ['rollback'], starred: true, author: '' });
    addAnnotation(store, { ts: T + MIN, text: 'b', tags: ['rollback', 'db'], author: '' });
    addAnnotation(store, { ts: T + 2 * MIN, text: 'c', tags: ['db'], starred: true, author: '' });
    const texts = (f: Parameters<typeof listAnnotations>[1]): string[] => listAnnotations(store, f).map((n) => n.text);
    expect(texts({ tag: 'rollback' })).toEqual(['a', 'b']);
    expect(texts({ starred: true })).toEqual(['a', 'c']);
    expect(texts({ tag: 'db', starred: true })).toEqual(['c']);
    expect(texts({ tag: 'roll' })).toEqual([]);
  });
});
