import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  BitReader,
  BitWriter,
  chunkCount,
  chunkInfo,
  decodeChunk,
  encodeChunk,
  type EncodeOptions,
} from '../../../core/store/gorilla';
import { seededRandom as rng } from '../../../core/analysis/stats';

const MINUTE = 60_000;
const T0 = Date.UTC(2024, 0, 1);

/** The raw bits of a Float64Array, so NaN payloads and -0 compare exactly. */
function bits(a: Float64Array): number[] {
  return Array.from(new Uint32Array(a.buffer, a.byteOffset, a.length * 2));
}

function fromBits(words: number[]): Float64Array {
  return new Float64Array(Uint32Array.from(words).buffer);
}

function roundTrip(ts: Float64Array | number[], values: Float64Array, options?: EncodeOptions): Float64Array {
  const out = decodeChunk(encodeChunk(ts, values, options));
  expect(Array.from(out.ts)).toEqual(Array.from(ts));
  expect(bits(out.values)).toEqual(bits(values));
  return out.values;
}


function regular(n: number, step = MINUTE): Float64Array {
  return Float64Array.from({ length: n }, (_, i) => T0 + i * step);
}

describe('BitWriter and BitReader', () => {
  it('read back any sequence of 1..32-bit fields exactly', () => {
    fc.assert(
      fc.property(
        fc.array(fc.tuple(fc.integer({ min: 1, max: 32 }), fc.integer({ min: 0, max: 0xffffffff })), {
          maxLength: 200,
        }),
        (fields) => {
          const w = new BitWriter(1);
          for (const [n, v] of fields) w.write(v, n);
          const total = fields.reduce((s, [n]) => s + n, 0);
          expect(w.bitLength).toBe(total);
          const bytes = w.finish();
          expect(bytes.length).toBe(Math.ceil(total / 8));
          const r = new BitReader(bytes);
          for (const [n, v] of fields) expect(r.read(n)).toBe(n === 32 ? v : v % 2 ** n);
          expect(r.overrun).toBe(false);
        },
      ),
    );
  });

  it('writes 64-bit two-complement integers across the float64-exact range', () => {
    const xs = [0, 1, -1, 2 ** 32, -(2 ** 32), 2 ** 52 + 1, -(2 ** 53 - 1), 123456789012345];
    const w = new BitWriter();
    w.write(1, 3); // misalign on purpose
    for (const x of xs) w.writeInt64(x);
    const r = new BitReader(w.finish());
    expect(r.read(3)).toBe(1);
    for (const x of xs) expect(r.readInt64()).toBe(x);
  });
});

describe('encodeChunk / decodeChunk: exact round trip', () => {
  it('keeps every float64 bit pattern: NaN payloads, ±Inf, -0, subnormals, extremes', () => {
    const special = [
      NaN,
      Infinity,
      -Infinity,
      -0,
      0,
      Number.MIN_VALUE,
      -Number.MIN_VALUE,
      Number.MAX_VALUE,
      -Number.MAX_VALUE,
      Number.EPSILON,
      1,
      0.1,
    ];
    const values = new Float64Array(special);
    const ts = regular(values.length);
    roundTrip(ts, values);
    roundTrip(ts, values, { values: 'xor' });
    // A signalling NaN and a NaN with a payload, written bit by bit.
    const payloads = fromBits([0x00000001, 0x7ff00000, 0xdeadbeef, 0xfff80000, 0, 0x3ff00000, 0x00000001, 0x7ff00000]);
    roundTrip(regular(4), payloads);
    roundTrip(regular(4), payloads, { values: 'xor' });
  });

  it('round-trips arbitrary bit patterns (property)', () => {
    fc.assert(
      fc.property(
        fc.array(fc.tuple(fc.integer({ min: 0, max: 0xffffffff }), fc.integer({ min: 0, max: 0xffffffff })), {
          minLength: 1,
          maxLength: 300,
        }),
        fc.constantFrom<EncodeOptions['values']>('auto', 'xor'),
        (pairs, mode) => {
          const values = fromBits(pairs.flat());
          roundTrip(regular(values.length), values, { values: mode });
        },
      ),
    );
  });

  it('round-trips mixtures of decimals, integers, repeats and specials (property)', () => {
    const value = fc.oneof(
      fc.integer({ min: -1_000_000, max: 1_000_000 }).map((m) => m / 1000),
      fc
        .tuple(fc.integer({ min: -(2 ** 40), max: 2 ** 40 }), fc.integer({ min: 0, max: 12 }))
        .map(([m, e]) => m / 10 ** e),
      fc.integer({ min: -(2 ** 40), max: 2 ** 40 }),
      fc.constantFrom(NaN, Infinity, -Infinity, -0, 0, 42),
      fc.double(),
    );
    fc.assert(
      fc.property(fc.array(value, { minLength: 1, maxLength: 300 }), fc.boolean(), (vals, minMax) => {
        const values = Float64Array.from(vals);
        roundTrip(regular(values.length), values, { minMax });
      }),
    );
  });

  it('keeps decimal coding exact around NaN gaps, distinct NaN payloads, -0 and ±Inf', () => {
    const nanA = fromBits([0x00000001, 0x7ff80000])[0];
    const values = new Float64Array(200);
    for (let i = 0; i < 200; i++) values[i] = Math.round(Math.sin(i / 7) * 1000) / 1000;
    const words = new Uint32Array(values.buffer);
    for (let i = 20; i < 40; i++) values[i] = NaN; // a gap: a run of identical NaNs
    for (let i = 50; i < 56; i++) values[i] = i % 2 === 0 ? NaN : nanA; // alternating payloads: no false repeats
    words[2 * 60] = 0xdeadbeef; // a NaN with another payload, written through the bits
    words[2 * 60 + 1] = 0x7ff00000;
    values[70] = -0;
    values[71] = Infinity;
    values[72] = -Infinity;
    const chunk = encodeChunk(regular(200), values);
    expect(chunkInfo(chunk).coding).toMatch(/^decimal/);
    expect(bits(decodeChunk(chunk).values)).toEqual(bits(values));
  });

  it('round-trips irregular timestamps: gaps, duplicates, negative times, deltas beyond 32 bits (property)', () => {
    const step = fc.oneof(
      fc.constant(0),
      fc.integer({ min: 1, max: 100 }),
      fc.integer({ min: 59_000, max: 61_000 }),
      fc.integer({ min: 0, max: 2 ** 36 }),
      fc.integer({ min: 0, max: 2 ** 45 }),
    );
    fc.assert(
      fc.property(
        fc.integer({ min: -(2 ** 48), max: 2 ** 48 }),
        fc.array(step, { maxLength: 300 }),
        (start, steps) => {
          const ts = [start];
          for (const s of steps) ts.push(Math.min(ts[ts.length - 1] + s, 2 ** 52));
          const values = Float64Array.from(ts, (_, i) => Math.sin(i));
          roundTrip(ts, values);
        },
      ),
    );
  });

  it('handles the extreme timestamps: ±2^52 and a jump across the whole range', () => {
    roundTrip([-(2 ** 52), 0, 2 ** 52, 2 ** 52], new Float64Array([1, 2, 3, 4]));
    roundTrip([-(2 ** 52), 2 ** 52], new Float64Array([1, 2]));
  });

  it('accepts number[] as well as Float64Array, and the empty and one-sample chunks', () => {
    const out = decodeChunk(encodeChunk([T0, T0 + 1], [1.5, 2.5]));
    expect(Array.from(out.values)).toEqual([1.5, 2.5]);
    const empty = encodeChunk([], []);
    expect(chunkCount(empty)).toBe(0);
    expect(decodeChunk(empty).ts.length).toBe(0);
    roundTrip([T0], new Float64Array([-0]));
  });

  it('decodes a chunk that is a view into a larger buffer', () => {
    const chunk = encodeChunk(regular(50), Float64Array.from({ length: 50 }, (_, i) => i * 0.25));
    const big = new Uint8Array(chunk.length + 13);
    big.set(chunk, 7);
    const out = decodeChunk(big.subarray(7, 7 + chunk.length));
    expect(out.values[49]).toBe(12.25);
  });
});

describe('encodeChunk: size', () => {
  it('stores a constant regular 1-minute series in about 2 bits per sample', () => {
    const n = 240;
    const chunk = encodeChunk(regular(n), new Float64Array(n).fill(0.75));
    // Header ≤ 30 bytes, then 1 bit per timestamp and 1 bit per value after the first.
    expect(chunk.length).toBeLessThanOrEqual(30 + 8 + 60);
  });

  it('stores a regular 1-minute gauge printed with 3 decimals in ≤ 2 bytes/sample', () => {
    const r = rng(1);
    const n = 240;
    const values = Float64Array.from({ length: n }, (_, i) =>
      Number((0.4 + 0.1 * Math.sin(i / 30) + 0.02 * r()).toFixed(3)),
    );
    const chunk = encodeChunk(regular(n), values);
    expect(chunkInfo(chunk).coding).not.toBe('xor');
    expect(chunk.length / n).toBeLessThanOrEqual(2);
    // Plain Gorilla XOR does far worse on printed decimals; the decimal mode is what makes the difference.
    expect(encodeChunk(regular(n), values, { values: 'xor' }).length / n).toBeGreaterThan(4);
  });

  it('keeps a printed-decimal gauge with NaN gaps in decimal coding, ≤ 2 bytes/sample', () => {
    const r = rng(5);
    const n = 240;
    const values = Float64Array.from({ length: n }, (_, i) =>
      i % 60 < 15 ? NaN : Number((50 + 5 * Math.sin(i / 30) + r()).toFixed(2)),
    );
    const chunk = encodeChunk(regular(n), values);
    expect(chunkInfo(chunk).coding).not.toBe('xor');
    expect(chunk.length / n).toBeLessThanOrEqual(2);
  });

  it('stores a regular 1-minute integer counter in ≤ 1.5 bytes/sample', () => {
    const r = rng(2);
    const n = 240;
    let c = 1e9;
    const values = Float64Array.from({ length: n }, () => (c += 500 + Math.floor(r() * 40)));
    const chunk = encodeChunk(regular(n), values);
    expect(chunk.length / n).toBeLessThanOrEqual(1.5);
  });

  it('keeps full-precision noise in about 7 bytes/sample (XOR; it cannot do much better on random mantissas)', () => {
    const r = rng(3);
    const n = 240;
    const values = Float64Array.from({ length: n }, () => 0.05 + r() * 0.01 + r() * 1e-9);
    const chunk = encodeChunk(regular(n), values);
    expect(chunkInfo(chunk).coding).toBe('xor');
    expect(chunk.length / n).toBeLessThan(8.5);
  });

  it('spends 16 bits on a jittered timestamp and 1 bit on a regular one', () => {
    const values = new Float64Array(101).fill(1);
    const exact = encodeChunk(regular(101), values, { minMax: false });
    const jitter = regular(101);
    for (let i = 1; i < 101; i += 2) jitter[i] += 3;
    const jittered = encodeChunk(jitter, values, { minMax: false });
    expect((jittered.length - exact.length) * 8).toBeGreaterThanOrEqual(99 * 15);
    expect((jittered.length - exact.length) * 8).toBeLessThanOrEqual(100 * 16);
  });
});

describe('chunkCount / chunkInfo: the header alone', () => {
  it('gives count, first and last timestamp, and min/max ignoring NaN', () => {
    const ts = [T0 - 5, T0, T0 + 3 * MINUTE];
    const chunk = encodeChunk(ts, [NaN, -2.5, 7]);
    expect(chunkCount(chunk)).toBe(3);
    const info = chunkInfo(chunk);
    expect(info).toMatchObject({ count: 3, firstTs: T0 - 5, lastTs: T0 + 3 * MINUTE, min: -2.5, max: 7 });
  });

  it('reports NaN min/max when every value is NaN or when min/max were left out', () => {
    expect(chunkInfo(encodeChunk([1, 2], [NaN, NaN])).min).toBeNaN();
    const info = chunkInfo(encodeChunk([1, 2], [3, 4], { minMax: false }));
    expect(info.max).toBeNaN();
    expect(info.count).toBe(2);
  });

  it('reads a negative first timestamp', () => {
    expect(chunkInfo(encodeChunk([-123456789, -5], [1, 1])).firstTs).toBe(-123456789);
  });
});

describe('encodeChunk / decodeChunk: refusals', () => {
  it('refuses mismatched lengths, fractional, non-finite, out-of-range or decreasing timestamps', () => {
    expect(() => encodeChunk([1, 2], [1])).toThrow(/2 timestamps but 1 values/);
    expect(() => encodeChunk([1.5], [1])).toThrow(/timestamp #0 is 1.5/);
    expect(() => encodeChunk([NaN], [1])).toThrow(/timestamp #0 is NaN/);
    expect(() => encodeChunk([2 ** 53], [1])).toThrow(/within ±2\^52/);
    expect(() => encodeChunk([5, 4], [1, 1])).toThrow(/#1 \(4\) < #0 \(5\)/);
  });

  it('rejects an empty buffer, an unknown version and truncated chunks with a message, never garbage', () => {
    expect(() => decodeChunk(new Uint8Array(0))).toThrow(/empty/);
    expect(() => decodeChunk(new Uint8Array([9, 0]))).toThrow(/version 9/);
    const r = rng(4);
    const values = Float64Array.from({ length: 200 }, () => r());
    const chunk = encodeChunk(regular(200), values);
    for (const cut of [3, 20, chunk.length - 40, chunk.length - 1]) {
      expect(() => decodeChunk(chunk.subarray(0, cut))).toThrow(/corrupt chunk/);
    }
  });

  it('refuses a header whose count the body cannot hold before allocating for it', () => {
    const chunk = encodeChunk([1, 2], [1, 2], { minMax: false });
    // Rewrite the count varint (byte 2 in decimal mode) into a 2^35-ish value.
    const forged = new Uint8Array([chunk[0], chunk[1], 0xff, 0xff, 0xff, 0xff, 0x7f, ...chunk.subarray(3)]);
    expect(() => decodeChunk(forged)).toThrow(/corrupt chunk/);
  });
});
