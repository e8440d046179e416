/**
 * Test helpers: read a fixture with a reader, sniff a fixture, and the list of all readers of
 * logs, events and topology.
 */
import { createReadStream, readFileSync, statSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Readable } from 'node:stream';
import type { FormatReader, IngestRecord, ReadContext, Sniff } from '../../../../core/ingest/types';
import { eventReaders } from '../../../../core/ingest/formats/events';
import { logReaders } from '../../../../core/ingest/formats/logs';
import { topologyReaders } from '../../../../core/ingest/formats/topology';

export const FIXTURES = join(dirname(fileURLToPath(import.meta.url)), '../../../fixtures/formats');

export const allReaders: FormatReader[] = [...logReaders, ...eventReaders, ...topologyReaders];

export function fixture(kind: 'logs' | 'events' | 'topology', name: string): string {
  return join(FIXTURES, kind, name);
}

export function sniffFile(path: string): Sniff {
  const buf = readFileSync(path);
  const head = buf.subarray(0, 64 * 1024).toString('utf8');
  return { name: path, head, complete: statSync(path).size <= 64 * 1024 };
}

export function sniffText(text: string, name = 'inline'): Sniff {
  return { name, head: text.slice(0, 64 * 1024), complete: text.length <= 64 * 1024 };
}

/** The readers that claim a sniff (confidence ≥ 0.5), best first. */
export function claims(sniff: Sniff, readers = allReaders): { id: string; score: number }[] {
  return readers
    .map((r) => ({ id: r.id, score: r.detect(sniff) }))
    .filter((c) => c.score >= 0.5)
    .sort((a, b) => b.score - a.score);
}

export interface TestContext extends ReadContext {
  bad: { line: number; message: string }[];
}

export function context(over: Partial<ReadContext> = {}): TestContext {
  const bad: { line: number; message: string }[] = [];
  return {
    file: 'test.log',
    zone: 'UTC',
    skipBadLines: false,
    onBadLine: (line, message) => bad.push({ line, message }),
    bad,
    ...over,
  };
}

export async function collect<T extends IngestRecord = IngestRecord>(
  reader: FormatReader,
  open: () => NodeJS.ReadableStream,
  ctx: ReadContext,
): Promise<T[]> {
  const out: T[] = [];
  for await (const batch of reader.read(open, ctx)) out.push(...(batch as T[]));
  return out;
}

/** Reads a fixture file with a reader. */
export function readFixture<T extends IngestRecord = IngestRecord>(
  reader: FormatReader,
  path: string,
  over: Partial<ReadContext> = {},
): Promise<T[]> {
  return collect<T>(reader, () => createReadStream(path, { highWaterMark: 1024 }), context({ file: path, ...over }));
}

/** Reads text (given as chunks, to exercise chunk boundaries) with a reader. */
export function readText<T extends IngestRecord = IngestRecord>(
  reader: FormatReader,
  text: string | Buffer,
  over: Partial<ReadContext> = {},
  chunk = 7,
): Promise<T[]> {
  const buf = typeof text === 'string' ? Buffer.from(text, 'utf8') : text;
  const open = (): NodeJS.ReadableStream => {
    const parts: Buffer[] = [];
    for (let i = 0; i < buf.length; i += chunk) parts.push(buf.subarray(i, i + chunk));
    return Readable.from(parts);
  };
  return collect<T>(reader, open, context(over));
}
