/**
 * Load → latency models fitted from a service's own data, and the capacity they imply.
 *
 * - Universal Scalability Law (Gunther, "Guerrilla Capacity Planning", 2007, ch. 4–6): throughput at
 *   concurrency N is X(N) = λN / (1 + σ(N − 1) + κN(N − 1)); σ is contention, κ coherency. Concurrency comes
 *   from Little's law (N = X·R). Fitted by least squares: λ in closed form for each (σ, κ) on a log grid, then
 *   the grid refined around the best cell. Its peak N* = √((1 − σ)/κ) is the knee.
 * - Open queue (M/M/1 response time, Kleinrock, "Queueing Systems" vol. 1, 1975, §3.2): R(X) = S / (1 − X/Xmax);
 *   1/R is linear in X, fitted by least squares.
 * The knee, for either, by Kneedle (see kneeOf).
 * The model with the smaller error of log latency on the observed points is chosen.
 * Capacity: the load at which the chosen model's latency reaches the SLO.
 */

export interface UslParams {
  lambda: number;
  sigma: number;
  kappa: number;
}

/** USL throughput at concurrency n. */
export function uslThroughput(p: UslParams, n: number): number {
  return (p.lambda * n) / (1 + p.sigma * (n - 1) + p.kappa * n * (n - 1));
}

/** Concurrency at which USL throughput peaks (Infinity when κ = 0). */
export function uslPeak(p: UslParams): number {
  return p.kappa > 0 ? Math.sqrt(Math.max(0, 1 - p.sigma) / p.kappa) : Infinity;
}

/** Best λ for fixed σ, κ and its squared error. */
function lambdaFor(n: readonly number[], x: readonly number[], sigma: number, kappa: number): { lambda: number; sse: number } {
  let fx = 0;
  let ff = 0;
  const f = n.map((ni) => ni / (1 + sigma * (ni - 1) + kappa * ni * (ni - 1)));
  f.forEach((fi, i) => {
    fx += fi * x[i];
    ff += fi * fi;
  });
  const lambda = ff > 0 ? fx / ff : 0;
  let sse = 0;
  f.forEach((fi, i) => (sse += (x[i] - lambda * fi) ** 2));
  return { lambda, sse };
}

/** Fits the USL to (concurrency, throughput) points. O(points × grid). */
export function fitUsl(n: readonly number[], x: readonly number[]): UslParams & { sse: number } {
  let best = { lambda: 0, sigma: 0, kappa: 0, sse: Infinity };
  const sigmas = [0, ...Array.from({ length: 40 }, (_, i) => 10 ** (-4 + (i * 4) / 39))].filter((s) => s < 1);
  const kappas = [0, ...Array.from({ length: 40 }, (_, i) => 10 ** (-7 + (i * 6.5) / 39))];
  const tryCell = (sigma: number, kappa: number): void => {
    if (sigma < 0 || sigma >= 1 || kappa < 0) return;
    const { lambda, sse } = lambdaFor(n, x, sigma, kappa);
    if (sse < best.sse) best = { lambda, sigma, kappa, sse };
  };
  for (const s of sigmas) for (const k of kappas) tryCell(s, k);
  // Refine: shrink a multiplicative window around the best cell.
  let fs = 2;
  let fk = 2;
  for (let round = 0; round < 30; round++) {
    const { sigma, kappa } = best;
    for (const a of [1 / fs, 1, fs]) for (const b of [1 / fk, 1, fk]) tryCell(sigma === 0 ? (a - 1) * 1e-4 : sigma * a, kappa === 0 ? (b - 1) * 1e-7 : kappa * b);
    fs = 1 + (fs - 1) * 0.7;
    fk = 1 + (fk - 1) * 0.7;
  }
  return best;
}

export interface LoadPoint {
  /** Requests per second. */
  load: number;
  /** Latency, seconds (p95 or whatever quantile the caller models). */
  latency: number;
}

export interface LoadModel {
  kind: 'usl' | 'queue';
  /** Predicted latency at a load (Infinity beyond the model's maximum throughput). */
  latencyAt(load: number): number;
  /** The load where latency starts to climb steeply. */
  knee: number;
  /** The most load the model can serve. */
  maxLoad: number;
  /** Root mean square error of log latency on the fitted points. */
  rmseLog: number;
  params: Record<string, number>;
}

/** Latency at a load from USL: the smallest concurrency (below the peak) that carries it, over the load. */
function uslLatency(p: UslParams, load: number): number {
  const peak = uslPeak(p);
  const top = Number.isFinite(peak) ? peak : 1e9;
  if (load <= 0) return 1 / p.lambda;
  if (uslThroughput(p, top) < load) return Infinity;
  let lo = 0;
  let hi = top;
  for (let i = 0; i < 80; i++) {
    const mid = (lo + hi) / 2;
    if (uslThroughput(p, mid) < load) lo = mid;
    else hi = mid;
  }
  return hi / load;
}

function rmseLog(points: readonly LoadPoint[], f: (load: number) => number): number {
  let s = 0;
  for (const p of points) {
    const r = f(p.load);
    s += Number.isFinite(r) && r > 0 ? Math.log(r / p.latency) ** 2 : 25;
  }
  return Math.sqrt(s / Math.max(1, points.length));
}

/** The open-queue model fitted to the points (1/R = a − bX), or null when latency does not rise with load. */
export function fitQueue(points: readonly LoadPoint[]): LoadModel | null {
  const n = points.length;
  if (n < 3) return null;
  const mx = points.reduce((a, p) => a + p.load, 0) / n;
  const my = points.reduce((a, p) => a + 1 / p.latency, 0) / n;
  let sxy = 0;
  let sxx = 0;
  for (const p of points) {
    sxy += (p.load - mx) * (1 / p.latency - my);
    sxx += (p.load - mx) ** 2;
  }
  const b = sxx > 0 ? -sxy / sxx : 0;
  const a = my + b * mx;
  if (!(b > 0 && a > 0)) return null;
  const service = 1 / a;
  const maxLoad = a / b;
  const latencyAt = (load: number): number => (load >= maxLoad ? Infinity : service / (1 - load / maxLoad));
  return { kind: 'queue', latencyAt, knee: kneeOf(latencyAt, maxLoad), maxLoad, rmseLog: rmseLog(points, latencyAt), params: { service, maxLoad } };
}

/** The USL fitted to load/latency points through Little's law, or null with too few points. */
export function fitUslModel(points: readonly LoadPoint[]): LoadModel | null {
  if (points.length < 4) return null;
  const n = points.map((p) => p.load * p.latency);
  const x = points.map((p) => p.load);
  const p = fitUsl(n, x);
  if (!(p.lambda > 0)) return null;
  const peak = uslPeak(p);
  const maxLoad = Number.isFinite(peak) ? uslThroughput(p, peak) : p.sigma > 0 ? p.lambda / p.sigma : Infinity;
  const latencyAt = (load: number): number => uslLatency(p, load);
  return { kind: 'usl', latencyAt, knee: kneeOf(latencyAt, maxLoad), maxLoad, rmseLog: rmseLog(points, latencyAt), params: { lambda: p.lambda, sigma: p.sigma, kappa: p.kappa } };
}

/** Both models fitted; the one with the smaller log-latency error (null when neither fits). */
export function fitLoadModel(points: readonly LoadPoint[]): LoadModel | null {
  const clean = points.filter((p) => p.load > 0 && p.latency > 0 && Number.isFinite(p.load) && Number.isFinite(p.latency));
  const fits = [fitQueue(clean), fitUslModel(clean)].filter((m): m is LoadModel => m !== null);
  fits.sort((a, b) => a.rmseLog - b.rmseLog);
  return fits[0] ?? null;
}

/** The largest load whose predicted latency stays within the SLO (bisection; monotone models). */
export function capacityAt(model: LoadModel, sloSeconds: number): number {
  let lo = 0;
  let hi = Number.isFinite(model.maxLoad) ? model.maxLoad : 1e9;
  if (model.latencyAt(lo) > sloSeconds) return 0;
  for (let i = 0; i < 80; i++) {
    const mid = (lo + hi) / 2;
    if (model.latencyAt(mid) <= sloSeconds) lo = mid;
    else hi = mid;
  }
  return lo;
}

/**
 * The knee by Kneedle (Satopaa et al., "Finding a 'Kneedle' in a Haystack", ICDCS workshops 2011): load and
 * latency scaled to [0, 1] over loads up to 95 % of the most the model carries; the knee is the load where
 * the straight line from the curve's ends lies furthest above the curve (M/M/1: about 78 % utilisation).
 * Infinity when the model has no maximum.
 */
export function kneeOf(latencyAt: (load: number) => number, maxLoad: number): number {
  if (!Number.isFinite(maxLoad) || maxLoad <= 0) return Infinity;
  const steps = 400;
  const top = 0.95 * maxLoad;
  const r0 = latencyAt(0);
  const r1 = latencyAt(top);
  if (!(r1 > r0)) return top;
  let best = 0;
  let bestGap = -Infinity;
  for (let i = 0; i <= steps; i++) {
    const u = i / steps;
    const gap = u - (latencyAt(u * top) - r0) / (r1 - r0);
    if (gap > bestGap) {
      bestGap = gap;
      best = u;
    }
  }
  return best * top;
}

/** A fitted model rebuilt from its kind and parameters (models cross process boundaries as plain data). */
export function loadModelFrom(kind: LoadModel['kind'], params: Record<string, number>, rmse = 0): LoadModel {
  if (kind === 'queue') {
    const { service, maxLoad } = params;
    const latencyAt = (load: number): number => (load >= maxLoad ? Infinity : service / (1 - load / maxLoad));
    return { kind, latencyAt, knee: kneeOf(latencyAt, maxLoad), maxLoad, rmseLog: rmse, params };
  }
  const p = { lambda: params.lambda, sigma: params.sigma, kappa: params.kappa };
  const peak = uslPeak(p);
  const maxLoad = Number.isFinite(peak) ? uslThroughput(p, peak) : p.sigma > 0 ? p.lambda / p.sigma : Infinity;
  const latencyAt = (load: number): number => uslLatency(p, load);
  return { kind, latencyAt, knee: kneeOf(latencyAt, maxLoad), maxLoad, rmseLog: rmse, params };
}
