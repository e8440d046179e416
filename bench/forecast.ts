/**
 * Forecast accuracy on NAB's real series (realKnownCause, realAWSCloudwatch), aggregated to hourly means.
 *
 * For each series and horizon the last E windows are held out. At each held-out origin every model is fit
 * on the history before it and scored (MASE against that history's in-sample seasonal naive, sMAPE), and
 * `forecast()` is run on the same history alone — it backtests, picks a model and calibrates intervals
 * without seeing the window — so the "auto" column and its interval coverage are out-of-sample.
 *
 *   npx tsx bench/forecast.ts [--horizons 24,48] [--origins 3] [--level 0.8] [--only nyc_taxi]
 *
 * Exits 1 when the NAB data is missing.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { maseScale } from '../core/analysis/timeseries/backtest';
import { useAugursFromNodeModules } from '../core/host/augurs-wasm';
import { forecast, modelFor } from '../core/analysis/timeseries/forecast';
import { calendarPeriods, regularise } from '../core/analysis/timeseries/forecast-grid';
import { MODEL_NAMES, primaryPeriod, type ModelName } from '../core/analysis/timeseries/forecast-models';

const HOUR = 3_600_000;
const MIN_HISTORY = 24 * 7; // a week of history before the first held-out origin
const here = dirname(fileURLToPath(import.meta.url));
const nabDir = resolve(here, '../../shared/bench-data/nab/data');
const folders = ['realKnownCause', 'realAWSCloudwatch'];

function arg(name: string, dflt: string): string {
  const i = process.argv.indexOf(`--${name}`);
  return i > 0 && process.argv[i + 1] ? process.argv[i + 1] : dflt;
}
const horizons = arg('horizons', '24,48').split(',').map(Number);
const evalOrigins = Number(arg('origins', '3'));
const level = Number(arg('level', '0.8'));
const only = arg('only', '');
useAugursFromNodeModules();

if (!folders.every((f) => existsSync(join(nabDir, f)))) {
  console.error(`NAB data not found under ${nabDir} (expected ${folders.join(', ')}); see shared/bench-data/README.md`);
  process.exit(1);
}

/** NAB CSV (timestamp,value; times in UTC) to hourly means. */
function loadHourly(path: string): { ts: Float64Array; values: Float64Array; rawStepMin: number } {
  const lines = readFileSync(path, 'utf8').trim().split('\n').slice(1);
  const sums = new Map<number, [number, number]>();
  let first = NaN;
  let second = NaN;
  for (const line of lines) {
    const [t, v] = line.split(',');
    const ms = Date.parse(t.replace(' ', 'T') + 'Z');
    const x = Number(v);
    if (!Number.isFinite(ms) || !Number.isFinite(x)) continue;
    if (Number.isNaN(first)) first = ms;
    else if (Number.isNaN(second)) second = ms;
    const k = Math.floor(ms / HOUR) * HOUR;
    const s = sums.get(k) ?? [0, 0];
    s[0] += x;
    s[1]++;
    sums.set(k, s);
  }
  const keys = [...sums.keys()].sort((a, b) => a - b);
  return {
    ts: Float64Array.from(keys),
    values: Float64Array.from(keys, (k) => sums.get(k)![0] / sums.get(k)![1]),
    rawStepMin: (second - first) / 60_000,
  };
}

const names: (ModelName | 'auto')[] = [...MODEL_NAMES, 'auto'];
type Row = { series: string; h: number; mase: Record<string, number>; smape: Record<string, number>; picks: string[]; cover: number; n: number };
const rows: Row[] = [];
const fmt = (x: number, d = 3): string => (Number.isFinite(x) ? x.toFixed(d) : '—');
const pad = (s: string, w: number): string => (s.length >= w ? s.slice(0, w) : s + ' '.repeat(w - s.length));
const started = performance.now();
/** Wall time of each `forecast()` call: what a workspace forecast costs per series. */
const autoMs: number[] = [];

for (const folder of folders) {
  for (const file of readdirSync(join(nabDir, folder)).filter((f) => f.endsWith('.csv')).sort()) {
    if (only && !file.includes(only)) continue;
    const { ts, values, rawStepMin } = loadHourly(join(nabDir, folder, file));
    const grid = regularise(ts, values, HOUR);
    const n = grid.values.length;
    for (const h of horizons) {
      const rowStart = performance.now();
      if (n - evalOrigins * h < MIN_HISTORY) {
        console.log(`skip ${file} h=${h}: ${n} hourly points leave under ${MIN_HISTORY} before the first held-out origin`);
        continue;
      }
      const mase: Record<string, number[]> = Object.fromEntries(names.map((m) => [m, []]));
      const smape: Record<string, number[]> = Object.fromEntries(names.map((m) => [m, []]));
      const picks: string[] = [];
      let hits = 0;
      let total = 0;
      for (let e = evalOrigins; e >= 1; e--) {
        const o = n - e * h;
        const hist = grid.values.subarray(0, o);
        const periods = calendarPeriods(HOUR, o);
        const scale = maseScale(hist, primaryPeriod(periods, o));
        const score = (name: string, fc: ArrayLike<number>): void => {
          let abs = 0;
          let sm = 0;
          let m = 0;
          for (let j = 0; j < h; j++) {
            if (!grid.observed[o + j]) continue;
            const a = grid.values[o + j];
            abs += Math.abs(a - fc[j]);
            sm += Math.abs(a) + Math.abs(fc[j]) > 0 ? (200 * Math.abs(a - fc[j])) / (Math.abs(a) + Math.abs(fc[j])) : 0;
            m++;
          }
          if (m === 0) return;
          mase[name].push(abs / m / scale);
          smape[name].push(sm / m);
        };
        // The same models forecast() compares, clipped at 0 as it does when the history is never negative.
        const nonNegative = hist.every((v) => v >= 0);
        for (const model of MODEL_NAMES.map((m) => modelFor(m, undefined, nonNegative))) {
          try {
            score(model.name, model.predict({ values: hist, startTs: grid.startTs, stepMs: HOUR, periods, seed: 1 }, h));
          } catch (err) {
            console.log(`  ${file} h=${h} ${model.name} failed: ${err instanceof Error ? err.message : String(err)}`);
          }
        }
        const hts = Float64Array.from({ length: o }, (_, i) => grid.startTs + i * HOUR);
        const autoStarted = performance.now();
        const auto = forecast(hts, hist, { horizon: h, level });
        autoMs.push(performance.now() - autoStarted);
        picks.push(auto.model ?? 'none');
        score('auto', auto.points.map((p) => p.forecast));
        auto.points.forEach((p, j) => {
          if (!grid.observed[o + j]) return;
          total++;
          if (grid.values[o + j] >= p.lower && grid.values[o + j] <= p.upper) hits++;
        });
      }
      const mean = (xs: number[]): number => (xs.length ? xs.reduce((a, b) => a + b, 0) / xs.length : NaN);
      const row: Row = {
        series: `${folder === 'realKnownCause' ? 'KC' : 'AWS'}/${file.replace('.csv', '')}`,
        h,
        mase: Object.fromEntries(names.map((m) => [m, mean(mase[m])])),
        smape: Object.fromEntries(names.map((m) => [m, mean(smape[m])])),
        picks,
        cover: total ? hits / total : NaN,
        n,
      };
      rows.push(row);
      console.log(
        `${pad(row.series, 44)} h=${pad(String(h), 3)} n=${pad(String(n), 5)} raw ${rawStepMin}min  MASE ` +
          names.map((m) => `${m} ${fmt(row.mase[m])}`).join('  ') +
          `  | sMAPE s-naive ${fmt(row.smape['seasonal-naive'], 1)} auto ${fmt(row.smape.auto, 1)}` +
          `  | picks ${picks.join(',')}  cover ${fmt(row.cover, 2)}  (${((performance.now() - rowStart) / 1000).toFixed(0)} s)`,
      );
    }
  }
}

if (rows.length === 0) {
  console.error('no series evaluated');
  process.exit(1);
}
console.log(`\nOverall (${rows.length} series×horizon, ${evalOrigins} held-out origins each, intervals at ${level}):`);
console.log(pad('model', 16) + pad('mean MASE', 12) + pad('median MASE', 13) + pad('mean sMAPE', 12) + 'wins vs s-naive');
for (const m of names) {
  const ms = rows.map((r) => r.mase[m]).filter(Number.isFinite);
  const ss = rows.map((r) => r.smape[m]).filter(Number.isFinite);
  const sorted = ms.slice().sort((a, b) => a - b);
  const wins = rows.filter((r) => r.mase[m] < r.mase['seasonal-naive']).length;
  console.log(
    pad(m, 16) +
      pad(fmt(ms.reduce((a, b) => a + b, 0) / ms.length), 12) +
      pad(fmt(sorted[Math.floor(sorted.length / 2)]), 13) +
      pad(fmt(ss.reduce((a, b) => a + b, 0) / ss.length, 2), 12) +
      `${wins}/${rows.length}`,
  );
}
for (const h of horizons) {
  const rs = rows.filter((r) => r.h === h);
  const mean = (m: string): number => rs.reduce((a, r) => a + r.mase[m], 0) / rs.length;
  console.log(`h=${h}: ` + names.map((m) => `${m} ${fmt(mean(m))}`).join('  '));
}
const covs = rows.map((r) => r.cover).filter(Number.isFinite);
console.log(`auto-selected interval coverage (nominal ${level}): mean ${fmt(covs.reduce((a, b) => a + b, 0) / covs.length, 3)}`);
const pickCount = new Map<string, number>();
for (const r of rows) for (const p of r.picks) pickCount.set(p, (pickCount.get(p) ?? 0) + 1);
console.log('picks: ' + [...pickCount].map(([k, v]) => `${k} ${v}`).join(', '));
const autoTotal = autoMs.reduce((a, b) => a + b, 0);
console.log(`forecast() itself (backtest, selection, fit): ${autoMs.length} calls, ${(autoTotal / 1000).toFixed(1)} s, mean ${(autoTotal / Math.max(1, autoMs.length)).toFixed(0)} ms a series`);
console.log(`elapsed ${((performance.now() - started) / 1000).toFixed(0)} s`);
