/**
 * Opening a workspace file: one SQLite database per investigation (`*.hindsight`), WAL mode,
 * schema brought to the latest version by migrations whose recorded hashes must match.
 * A workspace is marked (`PRAGMA application_id` = HINDSIGHT_APPLICATION_ID): any other non-empty
 * SQLite file is refused before it is opened for writing, and left byte for byte as it was.
 * Every failure to open becomes a StoreError with a sentence a person understands.
 */
import { createHash } from 'node:crypto';
import { accessSync, closeSync, constants, existsSync, openSync, readFileSync, readSync, statSync, type Stats } from 'node:fs';
import { dirname } from 'node:path';
import Database from 'better-sqlite3';
import { LATEST_VERSION, MIGRATIONS, type Migration } from './migrations';
import { StoreError } from './errors';
import { BUSY_TIMEOUT_MS } from './write-lock';

export type Db = Database.Database;

export interface OpenOptions {
  /** Create the file when missing (default false: a missing file is an error). */
  create?: boolean;
  readonly?: boolean;
  /** Migrations to apply; tests pass their own list to exercise refusal. */
  migrations?: readonly Migration[];
}

/** The mark of a Hindsight workspace in the SQLite header (`PRAGMA application_id`): ASCII 'HSGT'. */
export const HINDSIGHT_APPLICATION_ID = 0x48534754;

const SQLITE_MAGIC = 'SQLite format 3\u0000';
/** The SQLite header: magic, then fields at fixed offsets (sqlite.org/fileformat.html §1.3). */
const HEADER_BYTES = 100;
const OFFSET_WRITE_VERSION = 18;
const OFFSET_READ_VERSION = 19;
const OFFSET_APPLICATION_ID = 68;
/** Write/read version 2 in the header: the file is in WAL mode. */
const WAL_VERSION = 2;
/**
 * An unmarked file is read whole into memory to look for our migrations table (so SQLite never opens it and
 * never creates -wal/-shm beside it); larger unmarked files are refused rather than read.
 */
const UNMARKED_CHECK_MAX_BYTES = 1 << 30;

const notSqlite = (file: string): StoreError =>
  new StoreError('not-sqlite', file, 'is not a Hindsight workspace (not an SQLite database file)');

export function migrationHash(m: Migration): string {
  return createHash('sha256').update(`${m.version}\n${m.name}\n${m.sql}`).digest('hex');
}

/** The SQLite header of a non-empty file; throws 'not-sqlite' when there is none. */
function readHeader(file: string): Buffer {
  const fd = openSync(file, 'r');
  try {
    const header = Buffer.alloc(HEADER_BYTES);
    const n = readSync(fd, header, 0, HEADER_BYTES, 0);
    if (n < HEADER_BYTES || header.toString('latin1', 0, SQLITE_MAGIC.length) !== SQLITE_MAGIC) throw notSqlite(file);
    return header;
  } finally {
    closeSync(fd);
  }
}

/**
 * The application id and recorded migrations of a file whose header carries no mark, read without changing
 * it or creating anything beside it. A file in rollback-journal mode, or one whose -wal and -shm exist (it is
 * open elsewhere: its newest pages, the mark among them, may be in the -wal still), is opened read-only; a
 * file in WAL mode without them (so the file holds everything) is read into memory and opened there.
 * `recorded` is null when there is no migrations table.
 */
function inspectUnmarked(
  file: string,
  header: Buffer,
  size: number,
): { applicationId: number; recorded: { version: number; hash: string }[] | null } {
  const wal = header[OFFSET_WRITE_VERSION] === WAL_VERSION || header[OFFSET_READ_VERSION] === WAL_VERSION;
  let db: Db;
  if (!wal || (existsSync(`${file}-wal`) && existsSync(`${file}-shm`))) {
    db = new Database(file, { readonly: true, fileMustExist: true });
  } else {
    if (size > UNMARKED_CHECK_MAX_BYTES) {
      throw new StoreError('foreign', file, 'is an SQLite database without the Hindsight mark, too large to check; refusing to open it');
    }
    const copy = readFileSync(file);
    // An in-memory database cannot be in WAL mode: the private copy is marked rollback-journal.
    copy[OFFSET_WRITE_VERSION] = 1;
    copy[OFFSET_READ_VERSION] = 1;
    db = new Database(copy, { readonly: true });
  }
  try {
    const applicationId = db.pragma('application_id', { simple: true }) as number;
    const table = db.prepare("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'schema_migrations'").get();
    const recorded = table
      ? (db.prepare('SELECT version, hash FROM schema_migrations ORDER BY version').all() as { version: number; hash: string }[])
      : null;
    return { applicationId, recorded };
  } finally {
    db.close();
  }
}

/**
 * Whether a non-empty file may be opened as a workspace: 'marked' (our application id), 'unmarked' (a
 * workspace of an earlier Hindsight: no id, but our migrations with matching hashes; it gets the mark when
 * opened for writing). Anything else throws 'not-sqlite' or 'foreign', and the file is left as it was.
 */
export function identify(file: string, size: number, migrations: readonly Migration[] = MIGRATIONS): 'marked' | 'unmarked' {
  const header = readHeader(file);
  const foreign = new StoreError(
    'foreign',
    file,
    'is an SQLite database of another application, not a Hindsight workspace; it was left unchanged. Name a new *.hindsight file to create a workspace',
  );
  const headerId = header.readInt32BE(OFFSET_APPLICATION_ID);
  if (headerId === HINDSIGHT_APPLICATION_ID) return 'marked';
  if (headerId !== 0) throw foreign;
  let found: ReturnType<typeof inspectUnmarked>;
  try {
    found = inspectUnmarked(file, header, size);
  } catch (err) {
    throw translate(file, err);
  }
  if (found.applicationId === HINDSIGHT_APPLICATION_ID) return 'marked';
  const hashes = new Map(migrations.map((m) => [m.version, migrationHash(m)]));
  const ours = found.applicationId === 0 && found.recorded?.length && found.recorded.every((r) => hashes.get(r.version) === r.hash);
  if (!ours) throw foreign;
  return 'unmarked';
}

/**
 * Why a workspace cannot be opened for writing, or null when it can: the file is marked read-only
 * (no write bit: honoured even for root), is not writable by this user, or lies in a folder where
 * SQLite cannot create its -wal beside it.
 */
function readOnlyReason(file: string, st: Stats): string | null {
  const writable = (path: string, mode: number): boolean => {
    if ((mode & 0o222) === 0) return false;
    try {
      accessSync(path, constants.W_OK);
      return true;
    } catch {
      return false;
    }
  };
  if (!writable(file, st.mode)) return `is read-only (mode ${(st.mode & 0o777).toString(8).padStart(4, '0')})`;
  const folder = dirname(file);
  if (!existsSync(`${file}-wal`) && !writable(folder, statSync(folder).mode)) {
    return `is in a read-only folder (${folder}), where SQLite cannot create the journal it writes beside the workspace`;
  }
  return null;
}

/** The file's status, or null when it does not exist. */
function statOrNull(file: string): Stats | null {
  try {
    return statSync(file);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return null;
    throw err;
  }
}

/** Creates an empty workspace file readable and writable by its owner only (0600; SQLite gives -wal/-shm the same). */
function createPrivate(file: string): void {
  try {
    closeSync(openSync(file, 'wx', 0o600));
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    if (code === 'EEXIST') return;
    if (code === 'ENOENT') throw new StoreError('not-found', file, `cannot create the workspace: the folder ${dirname(file)} does not exist`);
    if (code === 'EACCES' || code === 'EROFS') {
      throw new StoreError('read-only', file, `cannot create the workspace: the folder ${dirname(file)} is not writable`);
    }
    throw err;
  }
}

function translate(file: string, err: unknown): Error {
  if (err instanceof StoreError) return err;
  const msg = err instanceof Error ? err.message : String(err);
  if (/file is not a database|not a database/i.test(msg)) return notSqlite(file);
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

/**
 * Opens (or creates) a workspace database, ready to use. A new or empty file is initialised and marked; a marked
 * file is opened; an unmarked one is opened only when it is a workspace of an earlier Hindsight (and is then
 * marked); any other file is refused before SQLite opens it for writing. Throws StoreError with a clear message.
 */
export function openDatabase(file: string, opts: OpenOptions = {}): Db {
  const migrations = opts.migrations ?? MIGRATIONS;
  let st = statOrNull(file);
  if (st?.isDirectory()) {
    throw new StoreError('is-folder', file, 'is a folder, not a workspace file; name a *.hindsight file (it is created when missing)');
  }
  if (!st && !opts.create) throw new StoreError('not-found', file, 'no such workspace file');
  if (!st) {
    createPrivate(file);
    st = statSync(file);
  }
  const fresh = st.size === 0;
  const mark = fresh ? 'new' : identify(file, st.size, migrations);
  if (!opts.readonly) {
    const reason = readOnlyReason(file, st);
    if (reason) {
      throw new StoreError(
        'read-only',
        file,
        `${reason}; Hindsight writes to a workspace as it imports and analyses. Make it writable (chmod u+w), or copy it to a writable folder`,
      );
    }
  }
  let db: Db | undefined;
  try {
    db = new Database(file, { readonly: opts.readonly ?? false, fileMustExist: true });
    db.pragma(`busy_timeout = ${BUSY_TIMEOUT_MS}`);
    // 16 KiB pages store sample chunks ~9% smaller than 4 KiB ones (bench/codec.ts); settable only on a new file.
    if (fresh) db.pragma('page_size = 16384');
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
    if (!opts.readonly) {
      if (mark !== 'marked') db.pragma(`application_id = ${HINDSIGHT_APPLICATION_ID}`);
      migrate(db, file, migrations);
    }
    return db;
  } catch (err) {
    db?.close();
    throw translate(file, err);
  }
}

export const SCHEMA_VERSION = LATEST_VERSION;
