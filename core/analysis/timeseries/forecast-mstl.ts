/**
 * MSTL decomposition with an AutoETS trend forecaster, from Grafana's augurs (WASM): Bandara, Hyndman &
 * Bergmeir (2021), "MSTL: A Seasonal-Trend Decomposition Algorithm for Time Series with Multiple Seasonal
 * Patterns"; ETS per Hyndman et al. (2008). Without a season that fits twice, AutoETS on the series alone.
 *
 * Analysis does no I/O: the host hands the WASM bytes over once (`initAugurs`), or names a loader that is called on
 * first use (`provideAugurs`; Node hosts use `core/host/augurs-wasm.ts`, which reads them from node_modules).
 */
import { AutoETS, initSync as initEts } from '@bsull/augurs/ets';
import { MSTL, initSync as initMstl } from '@bsull/augurs/mstl';
import type { ForecastModel } from './forecast-models';

let ready: boolean | Error = false;
let loader: (() => AugursWasm) | null = null;

/** The bytes of `mstl_bg.wasm` and `ets_bg.wasm` from @bsull/augurs. */
export interface AugursWasm {
  mstl: ArrayBufferView | ArrayBuffer;
  ets: ArrayBufferView | ArrayBuffer;
}

/** Hands the two WASM modules to the model (a bundle or browser that has the bytes at hand). Idempotent. */
export function initAugurs(mstlWasm: ArrayBufferView | ArrayBuffer, etsWasm: ArrayBufferView | ArrayBuffer): void {
  initMstl({ module: mstlWasm });
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
    initAugurs(wasm.mstl, wasm.ets);
  } catch (e) {
    ready = new Error(`augurs WASM could not be loaded: ${e instanceof Error ? e.message : String(e)}`);
    throw ready;
  }
}

const MAX_HISTORY = 2000;

/**
 * MSTL + AutoETS point forecasts. Seasons are the given periods that fit at least twice into the history;
 * history beyond max(2000, 6 × the longest season) points is dropped for speed. O(n) per fit (STL loops).
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
    if (usable.length > 0) {
      const model = MSTL.ets(usable);
      try {
        model.fit(y);
        return Float64Array.from(model.predict(horizon).point);
      } finally {
        model.free();
      }
    }
    const ets = new AutoETS(1, 'ZZN');
    try {
      ets.fit(y);
      return Float64Array.from(ets.predict(horizon).point);
    } finally {
      ets.free();
    }
  },
};
