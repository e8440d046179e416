// Whole-workspace batch detection speed: S series x N points (default 10,000 x 20,160 = 14 days at 1 min, seeded
// synthetic daily + weekly seasonality + noise + one planted spike each), split over W worker threads that generate
// their own data. Prints wall time, throughput, peak RSS and how many planted spikes were found.
// Also, with --stl: STL/MSTL accuracy and speed, this project's code vs @bsull/augurs' MSTL.
//
//   npx tsx bench/speed.ts [--series 10000] [--points 20160] [--workers 2] [--stl]

import { readFileSync, existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Worker, isMainThread, parentPort, workerData } from 'node:worker_threads';
import { detectAnomalies } from '../core/analysis/timeseries/anomaly';
import { mstl } from '../core/analysis/timeseries/mstl';
import { stl } from '../core/analysis/timeseries/stl';
import { mstlFast } from '../core/analysis/timeseries/mstl-fast';
import { seededRandom as mulberry32 } from '../core/analysis/stats';

interface Job {
  from: number;
  to: number;
  points: number;
}

interface JobResult {
  series: number;
  ms: number;
  seasonal: number;
  weeklyFound: number;
  planted: number;
  plantedFound: number;
  ranges: number;
}

const MINUTE = 60_000;


/** Series k: level + daily sine + weekday/weekend step + N(0, 1) noise, a spike of 8 sigma at a seeded spot. */
function generate(k: number, n: number, out: Float64Array): number {
  const rnd = mulberry32(1_000_003 * (k + 1));
  const level = 50 + 100 * rnd();
  const daily = 5 + 20 * rnd();
  const weekly = 2 + 8 * rnd();
  const noise = 1 + 2 * rnd();
  const phase = 2 * Math.PI * rnd();
  for (let i = 0; i < n; i++) {
    const day = Math.floor(i / 1440) % 7;
    const u1 = Math.max(rnd(), 1e-12);
    const u2 = rnd();
    const g = Math.sqrt(-2 * Math.log(u1)) * Math.cos(2 * Math.PI * u2);
    out[i] = level + daily * Math.sin((2 * Math.PI * i) / 1440 + phase) + (day >= 5 ? -weekly : 0) + noise * g;
  }
  const at = Math.floor(n * (0.2 + 0.7 * rnd()));
  out[at] += 10 * noise;
  return at;
}

function runJob(job: Job): JobResult {
  const ts = new Float64Array(job.points);
  const t0 = Date.UTC(2024, 0, 1);
  for (let i = 0; i < job.points; i++) ts[i] = t0 + i * MINUTE;
  const values = new Float64Array(job.points);
  const res: JobResult = { series: 0, ms: 0, seasonal: 0, weeklyFound: 0, planted: 0, plantedFound: 0, ranges: 0 };
  const start = performance.now();
  for (let k = job.from; k < job.to; k++) {
    const at = generate(k, job.points, values);
    const r = detectAnomalies(ts, values);
    res.series++;
    if (r.method === 'seasonal') res.seasonal++;
    if (r.periods.includes(10080)) res.weeklyFound++;
    res.planted++;
    if (r.anomaly[at]) res.plantedFound++;
    res.ranges += r.ranges.length;
  }
  res.ms = performance.now() - start;
  return res;
}

async function speed(series: number, points: number, workers: number): Promise<void> {
  // Workers run this same file; tsx's loader is registered inside each worker first.
  const api = JSON.stringify(import.meta.resolve('tsx/esm/api'));
  const me = JSON.stringify(import.meta.url);
  const boot = `import(${api}).then((tsx) => tsx.tsImport(${me}, ${me}))`;
  const per = Math.ceil(series / workers);
  const cpu0 = process.cpuUsage();
  const start = performance.now();
  const results = await Promise.all(
    Array.from({ length: workers }, (_, w) => {
      const job: Job = { from: w * per, to: Math.min(series, (w + 1) * per), points };
      return new Promise<JobResult>((resolveJob, reject) => {
        const worker = new Worker(boot, { eval: true, workerData: job });
        worker.once('message', (m: JobResult) => resolveJob(m));
        worker.once('error', reject);
      });
    }),
  );
  const wall = (performance.now() - start) / 1000;
  const total = results.reduce(
    (a, r) => ({
      series: a.series + r.series,
      seasonal: a.seasonal + r.seasonal,
      weekly: a.weekly + r.weeklyFound,
      planted: a.planted + r.planted,
      found: a.found + r.plantedFound,
      ranges: a.ranges + r.ranges,
    }),
    { series: 0, seasonal: 0, weekly: 0, planted: 0, found: 0, ranges: 0 },
  );
  const cpu = process.cpuUsage(cpu0);
  const cpuS = (cpu.user + cpu.system) / 1e6;
  const rssMiB = process.resourceUsage().maxRSS / 1024;
  const load = (await import('node:os')).loadavg()[0];
  console.log(`batch detection: ${total.series} series x ${points} points on ${workers} worker thread(s)`);
  console.log('figure                          value');
  console.log(`wall time                       ${wall.toFixed(1)} s`);
  console.log(`CPU time, all threads           ${cpuS.toFixed(1)} s (${((1000 * cpuS) / total.series).toFixed(2)} ms per series)`);
  console.log(`wall if 2 cores were free       ${(cpuS / workers).toFixed(1)} s (CPU time / workers)`);
  console.log(`machine load average (1 min)    ${load.toFixed(1)} (the machine is shared; wall time includes waiting)`);
  console.log(`points per second               ${((total.series * points) / wall / 1e6).toFixed(1)} M`);
  console.log(`peak RSS (whole process)        ${rssMiB.toFixed(0)} MiB`);
  console.log(`seasonal baseline used          ${total.seasonal} / ${total.series}`);
  console.log(`weekly period (10080) found     ${total.weekly} / ${total.series}`);
  console.log(`planted 10-sigma spikes flagged ${total.found} / ${total.planted}`);
  console.log(`ranges reported (incl. spikes)  ${total.ranges} (${(total.ranges / total.series).toFixed(2)} per series)`);
}

/** STL / MSTL: this project vs statsmodels fixtures vs @bsull/augurs (which exposes fits, not components). */
async function stlCompare(): Promise<void> {
  const root = join(dirname(fileURLToPath(import.meta.url)), '..', 'test', 'fixtures', 'timeseries');
  const req = createRequire(import.meta.url);
  const mod = await import('@bsull/augurs/mstl');
  mod.initSync({ module: readFileSync(join(dirname(req.resolve('@bsull/augurs/mstl')), 'mstl_bg.wasm')) });
  const time = (f: () => void, reps: number): number => {
    f();
    const s = performance.now();
    for (let i = 0; i < reps; i++) f();
    return (performance.now() - s) / reps;
  };
  console.log('STL / MSTL vs statsmodels 0.13.5 reference (max abs error relative to the series range) and speed');
  console.log('case       method                          trend err  seasonal err  fit-vs-reference  ms');
  for (const key of ['synthetic', 'nyc_taxi']) {
    const path = join(root, `stl-${key}.json`);
    if (!existsSync(path)) continue;
    const d = JSON.parse(readFileSync(path, 'utf8'));
    const y = Float64Array.from(d.values as number[]);
    let lo = Infinity;
    let hi = -Infinity;
    for (const v of y) {
      lo = Math.min(lo, v);
      hi = Math.max(hi, v);
    }
    const range = hi - lo;
    const err = (a: ArrayLike<number>, b: number[]): number => {
      let m = 0;
      for (let i = 0; i < b.length; i++) m = Math.max(m, Math.abs(a[i] - b[i]));
      return m / range;
    };
    const refFit = (trend: number[], seas: number[][]): number[] => trend.map((t, i) => t + seas.reduce((a, s) => a + s[i], 0));
    const one = { seasonalJump: 1, trendJump: 1, lowPassJump: 1 };
    const ps = d.mstl.periods as number[];
    const row = (name: string, tr: string, se: string, fit: string, ms: number): void =>
      console.log(`${key.padEnd(10)} ${name.padEnd(31)} ${tr.padStart(9)}  ${se.padStart(12)}  ${fit.padStart(16)}  ${ms.toFixed(1)}`);
    const s1 = stl(y, { period: d.stl.period, robust: true, ...one });
    row('STL robust, jumps 1', err(s1.trend, d.stl.trend).toExponential(1), err(s1.seasonal, d.stl.seasonal).toExponential(1), '',
      time(() => stl(y, { period: d.stl.period, robust: true, ...one }), 3));
    const s2 = stl(y, { period: d.stl.period, robust: true });
    row('STL robust, default jumps', err(s2.trend, d.stl.trend).toExponential(1), err(s2.seasonal, d.stl.seasonal).toExponential(1), '',
      time(() => stl(y, { period: d.stl.period, robust: true }), 3));
    const m1 = mstl(y, { periods: ps, stl: { robust: false, ...one } });
    const fit1 = Array.from(m1.trend, (t, i) => t + m1.seasonal[0][i] + m1.seasonal[1][i]);
    row('MSTL, jumps 1', err(m1.trend, d.mstl.trend).toExponential(1), err(m1.seasonal[1], d.mstl.seasonal[1]).toExponential(1),
      err(fit1, refFit(d.mstl.trend, d.mstl.seasonal)).toExponential(1), time(() => mstl(y, { periods: ps, stl: { robust: false, ...one } }), 3));
    const m2 = mstl(y, { periods: ps, stl: { robust: false } });
    const fit2 = Array.from(m2.trend, (t, i) => t + m2.seasonal[0][i] + m2.seasonal[1][i]);
    row('MSTL, default jumps', err(m2.trend, d.mstl.trend).toExponential(1), err(m2.seasonal[1], d.mstl.seasonal[1]).toExponential(1),
      err(fit2, refFit(d.mstl.trend, d.mstl.seasonal)).toExponential(1), time(() => mstl(y, { periods: ps, stl: { robust: false } }), 5));
    const f = mstlFast(y, ps);
    const fit3 = Array.from(f.trend, (t, i) => t + f.seasonal[0][i] + f.seasonal[1][i]);
    row('mstlFast (detector baseline)', err(f.trend, d.mstl.trend).toExponential(1), err(f.seasonal[1], d.mstl.seasonal[1]).toExponential(1),
      err(fit3, refFit(d.mstl.trend, d.mstl.seasonal)).toExponential(1), time(() => mstlFast(y, ps), 20));
    let insample: number[] = [];
    const augursMs = time(() => {
      const m = mod.MSTL.ets(ps);
      m.fit(y);
      insample = m.predictInSample().point;
      m.free();
    }, 3);
    row('augurs MSTL.ets fit+in-sample', 'n/a', 'n/a', err(insample, refFit(d.mstl.trend, d.mstl.seasonal)).toExponential(1), augursMs);
  }
  console.log('augurs 0.10 exposes no trend/seasonal components (only fitted values and forecasts), so its');
  console.log('"fit-vs-reference" compares its in-sample one-step fit with statsmodels trend + seasonal.');
}

async function main(): Promise<void> {
  const args = process.argv.slice(2);
  const get = (k: string, d: number): number => {
    const i = args.indexOf(k);
    return i >= 0 ? Number(args[i + 1]) : d;
  };
  if (args.includes('--stl')) {
    await stlCompare();
    return;
  }
  await speed(get('--series', 10_000), get('--points', 20_160), get('--workers', 2));
}

if (isMainThread) {
  main().catch((e: unknown) => {
    console.error(e);
    process.exit(1);
  });
} else {
  parentPort!.postMessage(runJob(workerData as Job));
}
