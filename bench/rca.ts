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
 * Run:  npx tsx bench/rca.ts [--only=shop-a,fanout-b] [--keep]
 *   Dumps are written under bench/.data/rca/dumps/ (regenerated each run: same bytes), workspaces under
 *   bench/.data/rca/ws/ (removed unless --keep). Exits 2 when `hindsight incidents` is not available.
 */
import { spawnSync } from 'node:child_process';
import { mkdirSync, readFileSync, rmSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { generateSuite } from '../core/demo/suite/generate';
import type { ImportResult } from '../core/api/contract';
import type { ScenarioTruth } from '../core/demo/suite/types';
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

const pct = (x: number): string => (Number.isNaN(x) ? '   -' : `${(100 * x).toFixed(0).padStart(3)}%`);

function row(label: string, s: Summary): string {
  return `${label.padEnd(22)} ${String(s.incidents).padStart(3)}  ${pct(s.ac1)}  ${pct(s.ac3)}  ${pct(s.changeTop1)}   ${pct(s.onsetWithin10)}  ${pct(s.logHit)}  ${pct(s.kindAccuracy)}  ${pct(s.mitigation)}  ${pct(s.alertF1)}  ${pct(s.noiseReduction)}   ${pct(s.noiseKeptOut)}`;
}

const HEADER = `${'set'.padEnd(22)} inc   AC@1  AC@3  chg@1  onset10   log3  kind  mitig   alF1  noiseR  noiseOut`;

async function main(): Promise<void> {
  const args = process.argv.slice(2);
  const only = (args.find((a) => a.startsWith('--only='))?.slice(7) ?? '').split(',').filter(Boolean);
  const keep = args.includes('--keep');
  if (!hasIncidentsCommand()) {
    console.error('bench/rca: `hindsight incidents` not available in this build (the investigation command is not on this branch yet)');
    process.exitCode = 2;
    return;
  }
  const t0 = performance.now();
  const manifests = await generateSuite(join(BASE, 'dumps'), only);
  console.log(`generated ${manifests.length} scenario dumps in ${((performance.now() - t0) / 1000).toFixed(1)} s`);
  mkdirSync(join(BASE, 'ws'), { recursive: true });

  const dumps: DumpScore[] = [];
  const times: { scenario: string; importS: number; incidentsS: number }[] = [];
  for (const m of manifests) {
    const ws = join(BASE, 'ws', `${m.scenario}.hindsight`);
    for (const suffix of ['', '-wal', '-shm']) rmSync(`${ws}${suffix}`, { force: true });
    const imp = hindsight(['import', ws, m.dir, '--json']);
    if (imp.status !== 0) throw new Error(`import of ${m.scenario} failed (${imp.status}): ${imp.stderr.slice(-2000)}`);
    const imported = JSON.parse(imp.stdout) as ImportResult;
    const rejected = imported.files.reduce((s, f) => s + f.rejected, 0);
    const inv = hindsight(['incidents', ws, '--json']);
    if (inv.status !== 0) throw new Error(`incidents of ${m.scenario} failed (${inv.status}): ${inv.stderr.slice(-2000)}`);
    const truth = JSON.parse(readFileSync(join(m.dir, 'ground-truth.json'), 'utf8')) as ScenarioTruth;
    const score = scoreDump(truth, parsePredictions(JSON.parse(inv.stdout)));
    dumps.push(score);
    times.push({ scenario: m.scenario, importS: imp.seconds, incidentsS: inv.seconds });
    console.log(`\n${m.scenario} (${truth.system}${truth.heldOut ? ', held out' : ''}): import ${imp.seconds.toFixed(1)} s ` +
      `(${imported.totals.samples} samples, ${imported.totals.logs} log events, ${rejected} rejected lines), incidents ${inv.seconds.toFixed(1)} s, ` +
      `${score.predictedIncidents} predicted incidents for ${truth.incidents.length} planted, ${truth.alerts.length} alerts`);
    for (const s of score.incidents) {
      const t = truth.incidents.find((x) => x.id === s.id);
      console.log(`  ${s.id} ${s.kind.padEnd(18)} root ${String(t?.rootService).padEnd(10)} ` +
        `${s.matched ? `-> ${s.matched.slice(0, 24).padEnd(24)}` : '-> (no incident)'.padEnd(27)} ` +
        `@1 ${s.rootAt1 ? 'y' : 'n'} @3 ${s.rootAt3 ? 'y' : 'n'} chg ${s.changeTop1 ? 'y' : 'n'} onset ${s.onsetErrorMin === null ? '-' : `${s.onsetErrorMin.toFixed(0)} min`} ` +
        `log ${s.logHit ? 'y' : 'n'} kind ${s.kindCorrect ? 'y' : 'n'} mitig ${s.mitigationHit === null ? '-' : s.mitigationHit ? 'y' : 'n'}`);
    }
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

await main();
