// Radix-2 FFT and FFT-based autocorrelation. Reference: Cooley & Tukey 1965; Wiener-Khinchin theorem
// (autocorrelation = inverse transform of the power spectrum), as in Box, Jenkins & Reinsel §2.1.

/**
 * In-place iterative radix-2 complex FFT over (re, im); `inverse` applies the conjugate transform and 1/n.
 * O(n log n). Throws when the length is not a power of two or re/im differ in length.
 */
export function fft(re: Float64Array, im: Float64Array, inverse = false): void {
  const n = re.length;
  if (im.length !== n) throw new Error('fft: real and imaginary parts must have the same length');
  if (n === 0 || (n & (n - 1)) !== 0) throw new Error(`fft: length must be a power of two, got ${n}`);
  for (let i = 1, j = 0; i < n; i++) {
    let bit = n >> 1;
    for (; j & bit; bit >>= 1) j ^= bit;
    j ^= bit;
    if (i < j) {
      let t = re[i];
      re[i] = re[j];
      re[j] = t;
      t = im[i];
      im[i] = im[j];
      im[j] = t;
    }
  }
  const { cos, sin } = twiddles(n);
  const sign = inverse ? 1 : -1;
  for (let len = 2; len <= n; len <<= 1) {
    const half = len >> 1;
    const stride = n / len;
    for (let i = 0; i < n; i += len) {
      for (let k = 0, t = 0; k < half; k++, t += stride) {
        const cr = cos[t];
        const ci = sign * sin[t];
        const a = i + k;
        const b = a + half;
        const xr = re[b] * cr - im[b] * ci;
        const xi = re[b] * ci + im[b] * cr;
        re[b] = re[a] - xr;
        im[b] = im[a] - xi;
        re[a] += xr;
        im[a] += xi;
      }
    }
  }
  if (inverse) {
    for (let i = 0; i < n; i++) {
      re[i] /= n;
      im[i] /= n;
    }
  }
}

const twiddleCache = new Map<number, { cos: Float64Array; sin: Float64Array }>();

/** cos/sin of 2 pi k / n for k < n / 2, computed once per size (a pure cache). */
function twiddles(n: number): { cos: Float64Array; sin: Float64Array } {
  let t = twiddleCache.get(n);
  if (!t) {
    const cos = new Float64Array(n >> 1);
    const sin = new Float64Array(n >> 1);
    for (let k = 0; k < n >> 1; k++) {
      cos[k] = Math.cos((2 * Math.PI * k) / n);
      sin[k] = Math.sin((2 * Math.PI * k) / n);
    }
    t = { cos, sin };
    twiddleCache.set(n, t);
  }
  return t;
}

/**
 * Sample autocorrelation r(k) = sum_t x_t x_{t+k} / sum_t x_t^2 for k = 0..maxLag, of a series that the caller has
 * already centred (and detrended). Biased estimator (divides by n, as statsmodels `acf`), computed through a
 * zero-padded FFT (Wiener-Khinchin) of size N >= 2n, done as a real-input transform: the even and odd samples are
 * packed as re/im of one N/2-point complex FFT, from which the power spectrum P[0..N/2] is unpacked
 * (X[k] = E[k] + W^k O[k], W = e^(-2 pi i / N)); the way back packs P[k] + P[k + N/2] (even lags) and
 * (P[k] - P[k + N/2]) W^-k (odd lags) into one N/2-point inverse (Sorensen et al. 1987, "Real-valued fast Fourier
 * transform algorithms"). Two half-size transforms instead of two full ones: O(n log n), about half the work of
 * the complex route, equal to it within rounding (~1e-16). Input must be finite. All-zero input gives r = 0 for k >= 1.
 *
 * @example autocorrelation(Float64Array.of(1, -1, 1, -1), 2) // [1, -0.75, 0.5]
 */
export function autocorrelation(x: Float64Array, maxLag: number): Float64Array {
  const n = x.length;
  const lag = Math.max(0, Math.min(maxLag, n - 1));
  let size = 2;
  while (size < 2 * n) size <<= 1;
  const half = size >> 1;
  const re = new Float64Array(half);
  const im = new Float64Array(half);
  for (let k = 0; 2 * k < n; k++) {
    re[k] = x[2 * k];
    im[k] = 2 * k + 1 < n ? x[2 * k + 1] : 0;
  }
  fft(re, im);
  const { cos, sin } = twiddles(size);
  // power[k] = |X[k]|^2, k = 0..half, from Z = FFT(z): E[k] = (Z[k] + conj Z[half - k]) / 2 is the even samples'
  // transform, O[k] = (Z[k] - conj Z[half - k]) / 2i the odd samples' (Z[half] = Z[0]).
  const power = new Float64Array(half + 1);
  for (let k = 0; k <= half; k++) {
    const a = k === half ? 0 : k;
    const b = k === 0 ? 0 : half - k;
    const evenRe = (re[a] + re[b]) / 2;
    const evenIm = (im[a] - im[b]) / 2;
    const oddRe = (im[a] + im[b]) / 2;
    const oddIm = -(re[a] - re[b]) / 2;
    const wRe = k === half ? -1 : cos[k];
    const wIm = k === half ? 0 : -sin[k];
    const xRe = evenRe + wRe * oddRe - wIm * oddIm;
    const xIm = evenIm + wRe * oddIm + wIm * oddRe;
    power[k] = xRe * xRe + xIm * xIm;
  }
  // P[k + half] = P[half - k] (P is real and even); even lags come out as re, odd lags as im.
  for (let k = 0; k < half; k++) {
    const p = power[k];
    const q = power[half - k];
    const oddPart = (p - q) / 2;
    re[k] = (p + q) / 2 - oddPart * sin[k];
    im[k] = oddPart * cos[k];
  }
  fft(re, im, true);
  const out = new Float64Array(lag + 1);
  const r0 = re[0];
  if (!(r0 > 0)) return out;
  for (let k = 0; k <= lag; k++) out[k] = (k % 2 === 0 ? re[k >> 1] : im[k >> 1]) / r0;
  return out;
}
