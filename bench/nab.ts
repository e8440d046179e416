// NAB (Numenta Anomaly Benchmark) on ../shared/bench-data/nab: the causal detector, scored by a scorer written from
// NAB v1.1's rules (nab/sweeper.py): probation min(floor(0.15 N), 750) rows; per-row weights from the scaled sigmoid;
// earliest detection per window; one corpus-wide threshold per profile; normalised so null = 0, perfect = 100.
//
//   npx tsx bench/nab.ts [--quiet] [--detail] [--only folder] [--set key=value ...]   (e.g. --set windowPoints=0)
//
// The row score NAB thresholds is the detector's `alertScore`: its score where it could open a new alert, 0 inside
// an alert episode it already opened (see EpisodeGate), so an incident counts once (NAB charges every flagged row
// outside a window as a false positive). With `--set episodeSpan=0` this is the plain 24-row cooldown used before.

import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { CausalAnomalyDetector, type CausalOptions } from '../core/analysis/timeseries/anomaly-causal';

const ROOT = resolve(process.env.NAB_DIR ?? join(import.meta.dirname, '..', '..', 'shared', 'bench-data', 'nab'));

interface Profile {
  tpWeight: number;
  fpWeight: number;
  fnWeight: number;
}

interface FileData {
  name: string;
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
    for (const f of readdirSync(join(ROOT, 'data', folder)).sort()) {
      if (!f.endsWith('.csv')) continue;
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
      files.push({ name, timestamps: ts, values: vs, windows: wins });
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
  const t0 = performance.now();
  const scores: Float64Array[] = [];
  const methods: string[] = [];
  let points = 0;
  for (const f of files) {
    // Causal: each row's alertScore comes from the rows before it.
    const det = new CausalAnomalyDetector(opts);
    const out = new Float64Array(f.values.length);
    for (let i = 0; i < f.values.length; i++) out[i] = det.push(f.timestamps[i], f.values[i]).alertScore;
    scores.push(out);
    const periods = det.currentPeriods;
    methods.push(periods.length > 0 ? `seasonal ${periods.join('+')}` : 'static');
    points += f.values.length;
  }
  const ms = performance.now() - t0;

  console.log(`NAB: ${files.length} files, ${points} rows, ${files.reduce((a, f) => a + f.windows.length, 0)} windows; ` +
    `causal detection ${ms.toFixed(0)} ms (${((1e3 * ms) / points).toFixed(1)} us/row)`);
  console.log('options:', JSON.stringify(opts));
  console.log('');
  console.log('profile              null  perfect  detector  threshold');
  for (const [name, p] of Object.entries(PROFILES)) {
    const nul = normalised(bestThreshold(files, zeros, p));
    const per = normalised(bestThreshold(files, perfect, p));
    const det = bestThreshold(files, scores, p);
    console.log(`${name.padEnd(20)} ${nul.toFixed(1).padStart(4)}  ${per.toFixed(1).padStart(7)}  ${normalised(det).toFixed(1).padStart(8)}  ${det.threshold.toPrecision(8)}`);
  }
  if (quiet) return;
  const std = bestThreshold(files, scores, PROFILES.standard);
  console.log('');
  console.log(`per file at the standard threshold ${std.threshold.toPrecision(8)}:`);
  console.log(`${'file'.padEnd(58)} ${'TP'.padStart(3)} ${'FN'.padStart(3)} ${'FP'.padStart(4)}  baseline`);
  let T = 0;
  let F = 0;
  let P = 0;
  files.forEach((f, i) => {
    const c = countsAt(f, scores[i], std.threshold);
    T += c.tp;
    F += c.fn;
    P += c.fp;
    console.log(`${f.name.padEnd(58)} ${String(c.tp).padStart(3)} ${String(c.fn).padStart(3)} ${String(c.fp).padStart(4)}  ${methods[i]}`);
  });
  console.log(`${'total'.padEnd(58)} ${String(T).padStart(3)} ${String(F).padStart(3)} ${String(P).padStart(4)}`);
  if (args.includes('--detail')) detail(files, scores, std.threshold);
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
