/**
 * MSTL decomposition with an AutoETS forecaster for the seasonally adjusted series, the scheme of Bandara,
 * Hyndman & Bergmeir (2021), "MSTL: A Seasonal-Trend Decomposition Algorithm for Time Series with Multiple
 * Seasonal Patterns" §2.3 (and of Grafana augurs' `MSTL.ets`): the decomposition is this project's `mstl`
 * (statsmodels-exact, see test/unit/analysis/timeseries/mstl.test.ts); ETS (Hyndman et al. 2008) comes from
 * augurs (WASM); each seasonal component is carried forward by repeating its last cycle.
 * Without a season that fits twice, AutoETS on the series alone.
 *
 * Analysis does no I/O: the host hands the WASM bytes over once (`initAugurs`), or names a loader that is called on
 * first use (`provideAugurs`; Node hosts use `core/host/augurs-wasm.ts`, which reads them from node_modules).
 */
import { AutoETS, initSync as initEts } from '@bsull/augurs/ets';
import type { ForecastModel } from './forecast-models';
import { mstl } from './mstl';

let ready: boolean | Error = false;
let loader: (() => AugursWasm) | null = null;

/** The bytes of `ets_bg.wasm` from @bsull/augurs. */
export interface AugursWasm {
  ets: ArrayBufferView | ArrayBuffer;
}

/** Hands the ETS WASM module to the model (a bundle or browser that has the bytes at hand). Idempotent. */
export function initAugurs(etsWasm: ArrayBufferView | ArrayBuffer): void {
  initEts({ module: etsWasm });
  ready = true;
}

/** Names where the WASM comes from; `load` runs on the first MSTL+ETS forecast (not at all if none is made). */
export function provideAugurs(load: () => AugursWasm): void {
  loader = load;
  if (ready instanceof Error) ready = false;
}

/** Initialises the WASM on first use through the provided loader; remembers a failure. */
function ensureAugurs(): void {
  if (ready === true) return;
  if (ready instanceof Error) throw ready;
  if (!loader) throw new Error('augurs WASM was not provided: the host must call provideAugurs or initAugurs first');
  try {
    const wasm = loader();
    initAugurs(wasm.ets);
  } catch (e) {
    ready = new Error(`augurs WASM could not be loaded: ${e instanceof Error ? e.message : String(e)}`);
    throw ready;
  }
}

const MAX_HISTORY = 2000;

/**
 * MSTL + AutoETS point forecasts. Seasons are the given periods that fit at least twice into the history;
 * history beyond max(2000, 6 × the longest season) points is dropped for speed. The history is decomposed by
 * `mstl` (non-robust STL, as statsmodels' MSTL defaults), AutoETS forecasts trend + remainder, and season k adds
 * seasonal_k[n − p_k + (h mod p_k)] at step h. O(n) per fit (STL loops, ETS).
 * Throws an Error when the WASM cannot be loaded or augurs rejects the series.
 */
export const mstlEts: ForecastModel = {
  name: 'mstl-ets',
  predict(input, horizon) {
    ensureAugurs();
    const all = input.values;
    const fits = input.periods.filter((p) => all.length >= 2 * p);
    const keep = Math.min(all.length, Math.max(MAX_HISTORY, 6 * (fits[fits.length - 1] ?? 0)));
    const y = all.subarray(all.length - keep);
    const usable = fits.filter((p) => y.length >= 2 * p);
    const dec = usable.length > 0 ? mstl(y, { periods: usable, stl: { robust: false } }) : null;
    const adjusted = Float64Array.from(y);
    if (dec) for (const s of dec.seasonal) for (let i = 0; i < y.length; i++) adjusted[i] -= s[i];
    const ets = new AutoETS(1, 'ZZN');
    let point: Float64Array;
    try {
      ets.fit(adjusted);
      point = Float64Array.from(ets.predict(horizon).point);
    } finally {
      ets.free();
    }
    if (dec) {
      const n = y.length;
      dec.periods.forEach((p, k) => {
        for (let h = 0; h < horizon; h++) point[h] += dec.seasonal[k][n - p + (h % p)];
      });
    }
    return point;
  },
};
