import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { request } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startServer, type RunningServer } from '../../../core/cli/http';
import { makeNodeWorker } from '../../../core/jobs/node-worker';
import { Service } from '../../../core/service/service';

let dir: string;
let service: Service;
let server: RunningServer;
let origin: string;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'hindsight-http-'));
  mkdirSync(join(dir, 'static'));
  writeFileSync(join(dir, 'static', 'index.html'), '<!doctype html><title>Hindsight</title>');
  service = new Service({ makeWorker: makeNodeWorker, dataDir: join(dir, 'data'), shell: 'browser', poolSize: 1 });
  service.openWorkspace(join(dir, 'w'), true);
  server = await startServer({ service, staticDir: join(dir, 'static'), uploadDir: join(dir, 'uploads') });
  origin = `http://127.0.0.1:${server.port}`;
});

afterAll(async () => {
  await server.close();
  await service.close();
  rmSync(dir, { recursive: true, force: true });
});

const call = (method: string, body: unknown, headers: Record<string, string> = { 'x-hindsight-token': server.token }) =>
  fetch(`${origin}/api/${method}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...headers },
    body: JSON.stringify(body),
  });

describe('browser mode over HTTP', () => {
  it('prints a loopback URL that carries the token', () => {
    expect(server.url).toMatch(new RegExp(`^http://127\\.0\\.0\\.1:${server.port}/\\?token=${server.token}$`));
  });

  it('answers a call that carries the token', async () => {
    const res = await call('app/info', {});
    expect(res.status).toBe(200);
    expect(await res.json()).toMatchObject({ ok: true, result: { shell: 'browser' } });
  });

  it('refuses calls without the token, or with a wrong one', async () => {
    expect((await call('app/info', {}, {})).status).toBe(401);
    expect((await call('app/info', {}, { 'x-hindsight-token': 'guess' })).status).toBe(401);
    expect((await fetch(`${origin}/index.html`)).status).toBe(401);
  });

  it('refuses a request whose Host is not loopback (DNS rebinding)', async () => {
    const status = await new Promise<number>((ok, fail) => {
      const req = request(
        { host: '127.0.0.1', port: server.port, path: '/api/app/info', method: 'POST', headers: { host: 'evil.example:80', 'x-hindsight-token': server.token, 'content-type': 'application/json' } },
        (res) => ok(res.statusCode ?? 0),
      );
      req.on('error', fail);
      req.end('{}');
    });
    expect(status).toBe(403);
  });

  it('turns bad params into a 400 that names the field', async () => {
    const res = await call('series/range', { ids: [1], width: 1 });
    expect(res.status).toBe(400);
    expect(await res.json()).toMatchObject({ ok: false, error: { code: 'bad-params', field: 'width' } });
  });

  it('trades the token in the URL for an HttpOnly cookie and serves the app with a strict CSP', async () => {
    const first = await fetch(server.url, { redirect: 'manual' });
    expect(first.status).toBe(302);
    const cookie = first.headers.get('set-cookie') ?? '';
    expect(cookie).toMatch(/HttpOnly/);
    expect(cookie).toMatch(/SameSite=Strict/);
    const page = await fetch(`${origin}/`, { headers: { cookie: cookie.split(';')[0] } });
    expect(page.status).toBe(200);
    expect(page.headers.get('content-security-policy')).toMatch(/script-src 'self'/);
    expect(await page.text()).toContain('<title>Hindsight</title>');
  });

  it('receives a dropped file into its batch folder, and refuses paths that leave it', async () => {
    const up = (path: string, body: string, headers: Record<string, string> = { 'x-hindsight-token': server.token }) =>
      fetch(`${origin}/upload/${path}`, { method: 'POST', headers, body });
    const ok = await up('batch-1234/logs/app.log', 'line one\n');
    expect(ok.status).toBe(200);
    const { result } = (await ok.json()) as { result: { dir: string } };
    expect(result.dir).toBe(join(dir, 'uploads', 'batch-1234'));
    expect(readFileSync(join(result.dir, 'logs', 'app.log'), 'utf8')).toBe('line one\n');
    // (a client normalises a literal '..' away; the encoded form reaches the server and is refused)
    expect((await up('batch-1234/../../evil.txt', 'x')).status).not.toBe(200);
    expect((await up('batch-1234/a/%2e%2e/%2e%2e/evil.txt', 'x')).status).toBe(400);
    expect((await up('BAD/x.log', 'x')).status).toBe(400);
    expect((await up('batch-1234/x.log', 'x', {})).status).toBe(401);
    expect(existsSync(join(dir, 'evil.txt'))).toBe(false);
    expect(existsSync(join(dir, 'uploads', 'evil.txt'))).toBe(false);
  });

  it('streams job events as server-sent events', async () => {
    const controller = new AbortController();
    const res = await fetch(`${origin}/api/events`, { headers: { 'x-hindsight-token': server.token }, signal: controller.signal });
    expect(res.headers.get('content-type')).toBe('text/event-stream');
    const reader = (res.body as ReadableStream<Uint8Array>).getReader();
    const started = await (await call('import/start', { paths: [join(dir, 'does-not-exist')] })).json();
    expect(started).toMatchObject({ ok: true });
    let text = '';
    while (!/event: job\/(done|failed)/.test(text)) {
      const { value, done } = await reader.read();
      if (done) break;
      text += new TextDecoder().decode(value);
    }
    controller.abort();
    expect(text).toMatch(/event: job\/(done|failed)\ndata: \{.*"jobId":"job-/);
  });
});

describe('cancel over HTTP', () => {
  it('aborts the call in the service when the browser aborts its fetch', async () => {
    let reached: () => void = () => undefined;
    let aborted: () => void = () => undefined;
    const callReached = new Promise<void>((ok) => (reached = ok));
    const serverAborted = new Promise<void>((ok) => (aborted = ok));
    // A service whose one call never ends by itself: only the caller's signal can stop it.
    const slow = {
      listen: () => () => undefined,
      invoke: (_method: string, _params: unknown, call: { signal?: AbortSignal } = {}) =>
        new Promise((_, fail) => {
          reached();
          call.signal?.addEventListener('abort', () => {
            aborted();
            fail(new Error('cancelled'));
          });
        }),
    } as unknown as Service;
    const slowServer = await startServer({ service: slow, staticDir: join(dir, 'static'), uploadDir: join(dir, 'uploads') });
    try {
      const controller = new AbortController();
      const fetching = fetch(`http://127.0.0.1:${slowServer.port}/api/series/band`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'x-hindsight-token': slowServer.token },
        body: JSON.stringify({ id: 1, width: 100 }),
        signal: controller.signal,
      });
      await callReached;
      controller.abort();
      await expect(fetching).rejects.toThrow();
      await serverAborted;
    } finally {
      await slowServer.close();
    }
  });
});
