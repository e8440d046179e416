// NAB (Numenta Anomaly Benchmark) on ../shared/bench-data/nab: the CLI's causal detector, scored by a scorer written
// from NAB v1.1's rules (nab/sweeper.py): probation min(floor(0.15 N), 750) rows; per-row weights from the scaled
// sigmoid; earliest detection per window; one corpus-wide threshold per profile; normalised so null = 0, perfect = 100.
//
//   npx tsx bench/nab.ts [--quiet] [--detail] [--ablate] [--only folder] [--set key=value ...]   (e.g. --set windowPoints=0)
//
// What is scored is the `alert` column of `hindsight detect FILE --causal`: `detectSeries` from the CLI, the function
// its file mode calls, gives the point's score on the row where an alert opens and 0 elsewhere (an incident counts
// once; NAB charges every flagged row outside a window as a false positive). The old per-point `score` column is
// scored the same way for comparison.
//
// Threshold, as NAB chooses it: per profile, the single threshold over all files that maximises the profile's total
// (NAB's optimiser searches the same objective; here every distinct row score is tried, so the optimum is exact).
//
// Cross-validation (issue #12): the files are split into two fixed halves, stratified by NAB's category folder — in
// each folder, files sorted by name, the 1st, 3rd, 5th … go to half A and the 2nd, 4th … to half B. A threshold is
// chosen on one half and the other half is scored with it ("held out"); both directions are printed, next to each
// half's own optimum and the full set. `--ablate` does the same with each detector add-on turned off in turn, so a
// knob stays only when it pays on both halves.
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import type { CausalOptions } from '../core/analysis/timeseries/anomaly-causal';
import { detectSeries } from '../core/cli/commands/detect';

const ROOT = resolve(process.env.NAB_DIR ?? join(import.meta.dirname, '..', '..', 'shared', 'bench-data', 'nab'));

interface Profile {
  tpWeight: number;
  fpWeight: number;
  fnWeight: number;
}

interface FileData {
  name: string;
  /** NAB category folder (the stratum of the split). */
  folder: string;
  /** Cross-validation half: 'A' or 'B' (see the header). */
  half: 'A' | 'B';
  timestamps: Float64Array;
  values: Float64Array;
  /** [startIndex, endIndex] inclusive. */
  windows: Array<[number, number]>;
}

function parseTime(s: string): number {
  const t = s.trim().replace(' ', 'T').slice(0, 19);
  return Date.parse(`${t}Z`);
}

function loadCorpus(): FileData[] {
  const windowsPath = join(ROOT, 'combined_windows.json');
  if (!existsSync(windowsPath)) {
    console.error(`NAB data not found: ${windowsPath} is missing (set NAB_DIR or see shared/bench-data/README.md)`);
    process.exit(2);
  }
  const windows = JSON.parse(readFileSync(windowsPath, 'utf8')) as Record<string, Array<[string, string]>>;
  const files: FileData[] = [];
  for (const folder of readdirSync(join(ROOT, 'data')).sort()) {
    let k = 0;
    for (const f of readdirSync(join(ROOT, 'data', folder)).sort()) {
      if (!f.endsWith('.csv')) continue;
      const half = k++ % 2 === 0 ? 'A' : 'B';
      const name = `${folder}/${f}`;
      const lines = readFileSync(join(ROOT, 'data', folder, f), 'utf8').trim().split('\n').slice(1);
      const ts = new Float64Array(lines.length);
      const vs = new Float64Array(lines.length);
      lines.forEach((line, i) => {
        const [a, b] = line.split(',');
        ts[i] = parseTime(a);
        vs[i] = Number(b);
      });
      const wins: Array<[number, number]> = [];
      for (const [a, b] of windows[name] ?? []) {
        const ta = parseTime(a);
        const tb = parseTime(b);
        let s = -1;
        let e = -1;
        for (let i = 0; i < ts.length; i++) {
          if (s < 0 && ts[i] >= ta) s = i;
          if (ts[i] <= tb) e = i;
        }
        if (s >= 0 && e >= s) wins.push([s, e]);
      }
      files.push({ name, folder, half, timestamps: ts, values: vs, windows: wins });
    }
  }
  return files;
}

const sigmoid = (x: number): number => 1 / (1 + Math.exp(-x));
/** NAB sweeper.scaledSigmoid: 2 sigmoid(-5 y) - 1, and -1 at y >= 3. */
const scaledSigmoid = (y: number): number => (y >= 3 ? -1 : 2 * sigmoid(-5 * y) - 1);

interface Row {
  score: number;
  file: number;
  /** window id (global) or -1 outside windows. */
  window: number;
  sweep: number;
}

/** Per-row weighted scores as in NAB's Sweeper.calcSweepScore; probation rows are dropped. */
function sweepRows(files: FileData[], scores: Float64Array[], p: Profile): { rows: Row[]; windowCount: number; windowFile: number[] } {
  const rows: Row[] = [];
  const windowFile: number[] = [];
  const maxTP = scaledSigmoid(-1);
  let wid = 0;
  files.forEach((f, fi) => {
    const n = f.values.length;
    const probation = Math.min(Math.floor(0.15 * n), 750);
    const ids = f.windows.map(() => wid++);
    ids.forEach(() => windowFile.push(fi));
    let prevRight = -1;
    let prevWidth = 0;
    let k = 0;
    for (let i = 0; i < n; i++) {
      while (k < f.windows.length && i > f.windows[k][1]) {
        prevRight = f.windows[k][1];
        prevWidth = f.windows[k][1] - f.windows[k][0] + 1;
        k++;
      }
      const inWin = k < f.windows.length && i >= f.windows[k][0];
      let sweep: number;
      if (inWin) {
        const [s, e] = f.windows[k];
        const width = e - s + 1;
        sweep = (scaledSigmoid(-(e - i + 1) / width) * p.tpWeight) / maxTP;
      } else {
        const pos = prevRight < 0 ? 3 : Math.abs(prevRight - i) / (prevWidth - 1);
        sweep = scaledSigmoid(pos) * p.fpWeight;
      }
      if (i < probation) continue;
      const s = scores[fi][i];
      rows.push({ score: Number.isFinite(s) ? s : 0, file: fi, window: inWin ? ids[k] : -1, sweep });
    }
  });
  // Windows wholly inside probation are not scored (NAB: only windows with a scorable row count).
  return { rows, windowCount: wid, windowFile };
}

interface Sweep {
  threshold: number;
  total: number;
  nullTotal: number;
  perfect: number;
}

/** NAB calcScoreByThreshold over the whole corpus: the best single threshold and its total. */
function bestThreshold(files: FileData[], scores: Float64Array[], p: Profile): Sweep {
  const { rows, windowCount } = sweepRows(files, scores, p);
  const scorable = new Set(rows.filter((r) => r.window >= 0).map((r) => r.window));
  const part = new Float64Array(windowCount);
  for (const w of scorable) part[w] = -p.fnWeight;
  let windowSum = -p.fnWeight * scorable.size;
  let fp = 0;
  rows.sort((a, b) => b.score - a.score);
  let best = { threshold: 1.1, total: windowSum };
  let i = 0;
  while (i < rows.length) {
    const th = rows[i].score;
    for (; i < rows.length && rows[i].score === th; i++) {
      const r = rows[i];
      if (r.window < 0) fp += r.sweep;
      else if (r.sweep > part[r.window]) {
        windowSum += r.sweep - part[r.window];
        part[r.window] = r.sweep;
      }
    }
    const total = windowSum + fp;
    if (total > best.total) best = { threshold: th, total };
  }
  return { ...best, nullTotal: -p.fnWeight * scorable.size, perfect: p.tpWeight * scorable.size };
}

/** The profile's normalised NAB score of the files at a given threshold (rows with score >= threshold detect). */
function scoreAt(files: FileData[], scores: Float64Array[], p: Profile, threshold: number): number {
  const { rows, windowCount } = sweepRows(files, scores, p);
  const scorable = new Set(rows.filter((r) => r.window >= 0).map((r) => r.window));
  const part = new Float64Array(windowCount);
  for (const w of scorable) part[w] = -p.fnWeight;
  let fp = 0;
  for (const r of rows) {
    if (!(r.score >= threshold)) continue;
    if (r.window < 0) fp += r.sweep;
    else part[r.window] = Math.max(part[r.window], r.sweep);
  }
  let total = fp;
  for (const w of scorable) total += part[w];
  return normalised({ threshold, total, nullTotal: -p.fnWeight * scorable.size, perfect: p.tpWeight * scorable.size });
}

function normalised(s: Sweep): number {
  return (100 * (s.total - s.nullTotal)) / (s.perfect - s.nullTotal);
}

/** Per-file counts at a threshold: windows detected, windows missed, detections outside windows (after probation). */
function countsAt(f: FileData, score: Float64Array, threshold: number): { tp: number; fn: number; fp: number } {
  const n = f.values.length;
  const probation = Math.min(Math.floor(0.15 * n), 750);
  let tp = 0;
  let fn = 0;
  let fp = 0;
  for (const [s, e] of f.windows) {
    if (e < probation) continue;
    let hit = false;
    for (let i = Math.max(s, probation); i <= e; i++) if (score[i] >= threshold) hit = true;
    if (hit) tp++;
    else fn++;
  }
  for (let i = probation; i < n; i++) {
    if (!(score[i] >= threshold)) continue;
    if (!f.windows.some(([s, e]) => i >= s && i <= e)) fp++;
  }
  return { tp, fn, fp };
}

const PROFILES: Record<string, Profile> = {
  standard: { tpWeight: 1, fpWeight: 0.11, fnWeight: 1 },
  reward_low_FP_rate: { tpWeight: 1, fpWeight: 0.22, fnWeight: 1 },
  reward_low_FN_rate: { tpWeight: 1, fpWeight: 0.11, fnWeight: 2 },
};

function checkProfilesFile(): void {
  const p = join(ROOT, 'profiles.json');
  if (!existsSync(p)) return;
  const onDisk = JSON.parse(readFileSync(p, 'utf8')) as Record<string, { CostMatrix: Profile }>;
  for (const [k, v] of Object.entries(PROFILES)) {
    const d = onDisk[k]?.CostMatrix;
    if (!d || d.tpWeight !== v.tpWeight || d.fpWeight !== v.fpWeight || d.fnWeight !== v.fnWeight) {
      console.error(`profiles.json disagrees with the built-in weights for ${k}`);
      process.exit(3);
    }
  }
}

/** The `alert` and `score` columns of `hindsight detect FILE --causal` for each file, and the baseline at its end. */
function runDetector(files: FileData[], opts: CausalOptions): { alert: Float64Array[]; score: Float64Array[]; methods: string[] } {
  const alert: Float64Array[] = [];
  const score: Float64Array[] = [];
  const methods: string[] = [];
  for (const f of files) {
    const r = detectSeries(f.timestamps, f.values, { causal: true, detector: opts });
    alert.push(r.alert ?? new Float64Array(f.values.length));
    score.push(r.score);
    methods.push(r.periods.length > 0 ? `seasonal ${r.periods.join('+')}` : 'static');
  }
  return { alert, score, methods };
}

interface CrossValidation {
  full: Sweep & { score: number };
  /** Each half at its own optimum threshold. */
  ownA: number;
  ownB: number;
  /** Each half at the threshold chosen on the other half. */
  heldA: number;
  heldB: number;
  thA: number;
  thB: number;
}

/** The full-set score and both directions of the two-half cross-validation for one profile. */
function crossValidate(files: FileData[], scores: Float64Array[], p: Profile): CrossValidation {
  const pick = (half: 'A' | 'B'): { f: FileData[]; s: Float64Array[] } => {
    const idx = files.flatMap((f, i) => (f.half === half ? [i] : []));
    return { f: idx.map((i) => files[i]), s: idx.map((i) => scores[i]) };
  };
  const A = pick('A');
  const B = pick('B');
  const full = bestThreshold(files, scores, p);
  const bestA = bestThreshold(A.f, A.s, p);
  const bestB = bestThreshold(B.f, B.s, p);
  return {
    full: { ...full, score: normalised(full) },
    ownA: normalised(bestA),
    ownB: normalised(bestB),
    heldA: scoreAt(A.f, A.s, p, bestB.threshold),
    heldB: scoreAt(B.f, B.s, p, bestA.threshold),
    thA: bestA.threshold,
    thB: bestB.threshold,
  };
}

const f1 = (x: number): string => x.toFixed(1);

/** One table of the three profiles for a column: full set, each half held out and at its own optimum. */
function printTable(label: string, files: FileData[], scores: Float64Array[]): void {
  console.log(`${label}`);
  console.log('profile              full-35  threshold     A held-out  B held-out  |A-B|   A own  B own   th(A)        th(B)');
  for (const [name, p] of Object.entries(PROFILES)) {
    const cv = crossValidate(files, scores, p);
    console.log(
      `${name.padEnd(20)} ${f1(cv.full.score).padStart(7)}  ${cv.full.threshold.toPrecision(8).padEnd(12)} ${f1(cv.heldA).padStart(10)}  ` +
        `${f1(cv.heldB).padStart(10)}  ${f1(Math.abs(cv.heldA - cv.heldB)).padStart(5)}  ${f1(cv.ownA).padStart(6)} ${f1(cv.ownB).padStart(6)}   ` +
        `${cv.thA.toPrecision(8).padEnd(12)} ${cv.thB.toPrecision(8)}`,
    );
  }
}

/** Detector add-ons, each turned off in turn by `--ablate`. */
const ABLATIONS: Record<string, CausalOptions> = {
  'collective (windowPoints=0)': { windowPoints: 0 },
  'routine (recurrenceDays=0)': { recurrenceDays: 0 },
  'level shifts (shiftPoints=0)': { shiftPoints: 0 },
  'tail guard (tailQuantile=0)': { tailQuantile: 0 },
  'episode decay (episodeSpan=0)': { episodeSpan: 0 },
  'scale floor (resolutionFloor=0)': { resolutionFloor: 0, levelFloor: 0 },
  'effect minimum (minEffect=0)': { minEffect: 0 },
  'non-negative clamp (nonNegative=0)': { nonNegative: false },
};

function main(): void {
  const args = process.argv.slice(2);
  const quiet = args.includes('--quiet');
  const opts: CausalOptions = {};
  for (let i = 0; i < args.length; i++) {
    if (args[i] === '--set') {
      const [k, v] = args[++i].split('=');
      (opts as Record<string, number>)[k] = Number(v);
    }
  }
  checkProfilesFile();
  const onlyAt = args.indexOf('--only');
  const files = loadCorpus().filter((f) => onlyAt < 0 || f.name.startsWith(args[onlyAt + 1]));
  if (files.length === 0) {
    console.error(`no NAB file matches --only ${args[onlyAt + 1]}`);
    process.exit(2);
  }

  // Scorer self-check: null detector = 0, perfect detector (fires at each window start) = 100.
  const zeros = files.map((f) => new Float64Array(f.values.length));
  const perfect = files.map((f) => {
    const s = new Float64Array(f.values.length);
    for (const [a] of f.windows) s[a] = 1;
    return s;
  });
  const check = Object.values(PROFILES).map((p) => `${f1(normalised(bestThreshold(files, zeros, p)))}/${f1(normalised(bestThreshold(files, perfect, p)))}`);
  const t0 = performance.now();
  const { alert, score, methods } = runDetector(files, opts);
  const ms = performance.now() - t0;
  const points = files.reduce((a, f) => a + f.values.length, 0);
  const count = (h: 'A' | 'B'): string => `${files.filter((f) => f.half === h).length}`;

  console.log(`NAB: ${files.length} files (half A ${count('A')}, half B ${count('B')}), ${points} rows, ` +
    `${files.reduce((a, f) => a + f.windows.length, 0)} windows; causal detection ${ms.toFixed(0)} ms (${((1e3 * ms) / points).toFixed(1)} us/row)`);
  console.log('options:', JSON.stringify(opts), `; scorer check null/perfect per profile: ${check.join(' ')}`);
  console.log('half A:', files.filter((f) => f.half === 'A').map((f) => f.name).join(' '));
  console.log('');
  printTable('`alert` column (hindsight detect --causal):', files, alert);
  console.log('');
  printTable('old per-point `score` column, for comparison:', files, score);
  if (args.includes('--ablate')) {
    console.log('');
    console.log('ablation, standard profile, `alert` column: held-out A / held-out B / full (each add-on off in turn)');
    const base = crossValidate(files, alert, PROFILES.standard);
    console.log(`${'all on'.padEnd(38)} ${f1(base.heldA).padStart(5)} ${f1(base.heldB).padStart(5)} ${f1(base.full.score).padStart(5)}`);
    for (const [name, off] of Object.entries(ABLATIONS)) {
      const cv = crossValidate(files, runDetector(files, { ...opts, ...off }).alert, PROFILES.standard);
      console.log(`${name.padEnd(38)} ${f1(cv.heldA).padStart(5)} ${f1(cv.heldB).padStart(5)} ${f1(cv.full.score).padStart(5)}`);
    }
  }
  if (quiet) return;
  const std = bestThreshold(files, alert, PROFILES.standard);
  console.log('');
  console.log(`per file, \`alert\` column at the full-set standard threshold ${std.threshold.toPrecision(8)}:`);
  console.log(`${'file'.padEnd(58)} half ${'TP'.padStart(3)} ${'FN'.padStart(3)} ${'FP'.padStart(4)}  baseline`);
  let T = 0;
  let F = 0;
  let P = 0;
  files.forEach((f, i) => {
    const c = countsAt(f, alert[i], std.threshold);
    T += c.tp;
    F += c.fn;
    P += c.fp;
    console.log(`${f.name.padEnd(58)} ${f.half.padEnd(4)} ${String(c.tp).padStart(3)} ${String(c.fn).padStart(3)} ${String(c.fp).padStart(4)}  ${methods[i]}`);
  });
  console.log(`${'total'.padEnd(63)} ${String(T).padStart(3)} ${String(F).padStart(3)} ${String(P).padStart(4)}`);
  if (args.includes('--detail')) detail(files, alert, std.threshold);
}

/**
 * Where the standard-profile points go at a threshold: per window the first detection (row, position in the window
 * as a share of its width, the credit it earns), per file the summed cost of its false positives.
 */
function detail(files: FileData[], scores: Float64Array[], threshold: number): void {
  const p = PROFILES.standard;
  const maxTP = scaledSigmoid(-1);
  let credit = 0;
  let fpCost = 0;
  console.log('');
  console.log('window detail (standard profile): file, window rows, first detection, position, credit');
  files.forEach((f, fi) => {
    const n = f.values.length;
    const probation = Math.min(Math.floor(0.15 * n), 750);
    const sc = scores[fi];
    for (const [s, e] of f.windows) {
      if (e < probation) continue;
      const w = e - s + 1;
      let first = -1;
      for (let i = Math.max(s, probation); i <= e; i++) {
        if (sc[i] >= threshold) {
          first = i;
          break;
        }
      }
      const c = first < 0 ? -p.fnWeight : (scaledSigmoid(-(e - first + 1) / w) * p.tpWeight) / maxTP;
      credit += c;
      const pos = first < 0 ? '   miss' : ((first - s) / w).toFixed(3).padStart(7);
      console.log(`  ${f.name.padEnd(56)} ${String(s).padStart(5)}-${String(e).padEnd(5)} ${String(first).padStart(6)} ${pos} ${c.toFixed(3).padStart(7)}`);
    }
    let cost = 0;
    let prevRight = -1;
    let prevWidth = 0;
    let k = 0;
    const at: string[] = [];
    for (let i = 0; i < n; i++) {
      while (k < f.windows.length && i > f.windows[k][1]) {
        prevRight = f.windows[k][1];
        prevWidth = f.windows[k][1] - f.windows[k][0] + 1;
        k++;
      }
      const inWin = k < f.windows.length && i >= f.windows[k][0];
      if (inWin || i < probation || !(sc[i] >= threshold)) continue;
      const pos = prevRight < 0 ? 3 : Math.abs(prevRight - i) / (prevWidth - 1);
      const c = scaledSigmoid(pos) * p.fpWeight;
      cost += c;
      at.push(`${i}(${c.toFixed(2)})`);
    }
    fpCost += cost;
    if (at.length > 0) console.log(`  ${f.name.padEnd(56)} FP cost ${cost.toFixed(2)}: ${at.join(' ')}`);
  });
  console.log(`window credit ${credit.toFixed(2)}, FP cost ${fpCost.toFixed(2)}`);
}

main();
