/**
 * Opening a workspace file: one SQLite database per investigation (`*.hindsight`), WAL mode,
 * schema brought to the latest version by migrations whose recorded hashes must match.
 * Every failure to open becomes a StoreError with a sentence a person understands.
 */
import { createHash } from 'node:crypto';
import { chmodSync, existsSync, openSync, readSync, closeSync, statSync } from 'node:fs';
import Database from 'better-sqlite3';
import { LATEST_VERSION, MIGRATIONS, type Migration } from './migrations';
import { StoreError } from './errors';

export type Db = Database.Database;

export interface OpenOptions {
  /** Create the file when missing (default false: a missing file is an error). */
  create?: boolean;
  readonly?: boolean;
  /** Migrations to apply; tests pass their own list to exercise refusal. */
  migrations?: readonly Migration[];
}

const SQLITE_MAGIC = 'SQLite format 3\u0000';

export function migrationHash(m: Migration): string {
  return createHash('sha256').update(`${m.version}\n${m.name}\n${m.sql}`).digest('hex');
}

function checkHeader(file: string): void {
  const size = statSync(file).size;
  if (size === 0) return; // an empty file becomes a fresh database
  const fd = openSync(file, 'r');
  try {
    const buf = Buffer.alloc(16);
    readSync(fd, buf, 0, 16, 0);
    if (buf.toString('latin1') !== SQLITE_MAGIC) {
      throw new StoreError('not-sqlite', file, 'is not a Hindsight workspace (not an SQLite database file)');
    }
  } finally {
    closeSync(fd);
  }
}

function translate(file: string, err: unknown): Error {
  if (err instanceof StoreError) return err;
  const msg = err instanceof Error ? err.message : String(err);
  if (/file is not a database|not a database/i.test(msg)) {
    return new StoreError('not-sqlite', file, 'is not a Hindsight workspace (not an SQLite database file)');
  }
  if (/malformed|corrupt|disk image/i.test(msg)) {
    return new StoreError('corrupt', file, `the workspace file is damaged (${msg}); restore it from a copy or re-import`);
  }
  if (/database is locked|busy/i.test(msg)) {
    return new StoreError('locked', file, 'the workspace is in use by another process');
  }
  return err instanceof Error ? err : new Error(msg);
}

/** Applies pending migrations, or refuses a history that is newer or differs from ours. */
export function migrate(db: Db, file: string, migrations: readonly Migration[] = MIGRATIONS): void {
  db.exec(`CREATE TABLE IF NOT EXISTS schema_migrations (
    version INTEGER PRIMARY KEY, name TEXT NOT NULL, hash TEXT NOT NULL, applied_at INTEGER NOT NULL)`);
  const applied = db.prepare('SELECT version, name, hash FROM schema_migrations ORDER BY version').all() as {
    version: number;
    name: string;
    hash: string;
  }[];
  const known = new Map(migrations.map((m) => [m.version, m]));
  const latest = migrations.length ? migrations[migrations.length - 1].version : 0;
  for (const a of applied) {
    if (a.version > latest) {
      throw new StoreError(
        'newer-schema',
        file,
        `was written by a newer Hindsight (schema v${a.version}; this version understands up to v${latest}). Update Hindsight to open it.`,
      );
    }
    const m = known.get(a.version);
    if (!m || migrationHash(m) !== a.hash) {
      throw new StoreError(
        'drifted-history',
        file,
        `its schema history does not match this Hindsight (migration v${a.version} "${a.name}" differs); refusing to open it`,
      );
    }
  }
  const done = new Set(applied.map((a) => a.version));
  const record = db.prepare('INSERT INTO schema_migrations(version, name, hash, applied_at) VALUES (?, ?, ?, ?)');
  for (const m of migrations) {
    if (done.has(m.version)) continue;
    db.transaction(() => {
      db.exec(m.sql);
      record.run(m.version, m.name, migrationHash(m), Date.now());
    })();
  }
}

/** Opens (or creates) a workspace database, ready to use. Throws StoreError with a clear message. */
export function openDatabase(file: string, opts: OpenOptions = {}): Db {
  const exists = existsSync(file);
  if (!exists && !opts.create) throw new StoreError('not-found', file, 'no such workspace file');
  if (exists) checkHeader(file);
  let db: Db | undefined;
  try {
    db = new Database(file, { readonly: opts.readonly ?? false, fileMustExist: !opts.create });
    if (!exists) chmodSync(file, 0o600); // private to this user; SQLite gives the -wal/-shm files the same mode
    db.pragma('busy_timeout = 5000');
    // 16 KiB pages store sample chunks ~9% smaller than 4 KiB ones (bench/codec.ts); settable only on a new file.
    if (!exists || statSync(file).size === 0) db.pragma('page_size = 16384');
    if (!opts.readonly) {
      db.pragma('journal_mode = WAL');
      db.pragma('synchronous = NORMAL');
    }
    db.pragma('foreign_keys = ON');
    db.pragma('cache_size = -65536');
    db.pragma('temp_store = MEMORY');
    // A damaged file is found here rather than at the first query of a later screen.
    const check = db.pragma('quick_check(1)', { simple: true });
    if (check !== 'ok') throw new StoreError('corrupt', file, `the workspace file is damaged (${String(check)})`);
    if (!opts.readonly) migrate(db, file, opts.migrations);
    return db;
  } catch (err) {
    db?.close();
    throw translate(file, err);
  }
}

export const SCHEMA_VERSION = LATEST_VERSION;
