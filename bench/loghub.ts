/**
 * Loghub-2k log parsing benchmark (Zhu et al. 2019; corrected labels of Khan et al. 2022): mines the RAW
 * lines of each system with one setting for all (header learned from the lines themselves), and scores
 * grouping accuracy (GA), F1 of group accuracy (FGA) and parsing accuracy (PA) against
 * `<S>_2k.log_structured_corrected.csv`.
 *
 * Run: npx tsx bench/loghub.ts [--data ../shared/bench-data/loghub2k] [--show S]
 * Every line of these files is one event, so mining runs with multi-line grouping off; the table also
 * shows how many lines the default multi-line grouping would have merged (it should be 0).
 */

import { existsSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { parse } from 'csv-parse/sync';
import { mineLines } from '../core/analysis/logs/mine-lines';
import { toLoghubTemplate } from '../core/analysis/logs/template-text';

const SYSTEMS = ['HDFS', 'Hadoop', 'Spark', 'BGL', 'HPC', 'Linux', 'HealthApp', 'OpenSSH'];

function arg(name: string): string | undefined {
  const i = process.argv.indexOf(name);
  return i >= 0 ? process.argv[i + 1] : undefined;
}

const candidates = [
  arg('--data'),
  resolve(process.cwd(), '../shared/bench-data/loghub2k'),
].filter((p): p is string => p !== undefined);
const root = candidates.find((p) => existsSync(join(p, 'HDFS')));
if (root === undefined) {
  console.error(`loghub2k data not found (looked in: ${candidates.join(', ')}); pass --data <folder>`);
  process.exit(2);
}
const show = arg('--show');

interface Row { LineId: string; EventId: string; EventTemplate: string; Content: string }

interface Score { ga: number; fga: number; pa: number; predicted: number; truth: number }

/** GA, FGA and PA as defined in the data folder's README. */
function score(pred: string[], truth: string[], predTpl: string[], truthTpl: string[]): Score {
  const n = truth.length;
  const truthSize = new Map<string, number>();
  for (const t of truth) truthSize.set(t, (truthSize.get(t) ?? 0) + 1);
  const groups = new Map<string, number[]>();
  pred.forEach((p, i) => {
    const g = groups.get(p);
    if (g) g.push(i); else groups.set(p, [i]);
  });
  let right = 0;
  let rightGroups = 0;
  for (const idx of groups.values()) {
    const labels = new Set(idx.map((i) => truth[i]));
    if (labels.size === 1) {
      const [label] = labels;
      if (truthSize.get(label) === idx.length) {
        right += idx.length;
        rightGroups++;
      }
    }
  }
  const precision = rightGroups / groups.size;
  const recall = rightGroups / truthSize.size;
  const fga = precision + recall === 0 ? 0 : (2 * precision * recall) / (precision + recall);
  let pa = 0;
  for (let i = 0; i < n; i++) if (predTpl[i] === truthTpl[i]) pa++;
  return { ga: right / n, fga, pa: pa / n, predicted: groups.size, truth: truthSize.size };
}

const rows: string[] = [];
let sumGa = 0;
let sumFga = 0;
let sumPa = 0;
let totalLines = 0;
let totalMs = 0;
const pad = (s: string | number, w: number): string => String(s).padStart(w);
console.log(`loghub2k from ${root}: one setting for all systems, header learned from the raw lines\n`);
console.log(`${'system'.padEnd(10)} ${pad('GA', 6)} ${pad('FGA', 6)} ${pad('PA', 6)} ${pad('groups', 7)} ${pad('truth', 6)} ` +
  `${pad('hdr', 4)} ${pad('merged', 7)} ${pad('lines/s', 9)}`);
for (const s of SYSTEMS) {
  const logPath = join(root, s, `${s}_2k.log`);
  const csvPath = join(root, s, `${s}_2k.log_structured_corrected.csv`);
  if (!existsSync(logPath) || !existsSync(csvPath)) {
    console.error(`missing ${logPath} or ${csvPath}`);
    process.exit(2);
  }
  const lines = readFileSync(logPath, 'utf8').split(/\r?\n/);
  while (lines.length > 0 && lines[lines.length - 1] === '') lines.pop();
  const truthRows = parse(readFileSync(csvPath), { columns: true }) as Row[];
  if (truthRows.length !== lines.length) {
    console.error(`${s}: ${lines.length} lines but ${truthRows.length} labelled rows`);
    process.exit(2);
  }
  // Warm-up run (JIT), then the timed run.
  mineLines(lines, { multiline: false });
  const t0 = performance.now();
  const res = mineLines(lines, { multiline: false });
  const ms = performance.now() - t0;
  const grouped = mineLines(lines);
  const merged = lines.length - grouped.events.length;
  const pred = res.events.map((e) => e.templateId);
  const predTpl = res.events.map((e) => toLoghubTemplate(e.template));
  const sc = score(pred, truthRows.map((r) => r.EventId), predTpl, truthRows.map((r) => r.EventTemplate));
  sumGa += sc.ga;
  sumFga += sc.fga;
  sumPa += sc.pa;
  totalLines += lines.length;
  totalMs += ms;
  console.log(`${s.padEnd(10)} ${pad(sc.ga.toFixed(3), 6)} ${pad(sc.fga.toFixed(3), 6)} ${pad(sc.pa.toFixed(3), 6)} ` +
    `${pad(sc.predicted, 7)} ${pad(sc.truth, 6)} ${pad(res.header.fields, 4)} ${pad(merged, 7)} ` +
    `${pad(Math.round(lines.length / (ms / 1000)), 9)}`);
  if (show === s) rows.push(...explain(truthRows, pred, predTpl));
}
const k = SYSTEMS.length;
console.log(`${'average'.padEnd(10)} ${pad((sumGa / k).toFixed(3), 6)} ${pad((sumFga / k).toFixed(3), 6)} ` +
  `${pad((sumPa / k).toFixed(3), 6)} ${pad('', 7)} ${pad('', 6)} ${pad('', 4)} ${pad('', 7)} ` +
  `${pad(Math.round(totalLines / (totalMs / 1000)), 9)}`);
console.log('\nGA/FGA/PA: see bench-data/README.md. hdr: header fields learned. merged: lines the default');
console.log('multi-line grouping would fold into the previous event. lines/s: whole mineLines() incl. header learning.');
if (rows.length > 0) console.log('\n' + rows.join('\n'));

/** For --show: true groups that were split or merged, with the predicted templates. */
function explain(truth: Row[], pred: string[], predTpl: string[]): string[] {
  const out: string[] = [];
  const byTruth = new Map<string, Map<string, number>>();
  const byPred = new Map<string, Map<string, number>>();
  truth.forEach((r, i) => {
    const a = byTruth.get(r.EventId) ?? new Map<string, number>();
    a.set(pred[i], (a.get(pred[i]) ?? 0) + 1);
    byTruth.set(r.EventId, a);
    const b = byPred.get(pred[i]) ?? new Map<string, number>();
    b.set(r.EventId, (b.get(r.EventId) ?? 0) + 1);
    byPred.set(pred[i], b);
  });
  const tplOfPred = new Map<string, string>();
  pred.forEach((p, i) => tplOfPred.set(p, predTpl[i]));
  const tplOfTruth = new Map<string, string>();
  truth.forEach((r) => tplOfTruth.set(r.EventId, r.EventTemplate));
  for (const [p, labels] of byPred) {
    if (labels.size > 1) {
      out.push(`MERGED ${tplOfPred.get(p)}`);
      for (const [l, c] of labels) out.push(`    ${c} x ${tplOfTruth.get(l)}`);
    }
  }
  for (const [l, preds] of byTruth) {
    if (preds.size > 1) {
      out.push(`SPLIT ${tplOfTruth.get(l)}`);
      for (const [p, c] of preds) out.push(`    ${c} x ${tplOfPred.get(p)}`);
    }
  }
  const wrongPa = new Map<string, number>();
  truth.forEach((r, i) => {
    if (predTpl[i] !== r.EventTemplate) {
      const key = `${predTpl[i]}\n      want ${r.EventTemplate}`;
      wrongPa.set(key, (wrongPa.get(key) ?? 0) + 1);
    }
  });
  for (const [key, c] of [...wrongPa].sort((a, b) => b[1] - a[1]).slice(0, 25)) out.push(`PA ${c} x ${key}`);
  return out;
}
