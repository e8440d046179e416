/**
 * Robustness: every reader is fed every fixture, mutated (truncated, bytes flipped, a huge line,
 * invalid UTF-8, brackets added or removed, deep nesting), in random chunk sizes. A reader must
 * either finish cleanly or throw a ParseError, and finish each case in bounded time; detect() must
 * never throw and stay within [0, 1].
 */
import { readdirSync } from 'node:fs';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { metricReaders } from '../../../../core/ingest/formats/metrics';
import { ParseError } from '../../../../core/ingest/types';
import { FIXTURES, fixtureBytes, readBytes, sniffBytes } from './read';

const FILES = readdirSync(FIXTURES).sort();
const FIXTURE_BYTES = FILES.map((f) => fixtureBytes(f));
/** Bound on one case: far above the few ms a case takes, far below a hang. */
const CASE_MS = 5_000;

type Mutation = (b: Buffer) => Buffer;

const at = (b: Buffer, frac: number): number => Math.floor(frac * (b.length + 1));
const insert = (b: Buffer, pos: number, x: Buffer): Buffer => Buffer.concat([b.subarray(0, pos), x, b.subarray(pos)]);

const frac = fc.double({ min: 0, max: 1, noNaN: true, maxExcluded: true });

const mutation: fc.Arbitrary<Mutation> = fc.oneof(
  frac.map((f) => (b: Buffer) => b.subarray(0, at(b, f))),
  fc.array(fc.tuple(frac, fc.integer({ min: 0, max: 255 })), { minLength: 1, maxLength: 8 }).map((flips) => (b: Buffer) => {
    const c = Buffer.from(b);
    for (const [f, v] of flips) if (c.length > 0) c[Math.min(c.length - 1, at(c, f))] = v;
    return c;
  }),
  fc
    .tuple(frac, fc.constantFrom('a', '9', '"', '{', '[', ',', ' ', '\\', '}'), fc.integer({ min: 10_000, max: 300_000 }))
    .map(([f, ch, n]) => (b: Buffer) => insert(b, at(b, f), Buffer.from(ch.repeat(n)))),
  fc
    .tuple(frac, fc.constantFrom([0xff], [0xfe, 0xff], [0xc3], [0x80, 0x80], [0xe2, 0x82], [0xf0, 0x9f, 0x98]))
    .map(([f, bytes]) => (b: Buffer) => insert(b, at(b, f), Buffer.from(bytes))),
  fc
    .tuple(frac, fc.constantFrom('{', '}', '[', ']', '"', '{"a":', ']]]]', '}{', '\n'))
    .map(([f, s]) => (b: Buffer) => insert(b, at(b, f), Buffer.from(s))),
  fc.tuple(frac, fc.constantFrom('{', '}', '[', ']', '"', ',', ':')).map(([f, ch]) => (b: Buffer) => {
    const s = b.toString('latin1');
    const from = at(b, f);
    const k = s.indexOf(ch, from) >= 0 ? s.indexOf(ch, from) : s.indexOf(ch);
    return k < 0 ? b : Buffer.concat([b.subarray(0, k), b.subarray(k + 1)]);
  }),
  fc
    .tuple(frac, fc.integer({ min: 100, max: 5_000 }))
    .map(([f, n]) => (b: Buffer) => insert(b, at(b, f), Buffer.from('['.repeat(n) + ']'.repeat(n)))),
);

const input = fc.record({
  fixture: fc.integer({ min: 0, max: FILES.length - 1 }),
  mutations: fc.array(mutation, { minLength: 1, maxLength: 3 }),
  chunk: fc.oneof(fc.integer({ min: 1, max: 64 }), fc.integer({ min: 65, max: 70_000 })),
  skipBadLines: fc.boolean(),
});

describe('metric readers under mutated input', () => {
  for (const reader of metricReaders) {
    it(`${reader.id}: finishes cleanly or with a ParseError, in bounded time`, async () => {
      await fc.assert(
        fc.asyncProperty(input, async ({ fixture, mutations, chunk, skipBadLines }) => {
          let bytes = FIXTURE_BYTES[fixture];
          for (const m of mutations) bytes = m(bytes);
          const score = reader.detect(sniffBytes(bytes));
          expect(score).toBeGreaterThanOrEqual(0);
          expect(score).toBeLessThanOrEqual(1);
          const t0 = performance.now();
          try {
            // Byte-sized chunks only for small inputs, to keep each case fast.
            const size = bytes.length > 50_000 ? Math.max(chunk, 8192) : chunk;
            const r = await readBytes(reader, bytes, { chunk: size, skipBadLines });
            for (const s of r.records) expect(s.ts.length).toBe(s.values.length);
          } catch (e) {
            if (!(e instanceof ParseError)) throw e;
            expect(skipBadLines).toBe(false);
          }
          expect(performance.now() - t0).toBeLessThan(CASE_MS);
        }),
        { numRuns: 60, seed: 20_240_115 },
      );
    });
  }
});
