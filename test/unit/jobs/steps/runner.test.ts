/**
 * The analysis-step runner: steps ordered by dependsOn (a cycle is refused), run one service at a time,
 * cached per step and unit (an unchanged second run runs nothing; bumping one step's version re-runs only it
 * and its dependents), and a cancelled run keeps the services it finished.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { CancelledError } from '../../../../core/jobs/protocol';
import { STEPS } from '../../../../core/jobs/steps/registry';
import { orderSteps, runSteps } from '../../../../core/jobs/steps/runner';
import type { SeriesStep, ServiceStep, Step, StepOutput, WorkspaceStep } from '../../../../core/jobs/steps/step';
import { WorkspaceStore } from '../../../../core/store/workspace';

/** A step that does nothing but exist, for ordering tests. */
const stub = (kind: string, dependsOn: string[] = [], scope: Step['scope'] = 'series'): Step =>
  ({ kind, version: 1, dependsOn, scope, noun: 'x', run: () => ({ output: { count: 0 }, save: () => undefined }) }) as Step;

describe('ordering steps by dependsOn', () => {
  it('puts every step after the steps it depends on, whatever the registry order', () => {
    const order = orderSteps([stub('report', ['peaks'], 'workspace'), stub('peaks', ['smooth']), stub('smooth'), stub('other')]).map((s) => s.kind);
    expect(order.indexOf('smooth')).toBeLessThan(order.indexOf('peaks'));
    expect(order.indexOf('peaks')).toBeLessThan(order.indexOf('report'));
    expect(order).toHaveLength(4);
  });

  it('refuses a cycle, naming it', () => {
    expect(() => orderSteps([stub('a', ['c']), stub('b', ['a']), stub('c', ['b'])])).toThrow(/cycle: a → c → b → a/);
  });

  it('refuses an unknown dependency, a duplicated kind and a dependency on a later scope', () => {
    expect(() => orderSteps([stub('a', ['missing'])])).toThrow(/depends on "missing", which is not registered/);
    expect(() => orderSteps([stub('a'), stub('a')])).toThrow(/registered twice/);
    expect(() => orderSteps([stub('a', ['w']), stub('w', [], 'workspace')])).toThrow(/cannot depend on "w"/);
  });

  it('accepts the registry: change points after anomalies', () => {
    const kinds = orderSteps(STEPS).map((s) => s.kind);
    expect(kinds.indexOf('anomalies')).toBeLessThan(kinds.indexOf('changepoints'));
  });
});

interface Counting extends StepOutput {
  /** What the step was given from its dependency, to show outputs flow even from the cache. */
  fromDep?: number;
}

/**
 * Four counting steps over a workspace: `level` per series, `shift` per series after `level` (reads its
 * output), `mix` per service, `summary` over the workspace. Each records the units it ran on.
 */
function countingSteps(versions: Partial<Record<string, number>> = {}, onSeries?: (id: number) => void) {
  const ran: Record<string, string[]> = { level: [], shift: [], mix: [], summary: [] };
  const level: SeriesStep<Counting> = {
    kind: 'level',
    version: versions.level ?? 1,
    scope: 'series',
    dependsOn: [],
    noun: 'levels',
    run: (s) => {
      onSeries?.(s.row.id);
      ran.level.push(`series:${s.row.id}`);
      return { output: { count: s.values.length }, save: () => undefined };
    },
  };
  const shift: SeriesStep<Counting> = {
    kind: 'shift',
    version: versions.shift ?? 1,
    scope: 'series',
    dependsOn: ['level'],
    noun: 'shifts',
    run: (s, ctx) => {
      ran.shift.push(`series:${s.row.id}`);
      return { output: { count: 1, fromDep: ctx.deps.level?.count }, save: () => undefined };
    },
  };
  const mix: ServiceStep = {
    kind: 'mix',
    version: versions.mix ?? 1,
    scope: 'service',
    dependsOn: [],
    noun: 'mixes',
    run: (service, series) => {
      ran.mix.push(`${service}:${series.map((x) => x.row.name).join(',')}`);
      return { output: { count: series.length }, save: () => undefined };
    },
  };
  const summary: WorkspaceStep = {
    kind: 'summary',
    version: versions.summary ?? 1,
    scope: 'workspace',
    dependsOn: [],
    noun: 'summaries',
    run: async () => {
      ran.summary.push('workspace');
      return { output: { count: 1 }, save: () => undefined };
    },
  };
  return { steps: [shift, level, mix, summary], ran };
}

describe('running steps over a workspace', () => {
  let dir: string;
  let store: WorkspaceStore;
  const ids: number[] = [];

  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'hindsight-steps-'));
    store = WorkspaceStore.open(join(dir, 'ws.hindsight'), { create: true });
    const source = store.addSource({ path: 'x', format: 'test', kind: 'metrics', bytes: 1, sha256: 'x', zone: 'UTC' });
    ids.length = 0;
    for (const [service, name, n] of [['api', 'latency', 5], ['api', 'errors', 6], ['db', 'cpu', 7]] as const) {
      const id = store.seriesId(name, { service });
      store.appendSamples(id, source, Float64Array.from({ length: n }, (_, i) => i * 60_000), new Float64Array(n).fill(1));
      ids.push(id);
    }
    store.bumpDataVersion();
  });

  afterEach(() => {
    store.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('runs each step on its units, one service at a time, and a second run over unchanged data runs nothing', async () => {
    const first = countingSteps();
    const report = await runSteps(store, { steps: first.steps });
    expect(first.ran.level.sort()).toEqual(ids.map((id) => `series:${id}`).sort());
    expect(first.ran.shift).toHaveLength(3);
    expect(first.ran.mix.sort()).toEqual(['api:errors,latency', 'db:cpu'].sort());
    expect(first.ran.summary).toEqual(['workspace']);
    expect(report.ran).toBe(3 + 3 + 2 + 1);
    expect(report.steps.find((t) => t.kind === 'level')?.count).toBe(5 + 6 + 7);

    const again = countingSteps();
    const read = vi.spyOn(store, 'readSamples');
    const second = await runSteps(store, { steps: again.steps });
    expect(second.ran).toBe(0);
    expect(again.ran).toEqual({ level: [], shift: [], mix: [], summary: [] });
    expect(read).not.toHaveBeenCalled(); // nothing stale: no samples loaded
    // Cached outputs still add up to the same totals.
    expect(second.steps.map((t) => [t.kind, t.count])).toEqual(report.steps.map((t) => [t.kind, t.count]));
  });

  it('re-runs only a step whose version changed, and the steps that depend on it', async () => {
    await runSteps(store, { steps: countingSteps().steps });

    const shiftBumped = countingSteps({ shift: 2 });
    await runSteps(store, { steps: shiftBumped.steps });
    expect(shiftBumped.ran.shift).toHaveLength(3);
    expect(shiftBumped.ran.level).toEqual([]);
    expect(shiftBumped.ran.mix).toEqual([]);
    expect(shiftBumped.ran.summary).toEqual([]);

    const levelBumped = countingSteps({ level: 2, shift: 2 });
    await runSteps(store, { steps: levelBumped.steps });
    expect(levelBumped.ran.level).toHaveLength(3);
    expect(levelBumped.ran.shift).toHaveLength(3); // depends on level
    expect(levelBumped.ran.mix).toEqual([]);
    expect(levelBumped.ran.summary).toEqual([]);
  });

  it('gives a step its dependency output even when the dependency came from the cache', async () => {
    await runSteps(store, { steps: countingSteps().steps });
    const bumped = countingSteps({ shift: 2 });
    const seen: (number | undefined)[] = [];
    const shift = bumped.steps[0] as SeriesStep<Counting>;
    const run = shift.run.bind(shift);
    shift.run = (s, ctx) => {
      const r = run(s, ctx);
      seen.push(r.output.fromDep);
      return r;
    };
    await runSteps(store, { steps: bumped.steps });
    expect(seen.sort()).toEqual([5, 6, 7]);
  });

  it('re-runs everything when the data or the feedback changed', async () => {
    await runSteps(store, { steps: countingSteps().steps });
    store.bumpDataVersion();
    expect((await runSteps(store, { steps: countingSteps().steps })).ran).toBe(9);
    store.addFeedback(ids[0], 0, 60_000, 'expected');
    expect((await runSteps(store, { steps: countingSteps().steps })).ran).toBe(9);
  });

  it('runs only the per-series steps of the chosen series', async () => {
    const some = countingSteps();
    await runSteps(store, { steps: some.steps, seriesIds: [ids[2]] });
    expect(some.ran).toEqual({ level: [`series:${ids[2]}`], shift: [`series:${ids[2]}`], mix: [], summary: [] });
  });

  it('stops on cancel between services, keeping the finished ones for the next run', async () => {
    const controller = new AbortController();
    const first = countingSteps({}, () => controller.abort());
    await expect(runSteps(store, { steps: first.steps, signal: controller.signal })).rejects.toBeInstanceOf(CancelledError);
    // The first service finished (and was written); nothing ran after the cancel.
    expect(first.ran.summary).toEqual([]);
    const done = first.ran.level.length;
    expect(done).toBeGreaterThan(0);
    expect(done).toBeLessThan(3);

    const rest = countingSteps();
    const report = await runSteps(store, { steps: rest.steps });
    expect(rest.ran.level).toHaveLength(3 - done);
    expect(rest.ran.summary).toEqual(['workspace']);
    expect(report.steps.find((t) => t.kind === 'level')?.cached).toBe(done);
  });
});
