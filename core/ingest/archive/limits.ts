/**
 * Limits for archive walking, enforced on the bytes as they are produced (headers can lie): the error type,
 * the walk-wide budget of uncompressed bytes, and the metering stream stage that checks both while inflating.
 * Reference: David Fifield, "A better zip bomb", WOOT 2019 (overlap, ratio and total-size defences).
 */
import { Readable, Transform } from 'node:stream';
import { crc32 } from 'node:zlib';

export interface ArchiveLimits {
  /** Most uncompressed bytes the walk may produce (entries handed out + temp spools). Default 20 GiB. */
  maxTotalBytes: number;
  /** Most expansion of one compressed stream (uncompressed / compressed bytes). Default 200. */
  maxRatio: number;
  /** Most items (entries and skips) the walk yields. Default 100,000. */
  maxEntries: number;
  /** Most archives nested inside one another (a .tar.gz counts once). Default 3. */
  maxDepth: number;
}

export const DEFAULT_LIMITS: ArchiveLimits = {
  maxTotalBytes: 20 * 1024 ** 3,
  maxRatio: 200,
  maxEntries: 100_000,
  maxDepth: 3,
};

/**
 * A stream may always expand to this many bytes whatever its ratio: ratios mean nothing for tiny inputs (a
 * 100-byte gzip of a 30 KB log is legitimate), and a 1 MiB "bomb" is harmless.
 */
export const RATIO_FLOOR_BYTES = 1024 * 1024;

/** An archive or one of its entries could not be read, or broke a limit. The message names both. */
export class ArchiveError extends Error {
  constructor(
    /** Display path of the archive (itself possibly inside another, 'a.zip!/b.tgz'). */
    readonly archive: string,
    /** Entry name inside the archive, when the problem is one entry's. */
    readonly entry: string | undefined,
    /** What went wrong, for people. */
    readonly reason: string,
  ) {
    super(`${entry === undefined ? archive : `${archive}!/${entry}`}: ${reason}`);
    this.name = 'ArchiveError';
  }
}

export function formatBytes(n: number): string {
  const units = ['bytes', 'KiB', 'MiB', 'GiB', 'TiB'];
  let v = n;
  let u = 0;
  while (v >= 1024 && u < units.length - 1) {
    v /= 1024;
    u++;
  }
  return u === 0 ? `${n} bytes` : `${v.toFixed(v < 10 ? 1 : 0)} ${units[u]}`;
}

/** The walk-wide count of uncompressed bytes produced so far. */
export class Budget {
  used = 0;
  constructor(readonly max: number) {}

  get remaining(): number {
    return this.max - this.used;
  }

  /** Counts `n` more bytes; returns an error message when that goes over the limit (the bytes stay counted). */
  charge(n: number): string | undefined {
    this.used += n;
    return this.used > this.max
      ? `the walk's total uncompressed size went over ${formatBytes(this.max)} (maxTotalBytes); stopped`
      : undefined;
  }
}

/** Most bytes a stream with `compressed` input bytes may inflate to under `maxRatio`. */
export function ratioCap(compressed: number, maxRatio: number): number {
  return Math.max(compressed * maxRatio, RATIO_FLOOR_BYTES);
}

export interface MeterOptions {
  archive: string;
  entry?: string;
  /** Most bytes this stream may produce; `capReason(n)` explains a breach. */
  cap?: number;
  capReason?: (produced: number) => string;
  /** Walk budget to charge; `seen` is shared by every open() of one entry so re-reads are not charged twice. */
  budget?: Budget;
  seen?: { bytes: number };
  /** At the end: the exact byte count and CRC-32 the archive declares. */
  expectSize?: number;
  expectCrc?: number;
}

/** A pass-through stage that counts bytes and fails the stream (with an ArchiveError) as soon as a limit breaks. */
export function meter(o: MeterOptions): Transform {
  let produced = 0;
  let crc = 0;
  const fail = (reason: string): ArchiveError => new ArchiveError(o.archive, o.entry, reason);
  return new Transform({
    transform(chunk: Buffer, _encoding, done) {
      produced += chunk.length;
      if (o.cap !== undefined && produced > o.cap) {
        done(fail(o.capReason ? o.capReason(produced) : `more than ${o.cap} bytes`));
        return;
      }
      if (o.budget && o.seen && produced > o.seen.bytes) {
        const over = o.budget.charge(produced - o.seen.bytes);
        o.seen.bytes = produced;
        if (over) {
          done(fail(over));
          return;
        }
      }
      if (o.expectCrc !== undefined) crc = crc32(chunk, crc);
      done(null, chunk);
    },
    flush(done) {
      if (o.expectSize !== undefined && produced !== o.expectSize) {
        done(fail(`ends after ${produced} of the ${o.expectSize} bytes its header declares (truncated or corrupt)`));
      } else if (o.expectCrc !== undefined && crc >>> 0 !== o.expectCrc >>> 0) {
        done(fail('CRC-32 does not match the archive header (corrupt data)'));
      } else {
        done();
      }
    },
  });
}

/**
 * Runs `make()` (a chain of stages) behind one plain Readable whose errors always name the archive and entry:
 * an ArchiveError passes as is, anything else (a zlib or file error) is wrapped. Destroying the result destroys
 * the chain.
 */
export function guarded(make: () => Readable, archive: string, entry: string | undefined): Readable {
  async function* run(): AsyncGenerator<Buffer> {
    try {
      for await (const chunk of make()) yield chunk as Buffer;
    } catch (err) {
      if (err instanceof ArchiveError) throw err;
      throw new ArchiveError(archive, entry, `cannot read: ${(err as Error).message}`);
    }
  }
  return Readable.from(run(), { objectMode: false });
}
