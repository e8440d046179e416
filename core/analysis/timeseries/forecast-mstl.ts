/**
 * MSTL decomposition with an AutoETS trend forecaster, from Grafana's augurs (WASM): Bandara, Hyndman &
 * Bergmeir (2021), "MSTL: A Seasonal-Trend Decomposition Algorithm for Time Series with Multiple Seasonal
 * Patterns"; ETS per Hyndman et al. (2008). Without a season that fits twice, AutoETS on the series alone.
 */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { AutoETS, initSync as initEts } from '@bsull/augurs/ets';
import { MSTL, initSync as initMstl } from '@bsull/augurs/mstl';
import type { ForecastModel } from './forecast-models';

let ready: boolean | Error = false;

/**
 * Hands the two WASM modules (bytes of `mstl_bg.wasm` and `ets_bg.wasm` from @bsull/augurs) to the
 * model, for hosts where they are not read from node_modules (a bundle, a browser). Idempotent.
 */
export function initAugurs(mstlWasm: ArrayBufferView | ArrayBuffer, etsWasm: ArrayBufferView | ArrayBuffer): void {
  initMstl({ module: mstlWasm });
  initEts({ module: etsWasm });
  ready = true;
}

/** Loads the WASM modules from node_modules on first use; remembers a failure. */
function ensureAugurs(): void {
  if (ready === true) return;
  if (ready instanceof Error) throw ready;
  try {
    const require = createRequire(import.meta.url);
    const dir = dirname(require.resolve('@bsull/augurs/mstl'));
    initAugurs(readFileSync(join(dir, 'mstl_bg.wasm')), readFileSync(join(dir, 'ets_bg.wasm')));
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
