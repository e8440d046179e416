/**
 * A streaming zip reader: the central directory is read with random access, each entry's data is streamed from
 * its offset through zlib's raw inflate, so a zip is never loaded into memory. Reference: PKWARE APPNOTE.TXT
 * 6.3.10 (end of central directory, ZIP64 records, central and local headers, general-purpose flags).
 */
import { createReadStream } from 'node:fs';
import { open, type FileHandle } from 'node:fs/promises';
import { PassThrough, pipeline, type Readable } from 'node:stream';
import { createInflateRaw } from 'node:zlib';
import { ArchiveError } from './limits';

const SIG_EOCD = 0x06054b50;
const SIG_ZIP64_LOCATOR = 0x07064b50;
const SIG_ZIP64_EOCD = 0x06064b50;
const SIG_CENTRAL = 0x02014b50;
const SIG_LOCAL = 0x04034b50;
/** Central directories larger than this are refused (100k entries with long names need ~40 MiB). */
export const MAX_CENTRAL_DIRECTORY_BYTES = 64 * 1024 * 1024;

export const METHOD_STORED = 0;
export const METHOD_DEFLATE = 8;

export interface ZipEntry {
  /** The name as stored (decoded as UTF-8, or Latin-1 when it is not valid UTF-8). */
  name: string;
  method: number;
  flags: number;
  crc: number;
  compressedSize: number;
  size: number;
  localHeaderOffset: number;
  isDirectory: boolean;
  isSymlink: boolean;
  encrypted: boolean;
}

export interface ZipDirectory {
  entries: ZipEntry[];
  /** Offset of the central directory: every entry's data must end before it. */
  centralOffset: number;
  /** Local-header offsets of all entries, ascending (to find entries whose data overlaps another's). */
  sortedOffsets: number[];
}

const utf8 = new TextDecoder('utf-8', { fatal: true });

function decodeName(bytes: Buffer, utf8Flag: boolean): string {
  if (utf8Flag) return bytes.toString('utf8');
  try {
    return utf8.decode(bytes);
  } catch {
    return bytes.toString('latin1');
  }
}

function u64(b: Buffer, at: number): number {
  const lo = b.readUInt32LE(at);
  const hi = b.readUInt32LE(at + 4);
  if (hi >= 2 ** 21) throw new Error('a 64-bit size or offset beyond 2^53');
  return hi * 2 ** 32 + lo;
}

async function readAt(fh: FileHandle, position: number, length: number): Promise<Buffer> {
  const buf = Buffer.alloc(length);
  const { bytesRead } = await fh.read(buf, 0, length, position);
  if (bytesRead !== length) throw new Error(`unexpected end of file at byte ${position + bytesRead}`);
  return buf;
}

/** Reads the central directory (see ZipReader.open). */
async function readZipDirectory(fh: FileHandle, display: string): Promise<ZipDirectory> {
  const fail = (reason: string): ArchiveError => new ArchiveError(display, undefined, `not a readable zip: ${reason}`);
  try {
    const { size } = await fh.stat();
    const tailLen = Math.min(size, 22 + 0xffff);
    const tail = await readAt(fh, size - tailLen, tailLen);
    let eocd = -1;
    for (let i = tailLen - 22; i >= 0; i--) {
      if (tail.readUInt32LE(i) === SIG_EOCD) {
        eocd = i;
        break;
      }
    }
    if (eocd < 0) throw fail('no end-of-central-directory record (truncated or not a zip)');
    const eocdPos = size - tailLen + eocd;
    if (tail.readUInt16LE(eocd + 4) !== 0 || tail.readUInt16LE(eocd + 6) !== 0) {
      throw fail('multi-volume (split) zips are not supported');
    }
    let count = tail.readUInt16LE(eocd + 10);
    let cdSize = tail.readUInt32LE(eocd + 12);
    let cdOffset = tail.readUInt32LE(eocd + 16);
    let cdEnd = eocdPos;
    if (count === 0xffff || cdSize === 0xffffffff || cdOffset === 0xffffffff) {
      if (eocdPos < 20) throw fail('ZIP64 markers without a ZIP64 locator');
      const loc = await readAt(fh, eocdPos - 20, 20);
      if (loc.readUInt32LE(0) !== SIG_ZIP64_LOCATOR) throw fail('ZIP64 markers without a ZIP64 locator');
      const recPos = u64(loc, 8);
      if (recPos + 56 > eocdPos) throw fail('ZIP64 record out of place');
      const rec = await readAt(fh, recPos, 56);
      if (rec.readUInt32LE(0) !== SIG_ZIP64_EOCD) throw fail('bad ZIP64 end-of-central-directory record');
      count = u64(rec, 32);
      cdSize = u64(rec, 40);
      cdOffset = u64(rec, 48);
      cdEnd = recPos;
    }
    if (cdOffset + cdSize > cdEnd) throw fail('central directory runs past its end record');
    if (cdSize > MAX_CENTRAL_DIRECTORY_BYTES) {
      throw fail(`central directory of ${cdSize} bytes is larger than the ${MAX_CENTRAL_DIRECTORY_BYTES} accepted`);
    }
    const cd = await readAt(fh, cdOffset, cdSize);
    const entries: ZipEntry[] = [];
    let p = 0;
    for (let k = 0; k < count; k++) {
      if (p + 46 > cd.length || cd.readUInt32LE(p) !== SIG_CENTRAL) throw fail(`bad central header #${k + 1}`);
      const madeBy = cd.readUInt16LE(p + 4);
      const flags = cd.readUInt16LE(p + 8);
      const method = cd.readUInt16LE(p + 10);
      const crc = cd.readUInt32LE(p + 16);
      let compressedSize = cd.readUInt32LE(p + 20);
      let uncompressed = cd.readUInt32LE(p + 24);
      const nameLen = cd.readUInt16LE(p + 28);
      const extraLen = cd.readUInt16LE(p + 30);
      const commentLen = cd.readUInt16LE(p + 32);
      const external = cd.readUInt32LE(p + 38);
      let localHeaderOffset = cd.readUInt32LE(p + 42);
      const end = p + 46 + nameLen + extraLen + commentLen;
      if (end > cd.length) throw fail(`central header #${k + 1} runs past the directory`);
      const name = decodeName(cd.subarray(p + 46, p + 46 + nameLen), (flags & 0x800) !== 0);
      // ZIP64 extended information: the 0xffffffff fields, in this order.
      let x = p + 46 + nameLen;
      const xEnd = x + extraLen;
      while (x + 4 <= xEnd) {
        const id = cd.readUInt16LE(x);
        const len = cd.readUInt16LE(x + 2);
        if (id === 0x0001) {
          let q = x + 4;
          const qEnd = Math.min(q + len, xEnd);
          if (uncompressed === 0xffffffff && q + 8 <= qEnd) {
            uncompressed = u64(cd, q);
            q += 8;
          }
          if (compressedSize === 0xffffffff && q + 8 <= qEnd) {
            compressedSize = u64(cd, q);
            q += 8;
          }
          if (localHeaderOffset === 0xffffffff && q + 8 <= qEnd) localHeaderOffset = u64(cd, q);
        }
        x += 4 + len;
      }
      const host = madeBy >>> 8;
      const unixMode = external >>> 16;
      entries.push({
        name,
        method,
        flags,
        crc,
        compressedSize,
        size: uncompressed,
        localHeaderOffset,
        isDirectory: name.endsWith('/') || name.endsWith('\\') || (host === 0 && (external & 0x10) !== 0),
        isSymlink: (host === 3 || host === 19) && (unixMode & 0o170000) === 0o120000,
        encrypted: (flags & 1) !== 0,
      });
      p = end;
    }
    const sortedOffsets = entries.map((e) => e.localHeaderOffset).sort((a, b) => a - b);
    return { entries, centralOffset: cdOffset, sortedOffsets };
  } catch (err) {
    if (err instanceof ArchiveError) throw err;
    throw fail((err as Error).message);
  }
}

/** An open zip: its directory, and the data offset of each entry. Close it when the walk leaves the zip. */
export class ZipReader {
  private constructor(
    private readonly fh: FileHandle,
    readonly file: string,
    readonly display: string,
    readonly dir: ZipDirectory,
  ) {}

  /**
   * Opens the zip at `file` (`display` names it in errors) and reads its central directory.
   * Handles ZIP64, UTF-8 and legacy names, data descriptors (sizes come from the central directory).
   *
   * @throws ArchiveError when there is no end-of-central-directory record, the zip spans several disks, or the
   *   directory is malformed or larger than MAX_CENTRAL_DIRECTORY_BYTES.
   */
  static async open(file: string, display: string): Promise<ZipReader> {
    const fh = await open(file, 'r');
    try {
      return new ZipReader(fh, file, display, await readZipDirectory(fh, display));
    } catch (err) {
      await fh.close();
      throw err;
    }
  }

  get entries(): ZipEntry[] {
    return this.dir.entries;
  }

  /**
   * Where an entry's data starts, from its local header; checks that the data lies before the central directory
   * and that no other entry's header lies inside it (overlapping entries are the "better zip bomb" trick).
   *
   * @throws ArchiveError naming the entry when the local header is missing or the data overlaps another entry.
   */
  async dataStart(e: ZipEntry): Promise<number> {
    const fail = (reason: string): ArchiveError => new ArchiveError(this.display, e.name, reason);
    let header: Buffer;
    try {
      header = await readAt(this.fh, e.localHeaderOffset, 30);
    } catch {
      throw fail('local header lies past the end of the file');
    }
    if (header.readUInt32LE(0) !== SIG_LOCAL) throw fail('no local header where the central directory points');
    const start = e.localHeaderOffset + 30 + header.readUInt16LE(26) + header.readUInt16LE(28);
    const end = start + e.compressedSize;
    if (end > this.dir.centralOffset) throw fail('entry data runs into the central directory (corrupt)');
    // The next local header after this one must not start before this entry's data ends.
    const offs = this.dir.sortedOffsets;
    let lo = 0;
    let hi = offs.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (offs[mid] <= e.localHeaderOffset) lo = mid + 1;
      else hi = mid;
    }
    const sameStart = lo >= 2 && offs[lo - 2] === e.localHeaderOffset;
    if (sameStart || (lo < offs.length && offs[lo] < end)) {
      throw fail('entry data overlaps another entry (a zip-bomb construction); not extracted');
    }
    return start;
  }

  async close(): Promise<void> {
    await this.fh.close();
  }
}

/** The raw (still compressed) bytes of an entry, then inflated when deflated: a fresh stream on every call. */
export function zipEntryStream(file: string, e: ZipEntry, dataStart: number): Readable {
  if (e.compressedSize === 0) {
    const empty = new PassThrough();
    empty.end();
    return empty;
  }
  const raw = createReadStream(file, { start: dataStart, end: dataStart + e.compressedSize - 1 });
  if (e.method === METHOD_STORED) return raw;
  const inflate = createInflateRaw();
  return pipeline(raw, inflate, () => undefined);
}
