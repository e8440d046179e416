/**
 * What an analysis step is: a name (`kind`), an algorithm `version`, the steps it needs first (`dependsOn`),
 * the unit it runs on (`scope`) and a `run` that computes from loaded data and returns a `save` that writes.
 * The runner (runner.ts) orders steps, feeds them one service at a time, caches each step per unit and writes
 * each service's results in one transaction. A step never sees progress, cancel or the cache.
 */
import type { SeriesRow } from '../../store/statements';
import type { WorkspaceStore } from '../../store/workspace';

/** Parameters of a whole analysis run; part of every step's cache key. */
export interface AnalysisParams {
  /** Width of the "normal" interval, as Prophet's interval_width (the anomaly detector's default when absent). */
  intervalWidth?: number;
}

/** A series with its samples, loaded once per service by the runner. */
export interface LoadedSeries {
  row: SeriesRow;
  ts: Float64Array;
  values: Float64Array;
}

/**
 * What every step's output holds: how many results it stored for the unit. Outputs are small JSON, kept with
 * the step's cache row so a dependent step can read them when the step itself was cached.
 */
export interface StepOutput {
  count: number;
}

/** A step's answer for one unit: its output, and the write of its results (run inside the runner's transaction). */
export interface StepResult<Out extends StepOutput = StepOutput> {
  output: Out;
  save(store: WorkspaceStore): void;
}

/** What a step's `run` sees besides its unit: the store (for reads), the run's params, its dependencies' outputs. */
export interface StepContext {
  store: WorkspaceStore;
  params: AnalysisParams;
  /** Outputs of `dependsOn` steps for the same unit (steps of the same scope only), by kind. */
  deps: Readonly<Record<string, StepOutput>>;
  signal: AbortSignal;
}

interface StepBase {
  /** Unique name, also the cache's step column ('anomalies', 'changepoints', …). */
  kind: string;
  /** Bump when what the step stores changes: its cached units, and those of its dependents, run again. */
  version: number;
  /** Steps that must run before this one. A series step may depend on series steps only; a service step on
   *  series and service steps; a workspace step on any. */
  dependsOn: readonly string[];
  /** What `count` counts, for the run's notes ("anomaly range(s)"). */
  noun: string;
}

/** Runs on each series, with its samples. */
export interface SeriesStep<Out extends StepOutput = StepOutput> extends StepBase {
  scope: 'series';
  run(series: LoadedSeries, ctx: StepContext): StepResult<Out>;
}

/** Runs on each service, with all its series' samples (series without a service form no service unit). */
export interface ServiceStep<Out extends StepOutput = StepOutput> extends StepBase {
  scope: 'service';
  run(service: string, series: readonly LoadedSeries[], ctx: StepContext): StepResult<Out>;
}

/** Runs once over the workspace after every service, reading what it needs from the store. */
export interface WorkspaceStep<Out extends StepOutput = StepOutput> extends StepBase {
  scope: 'workspace';
  run(ctx: StepContext): StepResult<Out> | Promise<StepResult<Out>>;
}

export type Step = SeriesStep | ServiceStep | WorkspaceStep;
