/**
 * Browser mode hands a shared workspace to the page as a download: only with the token, only files of the
 * share folder, and nothing else of the machine however the name is spelt.
 */
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ShareResult } from '../../../core/api/share';
import { startServer, type RunningServer } from '../../../core/cli/http';
import { makeNodeWorker } from '../../../core/jobs/node-worker';
import { Service } from '../../../core/service/service';
import { shareDir } from '../../../core/service/share';

let dir: string;
let service: Service;
let server: RunningServer;
let origin: string;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'hindsight-share-http-'));
  mkdirSync(join(dir, 'static'));
  writeFileSync(join(dir, 'static', 'index.html'), '<!doctype html><title>Hindsight</title>');
  writeFileSync(join(dir, 'secret.hindsight'), 'not for the page');
  service = new Service({ makeWorker: makeNodeWorker, dataDir: join(dir, 'data'), shell: 'browser', poolSize: 1 });
  service.openWorkspace(join(dir, 'w'), true);
  server = await startServer({ service, staticDir: join(dir, 'static'), uploadDir: join(dir, 'uploads'), shareDir: shareDir(join(dir, 'data')) });
  origin = `http://127.0.0.1:${server.port}`;
});
afterAll(async () => {
  await server.close();
  await service.close();
  rmSync(dir, { recursive: true, force: true });
});

const get = (path: string, token: string | null = server.token) => fetch(`${origin}${path}`, { headers: token ? { 'x-hindsight-token': token } : {} });

describe('GET /download/<name>', () => {
  it('sends a workspace the share handler wrote, as an attachment, to a caller with the token', async () => {
    const res = await fetch(`${origin}/api/share/export`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-hindsight-token': server.token },
      body: JSON.stringify({ from: 0, to: 1000, out: 'for-vendor' }),
    });
    const shared = ((await res.json()) as { result: ShareResult }).result;
    expect(shared).toMatchObject({ name: 'for-vendor.hindsight', downloadable: true });
    const got = await get('/download/for-vendor.hindsight');
    expect(got.status).toBe(200);
    expect(got.headers.get('content-disposition')).toBe('attachment; filename="for-vendor.hindsight"');
    expect(Buffer.from(await got.arrayBuffer()).equals(readFileSync(shared.path))).toBe(true);
  });

  it('refuses a caller without the token, and anything outside the share folder', async () => {
    expect((await get('/download/for-vendor.hindsight', null)).status).toBe(401);
    expect((await get('/download/..%2fsecret.hindsight')).status).toBe(404);
    expect((await get('/download/%2e%2e%2f%2e%2e%2fsecret.hindsight')).status).toBe(404);
    expect((await get('/download/missing.hindsight')).status).toBe(404);
    expect((await get('/download/for-vendor.hindsight-wal')).status).toBe(404);
  });
});
