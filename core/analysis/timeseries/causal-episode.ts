// Alert episodes for a streaming detector: one alert per incident, and a new one inside a recent incident only when
// it escalates. References: Hochenbaum, Vallis & Kejariwal 2017 §5 (anomalies reported as episodes, not samples);
// Lavin & Ahmad 2015 (NAB counts every flagged row outside a window as a false positive, so repeats cost).

/** Surprise of a score in [0, 1]: -log10(1 - score), capped at 16 (doubles cannot resolve more). */
export function surprise(score: number): number {
  if (!(score > 0)) return 0;
  return Math.min(16, -Math.log10(Math.max(1e-16, 1 - score)));
}

/**
 * Decides whether a point may open a new alert. After a flagged point the episode's peak surprise u* is held for
 * `cooldown` slots (nothing opens an alert), then decays linearly to 0 at `span` slots after the last flag; in
 * between, a point opens a new alert only when its surprise exceeds the decayed peak (escalation). Each flag
 * raises the peak: u* = max(decayed u*, u). With span <= cooldown this is a plain cooldown.
 *
 * `gate(slot, score)` returns the score when the point may open an alert and 0 otherwise; `flag(slot, score)`
 * records a flagged point. Both O(1). Slots must not go back in time. Never throws.
 */
export class EpisodeGate {
  private readonly cooldown: number;
  private readonly span: number;
  private lastFlag = -Infinity;
  private peak = 0;

  constructor(cooldown = 24, span = 200) {
    this.cooldown = Math.max(0, cooldown);
    this.span = Math.max(this.cooldown, span);
  }

  private hold(slot: number): number {
    const d = slot - this.lastFlag;
    if (d <= this.cooldown) return 1;
    if (d >= this.span) return 0;
    return 1 - (d - this.cooldown) / (this.span - this.cooldown);
  }

  /** The point's score when it may open a new alert, else 0. NaN scores give 0. */
  gate(slot: number, score: number): number {
    if (!(score > 0)) return 0;
    if (slot - this.lastFlag <= this.cooldown) return 0;
    return surprise(score) > this.peak * this.hold(slot) ? score : 0;
  }

  /** Records a flagged point. */
  flag(slot: number, score: number): void {
    this.peak = Math.max(this.peak * this.hold(slot), surprise(score));
    this.lastFlag = slot;
  }
}
