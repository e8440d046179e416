/**
 * Main-thread time of the calls that used to run detection on the main process: `series/band` (cold:
 * learn the band; warm: zoom into a cached one) and `compare/ranges` over every series. "Main-thread
 * time" is the event loop's active time during the call (performance.eventLoopUtilization), i.e. how
 * long the UI's backend could not answer anything else; wall time is printed beside it.
 * The workspace is generated once: N series of 20,160 one-minute points (two weeks) with a daily
 * cycle, noise (seeded) and one planted spike each.
 * Run: npx tsx bench/main-thread.ts [--series N] [--band-calls N]
 */
import { existsSync, mkdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { makeNodeWorker } from '../core/jobs/node-worker';
import { Service } from '../core/service/service';
import { WorkspaceStore } from '../core/store/workspace';
import { rng } from './lib/rng';
import { median } from '../core/analysis/stats';

const arg = (name: string, dflt: number): number => {
  const i = process.argv.indexOf(name);
  return i > 0 ? Number(process.argv[i + 1]) : dflt;
};
const SERIES = arg('--series', 200);
const BAND_CALLS = arg('--band-calls', 10);
const POINTS = 20_160;
const STEP = 60_000;
const START = Date.UTC(2026, 0, 5);
const DIR = join(import.meta.dirname, '.data', 'main-thread');
const WS = join(DIR, `series-${SERIES}.hindsight`);

function generate(): void {
  mkdirSync(DIR, { recursive: true });
  rmSync(WS, { force: true });
  const store = WorkspaceStore.open(WS, { create: true });
  const random = rng(7);
  store.transaction(() => {
    const source = store.addSource({ path: 'generated', format: 'generated', kind: 'metrics', bytes: 0, sha256: 'generated', zone: 'UTC' });
    for (let s = 0; s < SERIES; s++) {
      const id = store.seriesId('latency_ms', { service: `svc-${s % 10}`, instance: `i-${s}` });
      const ts = new Float64Array(POINTS);
      const values = new Float64Array(POINTS);
      for (let i = 0; i < POINTS; i++) {
        ts[i] = START + i * STEP;
        values[i] = 100 + 30 * Math.sin((2 * Math.PI * i) / 1440) + 5 * (random() - 0.5) + (i >= 15_000 + s && i < 15_030 + s ? 80 : 0);
      }
      store.appendSamples(id, source, ts, values);
      store.refreshSeries(id, ts[0], ts[POINTS - 1]);
    }
    store.finishSource(source, { accepted: SERIES * POINTS, rejected: 0, firstTs: START, lastTs: START + (POINTS - 1) * STEP, notes: [] });
    store.bumpDataVersion();
  });
  store.close();
}

/** Main-thread (event loop active) and wall milliseconds of one call. */
async function timed(call: () => Promise<unknown>): Promise<{ mainMs: number; wallMs: number }> {
  const elu = performance.eventLoopUtilization();
  const t0 = performance.now();
  await call();
  const wallMs = performance.now() - t0;
  return { mainMs: performance.eventLoopUtilization(elu).active, wallMs };
}

const fmt = (xs: { mainMs: number; wallMs: number }[]): string =>
  `main ${median(xs.map((x) => x.mainMs)).toFixed(1)} ms, wall ${median(xs.map((x) => x.wallMs)).toFixed(1)} ms (median of ${xs.length})`;

if (!existsSync(WS)) generate();
const home = join(DIR, 'home');
const service = new Service({ makeWorker: makeNodeWorker, dataDir: home, shell: 'browser', poolSize: 2 });
service.openWorkspace(WS);
try {
  // Warm up: the workers start (tsx) and the statements are prepared.
  await service.invoke('series/band', { id: SERIES, width: 800 });
  const cold: { mainMs: number; wallMs: number }[] = [];
  const warm: { mainMs: number; wallMs: number }[] = [];
  for (let id = 1; id <= Math.min(BAND_CALLS, SERIES - 1); id++) {
    cold.push(await timed(() => service.invoke('series/band', { id, width: 1600 })));
    warm.push(await timed(() => service.invoke('series/band', { id, from: START + 3 * 86_400_000, to: START + 4 * 86_400_000, width: 1600 })));
  }
  console.log(`series/band, ${POINTS} points, cold (band learnt): ${fmt(cold)}`);
  console.log(`series/band, ${POINTS} points, warm (zoom, cached band): ${fmt(warm)}`);
  const day = 86_400_000;
  const compare = [];
  for (let i = 0; i < 3; i++) {
    compare.push(
      await timed(() =>
        service.invoke('compare/ranges', { from: START + 10 * day, to: START + 11 * day, baselineFrom: START + 3 * day, baselineTo: START + 10 * day }),
      ),
    );
  }
  console.log(`compare/ranges over ${SERIES} series: ${fmt(compare)}`);
} finally {
  await service.close();
}
