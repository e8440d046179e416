/**
 * Fuzz: every fixture of logs, events and topology, mutated (truncated, bytes flipped, a huge line
 * inserted, invalid UTF-8 inserted, brackets and quotes added or removed), read by the reader that
 * owns the fixture and by whatever readers claim the mutated bytes, strict and skipping. Reading must
 * end cleanly or with a ParseError — nothing else — and never hang. detect() must never throw.
 */
import { readdirSync, readFileSync } from 'node:fs';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { ParseError, type FormatReader } from '../../../../core/ingest/types';
import { allReaders, claims, fixture, readText, sniffText } from './helpers';

const HANG_MS = 5000;

type Mutation =
  | { op: 'truncate'; at: number }
  | { op: 'flip'; at: number; byte: number }
  | { op: 'huge'; at: number; byte: number }
  | { op: 'utf8'; at: number; bytes: readonly number[] }
  | { op: 'nest'; at: number; text: string }
  | { op: 'drop'; at: number; len: number };

const mutation: fc.Arbitrary<Mutation> = fc.oneof(
  fc.record({ op: fc.constant('truncate' as const), at: fc.nat() }),
  fc.record({ op: fc.constant('flip' as const), at: fc.nat(), byte: fc.integer({ min: 0, max: 255 }) }),
  fc.record({
    op: fc.constant('utf8' as const),
    at: fc.nat(),
    bytes: fc.constantFrom([0xff], [0xc3], [0xed, 0xa0, 0x80], [0xf0, 0x9f], [0xe2, 0x82], [0x80, 0x80]),
  }),
  fc.record({ op: fc.constant('nest' as const), at: fc.nat(), text: fc.constantFrom('{', '}', '[', ']', '"', '[[[[', '}}]]', '{"a":', '\n', '\r\n', ',', '\\') }),
  fc.record({ op: fc.constant('drop' as const), at: fc.nat(), len: fc.integer({ min: 1, max: 40 }) }),
);

function apply(buf: Buffer, muts: Mutation[]): Buffer {
  let b = buf;
  for (const m of muts) {
    const at = b.length === 0 ? 0 : m.at % (b.length + 1);
    switch (m.op) {
      case 'truncate':
        b = b.subarray(0, at);
        break;
      case 'flip':
        if (b.length > 0) {
          b = Buffer.from(b);
          b[Math.min(at, b.length - 1)] = m.byte;
        }
        break;
      case 'huge':
        b = Buffer.concat([b.subarray(0, at), Buffer.alloc((1 << 20) + 4096, m.byte), b.subarray(at)]);
        break;
      case 'utf8':
        b = Buffer.concat([b.subarray(0, at), Buffer.from(m.bytes), b.subarray(at)]);
        break;
      case 'nest':
        b = Buffer.concat([b.subarray(0, at), Buffer.from(m.text), b.subarray(at)]);
        break;
      case 'drop':
        b = Buffer.concat([b.subarray(0, at), b.subarray(at + m.len)]);
        break;
    }
  }
  return b;
}

async function settle(reader: FormatReader, bytes: Buffer, skip: boolean, chunk: number): Promise<'ok' | 'parse-error'> {
  let timer: NodeJS.Timeout | undefined;
  const hang = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`${reader.id} did not finish within ${HANG_MS} ms`)), HANG_MS);
  });
  try {
    await Promise.race([readText(reader, bytes, { skipBadLines: skip, file: 'fuzz' }, chunk), hang]);
    return 'ok';
  } catch (err) {
    if (err instanceof ParseError) return 'parse-error';
    throw new Error(`${reader.id} threw ${(err as Error)?.stack ?? String(err)}`, { cause: err });
  } finally {
    clearTimeout(timer);
  }
}

const files = (['logs', 'events', 'topology'] as const).flatMap((k) => readdirSync(fixture(k, '')).map((f) => [k, f] as const));

const HUGE_BYTES = [0x78, 0x22, 0x7b, 0x5b, 0x2c, 0x20, 0xe2];

describe('readers under mutated input', () => {
  for (const [kind, name] of files) {
    it(`end cleanly or with ParseError on mutations of ${kind}/${name}`, async () => {
      const original = readFileSync(fixture(kind, name));
      const owner = allReaders.find((r) => r.id === claims(sniffText(original.toString('utf8')))[0]?.id);
      expect(owner).toBeDefined();
      await fc.assert(
        fc.asyncProperty(
          fc.array(mutation, { minLength: 1, maxLength: 3 }),
          fc.integer({ min: 1, max: 4096 }),
          fc.boolean(),
          async (muts, chunk, skip) => {
            const bytes = apply(original, muts);
            const sniff = sniffText(bytes.subarray(0, 64 * 1024).toString('utf8'));
            sniff.complete = bytes.length <= 64 * 1024;
            const readers = new Set<FormatReader>([owner as FormatReader]);
            for (const r of allReaders) {
              const score = r.detect(sniff);
              expect(score).toBeGreaterThanOrEqual(0);
              expect(score).toBeLessThanOrEqual(1);
              if (score >= 0.5) readers.add(r);
            }
            // Small chunks exercise boundaries; at most ~64 chunks a file keeps the run fast.
            const size = Math.max(chunk, Math.ceil(bytes.length / 64));
            for (const r of readers) await settle(r, bytes, skip, size);
          },
        ),
        { seed: 20240115, numRuns: 12 },
      );
    });
  }

  // A line over the 1 MiB limit, of one byte repeated, in the middle of each fixture (one byte per fixture,
  // in turn, so every kind of byte meets every family of reader): costly, so one case a fixture.
  files.forEach(([kind, name], i) => {
    it(`end cleanly or with ParseError with a huge line inside ${kind}/${name}`, async () => {
      const original = readFileSync(fixture(kind, name));
      const owner = allReaders.find((r) => r.id === claims(sniffText(original.toString('utf8')))[0]?.id) as FormatReader;
      const bytes = apply(original, [{ op: 'huge', at: Math.floor(original.length / 2), byte: HUGE_BYTES[i % HUGE_BYTES.length] }]);
      await settle(owner, bytes, i % 2 === 0, Math.ceil(bytes.length / 64));
    });
  });
});
