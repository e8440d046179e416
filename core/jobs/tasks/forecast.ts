/** Forecast of one stored series (model chosen by rolling-origin backtest) and, optionally, time to a threshold. */
import { forecast, type ForecastResult } from '../../analysis/timeseries/forecast';
import { timeToThreshold, type ThresholdResult } from '../../analysis/timeseries/threshold';
import { useAugursFromNodeModules } from '../../host/augurs-wasm';
import { WorkspaceStore } from '../../store/workspace';
import type { Task } from '../protocol';

export interface ForecastInput {
  workspace: string;
  seriesId: number;
  horizon: number;
  level?: number;
  threshold?: number;
}

export const forecastTask: Task<ForecastInput, { forecast: ForecastResult; threshold: ThresholdResult | null; name: string; unit: string | null }> = async (
  input,
  ctx,
) => {
  const store = WorkspaceStore.open(input.workspace, { readonly: true });
  try {
    const row = store.series(input.seriesId);
    if (!row) throw new Error(`series ${input.seriesId} does not exist`);
    const { ts, values } = store.readSamples(input.seriesId);
    ctx.progress({ done: 0, total: 1, unit: 'items', message: `forecasting ${row.name}` });
    const opts = { horizon: input.horizon, level: input.level, signal: ctx.signal };
    useAugursFromNodeModules();
    const f = forecast(ts, values, opts);
    const t =
      input.threshold === undefined
        ? null
        : timeToThreshold(ts, values, { ...opts, threshold: input.threshold, name: row.name, unit: row.unit ?? undefined });
    return { forecast: { ...f, residualPools: [] }, threshold: t, name: row.name, unit: row.unit };
  } finally {
    store.close();
  }
};
