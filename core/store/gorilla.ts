/**
 * Gorilla chunk codec — Pelkonen et al., "Gorilla: A Fast, Scalable, In-Memory Time Series Database", VLDB 2015,
 * with Prometheus's XOR-chunk timestamp buckets (tsdb/chunkenc/xor.go); decimal mode after ALP (Afroozeh et al.,
 * "ALP: Adaptive Lossless floating-Point Compression", SIGMOD 2024).
 *
 * Layout of a chunk (header fields little-endian, bit stream most significant bit first):
 *
 *   byte 0          format version (low 4 bits, = 1) | flags << 4
 *                   flags: 1 = min/max present, 2 = decimal values, 4 = decimal values as delta-of-delta
 *   [byte]          decimal exponent e (0..18), only in decimal mode
 *   uvarint         count of samples
 *   zigzag varint   first timestamp (integer ms)
 *   uvarint         last timestamp - first timestamp
 *   [f64, f64]      min and max of the non-NaN values (NaN, NaN when there are none), if flagged
 *   bit stream      first the n - 1 timestamps, then the n values.
 *
 * Timestamps: delta-of-delta D = (t_i - t_{i-1}) - (t_{i-1} - t_{i-2}), with the delta before the first one taken
 * as 0 (so the first delta is written as its own D):
 *   '0' D = 0 | '10' + 14 bits | '110' + 17 bits | '1110' + 20 bits | '1111' + 64 bits (two's complement).
 *
 * XOR values (Gorilla): v_0 as 64 raw bits; then X = bits(v_i) XOR bits(v_{i-1}):
 *   '0' X = 0 | '10' + the bits of X inside the previous leading/trailing-zero window |
 *   '11' + 5 bits leading zeros (clamped to 31) + 6 bits window length (64 written as 0) + the window's bits.
 *
 * Decimal values (ALP's idea, with Gorilla-style buckets): when (nearly) every value v equals m / 10^e for an
 * integer |m| < 2^50 — values that were printed with e decimals, counters, integers — the integers m are written
 * as deltas d = m_i - m_{i-1} (m_{-1} = 0), or as delta-of-deltas when that is estimated cheaper:
 *   '0' d = 0 | '10' + 7 bits | '110' + 12 bits | '1110' + 20 bits | '11110' + 32 bits | '111110' + 64 bits |
 *   '1111111' + 64 raw bits of a value that is not m / 10^e (NaN, ±Inf, -0, more decimals): an exception, which
 *   leaves the running integer untouched | '1111110': the same bits as the previous exception (runs of NaN gaps).
 *   The decoder computes m / 10^e exactly as the encoder checked it, so every value still round-trips bit for
 *   bit. encodeChunk falls back to XOR when non-NaN exceptions are frequent, and keeps whichever of the two is
 *   smaller when the decimal stream is large.
 *
 * Values are handled as two 32-bit halves (a Uint32Array view over the Float64Array), so the hot loops use only
 * 32-bit integer arithmetic: no BigInt, no DataView. Every float64 bit pattern round-trips exactly (NaN payloads,
 * ±Inf, -0).
 */

const VERSION = 1;
const FLAG_MINMAX = 1;
const FLAG_DECIMAL = 2;
const FLAG_DOD = 4;
/** Largest |timestamp| accepted: deltas and delta-of-deltas then stay exact in float64. */
const MAX_ABS_TS = 2 ** 52;
/** Largest |m| in decimal mode: delta-of-deltas of such integers stay exact in float64. */
const MAX_ABS_INT = 2 ** 50;
const MAX_EXPONENT = 18;
const POW10 = Array.from({ length: MAX_EXPONENT + 1 }, (_, e) => 10 ** e);
const TWO32 = 4294967296;
/** Above this many body bits per sample a decimal stream is compared with the XOR one. */
const DECIMAL_RECHECK_BITS = 24;

const LITTLE_ENDIAN = new Uint8Array(new Uint16Array([1]).buffer)[0] === 1;
/** Scratch for writing min/max: two float64s and their bytes in platform order (little-endian checked below). */
const SCRATCH_F64 = new Float64Array(2);
const SCRATCH_BYTES = new Uint8Array(SCRATCH_F64.buffer);
/** Index of the high / low 32-bit half of a float64 inside a Uint32Array view. */
const HI = LITTLE_ENDIAN ? 1 : 0;
const LO = LITTLE_ENDIAN ? 0 : 1;

/** Append-only bit stream, most significant bit first, over a Uint8Array that grows as needed. */
export class BitWriter {
  private buf: Uint8Array;
  /** Bytes flushed to `buf` (the accumulator is flushed 32 bits at a time). */
  private pos: number;
  /** Pending bits: the low `nbits` bits of `acc`. */
  private acc = 0;
  private nbits = 0;

  /** Starts empty, or appends after the first `pos` bytes of `buf` (which it may replace when growing). */
  constructor(initialBytes = 64, buf?: Uint8Array, pos = 0) {
    this.buf = buf ?? new Uint8Array(Math.max(16, initialBytes));
    this.pos = pos;
  }

  /** Writes the low `n` bits of `v` (1 ≤ n ≤ 32; higher bits of v are ignored). */
  write(v: number, n: number): void {
    const free = 32 - this.nbits;
    if (n < free) {
      this.acc = (this.acc << n) | (v & ((1 << n) - 1));
      this.nbits += n;
      return;
    }
    // Fill the accumulator to exactly 32 bits, flush it, keep the rest of v.
    const rest = n - free;
    const head = v >>> rest;
    const word = free === 32 ? head : (this.acc << free) | (head & ((1 << free) - 1));
    if (this.pos + 4 > this.buf.length) this.grow(4);
    const buf = this.buf;
    const p = this.pos;
    buf[p] = word >>> 24;
    buf[p + 1] = word >>> 16;
    buf[p + 2] = word >>> 8;
    buf[p + 3] = word;
    this.pos = p + 4;
    this.acc = v & ((1 << rest) - 1);
    this.nbits = rest;
  }

  /** Writes a 64-bit two's-complement integer given as an exact float64 (|x| < 2^53). */
  writeInt64(x: number): void {
    const hi = Math.floor(x / TWO32);
    this.write(hi, 32);
    this.write(x - hi * TWO32, 32);
  }

  private grow(need: number): void {
    const next = new Uint8Array(Math.max(this.buf.length * 2, this.pos + need + 16));
    next.set(this.buf.subarray(0, this.pos));
    this.buf = next;
  }

  /** Bits written so far (including any bytes the writer was started after). */
  get bitLength(): number {
    return this.pos * 8 + this.nbits;
  }

  /** Pads the last byte with zero bits and returns a copy of every byte written. */
  finish(): Uint8Array {
    if (this.pos + 4 > this.buf.length) this.grow(4);
    const bytes = (this.nbits + 7) >>> 3;
    let acc = (this.acc << (bytes * 8 - this.nbits)) >>> 0;
    for (let k = bytes - 1; k >= 0; k--) {
      this.buf[this.pos + k] = acc & 0xff;
      acc >>>= 8;
    }
    return this.buf.slice(0, this.pos + bytes);
  }
}

/**
 * Reads a bit stream written by BitWriter. It keeps a private copy padded with zero bytes, so reads near the end
 * never leave the array; `overrun` tells whether more bits were consumed than the stream holds.
 */
export class BitReader {
  private readonly buf: Uint8Array;
  readonly totalBits: number;
  /** Position in bits from the start of the stream. */
  pos = 0;

  constructor(bytes: Uint8Array) {
    this.buf = new Uint8Array(bytes.length + 8);
    this.buf.set(bytes);
    this.totalBits = bytes.length * 8;
  }

  /** The next 32 bits (zeros past the end), not consumed. */
  peek32(): number {
    const b = this.buf;
    const i = this.pos >>> 3;
    const off = this.pos & 7;
    const w = (b[i] << 24) | (b[i + 1] << 16) | (b[i + 2] << 8) | b[i + 3];
    return ((w << off) | (b[i + 4] >>> (8 - off))) >>> 0;
  }

  /** Reads `n` bits (1 ≤ n ≤ 32) as an unsigned integer. */
  read(n: number): number {
    const v = this.peek32() >>> (32 - n);
    this.pos += n;
    return v;
  }

  /** Reads a 64-bit two's-complement integer written by writeInt64. */
  readInt64(): number {
    const hi = this.read(32) | 0;
    return hi * TWO32 + this.read(32);
  }

  get overrun(): boolean {
    return this.pos > this.totalBits;
  }
}

/** How a chunk stores its values. */
export type ValueCoding = 'xor' | 'decimal' | 'decimal-dod';

/** Summary of a chunk, read from its header alone. */
export interface ChunkInfo {
  count: number;
  firstTs: number;
  lastTs: number;
  /** Smallest and largest non-NaN value; NaN when every value is NaN or min/max were not stored. */
  min: number;
  max: number;
  coding: ValueCoding;
  /** Decimal exponent e (values are m / 10^e); 0 for XOR chunks. */
  exponent: number;
  /** Byte offset where the bit stream starts. */
  headerBytes: number;
}

export interface EncodeOptions {
  /** Store min/max of the values in the header (16 bytes). Default true. */
  minMax?: boolean;
  /** 'auto' (default) picks decimal coding when it fits and is smaller; 'xor' forces plain Gorilla. */
  values?: 'auto' | 'xor';
}

/**
 * Encodes a run of samples as one chunk (see the layout at the top of this file).
 *
 * Timestamps must be integer milliseconds, non-decreasing (duplicates and gaps of any size are fine), with
 * |t| ≤ 2^52. Values may be any float64; NaN (payload kept), ±Inf and -0 round-trip bit for bit.
 * Cost O(n); output ≈ 1–2 bytes/sample for regular series of counters or printed decimals, ≤ ~19 bytes/sample.
 *
 * @throws RangeError when the arrays differ in length, or a timestamp is not an integer, is out of range or
 *   goes backwards (the message gives its index and value).
 */
export function encodeChunk(
  ts: Float64Array | number[],
  values: Float64Array | number[],
  options: EncodeOptions = {},
): Uint8Array {
  const n = ts.length;
  if (values.length !== n) {
    throw new RangeError(`encodeChunk: ${n} timestamps but ${values.length} values; they must pair up one to one`);
  }
  for (let i = 0; i < n; i++) {
    const t = ts[i];
    if (!Number.isInteger(t) || Math.abs(t) > MAX_ABS_TS) {
      throw new RangeError(`encodeChunk: timestamp #${i} is ${t}; expected an integer number of ms within ±2^52`);
    }
    if (i > 0 && t < ts[i - 1]) {
      throw new RangeError(
        `encodeChunk: timestamps must not go backwards, but #${i} (${t}) < #${i - 1} (${ts[i - 1]})`,
      );
    }
  }
  const vals = values instanceof Float64Array ? values : Float64Array.from(values);
  const withMinMax = options.minMax !== false;
  const plan = options.values === 'xor' || n === 0 ? undefined : decimalPlan(vals);

  if (plan !== undefined) {
    const out = encodeWith(ts, vals, withMinMax, plan.e, plan.ints, plan.dod);
    if (out.body <= DECIMAL_RECHECK_BITS * n) return out.bytes;
    const xor = encodeWith(ts, vals, withMinMax, -1, undefined, false);
    return xor.bytes.length < out.bytes.length ? xor.bytes : out.bytes;
  }
  return encodeWith(ts, vals, withMinMax, -1, undefined, false).bytes;
}

/**
 * Writes header + timestamps + values; e < 0 selects XOR values, else `ints` holds the decimal integers.
 * Returns the bytes and the number of bits the values took.
 */
function encodeWith(
  ts: Float64Array | number[],
  vals: Float64Array,
  withMinMax: boolean,
  e: number,
  ints: Float64Array | undefined,
  dod: boolean,
): { bytes: Uint8Array; body: number } {
  const n = ts.length;
  // Header straight into the output buffer (the bit stream follows it; the writer grows the buffer if needed).
  const initial = new Uint8Array(48 + n * (e >= 0 ? 3 : 9));
  const flags = (withMinMax ? FLAG_MINMAX : 0) | (e >= 0 ? FLAG_DECIMAL : 0) | (dod ? FLAG_DOD : 0);
  let h = 0;
  initial[h++] = VERSION | (flags << 4);
  if (e >= 0) initial[h++] = e;
  h = putUvarint(initial, h, n);
  const first = n > 0 ? ts[0] : 0;
  h = putUvarint(initial, h, first >= 0 ? first * 2 : -first * 2 - 1);
  h = putUvarint(initial, h, n > 0 ? ts[n - 1] - first : 0);
  if (withMinMax) {
    let min = Infinity;
    let max = -Infinity;
    for (let i = 0; i < n; i++) {
      const v = vals[i];
      if (v < min) min = v;
      if (v > max) max = v;
    }
    SCRATCH_F64[0] = min > max ? NaN : min;
    SCRATCH_F64[1] = min > max ? NaN : max;
    if (LITTLE_ENDIAN) initial.set(SCRATCH_BYTES, h);
    else for (let k = 0; k < 16; k++) initial[h + k] = SCRATCH_BYTES[(k & ~7) + 7 - (k & 7)];
    h += 16;
  }
  const w = new BitWriter(0, initial, h);
  if (n > 0) {
    writeTimestamps(w, ts);
    const start = w.bitLength;
    if (ints !== undefined) writeDecimals(w, vals, ints, dod);
    else writeXor(w, vals);
    return { bytes: w.finish(), body: w.bitLength - start };
  }
  return { bytes: w.finish(), body: 0 };
}

function writeTimestamps(w: BitWriter, ts: Float64Array | number[]): void {
  let prevT = ts[0];
  let prevDelta = 0;
  for (let i = 1; i < ts.length; i++) {
    const t = ts[i];
    const delta = t - prevT;
    const dod = delta - prevDelta;
    prevT = t;
    prevDelta = delta;
    if (dod === 0) {
      w.write(0, 1);
    } else if (dod >= -8191 && dod <= 8192) {
      w.write((0b10 << 14) | (dod & 0x3fff), 16);
    } else if (dod >= -65535 && dod <= 65536) {
      w.write((0b110 << 17) | (dod & 0x1ffff), 20);
    } else if (dod >= -524287 && dod <= 524288) {
      w.write((0b1110 << 20) | (dod & 0xfffff), 24);
    } else {
      w.write(0b1111, 4);
      w.writeInt64(dod);
    }
  }
}

function writeXor(w: BitWriter, vals: Float64Array): void {
  const n = vals.length;
  const words = new Uint32Array(vals.buffer, vals.byteOffset, n * 2);
  let prevHi = words[HI];
  let prevLo = words[LO];
  w.write(prevHi, 32);
  w.write(prevLo, 32);
  let lead = 0xff; // no window yet
  let trail = 0;
  for (let i = 1; i < n; i++) {
    const hi = words[2 * i + HI];
    const lo = words[2 * i + LO];
    const xHi = (hi ^ prevHi) >>> 0;
    const xLo = (lo ^ prevLo) >>> 0;
    prevHi = hi;
    prevLo = lo;
    if (xHi === 0 && xLo === 0) {
      w.write(0, 1);
      continue;
    }
    let l = xHi !== 0 ? Math.clz32(xHi) : 32 + Math.clz32(xLo);
    const tz = xLo !== 0 ? 31 - Math.clz32(xLo & -xLo) : 63 - Math.clz32(xHi & -xHi);
    if (l > 31) l = 31;
    if (lead !== 0xff && l >= lead && tz >= trail) {
      w.write(0b10, 2);
    } else {
      lead = l;
      trail = tz;
      // '11' + 5 bits leading + 6 bits length (64 → 0), as one 13-bit field.
      w.write((0b11 << 11) | (l << 6) | ((64 - l - tz) & 63), 13);
    }
    // The bits [trail, 64 - lead) of X, most significant first (lead ≤ 31, so the window touches the high half).
    if (trail >= 32) {
      w.write(xHi >>> (trail - 32), 64 - lead - trail);
    } else {
      w.write(xHi, 32 - lead);
      w.write(xLo >>> trail, 32 - trail);
    }
  }
}

/** Writes one signed integer (|d| < 2^53) with the decimal buckets. */
function writeDecimalCode(w: BitWriter, d: number): void {
  if (d === 0) {
    w.write(0, 1);
  } else if (d >= -63 && d <= 64) {
    w.write((0b10 << 7) | (d & 0x7f), 9);
  } else if (d >= -2047 && d <= 2048) {
    w.write((0b110 << 12) | (d & 0xfff), 15);
  } else if (d >= -524287 && d <= 524288) {
    w.write((0b1110 << 20) | (d & 0xfffff), 24);
  } else if (d >= -2147483647 && d <= 2147483648) {
    w.write(0b11110, 5);
    w.write(d, 32);
  } else {
    w.write(0b111110, 6);
    w.writeInt64(d);
  }
}

function decimalCost(d: number): number {
  if (d === 0) return 1;
  const a = d < 0 ? -d : d;
  return a <= 63 ? 9 : a <= 2047 ? 15 : a <= 524287 ? 24 : a <= 2147483647 ? 37 : 70;
}

/** Writes the values as decimal integers `ints` (from decimalPlan; NaN marks an exception, written raw). */
function writeDecimals(w: BitWriter, vals: Float64Array, ints: Float64Array, dod: boolean): void {
  const words = new Uint32Array(vals.buffer, vals.byteOffset, vals.length * 2);
  let prev = 0;
  let prevDelta = 0;
  let excHi = 0;
  let excLo = 0;
  let hasExc = false;
  for (let i = 0; i < vals.length; i++) {
    const m = ints[i];
    if (m !== m) {
      const hi = words[2 * i + HI];
      const lo = words[2 * i + LO];
      if (hasExc && hi === excHi && lo === excLo) {
        w.write(0b1111110, 7);
      } else {
        w.write(0b1111111, 7);
        w.write(hi, 32);
        w.write(lo, 32);
        excHi = hi;
        excLo = lo;
        hasExc = true;
      }
      continue;
    }
    const d = m - prev;
    prev = m;
    if (dod) {
      writeDecimalCode(w, d - prevDelta);
      prevDelta = d;
    } else {
      writeDecimalCode(w, d);
    }
  }
}

/** True when v = round(v·p) / p exactly, with a small enough integer and not -0. */
function fitsDecimal(v: number, p: number): boolean {
  const m = Math.round(v * p);
  return m / p === v && Math.abs(m) < MAX_ABS_INT && !(v === 0 && 1 / v < 0);
}

let intsScratch = new Float64Array(256);

/**
 * Decimal coding plan for the values: the smallest exponent e ≤ 18 with v = m / 10^e for (nearly) all of them,
 * the integers m (NaN where v is an exception: NaN, ±Inf, -0, more decimals, |m| ≥ 2^50) in a shared scratch
 * array valid until the next call, and whether delta-of-deltas of the m are estimated to cost fewer bits than
 * their deltas (counters: yes; noisy gauges: no). Undefined when more than a few percent of the non-NaN values
 * fit no exponent (noise in every bit): XOR coding is then the better choice, and the scan stops early.
 * One pass with one division per value; the values seen so far are redone whenever e has to grow (≤ 18 times).
 */
function decimalPlan(vals: Float64Array): { e: number; ints: Float64Array; dod: boolean } | undefined {
  const n = vals.length;
  if (intsScratch.length < n) intsScratch = new Float64Array(Math.max(n, intsScratch.length * 2));
  const ints = intsScratch;
  const allowed = 2 + (n >>> 5);
  let misfits = 0;
  let e = 0;
  let p = 1;
  for (let i = 0; i < n; i++) {
    const v = vals[i];
    const m = Math.round(v * p);
    if (m / p === v && Math.abs(m) < MAX_ABS_INT && (v !== 0 || 1 / v > 0)) {
      ints[i] = m;
      continue;
    }
    ints[i] = NaN;
    if (v !== v) continue; // NaN gaps are cheap exceptions: they do not count as misfits
    let k = e + 1;
    while (k <= MAX_EXPONENT && !fitsDecimal(v, POW10[k])) k++;
    if (k > MAX_EXPONENT) {
      if (++misfits > allowed) return undefined;
      continue;
    }
    e = k;
    p = POW10[k];
    misfits = 0;
    for (let j = 0; j <= i; j++) {
      const vj = vals[j];
      if (fitsDecimal(vj, p)) ints[j] = Math.round(vj * p);
      else {
        ints[j] = NaN;
        if (vj === vj) misfits++;
      }
    }
    if (misfits > allowed) return undefined;
  }
  let prev = 0;
  let prevDelta = 0;
  let costDelta = 0;
  let costDod = 0;
  for (let i = 0; i < n; i++) {
    const m = ints[i];
    if (m !== m) continue;
    const d = m - prev;
    prev = m;
    costDelta += decimalCost(d);
    costDod += decimalCost(d - prevDelta);
    prevDelta = d;
  }
  return { e, ints, dod: costDod < costDelta };
}

/**
 * Decodes a chunk written by encodeChunk. O(n).
 *
 * @throws Error when the buffer is not a chunk of a known version, or is truncated or inconsistent.
 */
export function decodeChunk(buf: Uint8Array): { ts: Float64Array; values: Float64Array } {
  const info = chunkInfo(buf);
  const n = info.count;
  const bodyBits = (buf.length - info.headerBytes) * 8;
  // Every timestamp after the first needs ≥ 1 bit and every value ≥ 1 bit: refuse counts the body cannot hold
  // before allocating for them.
  if (n > 0 && 2 * n - 1 > bodyBits) {
    throw new Error(`corrupt chunk: header says ${n} samples but the body holds at most ${bodyBits} bits`);
  }
  const ts = new Float64Array(n);
  const values = new Float64Array(n);
  if (n === 0) return { ts, values };
  const r = new BitReader(buf.subarray(info.headerBytes));
  readTimestamps(r, info.firstTs, ts);
  if (ts[n - 1] !== info.lastTs) {
    throw new Error(`corrupt chunk: last timestamp decodes to ${ts[n - 1]}, header says ${info.lastTs}`);
  }
  if (info.coding === 'xor') readXor(r, values);
  else readDecimals(r, values, POW10[info.exponent], info.coding === 'decimal-dod');
  if (r.overrun) throw new Error(`corrupt chunk: truncated (needed ${r.pos} bits, have ${r.totalBits})`);
  return { ts, values };
}

function readTimestamps(r: BitReader, first: number, ts: Float64Array): void {
  let t = first;
  ts[0] = t;
  let delta = 0;
  for (let i = 1; i < ts.length; i++) {
    const w = r.peek32();
    if (w >>> 31 === 0) {
      r.pos += 1;
    } else if (w >>> 30 === 0b10) {
      const d = (w >>> 16) & 0x3fff;
      delta += d > 8192 ? d - 16384 : d;
      r.pos += 16;
    } else if (w >>> 29 === 0b110) {
      const d = (w >>> 12) & 0x1ffff;
      delta += d > 65536 ? d - 131072 : d;
      r.pos += 20;
    } else if (w >>> 28 === 0b1110) {
      const d = (w >>> 8) & 0xfffff;
      delta += d > 524288 ? d - 1048576 : d;
      r.pos += 24;
    } else {
      r.pos += 4;
      delta += r.readInt64();
    }
    t += delta;
    ts[i] = t;
  }
}

function readXor(r: BitReader, values: Float64Array): void {
  const words = new Uint32Array(values.buffer, values.byteOffset, values.length * 2);
  let prevHi = r.read(32);
  let prevLo = r.read(32);
  words[HI] = prevHi;
  words[LO] = prevLo;
  let lead = 0;
  let trail = 0;
  for (let i = 1; i < values.length; i++) {
    const w = r.peek32();
    if (w >>> 31 === 0) {
      r.pos += 1;
    } else {
      if (w >>> 30 === 0b11) {
        lead = (w >>> 25) & 31;
        let sig = (w >>> 19) & 63;
        if (sig === 0) sig = 64;
        trail = 64 - lead - sig;
        if (trail < 0) throw new Error(`corrupt chunk: bad value window at sample ${i}`);
        r.pos += 13;
      } else {
        r.pos += 2;
      }
      if (trail >= 32) {
        prevHi ^= r.read(64 - lead - trail) << (trail - 32);
      } else {
        prevHi ^= r.read(32 - lead);
        prevLo ^= r.read(32 - trail) << trail;
      }
    }
    words[2 * i + HI] = prevHi;
    words[2 * i + LO] = prevLo;
  }
}

function readDecimals(r: BitReader, values: Float64Array, p: number, dod: boolean): void {
  const words = new Uint32Array(values.buffer, values.byteOffset, values.length * 2);
  let prev = 0;
  let prevDelta = 0;
  let excHi = 0;
  let excLo = 0;
  let hasExc = false;
  for (let i = 0; i < values.length; i++) {
    const w = r.peek32();
    const ones = Math.clz32(~w);
    let x: number;
    if (ones === 0) {
      x = 0;
      r.pos += 1;
    } else if (ones === 1) {
      const d = (w >>> 23) & 0x7f;
      x = d > 64 ? d - 128 : d;
      r.pos += 9;
    } else if (ones === 2) {
      const d = (w >>> 17) & 0xfff;
      x = d > 2048 ? d - 4096 : d;
      r.pos += 15;
    } else if (ones === 3) {
      const d = (w >>> 8) & 0xfffff;
      x = d > 524288 ? d - 1048576 : d;
      r.pos += 24;
    } else if (ones === 4) {
      r.pos += 5;
      const d = r.read(32);
      x = d > 2147483648 ? d - TWO32 : d;
    } else if (ones === 5) {
      r.pos += 6;
      x = r.readInt64();
    } else {
      r.pos += 7;
      if (ones === 6) {
        if (!hasExc) throw new Error(`corrupt chunk: repeat of an exception before any, at sample ${i}`);
      } else {
        excHi = r.read(32);
        excLo = r.read(32);
        hasExc = true;
      }
      words[2 * i + HI] = excHi;
      words[2 * i + LO] = excLo;
      continue;
    }
    if (dod) {
      prevDelta += x;
      prev += prevDelta;
    } else {
      prev += x;
    }
    values[i] = prev / p;
  }
}

/**
 * The sample count, read from the header alone (O(1)).
 *
 * @throws Error when the buffer is not a chunk of a known version.
 */
export function chunkCount(buf: Uint8Array): number {
  const flags = checkVersion(buf);
  return getUvarint(buf, flags & FLAG_DECIMAL ? 2 : 1).value;
}

/**
 * Count, first/last timestamp, value coding and (when stored) min/max of the values, from the header alone (O(1)).
 *
 * @throws Error when the buffer is not a chunk of a known version or its header is truncated.
 */
export function chunkInfo(buf: Uint8Array): ChunkInfo {
  const flags = checkVersion(buf);
  let h = 1;
  let exponent = 0;
  if (flags & FLAG_DECIMAL) {
    if (buf.length < 2 || buf[1] > MAX_EXPONENT) throw new Error('corrupt chunk: bad decimal exponent');
    exponent = buf[h++];
  }
  const c = getUvarint(buf, h);
  const f = getUvarint(buf, c.next);
  const s = getUvarint(buf, f.next);
  const firstTs = f.value % 2 === 0 ? f.value / 2 : -(f.value + 1) / 2;
  h = s.next;
  let min = NaN;
  let max = NaN;
  if (flags & FLAG_MINMAX) {
    if (h + 16 > buf.length) throw new Error('corrupt chunk: header truncated');
    const dv = new DataView(buf.buffer, buf.byteOffset, buf.byteLength);
    min = dv.getFloat64(h, true);
    max = dv.getFloat64(h + 8, true);
    h += 16;
  }
  const coding: ValueCoding = !(flags & FLAG_DECIMAL) ? 'xor' : flags & FLAG_DOD ? 'decimal-dod' : 'decimal';
  return { count: c.value, firstTs, lastTs: firstTs + s.value, min, max, coding, exponent, headerBytes: h };
}

/** Checks byte 0 and returns the flags. */
function checkVersion(buf: Uint8Array): number {
  if (buf.length === 0) throw new Error('corrupt chunk: empty buffer');
  const version = buf[0] & 15;
  if (version !== VERSION) throw new Error(`corrupt chunk: format version ${version}, this build reads ${VERSION}`);
  return buf[0] >>> 4;
}

/** Unsigned LEB128 for integers 0 ≤ v ≤ 2^53 (arithmetic, not bit operators, past 31 bits). */
function putUvarint(buf: Uint8Array, at: number, v: number): number {
  let p = at;
  while (v >= 128) {
    buf[p++] = (v % 128) | 128;
    v = Math.floor(v / 128);
  }
  buf[p++] = v;
  return p;
}

function getUvarint(buf: Uint8Array, at: number): { value: number; next: number } {
  let value = 0;
  let scale = 1;
  let p = at;
  for (;;) {
    if (p >= buf.length) throw new Error('corrupt chunk: header truncated');
    const b = buf[p++];
    value += (b & 127) * scale;
    if (b < 128) break;
    scale *= 128;
    if (scale > 2 ** 56) throw new Error('corrupt chunk: header varint too long');
  }
  return { value, next: p };
}
