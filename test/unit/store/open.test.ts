/**
 * Opening a workspace file as a careless user would: another application's SQLite file (refused, left
 * byte for byte as it was, nothing created beside it), a workspace of the previous Hindsight (no mark:
 * opened and marked), a folder, a read-only file or folder (refused with a sentence that names it), and
 * the permissions a new workspace gets (0600).
 */
import { createHash } from 'node:crypto';
import { chmodSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { HINDSIGHT_APPLICATION_ID, openDatabase } from '../../../core/store/db';
import { StoreError } from '../../../core/store/errors';
import { WorkspaceStore } from '../../../core/store/workspace';

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'hindsight-open-'));
});
afterEach(() => {
  chmodSync(dir, 0o755);
  rmSync(dir, { recursive: true, force: true });
});

const sha256 = (file: string): string => createHash('sha256').update(readFileSync(file)).digest('hex');

/** What opening `file` threw (or null when it opened). */
function openError(file: string, opts: { create?: boolean; readonly?: boolean } = {}): StoreError | null {
  try {
    WorkspaceStore.open(file, opts).close();
    return null;
  } catch (err) {
    return err as StoreError;
  }
}

/** Another application's database: a `sources` table (a name Hindsight uses too) with a row, in `mode`. */
function otherApp(name: string, mode: 'wal' | 'delete', applicationId = 0): string {
  const file = join(dir, name);
  const db = new Database(file);
  db.pragma(`journal_mode = ${mode}`);
  if (applicationId) db.pragma(`application_id = ${applicationId}`);
  db.exec("CREATE TABLE sources (id INTEGER PRIMARY KEY, url TEXT); INSERT INTO sources(url) VALUES ('https://example.org')");
  db.close();
  return file;
}

const applicationId = (file: string): number => readFileSync(file).readInt32BE(68);

describe("another application's SQLite file", () => {
  const cases = [
    { what: 'in rollback-journal mode', make: () => otherApp('other.sqlite', 'delete') },
    { what: 'in WAL mode', make: () => otherApp('other.sqlite', 'wal') },
    { what: 'with its own application id', make: () => otherApp('other.sqlite', 'wal', 0x4d594150) },
  ];
  for (const c of cases) {
    it(`is refused with a sentence and left byte for byte as it was (${c.what})`, () => {
      const file = c.make();
      const before = sha256(file);
      const names = readdirSync(dir).sort();
      for (const opts of [{}, { create: true }, { readonly: true }]) {
        const err = openError(file, opts);
        expect(err).toBeInstanceOf(StoreError);
        expect(err?.code).toBe('foreign');
        expect(err?.message).toBe(
          `${file}: is an SQLite database of another application, not a Hindsight workspace; it was left unchanged. Name a new *.hindsight file to create a workspace`,
        );
      }
      expect(sha256(file)).toBe(before);
      // No -wal, -shm or -journal left beside it, and no tables added.
      expect(readdirSync(dir).sort()).toEqual(names);
      const db = new Database(file, { readonly: true });
      expect(db.prepare("SELECT name FROM sqlite_master WHERE type = 'table'").pluck().all()).toEqual(['sources']);
      db.close();
    });
  }

  it('is refused even when it has a schema_migrations table of its own', () => {
    const file = otherApp('other.sqlite', 'wal');
    const db = new Database(file);
    db.exec("CREATE TABLE schema_migrations (version INTEGER, name TEXT, hash TEXT, applied_at INTEGER); INSERT INTO schema_migrations VALUES (1, 'init', 'abc', 0)");
    db.close();
    const before = sha256(file);
    expect(openError(file)?.code).toBe('foreign');
    expect(sha256(file)).toBe(before);
  });
});

describe('the Hindsight mark', () => {
  it('is set on a new workspace, which only its owner may read (0600, its -wal and -shm too)', () => {
    const file = join(dir, 'new.hindsight');
    const store = WorkspaceStore.open(file, { create: true });
    store.setMeta('probe', '1');
    expect(store.db.pragma('application_id', { simple: true })).toBe(HINDSIGHT_APPLICATION_ID);
    for (const f of [file, `${file}-wal`, `${file}-shm`]) expect(statSync(f).mode & 0o777).toBe(0o600);
    store.close();
    expect(applicationId(file)).toBe(HINDSIGHT_APPLICATION_ID);
  });

  it('is set on an empty existing file, which becomes a workspace', () => {
    const file = join(dir, 'empty.hindsight');
    writeFileSync(file, '');
    WorkspaceStore.open(file).close();
    expect(applicationId(file)).toBe(HINDSIGHT_APPLICATION_ID);
  });

  /** A workspace as the previous Hindsight left it: the same schema and history, no application id. */
  function unmarkedWorkspace(): string {
    const file = join(dir, 'old.hindsight');
    const store = WorkspaceStore.open(file, { create: true });
    store.setMeta('probe', 'kept');
    store.db.pragma('application_id = 0');
    store.close();
    expect(applicationId(file)).toBe(0);
    return file;
  }

  it('is added to a workspace of the previous Hindsight (our migrations, no mark), which opens as before', () => {
    const file = unmarkedWorkspace();
    const store = WorkspaceStore.open(file);
    expect(store.getMeta('probe')).toBe('kept');
    store.close();
    expect(applicationId(file)).toBe(HINDSIGHT_APPLICATION_ID);
  });

  it('is added to an unmarked workspace that another connection holds open (its -wal and -shm exist)', () => {
    const file = unmarkedWorkspace();
    const other = new Database(file);
    other.prepare('SELECT COUNT(*) FROM meta').get();
    const store = WorkspaceStore.open(file);
    expect(store.getMeta('probe')).toBe('kept');
    expect(store.db.pragma('application_id', { simple: true })).toBe(HINDSIGHT_APPLICATION_ID);
    store.close();
    other.close();
  });

  it('is found in the -wal of a workspace open elsewhere, so a second connection opens it with no write', () => {
    const file = join(dir, 'busy.hindsight');
    const first = WorkspaceStore.open(file, { create: true });
    // The mark is still in the -wal (not yet checkpointed into the file) ...
    expect(applicationId(file)).toBe(0);
    // ... and another writer holds the lock: opening must not need it.
    const writer = new Database(file);
    writer.exec('BEGIN IMMEDIATE');
    const started = performance.now();
    const second = WorkspaceStore.open(file);
    expect(performance.now() - started).toBeLessThan(2000);
    expect(second.db.pragma('application_id', { simple: true })).toBe(HINDSIGHT_APPLICATION_ID);
    second.close();
    writer.exec('ROLLBACK');
    writer.close();
    first.close();
  });

  it('is not added by a read-only open, which still reads an unmarked workspace', () => {
    const file = unmarkedWorkspace();
    const before = sha256(file);
    const store = WorkspaceStore.open(file, { readonly: true });
    expect(store.getMeta('probe')).toBe('kept');
    store.close();
    expect(sha256(file)).toBe(before);
  });

  it('makes openDatabase refuse a file with another application id before any change', () => {
    const file = join(dir, 'ws.hindsight');
    openDatabase(file, { create: true }).close();
    const db = new Database(file);
    db.pragma('application_id = 7');
    db.close();
    const before = sha256(file);
    expect(() => openDatabase(file)).toThrow(/another application/);
    expect(sha256(file)).toBe(before);
  });
});

describe('a workspace path that cannot be a workspace', () => {
  it('names a folder given as the workspace (not "EISDIR")', () => {
    const folder = join(dir, 'exports');
    mkdirSync(folder);
    for (const opts of [{}, { create: true }]) {
      const err = openError(folder, opts);
      expect(err?.code).toBe('is-folder');
      expect(err?.message).toBe(`${folder}: is a folder, not a workspace file; name a *.hindsight file (it is created when missing)`);
    }
  });

  it('refuses a read-only workspace file at open, naming it, and reads it when asked read-only', () => {
    const file = join(dir, 'ro.hindsight');
    const store = WorkspaceStore.open(file, { create: true });
    store.setMeta('probe', 'kept');
    store.close();
    chmodSync(file, 0o444);
    const before = sha256(file);
    const err = openError(file);
    expect(err?.code).toBe('read-only');
    expect(err?.message).toBe(
      `${file}: is read-only (mode 0444); Hindsight writes to a workspace as it imports and analyses. Make it writable (chmod u+w), or copy it to a writable folder`,
    );
    expect(sha256(file)).toBe(before);
    const reader = WorkspaceStore.open(file, { readonly: true });
    expect(reader.getMeta('probe')).toBe('kept');
    reader.close();
  });

  it('refuses a workspace in a read-only folder (no room for its -wal), naming the folder', () => {
    const folder = join(dir, 'shared');
    mkdirSync(folder);
    const file = join(folder, 'ws.hindsight');
    WorkspaceStore.open(file, { create: true }).close();
    chmodSync(folder, 0o555);
    try {
      const err = openError(file);
      expect(err?.code).toBe('read-only');
      expect(err?.message).toMatch(new RegExp(`^${file}: is in a read-only folder \\(${folder}\\)`));
    } finally {
      chmodSync(folder, 0o755);
    }
  });
});
