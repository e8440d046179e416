/**
 * Runs the analysis steps of registry.ts over a workspace, one service at a time so memory stays bounded:
 * load the service's series, run the stale per-series and per-service steps, write their results and cache
 * rows in one transaction, let go of the samples. Workspace steps run last. Each step is cached per unit
 * (`series:<id>`, `service:<name>`, `workspace`) by a key of the data version, the feedback version, the run's
 * params and the versions of the step and of every step it depends on: a second run over unchanged data runs
 * nothing, and bumping one step's version runs only it and its dependents again. A cancelled run keeps the
 * services it finished, so the next run goes on from there.
 */
import { createHash } from 'node:crypto';
import type { SeriesRow } from '../../store/statements';
import type { WorkspaceStore } from '../../store/workspace';
import { throwIfCancelled, type ProgressUpdate } from '../protocol';
import { STEPS } from './registry';
import type { AnalysisParams, LoadedSeries, SeriesStep, ServiceStep, Step, StepOutput, StepResult, WorkspaceStep } from './step';

const SCOPE_ORDER: Record<Step['scope'], number> = { series: 0, service: 1, workspace: 2 };

/**
 * The steps in an order where each comes after what it depends on (registry order among independent ones).
 * Throws, naming the steps, on a duplicated kind, an unknown dependency, a dependency on a later scope
 * (a series step cannot wait for a workspace step) or a cycle. O(steps + dependencies).
 */
export function orderSteps(steps: readonly Step[]): Step[] {
  const byKind = new Map<string, Step>();
  for (const s of steps) {
    if (byKind.has(s.kind)) throw new Error(`analysis step "${s.kind}" is registered twice`);
    byKind.set(s.kind, s);
  }
  for (const s of steps) {
    for (const d of s.dependsOn) {
      const dep = byKind.get(d);
      if (!dep) throw new Error(`analysis step "${s.kind}" depends on "${d}", which is not registered`);
      if (SCOPE_ORDER[dep.scope] > SCOPE_ORDER[s.scope]) {
        throw new Error(`analysis step "${s.kind}" (per ${s.scope}) cannot depend on "${d}" (per ${dep.scope}), which runs after it`);
      }
    }
  }
  const ordered: Step[] = [];
  const state = new Map<string, 'visiting' | 'done'>();
  const visit = (s: Step, path: string[]): void => {
    if (state.get(s.kind) === 'done') return;
    if (state.get(s.kind) === 'visiting') {
      throw new Error(`analysis steps depend on each other in a cycle: ${[...path.slice(path.indexOf(s.kind)), s.kind].join(' → ')}`);
    }
    state.set(s.kind, 'visiting');
    for (const d of s.dependsOn) visit(byKind.get(d) as Step, [...path, s.kind]);
    state.set(s.kind, 'done');
    ordered.push(s);
  };
  for (const s of steps) visit(s, []);
  // Scopes run in order (series, service, workspace); a stable sort keeps the dependency order inside each.
  return ordered.sort((a, b) => SCOPE_ORDER[a.scope] - SCOPE_ORDER[b.scope]);
}

/** `kind@version` of a step and of every step it depends on, directly or not, sorted. */
function versionChain(step: Step, byKind: ReadonlyMap<string, Step>): string[] {
  const seen = new Set<string>();
  const walk = (s: Step): void => {
    if (seen.has(s.kind)) return;
    seen.add(s.kind);
    for (const d of s.dependsOn) walk(byKind.get(d) as Step);
  };
  walk(step);
  return [...seen].map((k) => `${k}@${(byKind.get(k) as Step).version}`).sort();
}

export interface RunOptions {
  /** Only these series, and only the per-series steps (all series and all steps when absent). */
  seriesIds?: readonly number[];
  params?: AnalysisParams;
  signal?: AbortSignal;
  progress?: (p: ProgressUpdate) => void;
  /** The steps to run (the registry's when absent; tests pass their own). */
  steps?: readonly Step[];
}

/** What one step did over the run: units it ran and units answered from its cache, and its results' total. */
export interface StepTally {
  kind: string;
  noun: string;
  ran: number;
  cached: number;
  count: number;
  /** Wall-clock milliseconds its runs took (samples read on a unit's first use count against its first step). */
  ms: number;
}

export interface RunReport {
  series: number;
  steps: StepTally[];
  /** Units run, over every step (0: everything came from the cache). */
  ran: number;
}

/** One pending write: a step's results for one unit and its new cache row. */
interface Pending {
  kind: string;
  unit: string;
  result: StepResult;
}

const seriesUnit = (id: number): string => `series:${id}`;
const serviceUnit = (name: string): string => `service:${name}`;
const WORKSPACE_UNIT = 'workspace';

/** Runs the (stale) analysis steps over the workspace; see the file's header. Throws CancelledError on cancel. */
export async function runSteps(store: WorkspaceStore, opts: RunOptions = {}): Promise<RunReport> {
  const ordered = orderSteps(opts.steps ?? STEPS);
  const byKind = new Map(ordered.map((s) => [s.kind, s]));
  const params = opts.params ?? {};
  const signal = opts.signal ?? new AbortController().signal;
  const base = { data: store.dataVersion, feedback: store.getMeta('feedback_version') ?? '0', params };
  const keys = new Map(
    ordered.map((s) => [s.kind, createHash('sha256').update(JSON.stringify({ steps: versionChain(s, byKind), ...base })).digest('hex')]),
  );
  const tallies = new Map<string, StepTally>(ordered.map((s) => [s.kind, { kind: s.kind, noun: s.noun, ran: 0, cached: 0, count: 0, ms: 0 }]));
  const seriesSteps = ordered.filter((s): s is SeriesStep => s.scope === 'series');
  const serviceSteps = opts.seriesIds ? [] : ordered.filter((s): s is ServiceStep => s.scope === 'service');
  const workspaceSteps = opts.seriesIds ? [] : ordered.filter((s): s is WorkspaceStep => s.scope === 'workspace');

  /**
   * The unit's cached output of `step`, when its cache row has the current key and none of the step's
   * dependencies ran on the unit in this run; undefined when the step must run.
   */
  const reuse = (step: Step, unit: string, ranHere: ReadonlySet<string>): StepOutput | undefined => {
    const cached = store.stepRun(step.kind, unit);
    if (!cached || cached.key !== keys.get(step.kind) || step.dependsOn.some((d) => ranHere.has(d))) return undefined;
    return JSON.parse(cached.output) as StepOutput;
  };
  /** Counts a unit's output of `step` (reused or fresh) and keeps it for the unit's later steps. */
  const tally = (step: Step, output: StepOutput, fresh: boolean, outputs: Map<string, StepOutput>): void => {
    const t = tallies.get(step.kind) as StepTally;
    if (fresh) t.ran++;
    else t.cached++;
    t.count += output.count;
    outputs.set(step.kind, output);
  };
  const depsOf = (step: Step, outputs: ReadonlyMap<string, StepOutput>): Record<string, StepOutput> =>
    Object.fromEntries(step.dependsOn.flatMap((d) => (outputs.has(d) ? [[d, outputs.get(d) as StepOutput]] : [])));
  /** Runs the unit's steps in order, each unless reused; returns the writes of those that ran. */
  const runUnit = <S extends Step>(steps: readonly S[], unit: string, run: (step: S, deps: Record<string, StepOutput>) => StepResult): Pending[] => {
    const outputs = new Map<string, StepOutput>();
    const ranHere = new Set<string>();
    const pending: Pending[] = [];
    for (const step of steps) {
      const reused = reuse(step, unit, ranHere);
      if (reused) {
        tally(step, reused, false, outputs);
        continue;
      }
      const started = performance.now();
      const result = run(step, depsOf(step, outputs));
      (tallies.get(step.kind) as StepTally).ms += performance.now() - started;
      tally(step, result.output, true, outputs);
      ranHere.add(step.kind);
      pending.push({ kind: step.kind, unit, result });
    }
    return pending;
  };

  const write = (pending: readonly Pending[]): void => {
    if (!pending.length) return;
    store.transaction(() => {
      for (const p of pending) {
        p.result.save(store);
        store.putStepRun(p.kind, p.unit, keys.get(p.kind) as string, JSON.stringify(p.result.output));
      }
    });
  };

  const rows = opts.seriesIds
    ? opts.seriesIds.flatMap((id) => store.series(id) ?? [])
    : store.listSeries('', Number.MAX_SAFE_INTEGER);
  if (!opts.seriesIds) store.transaction(() => store.pruneDerivedOfMissingSeries());
  const byService = new Map<string | null, SeriesRow[]>();
  for (const row of rows) byService.set(row.service, [...(byService.get(row.service) ?? []), row]);

  const total = rows.length + workspaceSteps.length;
  let done = 0;
  for (const [service, group] of byService) {
    throwIfCancelled(signal);
    // Samples are read on first use and dropped with the group: one service's series in memory at a time.
    const loaded = new Map<number, LoadedSeries>();
    const load = (row: SeriesRow): LoadedSeries => {
      let s = loaded.get(row.id);
      if (!s) {
        s = { row, ...store.readSamples(row.id) };
        loaded.set(row.id, s);
      }
      return s;
    };
    const pending: Pending[] = [];
    for (const row of group) {
      pending.push(...runUnit(seriesSteps, seriesUnit(row.id), (step, deps) => step.run(load(row), { store, params, deps, signal })));
    }
    if (service !== null) {
      pending.push(...runUnit(serviceSteps, serviceUnit(service), (step, deps) => step.run(service, group.map(load), { store, params, deps, signal })));
    }
    write(pending);
    done += group.length;
    opts.progress?.({ done, total, unit: 'items', message: `analysed ${done} of ${rows.length} series` });
    // Let a cancel message in between services.
    await new Promise((resolve) => setImmediate(resolve));
  }

  // A workspace step also runs again when any step it depends on ran on some unit in this run.
  const outputs = new Map<string, StepOutput>();
  const ranHere = new Set<string>([...tallies.values()].filter((t) => t.ran > 0).map((t) => t.kind));
  for (const step of workspaceSteps) {
    throwIfCancelled(signal);
    opts.progress?.({ done, total, unit: 'items', message: `${step.kind} over the workspace` });
    const reused = reuse(step, WORKSPACE_UNIT, ranHere);
    if (reused) tally(step, reused, false, outputs);
    else {
      const started = performance.now();
      const result = await step.run({ store, params, deps: depsOf(step, outputs), signal });
      (tallies.get(step.kind) as StepTally).ms += performance.now() - started;
      tally(step, result.output, true, outputs);
      ranHere.add(step.kind);
      write([{ kind: step.kind, unit: WORKSPACE_UNIT, result }]);
    }
    done++;
  }
  opts.progress?.({ done: total, total, unit: 'items', message: 'analysis done' });
  const steps = [...tallies.values()];
  return { series: rows.length, steps, ran: steps.reduce((a, t) => a + t.ran, 0) };
}
