/**
 * Entry names and magic bytes: which archive a stream is (by content, never by extension), whether an entry's
 * name is safe to use as a path, and which entries are platform clutter. Reference: the "Zip Slip" advisory
 * (Snyk, 2018) for the name rules; PKWARE APPNOTE 6.3.10, RFC 1952 and POSIX.1-2001 ustar for the magic bytes.
 */
import { type Readable } from 'node:stream';

export type ArchiveKind = 'zip' | 'gzip' | 'tar';

/** Bytes needed to recognise every kind (ustar's magic sits at 257..262). */
export const SNIFF_BYTES = 512;

/**
 * The archive kind of a stream from its first bytes, or undefined for anything else.
 * zip: 'PK\x03\x04' (a local header) or 'PK\x05\x06' (an empty zip); gzip: 1f 8b 08; tar: 'ustar' at 257.
 */
export function sniffArchive(head: Uint8Array): ArchiveKind | undefined {
  if (head.length >= 4 && head[0] === 0x50 && head[1] === 0x4b) {
    if ((head[2] === 3 && head[3] === 4) || (head[2] === 5 && head[3] === 6)) return 'zip';
  }
  if (head.length >= 3 && head[0] === 0x1f && head[1] === 0x8b && head[2] === 8) return 'gzip';
  if (
    head.length >= 262 &&
    head[257] === 0x75 && // u
    head[258] === 0x73 && // s
    head[259] === 0x74 && // t
    head[260] === 0x61 && // a
    head[261] === 0x72 // r
  ) {
    return 'tar';
  }
  return undefined;
}

const UNSUPPORTED: { name: string; magic: number[]; at?: number }[] = [
  { name: 'bzip2', magic: [0x31, 0x41, 0x59, 0x26, 0x53, 0x59], at: 4 }, // 'BZh1'..'BZh9' then the block magic
  { name: 'xz', magic: [0xfd, 0x37, 0x7a, 0x58, 0x5a, 0x00] },
  { name: 'zstd', magic: [0x28, 0xb5, 0x2f, 0xfd] },
  { name: '7-Zip', magic: [0x37, 0x7a, 0xbc, 0xaf, 0x27, 0x1c] },
  { name: 'RAR', magic: [0x52, 0x61, 0x72, 0x21, 0x1a, 0x07] },
  { name: 'LZ4', magic: [0x04, 0x22, 0x4d, 0x18] },
];

/**
 * The name of a compression or archive format that is recognised but not read (bzip2, xz, zstd, 7-Zip, RAR,
 * LZ4), or undefined. Such a file is skipped with a reason instead of being handed to the importer as text.
 */
export function sniffUnsupported(head: Uint8Array): string | undefined {
  for (const f of UNSUPPORTED) {
    const at = f.at ?? 0;
    if (head.length < at + f.magic.length) continue;
    if (f.name === 'bzip2' && !(head[0] === 0x42 && head[1] === 0x5a && head[2] === 0x68)) continue;
    if (f.magic.every((b, i) => head[at + i] === b)) return f.name;
  }
  return undefined;
}

/** macOS resource-fork files ('._name', AppleDouble magic 00 05 16 07) carry no data anyone imported on purpose. */
export function isAppleDouble(head: Uint8Array): boolean {
  return head.length >= 4 && head[0] === 0 && head[1] === 5 && head[2] === 0x16 && head[3] === 7;
}

/** Names skipped silently wherever they appear: Finder's folder settings and zip's resource-fork folder. */
export function isClutter(name: string): boolean {
  const parts = name.split(/[\\/]/);
  return parts.includes('__MACOSX') || parts[parts.length - 1] === '.DS_Store';
}

export type SafeName = { ok: true; name: string } | { ok: false; reason: string };

/**
 * Checks an entry name from inside an archive and normalises it to 'a/b/c' (backslashes read as separators,
 * '.' and empty segments dropped). Refused: NUL bytes, absolute paths ('/x', '\\server\x'), drive letters
 * ('C:x'), and any '..' segment — even one that would stay inside — since no legitimate export needs it.
 */
export function safeEntryName(raw: string): SafeName {
  if (raw.includes('\0')) return { ok: false, reason: 'entry name contains a NUL byte' };
  const name = raw.replace(/\\/g, '/');
  if (name.startsWith('/')) return { ok: false, reason: `absolute path '${raw}' in an archive; not extracted` };
  if (/^[A-Za-z]:/.test(name)) return { ok: false, reason: `drive-letter path '${raw}' in an archive; not extracted` };
  const parts = name.split('/').filter((p) => p !== '' && p !== '.');
  if (parts.includes('..')) {
    return { ok: false, reason: `path traversal: '${raw}' climbs out of the archive with '..'; not extracted` };
  }
  if (parts.length === 0) return { ok: false, reason: `empty entry name '${raw}'` };
  return { ok: true, name: parts.join('/') };
}

/** Reads up to `n` bytes from a fresh stream, then closes it. Rejects only if the stream fails before `n` bytes. */
export async function readHead(open: () => NodeJS.ReadableStream, n = SNIFF_BYTES): Promise<Buffer> {
  const stream = open() as Readable;
  const chunks: Buffer[] = [];
  let have = 0;
  try {
    for await (const chunk of stream) {
      const b = chunk as Buffer;
      chunks.push(b);
      have += b.length;
      if (have >= n) break;
    }
  } finally {
    stream.destroy();
  }
  return Buffer.concat(chunks).subarray(0, n);
}
