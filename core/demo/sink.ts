/**
 * A buffered, hashing file writer: text is collected in memory up to ~1 MiB, then written with one
 * awaited write, while its SHA-256 and byte count are kept. Creates parent folders and truncates
 * an existing file, so a dump can be written over an old one.
 */

import { createHash, type Hash } from 'node:crypto';
import { mkdir, open, type FileHandle } from 'node:fs/promises';
import { dirname, join } from 'node:path';

const FLUSH_CHARS = 1 << 20;

export interface WrittenFile {
  path: string;
  bytes: number;
  sha256: string;
}

/** One output file: `push` text, `await flush()` when told, `close()` for its size and hash. */
export class FileSink {
  private parts: string[] = [];
  private chars = 0;
  private bytes = 0;
  private readonly hash: Hash = createHash('sha256');

  private constructor(
    readonly path: string,
    private readonly fh: FileHandle,
  ) {}

  /** Open `rel` (a '/'-separated path) under `root` for writing, truncating it. */
  static async open(root: string, rel: string): Promise<FileSink> {
    const abs = join(root, ...rel.split('/'));
    await mkdir(dirname(abs), { recursive: true });
    return new FileSink(rel, await open(abs, 'w'));
  }

  /** Append text; returns true when the buffer is full and `flush()` should be awaited. */
  push(text: string): boolean {
    this.parts.push(text);
    this.chars += text.length;
    return this.chars >= FLUSH_CHARS;
  }

  async flush(): Promise<void> {
    if (this.chars === 0) return;
    const buf = Buffer.from(this.parts.join(''), 'utf8');
    this.parts = [];
    this.chars = 0;
    this.hash.update(buf);
    this.bytes += buf.length;
    let off = 0;
    while (off < buf.length) off += (await this.fh.write(buf, off, buf.length - off)).bytesWritten;
  }

  /** Flush, close, and say what was written. */
  async close(): Promise<WrittenFile> {
    try {
      await this.flush();
    } finally {
      await this.fh.close();
    }
    return { path: this.path, bytes: this.bytes, sha256: this.hash.digest('hex') };
  }
}

/** Write a whole small text file at once. */
export async function writeSmallFile(root: string, rel: string, text: string): Promise<WrittenFile> {
  const sink = await FileSink.open(root, rel);
  sink.push(text);
  return sink.close();
}
