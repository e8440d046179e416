// Cold start of the `hindsight` command and of one job worker: from source through tsx (how the CLI
// ran before it was compiled) against the compiled bundle in out/cli (scripts/build-cli.mjs).
// Each run is a fresh `node` process; a worker's time is from `new Worker` to its first message.
//
//   npx tsx bench/cli-start.ts [--runs 10]
import { spawnSync } from 'node:child_process';
import { loadavg } from 'node:os';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';

const ROOT = resolve(import.meta.dirname, '..');
const runsArg = process.argv.indexOf('--runs');
const RUNS = runsArg >= 0 ? Number(process.argv[runsArg + 1]) : 10;
const url = (p: string): string => pathToFileURL(join(ROOT, p)).href;

/** Inline ES modules run as `node --input-type=module -e`. */
const HELP_FROM_SOURCE = `
import { register } from ${JSON.stringify(url('node_modules/tsx/dist/esm/api/index.mjs'))};
register();
const { main } = await import(${JSON.stringify(url('core/cli/main.ts'))});
process.exitCode = await main(['node', 'hindsight', '--help']);`;

const workerTimer = (file: string, workerData?: unknown): string => `
import { Worker } from 'node:worker_threads';
const started = performance.now();
const w = new Worker(new URL(${JSON.stringify(file)}), ${JSON.stringify({ workerData, execArgv: [] })});
w.once('message', () => { console.log(performance.now() - started); process.exit(0); });`;

interface Variant {
  name: string;
  args: string[];
  /** Where the figure comes from: the whole process, or the number the child prints. */
  measure: 'process' | 'printed';
}

const VARIANTS: Variant[] = [
  { name: 'hindsight --help, from source (tsx)', args: ['--input-type=module', '-e', HELP_FROM_SOURCE], measure: 'process' },
  { name: 'hindsight --help, compiled (bin/hindsight.mjs)', args: [join(ROOT, 'bin/hindsight.mjs'), '--help'], measure: 'process' },
  {
    name: 'job worker to first message, from source (tsx bootstrap)',
    args: ['--input-type=module', '-e', workerTimer(url('core/jobs/bootstrap.mjs'), { entry: url('core/jobs/worker.ts') })],
    measure: 'printed',
  },
  { name: 'job worker to first message, compiled (out/cli/worker.mjs)', args: ['--input-type=module', '-e', workerTimer(url('out/cli/worker.mjs'))], measure: 'printed' },
];

/** One run of a variant: milliseconds. */
function once(v: Variant): number {
  const started = performance.now();
  const r = spawnSync(process.execPath, v.args, { cwd: ROOT, encoding: 'utf8' });
  const wall = performance.now() - started;
  if (r.status !== 0) throw new Error(`${v.name} failed (exit ${r.status}):\n${r.stderr}`);
  return v.measure === 'process' ? wall : Number(r.stdout.trim());
}

// Build (if stale) and warm the file cache once, so no run pays for the build.
for (const v of VARIANTS) once(v);
console.log(`${RUNS} runs each, interleaved; load average ${loadavg().map((l) => l.toFixed(2)).join(' ')}`);
const times = new Map<string, number[]>(VARIANTS.map((v) => [v.name, []]));
for (let i = 0; i < RUNS; i++) for (const v of VARIANTS) times.get(v.name)?.push(once(v));
for (const v of VARIANTS) {
  const t = Float64Array.from(times.get(v.name) ?? []).sort();
  console.log(`${v.name.padEnd(62)} median ${t[Math.floor(t.length / 2)].toFixed(0).padStart(5)} ms  min ${t[0].toFixed(0).padStart(5)} ms  max ${t[t.length - 1].toFixed(0).padStart(5)} ms`);
}
console.log(`load average after: ${loadavg().map((l) => l.toFixed(2)).join(' ')}`);
