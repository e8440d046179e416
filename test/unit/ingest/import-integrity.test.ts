/**
 * Nothing changed without a word: damaged archives fail, header-only files are skipped as having no rows,
 * grown logs import only their new lines, overlapping metric exports are merged per series and timestamp,
 * and implausible times are kept out (or kept on request), each named in the import summary.
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { Worker } from 'node:worker_threads';
import { gzipSync } from 'node:zlib';
import { pack } from 'tar-stream';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { importPaths } from '../../../core/ingest/import';
import { WorkspaceStore } from '../../../core/store/workspace';

const ROOT = resolve(__dirname, '../../..');
let dir: string;
let store: WorkspaceStore;

beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'hindsight-integrity-'));
  store = WorkspaceStore.open(join(dir, 'ws.hindsight'), { create: true });
});
afterEach(() => {
  store.close();
  rmSync(dir, { recursive: true, force: true });
});

const write = (name: string, text: string | Buffer): string => {
  const p = join(dir, name);
  mkdirSync(join(p, '..'), { recursive: true });
  writeFileSync(p, text);
  return p;
};

/** A tar of the given members. */
async function makeTar(entries: { name: string; data: string | Buffer }[]): Promise<Buffer> {
  const p = pack();
  const parts: Buffer[] = [];
  p.on('data', (c: unknown) => {
    parts.push(c as Buffer);
  });
  const done = new Promise<void>((ok) => p.on('end', () => ok()));
  for (const e of entries) p.entry({ name: e.name }, e.data);
  p.finalize();
  await done;
  return Buffer.concat(parts);
}

/** `n` log lines a minute apart from `t0` (ms), as an ISO-stamped text log. */
function logLines(t0: number, n: number, from = 0): string {
  return Array.from({ length: n }, (_, i) => `${new Date(t0 + (from + i) * 60_000).toISOString()} INFO served request ${from + i}\n`).join('');
}

const T0 = Date.UTC(2024, 0, 15);

describe('archives and empty files', () => {
  it('fails a truncated .tar.gz, naming it, instead of succeeding with part of it', async () => {
    let seed = 7;
    const noise = Buffer.from(Array.from({ length: 40_000 }, () => (seed = (seed * 48271) % 2147483647) & 0xff));
    const tgz = gzipSync(await makeTar([{ name: 'a.log', data: logLines(T0, 50) }, { name: 'b.bin', data: noise }]));
    const cut = write('dump.tgz', tgz.subarray(0, Math.floor(tgz.length * 0.6)));
    const r = await importPaths(store, [cut]);
    const archive = r.files.find((f) => f.path === cut);
    expect(archive).toMatchObject({ status: 'failed', reason: expect.stringMatching(/stopped in entry 'b\.bin' after 1 entry: .*unexpected end of file/) });
    expect(archive?.reason).toMatch(/the 1 entry before it stand as sources of their own/);
    expect(r.totals.failed).toBe(1);
  });

  it('skips a header-only events CSV as "no rows" instead of keeping an empty source', async () => {
    const p = write('deploys.csv', 'time,service,kind,description\n');
    const r = await importPaths(store, [p]);
    expect(r.files).toEqual([expect.objectContaining({ path: p, status: 'skipped', reason: 'no rows' })]);
    expect(store.sources()).toHaveLength(0);
  });
});

/** A Prometheus query_range export of one series `up{job="api"}`: `[epochSeconds, value]` points. */
function promExport(points: [number, number][]): string {
  const values = points.map(([t, v]) => [t, String(v)]);
  return JSON.stringify({ status: 'success', data: { resultType: 'matrix', result: [{ metric: { __name__: 'up', job: 'api' }, values }] } });
}

const S0 = T0 / 1000;

describe('overlapping metric exports and repeated timestamps', () => {
  it('merges two exports that overlap in time per series and timestamp, storing each sample once', async () => {
    const a = write('a.json', promExport(Array.from({ length: 60 }, (_, i) => [S0 + i * 60, i])));
    const b = write('b.json', promExport(Array.from({ length: 60 }, (_, i) => [S0 + (i + 30) * 60, i + 30])));
    const r = await importPaths(store, [a, b]);
    const id = store.listSeries('up')[0].id;
    const { ts, values } = store.readSamples(id);
    expect(ts.length).toBe(90);
    expect(new Set(ts).size).toBe(90);
    expect([...values]).toEqual(Array.from({ length: 90 }, (_, i) => i));
    expect(store.series(id)?.count).toBe(90);
    expect(r.files[1]).toMatchObject({ status: 'imported', samples: 30 });
    expect(r.files[1].reason).toMatch(/^30 sample\(s\) repeated a timestamp already stored with the same value: stored once$/);
  });

  it('reports conflicting values with examples and keeps the value imported first', async () => {
    const a = write('a.json', promExport([[S0, 1], [S0 + 60, 2]]));
    const b = write('b.json', promExport([[S0 + 60, 5], [S0 + 120, 3]]));
    const r = await importPaths(store, [a, b]);
    const id = store.listSeries('up')[0].id;
    expect([...store.readSamples(id).values]).toEqual([1, 2, 3]);
    expect(r.files[1].reason).toBe(
      '1 sample(s) gave another value for a timestamp already stored: the first value was kept ' +
        '(e.g. up{job="api"} at 2024-01-15T00:01:00.000Z: kept 2, dropped 5)',
    );
    expect(JSON.parse(store.sources()[1].notes)).toContain(r.files[1].reason);
  });

  it('merges timestamps repeated inside one file (first wins) so they are not stored, or scored, twice', async () => {
    const p = write('dup.json', promExport([[S0, 1], [S0 + 60, 2], [S0 + 60, 2], [S0 + 120, 3], [S0 + 120, 4]]));
    const r = await importPaths(store, [p]);
    const id = store.listSeries('up')[0].id;
    expect([...store.readSamples(id).ts]).toEqual([T0, T0 + 60_000, T0 + 120_000]);
    expect([...store.readSamples(id).values]).toEqual([1, 2, 3]);
    expect(r.files[0]).toMatchObject({ samples: 3, reason: expect.stringMatching(/^1 sample\(s\) repeated .*; 1 sample\(s\) gave another value/) });
  });

  it('calls an export wholly inside what is stored "unchanged", saying why', async () => {
    const a = write('a.json', promExport([[S0, 1], [S0 + 60, 2], [S0 + 120, 3]]));
    const b = write('b.json', promExport([[S0 + 60, 2]]));
    const r = await importPaths(store, [a, b]);
    expect(r.files[1]).toMatchObject({ status: 'unchanged', reason: expect.stringMatching(/^nothing new: 1 sample\(s\) repeated/) });
    expect(store.sources()).toHaveLength(1);
  });
});

describe('a log file that grew', () => {
  it('imports only the lines appended since the last import, numbered on, and says so', async () => {
    const p = write('app.log', logLines(T0, 50));
    await importPaths(store, [p]);
    writeFileSync(p, logLines(T0, 80));
    const r = await importPaths(store, [p]);
    expect(r.files[0]).toMatchObject({ status: 'imported', logs: 30 });
    expect(r.files[0].reason).toMatch(/^grown since it was imported \(its first \d+ bytes, 50 line\(s\), are source 1\): only the lines after line 50 were imported$/);
    const rows = store.searchLogs({}, 0, 1000, 1000).rows;
    expect(rows).toHaveLength(80);
    expect(new Set(rows.map((l) => l.raw)).size).toBe(80);
    expect(rows.filter((l) => l.source_id === 2).map((l) => l.line)).toEqual(Array.from({ length: 30 }, (_, i) => 51 + i));
    expect(store.searchLogs({ query: '"request 79"' }, 0, 10, 10).total).toBe(1);
    // The grown file again is identical content: nothing changes.
    expect((await importPaths(store, [p])).files[0].status).toBe('unchanged');
  });

  it('does the same when the file is read in the ingest worker', async () => {
    const p = write('app.log', logLines(T0, 50));
    const entry = new URL('../../../core/ingest/ingest-worker.ts', import.meta.url).href;
    const worker = (): Worker => new Worker(join(ROOT, 'core/jobs/bootstrap.mjs'), { workerData: { entry } });
    await importPaths(store, [p], { worker });
    writeFileSync(p, logLines(T0, 60));
    const r = await importPaths(store, [p], { worker });
    expect(r.files[0]).toMatchObject({ status: 'imported', logs: 10 });
    const rows = store.searchLogs({}, 0, 1000, 1000).rows;
    expect(rows.map((l) => l.line)).toEqual(Array.from({ length: 60 }, (_, i) => i + 1));
  });

  it('imports a file whole when its earlier bytes changed (not a growth)', async () => {
    const p = write('app.log', logLines(T0, 50));
    await importPaths(store, [p]);
    writeFileSync(p, logLines(T0 + 3_600_000, 80));
    const r = await importPaths(store, [p]);
    expect(r.files[0]).toMatchObject({ status: 'imported', logs: 80 });
    expect(r.files[0].reason).toBeUndefined();
  });
});

describe('implausible times', () => {
  it('keeps out rows dated 1970 or 2200, naming file and line, and counts them as rejected', async () => {
    const lines = logLines(T0, 5).split('\n');
    lines.splice(2, 0, '1970-01-01T00:00:01Z INFO clock not set');
    lines.splice(4, 0, '2200-01-01T00:00:00Z INFO from the future');
    const p = write('app.log', lines.join('\n'));
    const r = await importPaths(store, [p]);
    expect(r.files[0]).toMatchObject({ status: 'imported', logs: 5, rejected: 2 });
    expect(r.files[0].badLines).toEqual([
      expect.stringMatching(/app\.log:3: time 1970-01-01T00:00:01\.000Z outside the plausible window 2000-01-01 \.\. \d{4}-\d\d-\d\d$/),
      expect.stringMatching(/app\.log:5: time 2200-01-01T00:00:00\.000Z outside the plausible window/),
    ]);
    expect(r.files[0].reason).toMatch(/2 row\(s\) with implausible times kept out .*--keep-implausible-times/);
    expect(store.timeRange()).toEqual({ first: T0, last: T0 + 4 * 60_000 });
  });

  it('imports them all with keepImplausibleTimes (--keep-implausible-times)', async () => {
    const p = write('app.log', `1970-01-01T00:00:01Z INFO clock not set\n${logLines(T0, 5)}`);
    const r = await importPaths(store, [p], { keepImplausibleTimes: true });
    expect(r.files[0]).toMatchObject({ logs: 6, rejected: 0 });
  });

  it('keeps out a deploy row dated ten years before the rest of the workspace, by file and line', async () => {
    const logs = write('app.log', logLines(T0, 14 * 24 * 6));
    const deploys = write(
      'deploys.csv',
      'time,service,kind,description\n2014-01-10T00:00:00Z,api,deploy,v0.1\n2024-01-15T06:00:00Z,api,deploy,v2.0\n',
    );
    const r = await importPaths(store, [logs, deploys]);
    expect(r.files[1]).toMatchObject({ status: 'imported', events: 1, rejected: 1 });
    expect(r.files[1].badLines).toEqual([expect.stringMatching(/deploys\.csv:2: time 2014-01-10T00:00:00\.000Z far from the rest of the data \(2024-01-15/)]);
    expect(store.events(-Infinity, Infinity).map((e) => e.title)).toEqual(['v2.0']);
  });

  it('takes a far export when it is a bulk of its own (more rows than the data it is compared with)', async () => {
    const a = write('a.log', logLines(T0, 20));
    const b = write('b.log', logLines(Date.UTC(2014, 0, 1), 40));
    const r = await importPaths(store, [a, b]);
    expect(r.files[1]).toMatchObject({ logs: 40, rejected: 0 });
  });

  it('reads millisecond epochs in a query_range export by their magnitude, not as seconds (no year 58135)', async () => {
    const p = write('ms.json', promExport([[T0, 1], [T0 + 60_000, 2]]));
    const r = await importPaths(store, [p]);
    expect(r.files[0]).toMatchObject({ samples: 2, rejected: 0 });
    expect([...store.readSamples(store.listSeries('up')[0].id).ts]).toEqual([T0, T0 + 60_000]);
  });
});
