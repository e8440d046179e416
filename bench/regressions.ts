// Release regressions with planted answers (issue 15 item 8b): a seeded series of releases across several services —
// daily and weekly traffic shape, serially correlated noise, a slow trend, memory that restarts low after each deploy,
// releases that change only the traffic (not regressions), releases planted as latency, error-ratio or CPU
// regressions of varied size (most rolled back a few hours later), a few improvements, and deploys close together, from
// the fifth day on (three earlier weekdays are the least history a verdict needs; the tests cover shorter) —
// judged by core/analysis/regressions. Precision and recall of 'regressed' per least relative change (a multiple of
// the default per metric role): the threshold is
// chosen on half A of the seeds (best recall at precision ≥ 0.9) and reported on half B. Then, given a demo workspace
// and its ground truth, the demo's bad deploy and the verdicts of the other deploys.
//
//   npx tsx bench/regressions.ts [--seeds 24] [--misses] [DEMO_WORKSPACE GROUND_TRUTH_JSON]
//   (--misses lists every release judged wrongly at the defaults, with its metrics)
//   (a demo workspace: npx hindsight demo /tmp/demo && npx hindsight import /tmp/ws.hindsight /tmp/demo)

import { readFileSync } from 'node:fs';
import type { MetricRole, MetricSeries } from '../core/analysis/regressions/metrics';
import { DEFAULT_REGRESSION, releaseRegressions, type RegressionOptions, type ReleaseEvent } from '../core/analysis/regressions/releases';
import type { ReleaseRegression } from '../core/analysis/regressions/types';
import { normalFrom } from '../core/analysis/stats';
import { regressionsOverview } from '../core/jobs/tasks/regressions';
import { WorkspaceStore } from '../core/store/workspace';
import { rng } from './lib/rng';

const STEP = 5 * 60_000;
const HOUR = 3_600_000;
const DAY = 24 * HOUR;
const DAYS = 14;
const SERVICES = ['api', 'checkout', 'search', 'billing'];
/** A Monday. */
const T0 = Date.UTC(2026, 0, 5);

type Planted = 'none' | 'traffic' | 'latency' | 'errors' | 'cpu' | 'improvement' | 'rollback';

interface PlantedRelease {
  release: ReleaseEvent;
  planted: Planted;
  size: number;
}

/** Multipliers in force from a moment on (until the next change of the same quantity). */
interface Level {
  at: number;
  traffic: number;
  latency: number;
  errorRatio: number;
  cpu: number;
}

/** One service's releases and the levels they set, drawn from `rand`. */
export function planReleases(service: string, rand: () => number, firstId: number): { releases: PlantedRelease[]; levels: Level[] } {
  const releases: PlantedRelease[] = [];
  const levels: Level[] = [{ at: -Infinity, traffic: 1, latency: 1, errorRatio: 1, cpu: 1 }];
  let id = firstId;
  let version = 10;
  const add = (ts: number, planted: Planted, size: number, change: Partial<Omit<Level, 'at'>>, title?: string): void => {
    const last = levels[levels.length - 1];
    levels.push({ ...last, ...change, at: ts });
    version++;
    releases.push({ release: { eventId: id++, ts, endTs: null, service, title: title ?? `Release 1.${version}`, version: `1.${version}`, mitigation: planted === 'rollback' }, planted, size });
  };
  for (let d = 4; d < DAYS; d++) {
    const dow = new Date(T0 + d * DAY).getUTCDay();
    if (dow === 0 || dow === 6 || rand() > 0.8) continue;
    const ts = T0 + d * DAY + Math.round((9 + 7 * rand()) * HOUR / 60_000) * 60_000;
    const last = levels[levels.length - 1];
    const u = rand();
    let rolledBack = false;
    if (u < 0.45) add(ts, 'none', 0, {});
    else if (u < 0.6) {
      const size = rand() < 0.5 ? 0.6 + 0.2 * rand() : 1.25 + 0.35 * rand();
      add(ts, 'traffic', size, { traffic: last.traffic * size });
    } else if (u < 0.87) {
      const kind = (['latency', 'errors', 'cpu'] as const)[Math.floor(rand() * 3)];
      const size = kind === 'latency' ? 1.2 + 1.0 * rand() : kind === 'errors' ? 2 + 8 * rand() : 1.2 + 0.5 * rand();
      add(ts, kind, size, kind === 'latency' ? { latency: last.latency * size } : kind === 'errors' ? { errorRatio: last.errorRatio * size } : { cpu: last.cpu * size });
      if (rand() < 0.7) {
        rolledBack = true;
        const back = ts + Math.round((2 + 6 * rand()) * HOUR);
        add(back, 'rollback', 0, { latency: last.latency, errorRatio: last.errorRatio, cpu: last.cpu }, `Rollback to 1.${version - 1}`);
      }
    } else {
      const kind = rand() < 0.5 ? 'latency' : 'cpu';
      const size = 0.6 + 0.25 * rand();
      add(ts, 'improvement', size, kind === 'latency' ? { latency: last.latency * size } : { cpu: last.cpu * size });
    }
    // Now and then another deploy follows soon after (a config tweak, a second try).
    if (!rolledBack && rand() < 0.15) add(ts + Math.round((0.5 + 1.5 * rand()) * HOUR), 'none', 0, {});
  }
  releases.sort((a, b) => a.release.ts - b.release.ts);
  return { releases, levels };
}

/** AR(1) noise with standard deviation `sd` and lag-1 correlation `phi`. */
function arNoise(normal: () => number, n: number, phi: number, sd: number): Float64Array {
  const out = new Float64Array(n);
  const innovation = sd * Math.sqrt(1 - phi * phi);
  out[0] = sd * normal();
  for (let i = 1; i < n; i++) out[i] = phi * out[i - 1] + innovation * normal();
  return out;
}

/** One service's six series under its levels. */
function render(service: string, levels: readonly Level[], releaseTimes: readonly number[], rand: () => number, firstId: number): MetricSeries[] {
  const normal = normalFrom(rand);
  const n = (DAYS * DAY) / STEP;
  const ts = Float64Array.from({ length: n }, (_, i) => T0 + i * STEP);
  const peak = 50 + 400 * rand();
  const base = { latency: 0.05 + 0.3 * rand(), errorRatio: 0.002 + 0.008 * rand(), cpuIdle: 0.03 + 0.05 * rand(), memory: 2e8 + 8e8 * rand() };
  const noise = { load: arNoise(normal, n, 0.9, 0.04), latency: arNoise(normal, n, 0.6, 0.06), tail: arNoise(normal, n, 0.4, 0.1), cpu: arNoise(normal, n, 0.8, 0.02), mem: arNoise(normal, n, 0.95, 0.01) };
  const series = { rps: new Float64Array(n), errors: new Float64Array(n), p95: new Float64Array(n), p99: new Float64Array(n), cpu: new Float64Array(n), memory: new Float64Array(n) };
  let k = 0;
  let r = 0;
  let lastRestart = -Infinity;
  for (let i = 0; i < n; i++) {
    const t = ts[i];
    while (k + 1 < levels.length && levels[k + 1].at <= t) k++;
    while (r < releaseTimes.length && releaseTimes[r] <= t) lastRestart = releaseTimes[r++];
    const level = levels[k];
    const hour = (t % DAY) / HOUR;
    const weekend = [0, 6].includes(new Date(t).getUTCDay());
    const shape = (0.55 + 0.45 * Math.sin((2 * Math.PI * (hour - 8)) / 24)) * (weekend ? 0.6 : 1) * (1 + 0.04 * (i / n));
    const load = shape * level.traffic * (1 + noise.load[i]);
    const rps = peak * load;
    series.rps[i] = rps;
    const errorRatio = Math.min(0.9, base.errorRatio * level.errorRatio);
    series.errors[i] = Math.max(0, rps * errorRatio * (1 + normal() / Math.sqrt(Math.max(1, rps * errorRatio * 300))));
    const loadLatency = 1 + 0.3 * load * load;
    series.p95[i] = base.latency * loadLatency * level.latency * Math.exp(noise.latency[i]);
    series.p99[i] = series.p95[i] * 2.2 * Math.exp(noise.tail[i]);
    series.cpu[i] = Math.min(1, (base.cpuIdle + 0.5 * load * level.cpu * 0.6) * (1 + noise.cpu[i]));
    const warm = 0.85 + 0.15 * (1 - Math.exp(-(t - lastRestart) / (2 * HOUR)));
    series.memory[i] = base.memory * warm * (1 + noise.mem[i]);
  }
  const of = (name: string, values: Float64Array, offset: number, unit: string): MetricSeries => ({ seriesId: firstId + offset, name, labels: { service }, service, unit, ts, values });
  return [
    of('http_requests_per_second', series.rps, 0, '/s'),
    of('http_errors_per_second', series.errors, 1, '/s'),
    of('http_request_duration_seconds_p95', series.p95, 2, 's'),
    of('http_request_duration_seconds_p99', series.p99, 3, 's'),
    of('process_cpu_usage', series.cpu, 4, 'ratio'),
    of('process_resident_memory_bytes', series.memory, 5, 'B'),
  ];
}

interface Judged {
  planted: Planted;
  size: number;
  result: ReleaseRegression;
}

/** The least scale of the default least changes swept (the analysis runs with it; larger ones are applied afterwards). */
const LEAST_SCALE = 0.5;

/** The default least relative changes × `scale`. */
function scaled(scale: number): RegressionOptions['minRelChange'] {
  const d = DEFAULT_REGRESSION.minRelChange;
  return { latency: d.latency * scale, errors: d.errors * scale, throughput: d.throughput * scale, cpu: d.cpu * scale, memory: d.memory * scale };
}

/** Every release of one seed, judged (the bench's thresholds on the relative change are applied afterwards). */
function runSeed(seed: number): Judged[] {
  const rand = rng(seed);
  const out: Judged[] = [];
  SERVICES.forEach((service, s) => {
    const { releases, levels } = planReleases(service, rand, 1000 * s);
    const series = render(service, levels, releases.map((r) => r.release.ts), rand, 10 * s);
    const results = releaseRegressions(releases.map((r) => r.release), series, { keepWorst: 100, minRelChange: scaled(LEAST_SCALE) });
    results.forEach((result, i) => out.push({ planted: releases[i].planted, size: releases[i].size, result }));
  });
  return out;
}

/** The role of a bench series by its name (the generator's names). */
function roleOf(series: string): MetricRole {
  return series.includes('error') ? 'errors' : series.includes('duration') ? 'latency' : series.includes('cpu') ? 'cpu' : series.includes('memory') ? 'memory' : 'throughput';
}

/** Whether the release is 'regressed' when a metric's relative change must be at least `scale` × its role's default least change. */
function regressedAt(r: ReleaseRegression, scale: number): boolean {
  return r.worst.some((m) => m.verdict === 'regressed' && m.badDirection !== 'down' && Math.abs(m.relChange) >= scale * DEFAULT_REGRESSION.minRelChange[roleOf(m.series)]);
}

const REGRESSION: readonly Planted[] = ['latency', 'errors', 'cpu'];

function score(judged: readonly Judged[], minEffect: number): { precision: number; recall: number; tp: number; fp: number; fn: number } {
  let tp = 0;
  let fp = 0;
  let fn = 0;
  for (const j of judged) {
    const truth = REGRESSION.includes(j.planted);
    const said = regressedAt(j.result, minEffect);
    if (truth && said) tp++;
    else if (said) fp++;
    else if (truth) fn++;
  }
  return { precision: tp + fp ? tp / (tp + fp) : 1, recall: tp + fn ? tp / (tp + fn) : 1, tp, fp, fn };
}

const args = process.argv.slice(2);
const seedsAt = args.indexOf('--seeds');
const nSeeds = seedsAt >= 0 ? Number(args.splice(seedsAt, 2)[1]) : 24;
const missesAt = args.indexOf('--misses');
const misses = missesAt >= 0 && args.splice(missesAt, 1).length > 0;
const [demoFile, truthFile] = args;

const started = performance.now();
const halves: [Judged[], Judged[]] = [[], []];
for (let seed = 1; seed <= nSeeds; seed++) halves[seed <= nSeeds / 2 ? 0 : 1].push(...runSeed(seed));
const seconds = (performance.now() - started) / 1000;
const all = [...halves[0], ...halves[1]];
const count = (p: Planted): number => all.filter((j) => j.planted === p).length;
console.log(`generated: ${nSeeds} seeds × ${SERVICES.length} services × ${DAYS} days at 5 min; ${all.length} releases (${REGRESSION.map((p) => `${count(p)} ${p}`).join(', ')} regressions; ${count('improvement')} improvements, ${count('traffic')} traffic-only, ${count('rollback')} rollbacks, ${count('none')} no change); judged in ${seconds.toFixed(1)} s`);
const grid = [0.5, 0.625, 0.75, 1, 1.25, 1.5];
console.log('least change ×   half A precision / recall   half B precision / recall');
for (const t of grid) {
  const a = score(halves[0], t);
  const b = score(halves[1], t);
  console.log(`${t.toFixed(2).padStart(13)}   ${a.precision.toFixed(3)} / ${a.recall.toFixed(3)} (fp ${a.fp}, fn ${a.fn})`.padEnd(45) + `   ${b.precision.toFixed(3)} / ${b.recall.toFixed(3)} (fp ${b.fp}, fn ${b.fn})`);
}
const ok = grid.filter((t) => score(halves[0], t).precision >= 0.9);
// The best recall at precision ≥ 0.9 on half A; of equal recalls the better precision.
const better = (t: number, best: number): boolean => {
  const [a, b] = [score(halves[0], t), score(halves[0], best)];
  return a.recall > b.recall || (a.recall === b.recall && a.precision > b.precision);
};
const chosen = ok.length ? ok.reduce((best, t) => (better(t, best) ? t : best)) : grid[grid.length - 1];
const held = score(halves[1], chosen);
console.log(`chosen on half A: least relative change × ${chosen} of the defaults (${Object.entries(scaled(chosen)).map(([role, v]) => `${role} ${+v.toFixed(3)}`).join(', ')}); half B (held out): precision ${held.precision.toFixed(3)}, recall ${held.recall.toFixed(3)} (tp ${held.tp}, fp ${held.fp}, fn ${held.fn})`);
const b = halves[1];
for (const p of REGRESSION) {
  const mine = b.filter((j) => j.planted === p);
  console.log(`  half B ${p}: found ${mine.filter((j) => regressedAt(j.result, chosen)).length}/${mine.length}; missed sizes ${mine.filter((j) => !regressedAt(j.result, chosen)).map((j) => j.size.toFixed(2)).join(' ') || '-'}`);
}
for (const p of ['traffic', 'improvement', 'rollback', 'none'] as const) {
  const mine = b.filter((j) => j.planted === p);
  const verdicts = new Map<string, number>();
  for (const j of mine) {
    const v = regressedAt(j.result, chosen) ? 'regressed' : j.result.verdict === 'regressed' ? 'no-change' : j.result.verdict;
    verdicts.set(v, (verdicts.get(v) ?? 0) + 1);
  }
  console.log(`  half B ${p}: ${[...verdicts].map(([v, n]) => `${n} ${v}`).join(', ')}`);
}

if (demoFile && truthFile) {
  const truth = JSON.parse(readFileSync(truthFile, 'utf8')) as { incidents: { kind: string; deploy: { version: string; timeMs: number } | null }[] };
  const bad = truth.incidents.find((i) => i.kind === 'bad-deploy')?.deploy;
  const leak = truth.incidents.find((i) => i.kind === 'memory-leak')?.deploy;
  const store = WorkspaceStore.open(demoFile, { readonly: true });
  try {
    const t = performance.now();
    const overview = regressionsOverview(store, {});
    const ms = performance.now() - t;
    const at = (d: { timeMs: number } | null | undefined): ReleaseRegression | undefined => overview.releases.find((r) => d && Math.abs(r.ts - d.timeMs) < 1000);
    console.log(`\ndemo ${demoFile}: ${overview.releases.length} deploys judged in ${(ms / 1000).toFixed(1)} s: ${Object.entries(overview.counts).map(([v, n]) => `${n} ${v}`).join(', ')}`);
    for (const [name, d] of [['bad deploy', bad], ['leak deploy', leak]] as const) {
      const r = at(d);
      console.log(`  ${name} ${d?.version}: ${r ? `${r.verdict} (confidence ${r.confidence})${r.rolledBackBy !== null ? ', linked to its rollback' : ''}: ${r.sentence}` : 'not found'}`);
    }
    const others = overview.releases.filter((r) => r !== at(bad) && r !== at(leak));
    const judged = others.filter((r) => r.verdict !== 'not-enough-data');
    console.log(`  other deploys: ${judged.filter((r) => r.verdict === 'no-change').length}/${judged.length} judged ones no-change (${others.length - judged.length} not enough data); not no-change: ${judged.filter((r) => r.verdict !== 'no-change').map((r) => `${r.service} ${r.version} ${r.verdict}`).join(', ') || 'none'}`);
  } finally {
    store.close();
  }
}
if (misses) {
  for (const j of all) {
    const truth = REGRESSION.includes(j.planted);
    const said = regressedAt(j.result, 1);
    if (truth === said) continue;
    console.log(`${truth ? 'MISS' : 'FALSE'} ${j.planted} ${j.size.toFixed(2)} ${new Date(j.result.ts).toISOString().slice(0, 16)} ${j.result.service} ${j.result.verdict}: ${j.result.sentence}`);
    for (const m of j.result.worst.slice(0, 4)) console.log(`     ${m.verdict} ${m.series} ${m.beforeMedian.toPrecision(3)}→${m.afterMedian.toPrecision(3)} rel ${m.relChange.toFixed(3)} p ${m.pValue.toExponential(1)} d ${m.effect.toFixed(2)}`);
  }
}
