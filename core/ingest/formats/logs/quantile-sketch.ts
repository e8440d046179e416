/**
 * Reference: Masson, Rim & Lee 2019, "DDSketch: A fast and fully-mergeable quantile sketch with relative-error guarantees".
 *
 * Values > 0 fall into logarithmic bins of ratio γ = (1 + α) / (1 − α) (bin i holds (γ^(i−1), γ^i]);
 * a quantile is read from the bin that holds its rank and returned as 2γ^i / (γ + 1), within a
 * relative error α of the true sample quantile. Values ≤ 1e-9 (zero) are counted apart.
 * Memory O(log_γ(max/min)) bins, whatever the count; add O(1), quantile O(b log b) for b bins.
 * NaN and negative values are ignored.
 */
export class QuantileSketch {
  private readonly gamma: number;
  private readonly logGamma: number;
  private readonly bins = new Map<number, number>();
  private zeros = 0;
  private n = 0;

  /** `alpha`: relative accuracy in (0, 1); throws RangeError outside. */
  constructor(readonly alpha = 0.01) {
    if (!(alpha > 0 && alpha < 1)) throw new RangeError(`QuantileSketch: alpha must be in (0, 1), got ${alpha}`);
    this.gamma = (1 + alpha) / (1 - alpha);
    this.logGamma = Math.log(this.gamma);
  }

  get count(): number {
    return this.n;
  }

  add(v: number): void {
    if (!(v >= 0)) return;
    this.n++;
    if (v <= 1e-9) {
      this.zeros++;
      return;
    }
    const i = Math.ceil(Math.log(v) / this.logGamma);
    this.bins.set(i, (this.bins.get(i) ?? 0) + 1);
  }

  /** The q-quantile (q in [0, 1], lower rank ⌊q·(n−1)⌋); NaN when empty; throws RangeError for q outside [0, 1]. */
  quantile(q: number): number {
    if (!(q >= 0 && q <= 1)) throw new RangeError(`QuantileSketch: q must be in [0, 1], got ${q}`);
    if (this.n === 0) return Number.NaN;
    const rank = Math.floor(q * (this.n - 1));
    if (rank < this.zeros) return 0;
    let seen = this.zeros;
    const keys = [...this.bins.keys()].sort((a, b) => a - b);
    for (const k of keys) {
      seen += this.bins.get(k) ?? 0;
      if (seen > rank) return (2 * this.gamma ** k) / (this.gamma + 1);
    }
    return (2 * this.gamma ** keys[keys.length - 1]) / (this.gamma + 1);
  }
}
