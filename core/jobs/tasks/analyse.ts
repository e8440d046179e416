/**
 * Whole-workspace analysis, run in a worker: the registered analysis steps (core/jobs/steps/registry.ts) run
 * service by service, each cached by data version, feedback version and its algorithm version, so repeating
 * a run over unchanged data is instant and changing one step re-runs only it and its dependents.
 */
import { WorkspaceStore } from '../../store/workspace';
import type { Task } from '../protocol';
import { runSteps, type StepTally } from '../steps/runner';

export interface AnalyseInput {
  workspace: string;
  seriesIds?: number[];
  intervalWidth?: number;
}

export interface AnalyseResult {
  series: number;
  anomalies: number;
  changePoints: number;
  /** True when every step of every unit came from the cache. */
  cached: boolean;
  seconds: number;
  /** One line per step: what it found, and how many units ran or came from the cache. */
  notes: string[];
  steps: StepTally[];
}

export const analyseTask: Task<AnalyseInput, AnalyseResult> = async (input, ctx) => {
  const started = performance.now();
  const store = WorkspaceStore.open(input.workspace, { wait: { signal: ctx.signal, onWait: (message) => ctx.progress({ done: 0, total: 0, unit: 'items', message }) } });
  try {
    const report = await runSteps(store, {
      seriesIds: input.seriesIds,
      params: input.intervalWidth === undefined ? {} : { intervalWidth: input.intervalWidth },
      signal: ctx.signal,
      progress: ctx.progress,
    });
    if (!input.seriesIds) store.setMeta('analysed_version', String(store.dataVersion));
    const countOf = (kind: string): number => report.steps.find((t) => t.kind === kind)?.count ?? 0;
    return {
      series: report.series,
      anomalies: countOf('anomalies'),
      changePoints: countOf('changepoints'),
      cached: report.ran === 0,
      seconds: (performance.now() - started) / 1000,
      notes: report.steps.map((t) => `${t.kind}: ${t.count} ${t.noun} (${t.ran} unit(s) run in ${(t.ms / 1000).toFixed(1)} s, ${t.cached} cached)`),
      steps: report.steps,
    };
  } finally {
    store.close();
  }
};
