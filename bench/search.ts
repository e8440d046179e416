/**
 * Log search speed on millions of lines: imports a generated log (≥ 2M lines, seeded, realistic
 * templates, several services and levels) into a fresh workspace once, then times `logs/search`
 * the way the UI calls it — a word, a phrase, a prefix, with service/level/time filters, deep pages —
 * plus `logs/templates` and `logs/strip`. Prints median and p95 per query.
 * Run: npx tsx bench/search.ts [--lines N]
 */
import { closeSync, existsSync, mkdirSync, openSync, rmSync, statSync, writeSync } from 'node:fs';
import { join } from 'node:path';
import { importPaths } from '../core/ingest/import';
import { logHandlers } from '../core/service/logs';
import { WorkspaceStore } from '../core/store/workspace';

const arg = (name: string, dflt: number): number => {
  const i = process.argv.indexOf(name);
  return i > 0 ? Number(process.argv[i + 1]) : dflt;
};
const LINES = arg('--lines', 2_000_000);
const DIR = join(import.meta.dirname, '.data', 'search');
const LOG = join(DIR, `app-${LINES}.log`);
const WS = join(DIR, `search-${LINES}.hindsight`);

let seed = 42;
const rnd = (): number => ((seed = (Math.imul(seed, 1103515245) + 12345) >>> 0) / 2 ** 32);
const pick = <T>(xs: T[]): T => xs[Math.floor(rnd() * xs.length)];
const SERVICES = ['api', 'orders', 'payments', 'search', 'auth', 'billing'];
const TEMPLATES: [string, () => string][] = [
  ['INFO', () => `request served path=/api/v1/items/${Math.floor(rnd() * 1e5)} status=200 in ${Math.floor(rnd() * 300)} ms`],
  ['INFO', () => `user u${Math.floor(rnd() * 5000)} logged in from 10.${Math.floor(rnd() * 255)}.${Math.floor(rnd() * 255)}.7`],
  ['DEBUG', () => `cache hit ratio ${(rnd()).toFixed(3)} on shard ${Math.floor(rnd() * 16)}`],
  ['WARN', () => `slow query took ${Math.floor(rnd() * 5000)} ms on table orders`],
  ['ERROR', () => `payment gateway timeout after ${Math.floor(rnd() * 30000)} ms for order ORD-${Math.floor(rnd() * 1e6)}`],
  ['ERROR', () => `connection refused to db-${Math.floor(rnd() * 4)}:5432 (attempt ${Math.floor(rnd() * 5)})`],
  ['INFO', () => `scheduled job ${pick(['cleanup', 'rollup', 'report'])} finished in ${Math.floor(rnd() * 900)} s`],
];

if (!existsSync(WS)) {
  mkdirSync(DIR, { recursive: true });
  if (!existsSync(LOG)) {
    const fd = openSync(LOG, 'w');
    let buf: string[] = [];
    const t0 = Date.UTC(2026, 0, 1);
    for (let i = 0; i < LINES; i++) {
      const [level, f] = TEMPLATES[Math.floor(rnd() ** 1.6 * TEMPLATES.length)];
      buf.push(`${new Date(t0 + i * 250).toISOString()} ${level} [${pick(SERVICES)}] ${f()}`);
      if (buf.length === 50_000) {
        writeSync(fd, `${buf.join('\n')}\n`);
        buf = [];
      }
    }
    if (buf.length) writeSync(fd, `${buf.join('\n')}\n`);
    closeSync(fd);
  }
  const store = WorkspaceStore.open(WS, { create: true });
  const t = performance.now();
  const r = await importPaths(store, [LOG]);
  console.log(`imported ${r.totals.logs} lines (${(statSync(LOG).size / 1e6).toFixed(0)} MB) in ${((performance.now() - t) / 1000).toFixed(1)} s`);
  store.close();
}

const store = WorkspaceStore.open(WS);
const h = logHandlers({ store: () => store });
const { first, last } = store.timeRange() as { first: number; last: number };
const mid = first + (last - first) / 2;
const cases: [string, () => Promise<unknown>][] = [
  ['newest page, no filter', () => h['logs/search']({ limit: 200, order: 'desc' })],
  ['word "timeout"', () => h['logs/search']({ query: 'timeout', limit: 200 })],
  ['phrase "connection refused"', () => h['logs/search']({ query: '"connection refused"', limit: 200 })],
  ['prefix "gatew*"', () => h['logs/search']({ query: 'gatew*', limit: 200 })],
  ['word + service + level', () => h['logs/search']({ query: 'timeout', service: 'payments', level: 'error', limit: 200 })],
  ['word + 1 h window', () => h['logs/search']({ query: 'refused', from: mid, to: mid + 3_600_000, limit: 200 })],
  ['deep page (offset 10,000)', () => h['logs/search']({ query: 'served', offset: 10_000, limit: 200 })],
  ['one template, paged', () => h['logs/search']({ templateId: store.templates()[0].id, limit: 200, offset: 2000 })],
  ['templates list', () => h['logs/templates']({ limit: 500 })],
  ['pattern strip, 300 buckets', () => h['logs/strip']({ buckets: 300, top: 8 })],
];
console.log(`\n${store.counts().logs.toLocaleString()} log lines, ${store.templates().length} templates\n`);
console.log('query                              median ms   p95 ms   matches');
for (const [name, run] of cases) {
  const times: number[] = [];
  let total: unknown = '';
  for (let i = 0; i < 7; i++) {
    const t = performance.now();
    const r = (await run()) as { total?: number } | unknown[];
    times.push(performance.now() - t);
    total = Array.isArray(r) ? `${r.length} rows` : ((r as { total?: number }).total ?? '');
  }
  times.sort((a, b) => a - b);
  console.log(`${name.padEnd(34)} ${times[3].toFixed(1).padStart(9)} ${times[6].toFixed(1).padStart(8)}   ${total}`);
}
store.close();
if (process.argv.includes('--clean')) rmSync(DIR, { recursive: true, force: true });

