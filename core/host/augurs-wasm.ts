/**
 * Node hosts (job worker, CLI, tests, benches) give the MSTL+ETS forecaster its ETS WASM from node_modules.
 * This is the only file that reads those bytes; `core/analysis` itself does no I/O (see test/unit/layering.test.ts).
 */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { provideAugurs, type AugursWasm } from '../analysis/timeseries/forecast-mstl';

/** Reads `ets_bg.wasm` next to @bsull/augurs' ETS entry. Throws when the package is missing. */
export function readAugursWasm(): AugursWasm {
  const require = createRequire(import.meta.url);
  return { ets: readFileSync(join(dirname(require.resolve('@bsull/augurs/ets')), 'ets_bg.wasm')) };
}

/** Registers `readAugursWasm` as the forecaster's loader; the files are read on the first MSTL+ETS fit. O(1). */
export function useAugursFromNodeModules(): void {
  provideAugurs(readAugursWasm);
}
