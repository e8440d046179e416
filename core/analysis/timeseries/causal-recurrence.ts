// Routine-recurrence check: an excursion that also happened at about the same time of day on several recent days
// is routine (a nightly job, a daily spike), not an anomaly. References: Chandola, Banerjee & Kumar 2009 (contextual
// anomalies); the time-of-day context of Numenta HTM's date encoder (Ahmad, Lavin, Purdy & Agha 2017).

export interface DailyRecurrenceOptions {
  /** Days looked back (default 4). */
  days?: number;
  /** Slots either side of the same time of day that still count (default 3). */
  tolerance?: number;
  /** A past excursion counts when |z_past| >= ratio x |z| with the same sign (default 0.7). */
  ratio?: number;
  /** Days with such an excursion needed to call the new one routine (default 2). */
  matches?: number;
  /** Only excursions with |z| above this are checked (default 3). */
  minZ?: number;
}

/**
 * Keeps the standardised errors of the last `days` days (a ring indexed by absolute grid slot, gaps as NaN) and
 * answers whether an excursion z at `slot` is routine: on at least `matches` of the previous `days` days, some
 * slot within `tolerance` of the same time of day had an excursion of the same sign and at least `ratio` x |z|.
 * Days not yet seen count as no match.
 *
 * Cost: `isRoutine` O(days x tolerance) and only for |z| > minZ; `record` O(1) amortised (gaps are filled with NaN).
 * Throws when slotsPerDay < 2.
 */
export class DailyRecurrence {
  private readonly ring: Float64Array;
  private readonly period: number;
  private readonly days: number;
  private readonly tol: number;
  private readonly ratio: number;
  private readonly matches: number;
  private readonly minZ: number;
  private lastSlot = -Infinity;

  constructor(slotsPerDay: number, opts: DailyRecurrenceOptions = {}) {
    if (!(slotsPerDay >= 2)) throw new Error(`DailyRecurrence: slotsPerDay must be at least 2, got ${slotsPerDay}`);
    this.period = Math.round(slotsPerDay);
    this.days = Math.max(1, Math.round(opts.days ?? 4));
    this.tol = Math.max(0, Math.round(opts.tolerance ?? 3));
    this.ratio = opts.ratio ?? 0.7;
    this.matches = Math.max(1, Math.round(opts.matches ?? 2));
    this.minZ = opts.minZ ?? 3;
    this.ring = new Float64Array(this.days * this.period + this.tol + 2).fill(NaN);
  }

  /** Whether an excursion z at `slot` repeats what the previous days did around the same time of day. */
  isRoutine(slot: number, z: number): boolean {
    const az = Math.abs(z);
    if (!(az > this.minZ) || !Number.isFinite(this.lastSlot)) return false;
    const h = this.ring.length;
    const oldest = this.lastSlot - h + 1;
    let found = 0;
    for (let d = 1; d <= this.days; d++) {
      const c = slot - d * this.period;
      if (c - this.tol < oldest) break;
      for (let j = c - this.tol; j <= c + this.tol; j++) {
        if (j > this.lastSlot) continue;
        const past = this.ring[((j % h) + h) % h];
        if (Math.sign(past) === Math.sign(z) && Math.abs(past) >= this.ratio * az) {
          found++;
          break;
        }
      }
      if (found >= this.matches) return true;
    }
    return false;
  }

  /** Stores the standardised error of `slot` (NaN when there is none); slots must not go back in time. */
  record(slot: number, z: number): void {
    const h = this.ring.length;
    if (slot <= this.lastSlot) return;
    if (Number.isFinite(this.lastSlot)) {
      const from = Math.max(this.lastSlot + 1, slot - h + 1);
      for (let s = from; s < slot; s++) this.ring[s % h] = NaN;
    }
    this.ring[slot % h] = z;
    this.lastSlot = slot;
  }
}
