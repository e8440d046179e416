/**
 * Safe streaming walk over what a person dropped: files, folders, zip, tar, gzip, nested in one another.
 * Reference: David Fifield, "A better zip bomb" (WOOT 2019) and Snyk's "Zip Slip" advisory (2018) for the
 * defences; PKWARE APPNOTE 6.3.10, RFC 1952 and POSIX ustar for the formats.
 *
 * What the walk yields, in order (inputs as given, folders sorted by name, archives in their own order):
 *   - an InputEntry for every file that is not an archive — `open()` gives its decompressed bytes, a fresh
 *     stream on each call, so the importer can read the head to detect the format and then stream the whole;
 *   - a SkippedEntry, with a reason, for everything refused: unsafe names ('../x', '/etc/x', 'C:x'), links in
 *     archives, links on disk that leave the input folder, encrypted or unsupported entries, archives nested
 *     deeper than maxDepth, entries over the ratio or total-size limits, corrupt or unreadable archives, and
 *     data in formats recognised but not read (bzip2, xz, zstd, 7-Zip, RAR, LZ4).
 * '.DS_Store' files and '__MACOSX' folders are passed over silently; directories themselves are not items.
 *
 * Archives are recognised by their magic bytes, never their names ('PK\x03\x04', 1f 8b, 'ustar' at 257).
 * Display paths join containers with '!/': 'dump.zip!/logs/app.log.gz'. A gzip of a plain file keeps the
 * gzip's own path; a gzip of a tar is one archive level ('x.tgz!/a.log').
 *
 * How bytes are read (and how long `open()` works):
 *   - files on disk and entries of a zip on disk are read in place: a zip's central directory is read with
 *     random access and each entry is inflated from its offset, so a zip is never held in memory. Their open()
 *     works as long as the files exist.
 *   - a tar is a sequential stream, so each tar entry is spooled to a temp file (one temp folder per walk, under
 *     the OS temp dir) before it is yielded; a zip or gzip nested inside another archive is spooled the same
 *     way (a zip needs random access). A spooled file is deleted as soon as the walk moves on, so **an entry's
 *     open() is guaranteed only until the next item is requested** (afterwards it fails with a message saying
 *     so); everything left is removed when the walk ends, returns early or throws. Disk use stays near the
 *     size of one entry.
 *
 * Limits (defaults in DEFAULT_LIMITS), enforced on the bytes as they are produced, never only on headers:
 *   - maxRatio: a compressed stream that expands more than maxRatio× (a floor of 1 MiB always allowed) fails.
 *     A zip entry must also inflate to exactly the size its header declares (and match its CRC-32); an entry
 *     declaring more than the ratio allows is skipped up front. Zip entries whose data overlaps another's are
 *     skipped (the overlapping-entry bomb).
 *   - maxTotalBytes: every decompressed byte handed out or spooled counts once (re-reads of the same entry are
 *     not counted again; plain files on disk are not counted). Entries whose declared size would not fit are
 *     skipped; a stream that goes over fails (a .gz while the importer reads it; a tar being spooled stops
 *     there, with a skip of the tar saying so).
 *   - maxEntries: the walk yields at most this many items, then one last skip saying it stopped.
 *   - maxDepth: archives inside archives, at most this deep.
 * Errors raised by open()'s streams are ArchiveErrors whose message names the archive and the entry.
 */
import type { Dirent, Stats } from 'node:fs';
import { createReadStream, createWriteStream } from 'node:fs';
import { mkdtemp, readdir, readlink, realpath, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { isAbsolute, join, relative, sep } from 'node:path';
import { pipeline, Readable } from 'node:stream';
import { pipeline as pipelineAsync } from 'node:stream/promises';
import { createGunzip } from 'node:zlib';
import { extract as tarExtract } from 'tar-stream';
import {
  ArchiveError,
  Budget,
  DEFAULT_LIMITS,
  formatBytes,
  guarded,
  meter,
  ratioCap,
  type ArchiveLimits,
} from './archive/limits';
import { isAppleDouble, isClutter, readHead, safeEntryName, sniffArchive, sniffUnsupported } from './archive/names';
import { METHOD_DEFLATE, METHOD_STORED, ZipReader, zipEntryStream } from './archive/zip';

export { ArchiveError, DEFAULT_LIMITS, type ArchiveLimits };

/** One file to import, wherever it lives. */
export interface InputEntry {
  /** Display path, e.g. 'dump.zip!/logs/app.log.gz'. */
  path: string;
  /** Decompressed size when known before reading (not for the content of a .gz). */
  size?: number;
  /** Decompressed bytes, a fresh stream on each call. See the module comment for how long this works. */
  open(): NodeJS.ReadableStream;
}

/** Something the walk refused or could not read, and why. */
export interface SkippedEntry {
  skipped: true;
  path: string;
  reason: string;
  /**
   * True when the input is damaged rather than refused (a truncated or unreadable archive): the importer
   * reports it as failed, never as a quiet skip, so a cut-off download cannot pass for a whole one.
   */
  damaged?: true;
}

export type WalkItem = InputEntry | SkippedEntry;

/** True for the SkippedEntry items of a walk. */
export function isSkipped(item: WalkItem): item is SkippedEntry {
  return (item as SkippedEntry).skipped === true;
}

/** A byte source the walk is looking at: a file, an entry, or the inside of a gzip. */
interface Source {
  display: string;
  open: () => Readable;
  size?: number;
  /** A file on disk holding exactly these bytes (a zip needs random access). */
  file?: string;
  /** How many archives this source lies inside. */
  depth: number;
  /** Bytes to charge to the budget if it is handed out as an entry (already-spooled bytes are counted). */
  charge: number;
  /** True once the temp file behind this source (or behind its container) has been removed. */
  released?: () => boolean;
}

function skip(path: string, reason: string): SkippedEntry {
  return { skipped: true, path, reason };
}

/** A skip of an input recognised as an archive that cannot be read whole (see SkippedEntry.damaged). */
function damaged(path: string, reason: string): SkippedEntry {
  return { skipped: true, path, reason, damaged: true };
}

/** The reason for a skip of `path`: an ArchiveError about that very path gives its reason, else the message. */
function reasonOf(err: unknown, path: string): string {
  if (err instanceof ArchiveError) {
    const where = err.entry === undefined ? err.archive : `${err.archive}!/${err.entry}`;
    return where === path ? err.reason : err.message;
  }
  return err instanceof Error ? err.message : String(err);
}

function failingStream(err: Error): Readable {
  return new Readable({
    read() {
      this.destroy(err);
    },
  });
}

function nestedTooDeep(kind: string, depth: number, maxDepth: number): string {
  return `a ${kind} archive nested ${depth} deep, more than maxDepth ${maxDepth}; not opened`;
}

/** The stream open() returns once a spooled entry's temp file is gone. */
function noLongerAvailable(display: string): Readable {
  return failingStream(
    new Error(
      `${display}: no longer available: entries read from a tar, or from an archive nested in another, are ` +
        'spooled to a temp file that is removed once the walk moves on; read it before asking for the next entry',
    ),
  );
}

class Walk {
  readonly budget: Budget;
  private tmp?: string;
  private seq = 0;

  constructor(
    readonly limits: ArchiveLimits,
    readonly signal: AbortSignal | undefined,
  ) {
    this.budget = new Budget(limits.maxTotalBytes);
  }

  check(): void {
    this.signal?.throwIfAborted();
  }

  /** Rethrows when the walk was cancelled (so a cancel never turns into a skip). */
  rethrowAbort(err: unknown): void {
    if (this.signal?.aborted) throw err;
  }

  /**
   * Writes a stream to a new temp file, charging every byte to the budget.
   * @throws ArchiveError (naming archive and entry) when the budget runs out; the stream's own errors.
   */
  async spool(
    data: AsyncIterable<Buffer | Uint8Array>,
    archive: string,
    entry: string | undefined,
  ): Promise<{ file: string; size: number }> {
    if (this.tmp === undefined) this.tmp = await mkdtemp(join(tmpdir(), 'hindsight-walk-'));
    const file = join(this.tmp, `${++this.seq}`);
    let size = 0;
    const budget = this.budget;
    const signal = this.signal;
    async function* charged(src: AsyncIterable<Buffer | Uint8Array>): AsyncGenerator<Buffer | Uint8Array> {
      for await (const chunk of src) {
        signal?.throwIfAborted();
        const over = budget.charge(chunk.length);
        if (over) throw new ArchiveError(archive, entry, over);
        size += chunk.length;
        yield chunk;
      }
    }
    try {
      await pipelineAsync(data, charged, createWriteStream(file));
    } catch (err) {
      await rm(file, { force: true });
      throw err;
    }
    return { file, size };
  }

  async cleanup(): Promise<void> {
    if (this.tmp !== undefined) await rm(this.tmp, { recursive: true, force: true });
  }
}

function checkLimits(limits: Partial<ArchiveLimits>): ArchiveLimits {
  const l = { ...DEFAULT_LIMITS, ...limits };
  for (const key of ['maxTotalBytes', 'maxRatio', 'maxEntries'] as const) {
    if (!(typeof l[key] === 'number' && l[key] > 0)) {
      throw new RangeError(`walkInputs: limits.${key} must be a positive number, got ${String(l[key])}`);
    }
  }
  if (!Number.isInteger(l.maxDepth) || l.maxDepth < 0) {
    throw new RangeError(`walkInputs: limits.maxDepth must be a whole number ≥ 0, got ${String(l.maxDepth)}`);
  }
  return l;
}

/**
 * Walks files, folders and archives (see the module comment for the rules), yielding entries to import and
 * skips with reasons. Work is lazy: nothing is read before the consumer asks for the next item.
 * Cost: O(total bytes of archive entries) inflation (heads only for zip entries), spooling of tar entries.
 *
 * @throws RangeError for invalid limits; the signal's reason when aborted. Unreadable inputs never throw:
 *   they become SkippedEntry items.
 */
export async function* walkInputs(
  paths: string[],
  limits: Partial<ArchiveLimits> = {},
  signal?: AbortSignal,
): AsyncGenerator<InputEntry | SkippedEntry> {
  const walk = new Walk(checkLimits(limits), signal);
  let count = 0;
  try {
    for (const input of paths) {
      walk.check();
      for await (const item of walkPath(walk, input)) {
        if (++count > walk.limits.maxEntries) {
          const max = walk.limits.maxEntries;
          yield skip(item.path, `stopped: more than ${max} items (maxEntries); this and the rest were not read`);
          return;
        }
        yield item;
      }
    }
  } finally {
    await walk.cleanup();
  }
}

function statKey(st: Stats): string | undefined {
  return st.ino === 0 ? undefined : `${st.dev}:${st.ino}`;
}

function isInside(target: string, root: string): boolean {
  const rel = relative(root, target);
  return rel === '' || (rel !== '..' && !rel.startsWith(`..${sep}`) && !isAbsolute(rel));
}

function diskSource(path: string, size: number): Source {
  return { display: path, file: path, size, depth: 0, charge: 0, open: () => createReadStream(path) };
}

async function* walkPath(walk: Walk, input: string): AsyncGenerator<WalkItem> {
  let st: Stats;
  try {
    st = await stat(input);
  } catch (err) {
    yield skip(input, `cannot read: ${(err as Error).message}`);
    return;
  }
  if (st.isDirectory()) {
    let root: string;
    try {
      root = await realpath(input);
    } catch (err) {
      yield skip(input, `cannot read: ${(err as Error).message}`);
      return;
    }
    const key = statKey(st);
    yield* walkDir(walk, input, root, input, new Set(key ? [key] : []), new Set());
  } else if (st.isFile()) {
    yield* walkSource(walk, diskSource(input, st.size));
  } else {
    yield skip(input, 'not a regular file or folder');
  }
}

async function* walkDir(
  walk: Walk,
  dir: string,
  root: string,
  rootDisplay: string,
  dirsSeen: Set<string>,
  filesSeen: Set<string>,
): AsyncGenerator<WalkItem> {
  let list: Dirent[];
  try {
    list = await readdir(dir, { withFileTypes: true });
  } catch (err) {
    yield skip(dir, `cannot list the folder: ${(err as Error).message}`);
    return;
  }
  list.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  for (const d of list) {
    walk.check();
    if (d.name === '.DS_Store' || d.name === '__MACOSX') continue;
    const path = join(dir, d.name);
    let st: Stats;
    try {
      if (d.isSymbolicLink()) {
        let target: string;
        try {
          target = await realpath(path);
        } catch {
          yield skip(path, `broken symbolic link (to '${await readlink(path).catch(() => '?')}')`);
          continue;
        }
        if (!isInside(target, root)) {
          yield skip(path, `symbolic link to '${target}', outside the input folder '${rootDisplay}'; not followed`);
          continue;
        }
        st = await stat(target);
      } else if (d.isDirectory() || d.isFile()) {
        st = await stat(path);
      } else {
        yield skip(path, 'not a regular file (socket, pipe or device)');
        continue;
      }
    } catch (err) {
      yield skip(path, `cannot read: ${(err as Error).message}`);
      continue;
    }
    const key = statKey(st);
    if (st.isDirectory()) {
      if (key !== undefined && dirsSeen.has(key)) {
        yield skip(path, 'a link to a folder that is already being read (loop or duplicate); not read twice');
        continue;
      }
      if (key !== undefined) dirsSeen.add(key);
      yield* walkDir(walk, path, root, rootDisplay, dirsSeen, filesSeen);
    } else if (st.isFile()) {
      if (key !== undefined && filesSeen.has(key)) {
        yield skip(path, 'the same file as one already read (a link); not read twice');
        continue;
      }
      if (key !== undefined) filesSeen.add(key);
      yield* walkSource(walk, diskSource(path, st.size));
    } else {
      yield skip(path, 'not a regular file (socket, pipe or device)');
    }
  }
}

/** Looks at a source's first bytes: an archive is walked into, anything else is yielded as an entry. */
async function* walkSource(walk: Walk, src: Source): AsyncGenerator<WalkItem> {
  walk.check();
  let head: Buffer;
  try {
    head = await readHead(src.open);
  } catch (err) {
    walk.rethrowAbort(err);
    yield skip(src.display, `cannot read: ${reasonOf(err, src.display)}`);
    return;
  }
  const kind = sniffArchive(head);
  if (kind === undefined) {
    const other = sniffUnsupported(head);
    if (other !== undefined) {
      yield skip(src.display, `${other} data, which is not read here; unpack it first (zip, tar, gzip are read)`);
      return;
    }
    if (src.depth > 0 && isAppleDouble(head)) {
      yield skip(src.display, 'macOS resource-fork file (AppleDouble), not data');
      return;
    }
    if (src.charge > 0) {
      const over = walk.budget.charge(src.charge);
      if (over) {
        yield skip(src.display, over);
        return;
      }
    }
    yield { path: src.display, size: src.size, open: src.open };
    return;
  }
  if (src.depth + 1 > walk.limits.maxDepth) {
    yield skip(src.display, nestedTooDeep(kind, src.depth + 1, walk.limits.maxDepth));
    return;
  }
  if (kind === 'zip') yield* walkZip(walk, src);
  else if (kind === 'tar') yield* walkTar(walk, src.open, src.display, src.depth + 1);
  else yield* walkGzip(walk, src);
}

async function* walkZip(walk: Walk, src: Source): AsyncGenerator<WalkItem> {
  let file = src.file;
  let spooled = false;
  try {
    if (file === undefined) {
      file = (await walk.spool(src.open(), src.display, undefined)).file;
      spooled = true;
    }
  } catch (err) {
    walk.rethrowAbort(err);
    yield skip(src.display, reasonOf(err, src.display));
    return;
  }
  const zipFile = file;
  let zip: ZipReader;
  try {
    zip = await ZipReader.open(zipFile, src.display);
  } catch (err) {
    walk.rethrowAbort(err);
    if (spooled) await rm(zipFile, { force: true });
    yield damaged(src.display, reasonOf(err, src.display));
    return;
  }
  const { maxRatio } = walk.limits;
  let closed = false;
  const released = (): boolean => (spooled && closed) || (src.released?.() ?? false);
  try {
    for (const e of zip.entries) {
      walk.check();
      if (e.isDirectory || isClutter(e.name)) continue;
      const safe = safeEntryName(e.name);
      const where = `${src.display}!/${safe.ok ? safe.name : e.name}`;
      if (!safe.ok) {
        yield skip(where, safe.reason);
        continue;
      }
      const name = safe.name;
      if (e.isSymlink) {
        yield skip(where, 'symbolic link inside an archive; links are not followed');
        continue;
      }
      if (e.encrypted) {
        yield skip(where, 'encrypted entry; it cannot be read without its password');
        continue;
      }
      if (e.method !== METHOD_STORED && e.method !== METHOD_DEFLATE) {
        yield skip(where, `compression method ${e.method} is not supported (only stored and deflate)`);
        continue;
      }
      if (e.method === METHOD_STORED && e.compressedSize !== e.size) {
        yield skip(where, 'stored entry whose two sizes disagree (corrupt)');
        continue;
      }
      if (e.size > ratioCap(e.compressedSize, maxRatio)) {
        yield skip(
          where,
          `declares ${formatBytes(e.size)} from ${formatBytes(e.compressedSize)} compressed, more than ` +
            `${maxRatio}× (maxRatio): a likely zip bomb; not extracted`,
        );
        continue;
      }
      if (e.size > walk.budget.remaining) {
        yield skip(
          where,
          `declares ${formatBytes(e.size)}, more than the ${formatBytes(Math.max(0, walk.budget.remaining))} ` +
            'left of maxTotalBytes; not extracted',
        );
        continue;
      }
      let start: number;
      try {
        start = await zip.dataStart(e);
      } catch (err) {
        walk.rethrowAbort(err);
        yield skip(where, reasonOf(err, where));
        continue;
      }
      const checks = {
        archive: src.display,
        entry: name,
        cap: e.size,
        capReason: () =>
          `inflates to more than the ${e.size} bytes its header declares (a lying header: likely a zip bomb)`,
        expectSize: e.size,
        expectCrc: e.crc,
      };
      const inflate = (): Readable => pipeline(zipEntryStream(zipFile, e, start), meter(checks), () => undefined);
      const open = (): Readable => (released() ? noLongerAvailable(where) : guarded(inflate, src.display, name));
      const entrySource = { display: where, open, size: e.size, depth: src.depth + 1, charge: e.size, released };
      yield* walkSource(walk, entrySource);
    }
  } finally {
    closed = true;
    await zip.close();
    if (spooled) await rm(zipFile, { force: true });
  }
}

async function* walkGzip(walk: Walk, src: Source): AsyncGenerator<WalkItem> {
  if (src.size === undefined) {
    // Only the inside of another gzip has no known size, and walkGzip spools that before coming here.
    yield skip(src.display, 'gzip stream of unknown size; not opened');
    return;
  }
  const { maxRatio } = walk.limits;
  const compressed = src.size;
  const cap = ratioCap(compressed, maxRatio);
  const capReason = (): string =>
    `expands to more than ${maxRatio}× its ${formatBytes(compressed)} compressed (maxRatio): a likely ` +
    'compression bomb; stopped';
  const inflated = (seen?: { bytes: number }) => (): Readable =>
    guarded(
      () =>
        pipeline(
          src.open(),
          createGunzip(),
          meter({ archive: src.display, cap, capReason, budget: seen ? walk.budget : undefined, seen }),
          () => undefined,
        ),
      src.display,
      undefined,
    );
  const container = inflated();
  const released = src.released;
  let head: Buffer;
  try {
    head = await readHead(container);
  } catch (err) {
    walk.rethrowAbort(err);
    yield damaged(src.display, `not a readable gzip stream: ${reasonOf(err, src.display)}`);
    return;
  }
  const inner = sniffArchive(head);
  if (inner === 'tar') {
    yield* walkTar(walk, container, src.display, src.depth + 1);
    return;
  }
  if (inner === undefined) {
    const other = sniffUnsupported(head);
    if (other !== undefined) {
      yield skip(src.display, `${other} data inside a gzip, which is not read here; unpack it first`);
      return;
    }
    if (src.depth > 0 && isAppleDouble(head)) {
      yield skip(src.display, 'macOS resource-fork file (AppleDouble), not data');
      return;
    }
    const leaf = inflated({ bytes: 0 });
    yield { path: src.display, open: () => (released?.() ? noLongerAvailable(src.display) : leaf()) };
    return;
  }
  // A zip or gzip inside the gzip: spool the inflated bytes (a zip needs random access, a gzip a known size).
  if (src.depth + 2 > walk.limits.maxDepth) {
    yield skip(src.display, nestedTooDeep(inner, src.depth + 2, walk.limits.maxDepth));
    return;
  }
  let spool: { file: string; size: number };
  try {
    spool = await walk.spool(container(), src.display, undefined);
  } catch (err) {
    walk.rethrowAbort(err);
    yield skip(src.display, reasonOf(err, src.display));
    return;
  }
  let removed = false;
  try {
    yield* walkSource(walk, spooledSource(spool, src.display, src.depth + 1, () => removed));
  } finally {
    removed = true;
    await rm(spool.file, { force: true });
  }
}

function spooledSource(
  spool: { file: string; size: number },
  display: string,
  depth: number,
  released: () => boolean,
): Source {
  const open = (): Readable => (released() ? noLongerAvailable(display) : createReadStream(spool.file));
  return { display, file: spool.file, size: spool.size, depth, charge: 0, open, released };
}

async function* walkTar(
  walk: Walk,
  open: () => Readable,
  display: string,
  depth: number,
): AsyncGenerator<WalkItem> {
  const input = open();
  const extract = tarExtract();
  // The input's own error (a truncated gzip, a ratio breach) says more than the tar parser's echo of it.
  let inputError: unknown;
  input.on('error', (err) => {
    inputError = err;
    extract.destroy(err);
  });
  input.pipe(extract);
  let entries = 0;
  let current: string | undefined;
  try {
    for await (const entry of extract) {
      walk.check();
      const h = entry.header;
      if (h.type === 'directory' || isClutter(h.name)) {
        entry.resume();
        continue;
      }
      const safe = safeEntryName(h.name);
      const where = `${display}!/${safe.ok ? safe.name : h.name}`;
      let refusal: string | undefined;
      if (!safe.ok) refusal = safe.reason;
      else if (h.type === 'symlink' || h.type === 'link') {
        const kind = h.type === 'symlink' ? 'symbolic' : 'hard';
        refusal = `${kind} link to '${h.linkname}' inside an archive; links are not followed`;
      } else if (h.type !== 'file' && h.type !== 'contiguous-file') {
        refusal = `not a regular file (tar entry type ${h.type})`;
      } else if (h.size > walk.budget.remaining) {
        const left = formatBytes(Math.max(0, walk.budget.remaining));
        refusal = `${formatBytes(h.size)}, more than the ${left} left of maxTotalBytes; not extracted`;
      }
      if (refusal !== undefined || !safe.ok) {
        entry.resume();
        yield skip(where, refusal ?? 'refused');
        continue;
      }
      current = safe.name;
      const spool = await walk.spool(entry as unknown as AsyncIterable<Buffer>, display, safe.name);
      current = undefined;
      entries++;
      let released = false;
      try {
        yield* walkSource(walk, spooledSource(spool, where, depth, () => released));
      } finally {
        released = true;
        await rm(spool.file, { force: true });
      }
    }
  } catch (err) {
    walk.rethrowAbort(err);
    const why = reasonOf(inputError ?? err, display);
    const at = current === undefined ? '' : ` in entry '${current}'`;
    const before = entries === 0 ? '' : `; the ${entries} entr${entries === 1 ? 'y' : 'ies'} before it stand as sources of their own`;
    yield damaged(
      display,
      entries === 0 && current === undefined
        ? `not a readable tar archive: ${why}`
        : `stopped${at} after ${entries} entr${entries === 1 ? 'y' : 'ies'}: ${why}${before}`,
    );
  } finally {
    extract.destroy();
    input.destroy();
  }
}
