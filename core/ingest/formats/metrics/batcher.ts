/**
 * Collects samples per series and hands them out as SamplesRecords in bounded chunks, so a
 * reader never holds a whole file: a series is cut every `chunkPoints` points, and every series
 * with pending points is cut once `maxPendingPoints` points are held in all.
 */
import type { Labels, SamplesRecord } from '../../types';

export const DEFAULT_CHUNK_POINTS = 10_000;

/**
 * A copy of `s` that does not keep alive the (possibly megabyte) chunk string it was sliced from.
 * V8 represents `big.slice(a, b)` as a view on `big`; a name kept in a map for the whole read would
 * otherwise pin every chunk it came from. O(length).
 */
export function detach(s: string): string {
  return s.length < 13 ? s : (' ' + s).slice(1);
}

/** `detach` on every label name and value. */
export function detachLabels(labels: Labels): Labels {
  const out: Labels = {};
  for (const [k, v] of Object.entries(labels)) out[detach(k)] = detach(v);
  return out;
}
const DEFAULT_MAX_PENDING = 200_000;

/** The pending points of one series. Push with `push`; `flush` cuts a record now. */
export class SeriesBuffer {
  ts: number[] = [];
  values: number[] = [];
  /** Set by readers once the unit is decided (table columns: by the first value). */
  unitFixed = false;

  constructor(
    private readonly sink: SampleSink,
    readonly name: string,
    readonly labels: Labels,
    public unit: string | undefined,
  ) {}

  /** Appends one point; O(1) amortised. */
  push(ts: number, value: number): void {
    if (this.ts.length === 0) this.sink.markDirty(this);
    this.ts.push(ts);
    this.values.push(value);
    this.sink.added(this);
  }

  /** Cuts a record from the pending points (none when empty). */
  flush(): void {
    if (this.ts.length === 0) return;
    const rec: SamplesRecord = { kind: 'samples', name: this.name, labels: this.labels, ts: this.ts, values: this.values };
    if (this.unit !== undefined && this.unit !== '') rec.unit = this.unit;
    this.sink.emit(rec, this.ts.length);
    this.ts = [];
    this.values = [];
  }
}

/**
 * Where readers put samples. `take()` returns the records cut since the last call. Series are
 * either looked up by a key the reader chooses (`get`) or opened fresh (`open`).
 */
export class SampleSink {
  private records: SamplesRecord[] = [];
  private readonly byKey = new Map<string, SeriesBuffer>();
  private dirty: SeriesBuffer[] = [];
  private pending = 0;
  /** Points emitted so far (cut into records). */
  emittedPoints = 0;

  constructor(
    readonly chunkPoints = DEFAULT_CHUNK_POINTS,
    readonly maxPendingPoints = DEFAULT_MAX_PENDING,
  ) {}

  /** The series stored under `key`, made with `make` the first time. */
  get(key: string, make: () => { name: string; labels: Labels; unit?: string }): SeriesBuffer {
    let b = this.byKey.get(key);
    if (!b) {
      const m = make();
      b = new SeriesBuffer(this, detach(m.name), detachLabels(m.labels), m.unit === undefined ? undefined : detach(m.unit));
      this.byKey.set(detach(key), b);
    }
    return b;
  }

  /** The series stored under `key`, if any. */
  peek(key: string): SeriesBuffer | undefined {
    return this.byKey.get(key);
  }

  /** A fresh series not kept under any key (flushed when full, by flushAll, or by its owner). */
  open(name: string, labels: Labels, unit?: string): SeriesBuffer {
    return new SeriesBuffer(this, detach(name), detachLabels(labels), unit === undefined ? undefined : detach(unit));
  }

  /** @internal called by SeriesBuffer.push for its first pending point. */
  markDirty(b: SeriesBuffer): void {
    this.dirty.push(b);
  }

  /** @internal called by SeriesBuffer.push after each point. */
  added(b: SeriesBuffer): void {
    this.pending++;
    if (b.ts.length >= this.chunkPoints) b.flush();
    else if (this.pending >= this.maxPendingPoints) this.flushAll();
  }

  /** @internal */
  emit(rec: SamplesRecord, points: number): void {
    this.records.push(rec);
    this.pending -= points;
    this.emittedPoints += points;
  }

  /** Cuts every series with pending points. */
  flushAll(): void {
    const d = this.dirty;
    this.dirty = [];
    for (const b of d) b.flush();
    this.pending = 0;
  }

  /** Records cut since the last call (possibly none). */
  take(): SamplesRecord[] {
    const r = this.records;
    this.records = [];
    return r;
  }

  get hasRecords(): boolean {
    return this.records.length > 0;
  }
}
