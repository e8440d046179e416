/**
 * The scenario suite as its users rely on it: the same scenario gives the same bytes; the table plants
 * enough incidents of enough kinds in systems of different shapes, keeps a system out of tuning, and
 * its ground truth agrees with the series (the root's metrics move at onset), with the changes (the
 * cause precedes onset, the distractor deploy is on another service, mitigation follows) and with the
 * logs (the top pattern first appears at onset); and a dump goes through the normal importer whole.
 */
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { main } from '../../../core/cli/main';
import { ROOT_CAUSE_KINDS } from '../../../core/analysis/incidents/types';
import { median } from '../../../core/analysis/stats';
import { synthesizeMetrics, type ServiceSeries } from '../../../core/demo/metrics';
import { STEP_MS } from '../../../core/demo/plan';
import { generateScenario, SCENARIO_END_MS, type ScenarioManifest } from '../../../core/demo/suite/generate';
import { buildScenarioPlan } from '../../../core/demo/suite/plan';
import { SYSTEMS } from '../../../core/demo/suite/systems';
import { HELD_OUT_SYSTEMS, SUITE } from '../../../core/demo/suite/table';
import type { ScenarioDef } from '../../../core/demo/suite/types';
import { importPaths } from '../../../core/ingest/import';
import { WorkspaceStore } from '../../../core/store/workspace';

const DAY = 86_400_000;
const MIN = 60_000;

/** A quick scenario of the small system: three days, few log lines, three incidents. */
const QUICK: ScenarioDef = {
  name: 'quick', system: 'small', seed: 9, days: 3, logLines: 4_000, batch: { service: 'pg', hour: 2 },
  incidents: [
    { kind: 'bad-deploy', root: 'api', at: 0.1 },
    { kind: 'cache-eviction', root: 'redis', at: 0.6, change: true },
    { kind: 'lock-contention', root: 'pg', during: 1 },
  ],
};

let root = '';
let a: ScenarioManifest;
let b: ScenarioManifest;
let other: ScenarioManifest;

beforeAll(async () => {
  root = await mkdtemp(join(tmpdir(), 'hindsight-suite-'));
  a = await generateScenario(join(root, 'a'), QUICK);
  b = await generateScenario(join(root, 'b'), QUICK);
  other = await generateScenario(join(root, 'c'), { ...QUICK, seed: 10 });
}, 120_000);

afterAll(async () => {
  if (root) await rm(root, { recursive: true, force: true });
});

describe('generateScenario: determinism', () => {
  it('writes byte-identical files for the same scenario, and other bytes for another seed', () => {
    expect(b.files).toEqual(a.files);
    const bySeed = new Map(other.files.map((f) => [f.path, f.sha256]));
    const same = a.files.filter((f) => bySeed.get(f.path) === f.sha256).map((f) => f.path);
    expect(same).toEqual(['topology/dependencies.csv']);
  });

  it('refuses an unknown scenario, and a definition naming a service its system lacks', async () => {
    await expect(generateScenario(join(root, 'x'), 'no-such')).rejects.toThrow(/unknown scenario 'no-such'.*shop-a/);
    await expect(generateScenario(join(root, 'y'), { ...QUICK, incidents: [{ kind: 'bad-deploy', root: 'orders' }] }))
      .rejects.toThrow(/no service 'orders' in system 'small'/);
    await expect(generateScenario(join(root, 'z'), { ...QUICK, seed: -1 })).rejects.toThrow(/seed must be an integer/);
    await expect(generateScenario(join(root, 'z'), { ...QUICK, days: 2 })).rejects.toThrow(/days must be 3..7/);
  });
});

describe('the suite table', () => {
  const incidents = SUITE.flatMap((s) => s.incidents.map((i) => ({ ...i, system: s.system })));

  it('plants at least 24 incidents of at least 8 kinds in at least 4 system shapes', () => {
    expect(incidents.length).toBeGreaterThanOrEqual(24);
    const kinds = new Set(incidents.map((i) => i.kind));
    expect(kinds.size).toBeGreaterThanOrEqual(8);
    for (const k of kinds) expect(ROOT_CAUSE_KINDS).toContain(k);
    expect(new Set(SUITE.map((s) => s.system)).size).toBeGreaterThanOrEqual(4);
    expect(new Set(SUITE.map((s) => s.name)).size).toBe(SUITE.length);
  });

  it('holds out at least one whole system, and tunes on at least two others', () => {
    expect(HELD_OUT_SYSTEMS.length).toBeGreaterThanOrEqual(1);
    for (const s of HELD_OUT_SYSTEMS) expect(SUITE.some((d) => d.system === s)).toBe(true);
    expect(new Set(SUITE.map((s) => s.system).filter((s) => !HELD_OUT_SYSTEMS.includes(s))).size).toBeGreaterThanOrEqual(2);
  });

  it('has a second incident starting during a first in some scenarios', () => {
    expect(SUITE.filter((s) => s.incidents.some((i) => i.during !== undefined)).length).toBeGreaterThanOrEqual(2);
  });
});

/** Values of `v` over minutes [from, to). */
function valuesIn(v: Float64Array, startMs: number, from: number, to: number): number[] {
  const i0 = Math.max(0, Math.round((from - startMs) / STEP_MS));
  const i1 = Math.min(v.length, Math.round((to - startMs) / STEP_MS));
  return Array.from(v.subarray(i0, i1));
}

/** Whether the median of `after` is far from that of `before`: by 40 %, or by 10 median absolute deviations and 5 %. */
function moved(before: number[], after: number[]): boolean {
  const b = median(before);
  const a = median(after);
  const mad = median(before.map((x) => Math.abs(x - b)));
  return a / b > 1.4 || a / b < 0.7 || (Math.abs(a - b) > 10 * mad && Math.abs(a - b) > 0.05 * Math.abs(b));
}

describe.each(SUITE.map((s) => [s.name, s] as const))('ground truth of %s', (_name, def) => {
  const system = SYSTEMS[def.system];
  const startMs = SCENARIO_END_MS - def.days * DAY;
  const sp = buildScenarioPlan(def, system, startMs, SCENARIO_END_MS);
  const metrics = synthesizeMetrics(sp.plan, system.services);
  const series = (service: string, metric: string): Float64Array => {
    const s = metrics.get(service) as ServiceSeries;
    return metric in s.values ? s.values[metric as keyof ServiceSeries['values']] : s.extra[metric];
  };

  it("moves the root's metrics at onset (memory: by the OOM kill), well beyond their hour before", () => {
    for (const inc of sp.plan.incidents) {
      for (const { service, metric } of inc.fault.rootMetrics) {
        const v = series(service, metric);
        const before = valuesIn(v, startMs, inc.onsetMs - 70 * MIN, inc.onsetMs - 10 * MIN);
        const leak = inc.fault.leak;
        const after = leak
          ? valuesIn(v, startMs, startMs + (leak.restartIdx - 40) * STEP_MS, startMs + (leak.restartIdx - 5) * STEP_MS)
          : valuesIn(v, startMs, inc.onsetMs + 8 * MIN, inc.onsetMs + 30 * MIN);
        expect(moved(before, after), `${inc.id} ${inc.kind} ${service} ${metric}: ${median(before)} -> ${median(after)}`).toBe(true);
      }
    }
  });

  it('puts the cause at or before onset, the mitigation after it, and the distractor deploy on another service minutes before', () => {
    for (const inc of sp.plan.incidents) {
      const cause = sp.plan.deploys.find((d) => d.role === 'cause' && d.incident === inc.id);
      const mitigation = sp.plan.deploys.find((d) => d.role === 'mitigation' && d.incident === inc.id);
      const needsCause = inc.kind === 'bad-deploy' || inc.kind === 'config-change' || inc.kind === 'memory-leak' || inc.def.change === true;
      expect(cause !== undefined, `${inc.id} ${inc.kind} cause`).toBe(needsCause);
      if (cause) {
        expect(cause.timeMs).toBeLessThanOrEqual(inc.onsetMs);
        expect(cause.timeMs).toBeGreaterThan(inc.onsetMs - 10 * MIN);
        if (cause.kind === 'config') expect(cause.description).toBe(`${cause.key} ${cause.oldValue} -> ${cause.newValue}`);
      }
      if (mitigation) expect(mitigation.timeMs).toBeGreaterThan(inc.onsetMs);
      const d = inc.distractor;
      expect(d.service).not.toBe(inc.serviceOnsetMs[0][0]);
      expect(d.service).not.toBe(cause?.service);
      expect(d.timeMs).toBeLessThan(inc.onsetMs);
      expect(d.timeMs).toBeGreaterThan(inc.onsetMs - 20 * MIN);
      expect(inc.blip.atMs).toBeLessThan(inc.onsetMs - 2 * 3_600_000);
    }
  });

  it('lists the affected services root first, then in onset order, the root at the onset minute', () => {
    for (const inc of sp.plan.incidents) {
      const [[, rootOnset], ...rest] = inc.serviceOnsetMs;
      expect(rootOnset - inc.onsetMs).toBeGreaterThanOrEqual(0);
      expect(rootOnset - inc.onsetMs).toBeLessThan(MIN);
      const times = rest.map(([, t]) => t);
      expect(times).toEqual([...times].sort((x, y) => x - y));
      for (const t of times) expect(t).toBeGreaterThanOrEqual(inc.onsetMs);
    }
  });

  it('starts every other incident at least three hours after the previous one ended', () => {
    const alone = sp.plan.incidents.filter((i) => !i.during);
    for (let k = 1; k < alone.length; k++) {
      const previousEnd = Math.max(...sp.plan.incidents.filter((i) => i.onsetMs < alone[k].onsetMs).map((i) => i.endMs));
      expect(alone[k].onsetMs - previousEnd, `${alone[k].id} ${alone[k].kind}`).toBeGreaterThan(3 * 3_600_000);
    }
  });

  it('starts a second incident during the first where the table says so, on another root', () => {
    for (const inc of sp.plan.incidents.filter((i) => i.during)) {
      const first = sp.plan.incidents.find((i) => i.id === inc.during);
      expect(first).toBeDefined();
      expect(inc.onsetMs).toBeGreaterThan((first?.onsetMs ?? 0) + 5 * MIN);
      expect(inc.onsetMs).toBeLessThan(first?.endMs ?? 0);
      expect(inc.serviceOnsetMs[0][0]).not.toBe(first?.serviceOnsetMs[0][0]);
    }
  });
});

describe('a scenario dump', () => {
  it('labels every alert with its incident or as noise, with each kind of noise present', async () => {
    const truth = a.truth;
    expect(truth.alerts.length).toBeGreaterThan(0);
    const ids = new Set(truth.incidents.map((i) => i.id));
    for (const al of truth.alerts) expect(al.incident === 'noise' || ids.has(al.incident)).toBe(true);
    const reasons = new Set(truth.alerts.map((al) => al.noise).filter(Boolean));
    for (const r of ['always-firing', 'certificate', 'flapping', 'scrape-gap']) expect(reasons).toContain(r);
    expect(truth.alerts.filter((al) => al.incident !== 'noise').length).toBeGreaterThan(0);
    const onDisk = JSON.parse(await readFile(join(a.dir, 'ground-truth.json'), 'utf8')) as typeof truth;
    expect(onDisk).toEqual(truth);
  });

  it("writes each incident's top log pattern only from its onset on", async () => {
    for (const inc of a.truth.incidents) {
      const log = a.truth.logs[inc.topLogPattern.service];
      const text = await readFile(join(a.dir, log.path), 'utf8');
      const re = new RegExp(inc.topLogPattern.pattern.split('<*>').map((p) => p.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')).join('.+?'));
      const times = text.split('\n').filter((l) => re.test(l)).map((l) => Date.parse(/\d{4}-\d{2}-\d{2}[T ]\d{2}:\d{2}:\d{2}(\.\d+)?/.exec(l)?.[0].replace(' ', 'T') + 'Z'));
      expect(times.length, `${inc.id} ${inc.topLogPattern.pattern}`).toBeGreaterThan(3);
      expect(Math.min(...times)).toBeGreaterThanOrEqual(inc.onsetMs - MIN);
    }
  });

  it('goes through the normal importer with no rejected line, config rows keeping their key and values', async () => {
    const store = WorkspaceStore.open(join(root, 'ws.hindsight'), { create: true });
    try {
      const result = await importPaths(store, [a.dir]);
      const byPath = new Map(result.files.map((f) => [f.path.slice(a.dir.length + 1), f]));
      for (const f of a.files) {
        const r = byPath.get(f.path);
        if (f.path === 'ground-truth.json') {
          expect(r?.status).toBe('skipped');
          continue;
        }
        expect(r?.status, f.path).toBe('imported');
        expect(r?.rejected, f.path).toBe(0);
      }
      expect(result.totals.failed).toBe(0);
      const config = a.truth.incidents.find((i) => i.change?.kind === 'config')?.change;
      expect(config?.key).toBe('maxmemory');
      const row = store.db.prepare("SELECT attrs FROM events WHERE kind = 'config' AND title = ?").get(config?.description) as { attrs: string } | undefined;
      expect(JSON.parse(row?.attrs ?? '{}')).toMatchObject({ key: 'maxmemory', old_value: '4gb', new_value: '1gb' });
    } finally {
      store.close();
    }
  }, 120_000);
});

describe('the CLI', () => {
  it('writes the scenarios named with --only, each with its ground truth, and refuses an unknown one', async () => {
    const lines: string[] = [];
    const log = vi.spyOn(console, 'log').mockImplementation((...args: unknown[]) => {
      lines.push(args.join(' '));
    });
    const error = vi.spyOn(console, 'error').mockImplementation(() => undefined);
    try {
      expect(await main(['node', 'hindsight', 'scenarios', join(root, 'cli'), '--only', 'small-b'])).toBe(0);
      const truth = JSON.parse(await readFile(join(root, 'cli/small-b/ground-truth.json'), 'utf8')) as ScenarioManifest['truth'];
      expect(truth.scenario).toBe('small-b');
      expect(truth.heldOut).toBe(false);
      expect(lines.join('\n')).toMatch(/small-b +small +tuning +3 incidents \(bad-deploy, traffic-surge, lock-contention\)/);
      expect(await main(['node', 'hindsight', 'demo', join(root, 'cli3'), '--scenario', 'small-b', '--seed', '77'])).toBe(0);
      const reseeded = JSON.parse(await readFile(join(root, 'cli3/ground-truth.json'), 'utf8')) as ScenarioManifest['truth'];
      expect(reseeded.seed).toBe(77);
      expect(reseeded.incidents.map((i) => i.kind)).toEqual(truth.incidents.map((i) => i.kind));
      expect(reseeded.incidents[0].onsetMs).not.toBe(truth.incidents[0].onsetMs);
      expect(await main(['node', 'hindsight', 'demo', join(root, 'cli2'), '--scenario', 'nope'])).toBe(1);
      expect(error.mock.calls.flat().join(' ')).toMatch(/unknown scenario 'nope'/);
    } finally {
      log.mockRestore();
      error.mockRestore();
    }
  }, 120_000);
});
