import { describe, expect, it } from 'vitest';
import { mstlEts } from '../../../core/analysis/timeseries/forecast-mstl';
import { readAugursWasm, useAugursFromNodeModules } from '../../../core/host/augurs-wasm';

const HOUR = 3_600_000;
const input = () => {
  const values = Float64Array.from({ length: 24 * 14 }, (_, i) => 50 + 10 * Math.sin((2 * Math.PI * i) / 24));
  return { values, startTs: 0, stepMs: HOUR, periods: [24], seed: 1 };
};

describe('augurs WASM: analysis does no I/O, the Node host hands the bytes over', () => {
  it('reads the ETS WebAssembly module from node_modules', () => {
    const bytes = readAugursWasm().ets as Uint8Array;
    expect(Buffer.from(bytes).subarray(0, 4).toString('latin1')).toBe('\0asm');
  });

  it('MSTL+ETS says what is missing until a host provides the WASM, then forecasts', () => {
    expect(() => mstlEts.predict(input(), 24)).toThrow(/augurs WASM was not provided/);
    useAugursFromNodeModules();
    const f = mstlEts.predict(input(), 24);
    expect(f).toHaveLength(24);
    for (let h = 0; h < 24; h++) expect(f[h]).toBeCloseTo(50 + 10 * Math.sin((2 * Math.PI * (24 * 14 + h)) / 24), 0);
  });
});
