/**
 * Samples on their way from readers to the store during one source's import: buffered per series in typed
 * arrays and written in whole chunks (core/store/workspace appendSamples), with the time range written per
 * series kept for refreshSeries at the end of the source.
 */
import { addMergeCounts, emptyMergeCounts, type MergeCounts } from '../store/sample-merge';
import { CHUNK_SAMPLES, type WorkspaceStore } from '../store/workspace';

/** Samples buffered per series before its whole chunks are written. */
const FLUSH_SAMPLES = 10 * CHUNK_SAMPLES;
/** Samples buffered over all series at most (16 bytes each): past it every series is written out. */
const MAX_PENDING_SAMPLES = 1 << 20;

/** The first `n` samples of `ts` / `values` wait to be written. */
class PendingSeries {
  ts = new Float64Array(256);
  values = new Float64Array(256);
  n = 0;
}

/**
 * Samples waiting to be written, per series, in typed arrays. A series is written in whole chunks of
 * CHUNK_SAMPLES once it holds FLUSH_SAMPLES (the remainder waits for more), so chunks come out full and
 * compress best; memory stays under MAX_PENDING_SAMPLES samples whatever the number of series.
 * Samples with a non-finite time are dropped. Writes go to the caller's transaction, merged per timestamp
 * with what each series holds (the first value wins: core/store/sample-merge.ts); `merged` sums what that left out.
 */
export class PendingSamples {
  private readonly series = new Map<number, PendingSeries>();
  private total = 0;
  /** Time range written per series, for refreshSeries. */
  readonly touched = new Map<number, { min: number; max: number }>();
  /** Repeated timestamps left out so far (duplicates, conflicts); the examples are tagged with their series. */
  readonly merged: MergeCounts = emptyMergeCounts();

  constructor(
    private readonly store: WorkspaceStore,
    private readonly sourceId: number,
  ) {}

  /** Buffers a run of samples; returns the range of their finite times (null when none). O(n) amortised. */
  add(seriesId: number, ts: ArrayLike<number>, values: ArrayLike<number>): { min: number; max: number } | null {
    let p = this.series.get(seriesId);
    if (!p) {
      p = new PendingSeries();
      this.series.set(seriesId, p);
    }
    const len = ts.length;
    if (p.n + len > p.ts.length) {
      let cap = p.ts.length * 2;
      while (cap < p.n + len) cap *= 2;
      const t2 = new Float64Array(cap);
      const v2 = new Float64Array(cap);
      t2.set(p.ts.subarray(0, p.n));
      v2.set(p.values.subarray(0, p.n));
      p.ts = t2;
      p.values = v2;
    }
    const pt = p.ts;
    const pv = p.values;
    let n = p.n;
    let min = Infinity;
    let max = -Infinity;
    for (let i = 0; i < len; i++) {
      const t = ts[i];
      if (!(t > -Infinity && t < Infinity)) continue;
      pt[n] = t;
      pv[n] = values[i];
      n++;
      if (t < min) min = t;
      if (t > max) max = t;
    }
    this.total += n - p.n;
    p.n = n;
    if (n === 0 || min > max) return null;
    const r = this.touched.get(seriesId);
    if (r) {
      if (min < r.min) r.min = min;
      if (max > r.max) r.max = max;
    } else this.touched.set(seriesId, { min, max });
    if (n >= FLUSH_SAMPLES) this.flush(seriesId, p, false);
    if (this.total > MAX_PENDING_SAMPLES) this.flushAll(true);
    return { min, max };
  }

  /** Writes every series' whole chunks, or everything with `all`. */
  flushAll(all: boolean): void {
    for (const [id, p] of [...this.series]) this.flush(id, p, all);
  }

  private flush(seriesId: number, p: PendingSeries, all: boolean): void {
    const k = all ? p.n : p.n - (p.n % CHUNK_SAMPLES);
    if (k === 0) return;
    const counts = this.store.appendSamples(seriesId, this.sourceId, p.ts.subarray(0, k), p.values.subarray(0, k));
    addMergeCounts(this.merged, { ...counts, examples: counts.examples.map((e) => ({ seriesId, ...e })) });
    this.total -= k;
    const rest = p.n - k;
    if (rest === 0) {
      // A finished series holds no memory (readers of one-series-at-a-time formats never come back to it).
      this.series.delete(seriesId);
      return;
    }
    // The remainder is under one chunk: move it to small arrays so big ones are not kept per series.
    const ts = new Float64Array(Math.max(256, rest));
    const values = new Float64Array(ts.length);
    ts.set(p.ts.subarray(k, p.n));
    values.set(p.values.subarray(k, p.n));
    p.ts = ts;
    p.values = values;
    p.n = rest;
  }
}
