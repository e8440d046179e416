/**
 * The learnt normal band of one stored series (core/analysis/timeseries/anomaly), over all its
 * samples, with the ranges a person marked expected kept out of the baseline. Runs in a worker so
 * a chart asking for a band never stalls the main process; the arrays travel back transferred.
 * Detection does not yield, so a cancel cannot reach it: the pool terminates its worker instead.
 */
import { detectAnomalies } from '../../analysis/timeseries/anomaly';
import type { AnomalyMethod } from '../../analysis/timeseries/anomaly-types';
import { WorkspaceStore } from '../../store/workspace';
import type { Task } from '../protocol';

export interface BandInput {
  workspace: string;
  seriesId: number;
}

export interface BandResult {
  method: AnomalyMethod;
  periodsMs: number[];
  notes: string[];
  ts: Float64Array;
  expected: Float64Array;
  lower: Float64Array;
  upper: Float64Array;
}

export const bandTask: Task<BandInput, BandResult> = async (input) => {
  const store = WorkspaceStore.open(input.workspace, { readonly: true });
  try {
    if (!store.series(input.seriesId)) throw new Error(`series ${input.seriesId} does not exist`);
    const { ts, values } = store.readSamples(input.seriesId);
    const band = detectAnomalies(ts, values, { exclude: store.expectedRanges(input.seriesId) });
    return {
      method: band.method,
      periodsMs: band.periodsMs,
      notes: band.notes,
      ts,
      expected: band.expected,
      lower: band.lower,
      upper: band.upper,
    };
  } finally {
    store.close();
  }
};
