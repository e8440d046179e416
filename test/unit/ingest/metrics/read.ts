/** Test helpers: read a fixture (or a string) with a reader and gather what came out. */
import { readFileSync } from 'node:fs';
import { Readable } from 'node:stream';
import { fileURLToPath } from 'node:url';
import type { MetricReadContext } from '../../../../core/ingest/formats/metrics';
import type { FormatReader, Labels, SamplesRecord, Sniff } from '../../../../core/ingest/types';

export const FIXTURES = fileURLToPath(new URL('../../../fixtures/formats/metrics/', import.meta.url));

export function fixturePath(name: string): string {
  return FIXTURES + name;
}

export function fixtureBytes(name: string): Buffer {
  return readFileSync(fixturePath(name));
}

/** A Sniff as the registry builds it: first 64 KiB decoded as UTF-8, BOM kept. */
export function sniffBytes(buf: Buffer, name = 'file'): Sniff {
  return { name, head: buf.subarray(0, 65536).toString('utf8'), complete: buf.length <= 65536 };
}

export interface Series {
  name: string;
  labels: Labels;
  unit?: string;
  ts: number[];
  values: number[];
}

export interface ReadResult {
  series: Series[];
  records: SamplesRecord[];
  bad: { line: number; message: string }[];
  notes: string[];
  batches: number;
  /** The series with this name (and these labels, when given); throws when absent. */
  get(name: string, labels?: Labels): Series;
}

function key(name: string, labels: Labels): string {
  return `${name}${JSON.stringify(Object.entries(labels).sort(([a], [b]) => (a < b ? -1 : 1)))}`;
}

export type Options = Partial<MetricReadContext> & { chunk?: number };

/** Reads `bytes` (split into chunks of `chunk` bytes, default all at once) with `reader`. */
export async function readBytes(reader: FormatReader, bytes: Buffer, opts: Options = {}): Promise<ReadResult> {
  const bad: { line: number; message: string }[] = [];
  const notes: string[] = [];
  const { chunk, ...rest } = opts;
  const ctx: MetricReadContext = {
    file: 'fixture.txt',
    zone: 'UTC',
    skipBadLines: false,
    onBadLine: (line, message) => bad.push({ line, message }),
    onNote: (m) => notes.push(m),
    ...rest,
  };
  const size = chunk ?? Math.max(1, bytes.length);
  const parts: Buffer[] = [];
  for (let i = 0; i < bytes.length; i += size) parts.push(bytes.subarray(i, i + size));
  const records: SamplesRecord[] = [];
  let batches = 0;
  for await (const batch of reader.read(() => Readable.from(parts), ctx)) {
    batches++;
    for (const r of batch) if (r.kind === 'samples') records.push(r);
  }
  const map = new Map<string, Series>();
  for (const r of records) {
    const k = key(r.name, r.labels);
    let s = map.get(k);
    if (!s) {
      s = { name: r.name, labels: r.labels, ts: [], values: [] };
      if (r.unit !== undefined) s.unit = r.unit;
      map.set(k, s);
    }
    s.ts.push(...r.ts);
    s.values.push(...r.values);
  }
  const series = [...map.values()];
  return {
    series,
    records,
    bad,
    notes,
    batches,
    get(name: string, labels?: Labels): Series {
      const hit = series.find((s) => s.name === name && (labels === undefined || key(name, s.labels) === key(name, labels)));
      if (!hit) throw new Error(`no series ${name} ${JSON.stringify(labels)} in ${series.map((s) => key(s.name, s.labels)).join(' | ')}`);
      return hit;
    },
  };
}

export function readFixture(reader: FormatReader, name: string, opts: Options = {}): Promise<ReadResult> {
  return readBytes(reader, fixtureBytes(name), { file: name, ...opts });
}

export function readText(reader: FormatReader, text: string, opts: Options = {}): Promise<ReadResult> {
  return readBytes(reader, Buffer.from(text, 'utf8'), opts);
}

export const sec = (s: number): number => s * 1000;
