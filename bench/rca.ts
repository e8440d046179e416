/**
 * The investigation against the scenario suite's ground truth (core/demo/suite): for each scenario dump,
 * `hindsight import` into a fresh workspace (the import runs the analysis), then `hindsight incidents WS
 * --json`, each in its own process as a person would run them; the incidents are scored by
 * bench/lib/rca-score.ts and printed per scenario, per system, and for tuned vs held-out systems
 * (HELD_OUT_SYSTEMS in core/demo/suite/table.ts: figures nobody tuned on).
 *
 * Figures: AC@1 and AC@3 of the root service; change top-1 ("none" right when no change caused it);
 * onset within 10 min; the truth's top log pattern among the incident's top 3; kind accuracy; the
 * planted mitigation (rollback, revert, hotfix, scaling) named as mitigation; alert
 * grouping pairwise F1 (noise in no incident) and noise reduction (1 - incidents / alerts); the share of
 * noise alerts kept out of incidents; import and investigation wall times.
 *
 * Run:  npx tsx bench/rca.ts [--only=shop-a,fanout-b] [--keep] [--tuned] [--dev] [--loso]
 *   Dumps are written under bench/.data/rca/dumps/ (regenerated each run: same bytes), workspaces under
 *   bench/.data/rca/ws/ (removed unless --keep). Exits 2 when `hindsight incidents` is not available.
 *   --tuned  only the tuned systems' scenarios (nothing held out is generated, imported or printed);
 *   --dev    adds DEV_SCENARIOS: more scenarios on the tuned systems (other seeds, kinds and overlaps) to tune on;
 *   --loso   leave-one-system-out over the tuned systems (implies --tuned): each dump imported once, then
 *            investigated in process under every combination of the optional rules (InvestigationRules); for
 *            each tuned system the combination that scores best on the other tuned systems is chosen (ties:
 *            fewer rules on) and that system's figures under it are reported, pooled over the folds. Prints
 *            the in-process investigation time per dump too.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, renameSync, rmSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { generateScenario, HELD_OUT_SYSTEMS, SUITE, type ScenarioManifest } from '../core/demo/suite/generate';
import type { ImportResult } from '../core/api/contract';
import type { ScenarioDef, ScenarioTruth } from '../core/demo/suite/types';
import { DEFAULT_RULES, investigate, RULE_NAMES, type InvestigationRules } from '../core/analysis/incidents/investigate';
import { incidentJson } from '../core/cli/commands/incidents';
import { investigationInput } from '../core/jobs/steps/incidents';
import { WorkspaceStore } from '../core/store/workspace';
import { parsePredictions, scoreDump, summarize, type DumpScore, type Summary } from './lib/rca-score';

const ROOT = resolve(fileURLToPath(import.meta.url), '../..');
const BASE = join(ROOT, 'bench/.data/rca');
const CLI = join(ROOT, 'bin/hindsight.mjs');

/** Run the CLI; returns stdout, stderr, exit status and wall seconds. */
function hindsight(args: string[]): { stdout: string; stderr: string; status: number | null; seconds: number } {
  const t0 = performance.now();
  const r = spawnSync(process.execPath, [CLI, ...args], { cwd: ROOT, encoding: 'utf8', maxBuffer: 256 * 1024 * 1024 });
  return { stdout: r.stdout, stderr: r.stderr, status: r.status, seconds: (performance.now() - t0) / 1000 };
}

/** Whether this build of the CLI has the `incidents` command. */
function hasIncidentsCommand(): boolean {
  const r = hindsight(['incidents', '--help']);
  return r.status === 0 && /incidents/.test(r.stdout);
}

/**
 * More scenarios on the tuned systems, for tuning only (never on a held-out system): other seeds, kinds the suite
 * has elsewhere, and incidents that start during another one on a neighbouring service.
 */
export const DEV_SCENARIOS: readonly ScenarioDef[] = [
  {
    name: 'dev-shop-c', system: 'shop', seed: 103, days: 4, logLines: 30_000, batch: { service: 'postgres', hour: 2 },
    incidents: [
      { kind: 'traffic-surge', root: 'gateway', at: 0.15, path: ['gateway', 'frontend', 'search', 'inventory', 'postgres'] },
      { kind: 'config-change', root: 'payments', at: 0.45 },
      { kind: 'cpu-saturation', root: 'orders', during: 1 },
      { kind: 'disk-full', root: 'postgres', at: 0.8 },
    ],
  },
  {
    name: 'dev-shop-d', system: 'shop', seed: 104, days: 4, logLines: 30_000, batch: { service: 'users', hour: 4 },
    incidents: [
      { kind: 'traffic-surge', root: 'gateway', at: 0.2, path: ['gateway', 'frontend', 'orders', 'postgres'] },
      { kind: 'network-delay', root: 'inventory', at: 0.5 },
      { kind: 'memory-leak', root: 'search', at: 0.75 },
    ],
  },
  {
    name: 'dev-pipeline-c', system: 'pipeline', seed: 203, days: 4, logLines: 24_000, batch: { service: 'store', hour: 1 },
    incidents: [
      { kind: 'network-delay', root: 'queue', at: 0.2 },
      { kind: 'cpu-saturation', root: 'ingest', during: 0 },
      { kind: 'disk-full', root: 'store', at: 0.55, change: true },
      { kind: 'bad-deploy', root: 'worker', at: 0.85 },
    ],
  },
  {
    name: 'dev-small-c', system: 'small', seed: 403, days: 4, logLines: 20_000, batch: { service: 'pg', hour: 3 },
    incidents: [
      { kind: 'dependency-failure', root: 'api', at: 0.15 },
      { kind: 'cpu-saturation', root: 'web', during: 0 },
      { kind: 'disk-full', root: 'pg', at: 0.5 },
      { kind: 'traffic-surge', root: 'web', at: 0.85, path: ['web', 'api', 'pg'] },
    ],
  },
];

const pct = (x: number): string => (Number.isNaN(x) ? '   -' : `${(100 * x).toFixed(0).padStart(3)}%`);

function row(label: string, s: Summary): string {
  return `${label.padEnd(22)} ${String(s.incidents).padStart(3)}  ${pct(s.ac1)}  ${pct(s.ac3)}  ${pct(s.changeTop1)}   ${pct(s.onsetWithin10)}  ${pct(s.logHit)}  ${pct(s.kindAccuracy)}  ${pct(s.mitigation)}  ${pct(s.alertF1)}  ${pct(s.noiseReduction)}   ${pct(s.noiseKeptOut)}`;
}

const HEADER = `${'set'.padEnd(22)} inc   AC@1  AC@3  chg@1  onset10   log3  kind  mitig   alF1  noiseR  noiseOut`;

async function main(): Promise<void> {
  const args = process.argv.slice(2);
  const only = (args.find((a) => a.startsWith('--only='))?.slice(7) ?? '').split(',').filter(Boolean);
  const keep = args.includes('--keep');
  const loso = args.includes('--loso');
  const tunedOnly = loso || args.includes('--tuned');
  if (!hasIncidentsCommand()) {
    console.error('bench/rca: `hindsight incidents` not available in this build (the investigation command is not on this branch yet)');
    process.exitCode = 2;
    return;
  }
  const defs = [...SUITE, ...(args.includes('--dev') ? DEV_SCENARIOS : [])]
    .filter((d) => !only.length || only.includes(d.name))
    .filter((d) => !tunedOnly || !HELD_OUT_SYSTEMS.includes(d.system));
  const t0 = performance.now();
  const manifests: ScenarioManifest[] = [];
  for (const def of defs) manifests.push(await generateScenario(join(BASE, 'dumps', def.name), def));
  console.log(`generated ${manifests.length} scenario dumps in ${((performance.now() - t0) / 1000).toFixed(1)} s`);
  mkdirSync(join(BASE, 'ws'), { recursive: true });
  if (loso) {
    leaveOneSystemOut(manifests, { keep, reuse: args.includes('--reuse'), show: args.includes('--show') });
    return;
  }

  const dumps: DumpScore[] = [];
  const times: { scenario: string; importS: number; incidentsS: number }[] = [];
  for (const m of manifests) {
    const ws = join(BASE, 'ws', `${m.scenario}.hindsight`);
    const truth = takeTruth(m);
    for (const suffix of ['', '-wal', '-shm']) rmSync(`${ws}${suffix}`, { force: true });
    const imp = hindsight(['import', ws, m.dir, '--json']);
    if (imp.status !== 0) throw new Error(`import of ${m.scenario} failed (${imp.status}): ${imp.stderr.slice(-2000)}`);
    const imported = JSON.parse(imp.stdout) as ImportResult;
    const rejected = imported.files.reduce((s, f) => s + f.rejected, 0);
    const inv = hindsight(['incidents', ws, '--json']);
    if (inv.status !== 0) throw new Error(`incidents of ${m.scenario} failed (${inv.status}): ${inv.stderr.slice(-2000)}`);
    const score = scoreDump(truth, parsePredictions(JSON.parse(inv.stdout)));
    dumps.push(score);
    times.push({ scenario: m.scenario, importS: imp.seconds, incidentsS: inv.seconds });
    console.log(`\n${m.scenario} (${truth.system}${truth.heldOut ? ', held out' : ''}): import ${imp.seconds.toFixed(1)} s ` +
      `(${imported.totals.samples} samples, ${imported.totals.logs} log events, ${rejected} rejected lines), incidents ${inv.seconds.toFixed(1)} s, ` +
      `${score.predictedIncidents} predicted incidents for ${truth.incidents.length} planted, ${truth.alerts.length} alerts`);
    printIncidents('', truth, score);
    if (!keep) for (const suffix of ['', '-wal', '-shm']) rmSync(`${ws}${suffix}`, { force: true });
  }

  console.log(`\n${HEADER}`);
  for (const system of [...new Set(dumps.map((d) => d.system))]) {
    const mine = dumps.filter((d) => d.system === system);
    console.log(row(`${system}${mine[0].heldOut ? ' (held out)' : ''}`, summarize(mine)));
  }
  console.log(row('tuned systems', summarize(dumps.filter((d) => !d.heldOut))));
  console.log(row('HELD-OUT systems', summarize(dumps.filter((d) => d.heldOut))));
  console.log(row('all', summarize(dumps)));
  const sum = (f: (t: (typeof times)[number]) => number): number => times.reduce((s, t) => s + f(t), 0);
  const worst = times.reduce((a, b) => (b.incidentsS > a.incidentsS ? b : a), times[0]);
  console.log(`\nimport ${sum((t) => t.importS).toFixed(1)} s in all; investigation (incidents command, wall) ${sum((t) => t.incidentsS).toFixed(1)} s in all, ` +
    `slowest ${worst?.scenario} ${worst?.incidentsS.toFixed(1)} s`);
}

/**
 * The dump's ground truth, moved out of the dump first (else the import reads it as one more log, answers and
 * all): to bench/.data/rca/truth/SCENARIO.json.
 */
function takeTruth(m: ScenarioManifest): ScenarioTruth {
  const inside = join(m.dir, 'ground-truth.json');
  const outside = join(BASE, 'truth', `${m.scenario}.json`);
  mkdirSync(join(BASE, 'truth'), { recursive: true });
  if (existsSync(inside)) renameSync(inside, outside);
  return JSON.parse(readFileSync(outside, 'utf8')) as ScenarioTruth;
}

/** One line per planted incident: what the investigation got right (after an optional heading). */
function printIncidents(heading: string, truth: ScenarioTruth, score: DumpScore): void {
  if (heading) console.log(heading);
  for (const s of score.incidents) {
    const t = truth.incidents.find((x) => x.id === s.id);
    console.log(`  ${s.id} ${s.kind.padEnd(18)} root ${String(t?.rootService).padEnd(10)} ` +
      `${s.matched ? `-> ${s.matched.slice(0, 24).padEnd(24)}` : '-> (no incident)'.padEnd(27)} ` +
      `@1 ${s.rootAt1 ? 'y' : 'n'} @3 ${s.rootAt3 ? 'y' : 'n'} chg ${s.changeTop1 ? 'y' : 'n'} onset ${s.onsetErrorMin === null ? '-' : `${s.onsetErrorMin.toFixed(0)} min`} ` +
      `log ${s.logHit ? 'y' : 'n'} kind ${s.kindCorrect ? 'y' : 'n'} mitig ${s.mitigationHit === null ? '-' : s.mitigationHit ? 'y' : 'n'}`);
  }
}

/** Every combination of the optional rules, fewest on first. */
function ruleGrid(): InvestigationRules[] {
  const grid: InvestigationRules[] = [];
  for (let mask = 0; mask < 1 << RULE_NAMES.length; mask++) {
    const rules = { ...DEFAULT_RULES };
    RULE_NAMES.forEach((name, k) => (rules[name] = (mask & (1 << k)) !== 0));
    grid.push(rules);
  }
  const on = (r: InvestigationRules): number => RULE_NAMES.filter((n) => r[n]).length;
  return grid.sort((a, b) => on(a) - on(b));
}

const ruleLabel = (r: InvestigationRules): string => RULE_NAMES.filter((n) => r[n]).join('+') || '(none)';

/** What a combination is chosen by: root at 1 and at 3, change top-1 and onset within 10 min, counted over incidents. */
function objective(dumps: readonly DumpScore[]): number {
  return dumps.flatMap((d) => d.incidents).reduce((s, i) => s + Number(i.rootAt1) + Number(i.rootAt3) + Number(i.changeTop1) + Number(i.onsetWithin10), 0);
}

/**
 * Leave-one-system-out over the tuned systems (see the file's header): every dump imported once with the CLI,
 * then investigated in process under each rule combination; per held-out tuned system the combination best on
 * the others is applied to it.
 */
function leaveOneSystemOut(manifests: readonly ScenarioManifest[], o: { keep: boolean; reuse: boolean; show: boolean }): void {
  const grid = ruleGrid();
  /** scores[g][d]: dump d under combination g. */
  const scores: DumpScore[][] = grid.map(() => []);
  for (const m of manifests) {
    const ws = join(BASE, 'ws', `${m.scenario}.hindsight`);
    const truth = takeTruth(m);
    let imp = { seconds: 0 };
    let inv = { seconds: 0 };
    if (!o.reuse || !existsSync(ws)) {
      for (const suffix of ['', '-wal', '-shm']) rmSync(`${ws}${suffix}`, { force: true });
      imp = hindsight(['import', ws, m.dir, '--json']);
      if ('status' in imp && imp.status !== 0) throw new Error(`import of ${m.scenario} failed`);
      // The command runs the rest of the analysis (anomalies, change points, log patterns) the investigation reads.
      inv = hindsight(['incidents', ws, '--json', '--no-knowledge']);
      if ('status' in inv && inv.status !== 0) throw new Error(`incidents of ${m.scenario} failed`);
    }
    const store = WorkspaceStore.open(ws, { readonly: true });
    try {
      const input = investigationInput(store);
      const times: number[] = [];
      grid.forEach((rules, g) => {
        const t = performance.now();
        const { incidents } = investigate(input, rules);
        times.push(performance.now() - t);
        scores[g].push(scoreDump(truth, parsePredictions(incidents.map(incidentJson))));
      });
      if (o.show) for (const [g, rules] of grid.entries()) printIncidents(`${m.scenario} ${ruleLabel(rules)}`, truth, scores[g][scores[g].length - 1]);
      console.log(`${m.scenario} (${truth.system}): import ${imp.seconds.toFixed(1)} s, analysis ${inv.seconds.toFixed(1)} s; investigate in process ${Math.min(...times).toFixed(0)}–${Math.max(...times).toFixed(0)} ms per combination`);
    } finally {
      store.close();
      if (!o.keep) for (const suffix of ['', '-wal', '-shm']) rmSync(`${ws}${suffix}`, { force: true });
    }
  }
  const systems = [...new Set(scores[0].map((d) => d.system))];
  console.log(`\nin sample, per combination (all ${systems.length} tuned systems):\n${HEADER}`);
  grid.forEach((rules, g) => console.log(row(ruleLabel(rules).slice(0, 22), summarize(scores[g]))));
  const folds: DumpScore[] = [];
  console.log(`\nleave one system out:\n${HEADER}`);
  for (const system of systems) {
    const train = (g: number): DumpScore[] => scores[g].filter((d) => d.system !== system);
    let best = 0;
    for (let g = 1; g < grid.length; g++) if (objective(train(g)) > objective(train(best))) best = g;
    const test = scores[best].filter((d) => d.system === system);
    folds.push(...test);
    console.log(`${row(system, summarize(test))}   chose ${ruleLabel(grid[best])}`);
  }
  console.log(row('LOSO pooled', summarize(folds)));
  let all = 0;
  for (let g = 1; g < grid.length; g++) if (objective(scores[g]) > objective(scores[all])) all = g;
  console.log(`\nchosen on all tuned systems: ${ruleLabel(grid[all])} (DEFAULT_RULES: ${ruleLabel(DEFAULT_RULES)})`);
}

await main();
