/**
 * Nothing changed without a word: damaged archives fail, header-only files are skipped as having no rows,
 * grown logs import only their new lines, overlapping metric exports are merged per series and timestamp,
 * and implausible times are kept out (or kept on request), each named in the import summary.
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { pack } from 'tar-stream';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { importPaths } from '../../../core/ingest/import';
import { WorkspaceStore } from '../../../core/store/workspace';

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
  p.on('data', (c: Buffer) => parts.push(c));
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
