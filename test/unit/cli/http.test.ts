import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, utimesSync, writeFileSync } from 'node:fs';
import { request } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { ApiError } from '../../../core/api/errors';
import { publicError, STALE_PARTIAL_MS, startServer, sweepStalePartials, type RunningServer } from '../../../core/cli/http';
import { makeNodeWorker } from '../../../core/jobs/node-worker';
import { Service } from '../../../core/service/service';

let dir: string;
let service: Service;
let server: RunningServer;
let origin: string;
/** The test server's cap on one upload. */
const MAX_UPLOAD = 64 * 1024;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'hindsight-http-'));
  mkdirSync(join(dir, 'static'));
  writeFileSync(join(dir, 'static', 'index.html'), '<!doctype html><title>Hindsight</title>');
  service = new Service({ makeWorker: makeNodeWorker, dataDir: join(dir, 'data'), shell: 'browser', poolSize: 1 });
  service.openWorkspace(join(dir, 'w'), true);
  server = await startServer({ service, staticDir: join(dir, 'static'), uploadDir: join(dir, 'uploads'), maxUploadBytes: MAX_UPLOAD });
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
  it('prints a loopback URL that carries the token in its fragment (never sent to a server)', () => {
    expect(server.url).toBe(`http://127.0.0.1:${server.port}/#token=${server.token}`);
  });

  it('answers a call that carries the token', async () => {
    const res = await call('app/info', {});
    expect(res.status).toBe(200);
    expect(await res.json()).toMatchObject({ ok: true, result: { shell: 'browser' } });
  });

  it('refuses calls without the token, or with a wrong one', async () => {
    expect((await call('app/info', {}, {})).status).toBe(401);
    expect((await call('app/info', {}, { 'x-hindsight-token': 'guess' })).status).toBe(401);
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

  it('answers a call body over 1 MB with 413 and a sentence', async () => {
    const res = await call('app/info', { padding: 'x'.repeat(1024 * 1024) });
    expect(res.status).toBe(413);
    expect(await res.json()).toMatchObject({ ok: false, error: { message: 'the request body is over 1 MB' } });
  });

  it('turns bad params into a 400 that names the field', async () => {
    const res = await call('series/range', { ids: [1], width: 1 });
    expect(res.status).toBe(400);
    expect(await res.json()).toMatchObject({ ok: false, error: { code: 'bad-params', field: 'width' } });
  });

  it('serves the app without the token (it holds no data) with a strict CSP, and sets no cookie', async () => {
    const page = await fetch(`${origin}/`);
    expect(page.status).toBe(200);
    expect(page.headers.get('set-cookie')).toBeNull();
    expect(page.headers.get('content-security-policy')).toMatch(/script-src 'self'/);
    expect(await page.text()).toContain('<title>Hindsight</title>');
    // The old cookie is no credential any more.
    expect((await call('app/info', {}, { cookie: `hindsight_token_${server.port}=${server.token}` })).status).toBe(401);
  });

  it('refuses a POST that a browser marks as cross-origin, even with the token', async () => {
    const token = { 'x-hindsight-token': server.token };
    expect((await call('app/info', {}, { ...token, origin: 'http://127.0.0.1:1' })).status).toBe(403);
    expect((await call('app/info', {}, { ...token, origin: 'null' })).status).toBe(403);
    expect((await call('app/info', {}, { ...token, 'sec-fetch-site': 'cross-site' })).status).toBe(403);
    expect((await call('app/info', {}, { ...token, 'sec-fetch-site': 'same-site' })).status).toBe(403);
    const upload = await fetch(`${origin}/upload/batch-cross/x.log`, { method: 'POST', headers: { ...token, origin: 'http://localhost:1' }, body: 'x' });
    expect(upload.status).toBe(403);
    expect(existsSync(join(dir, 'uploads', 'batch-cross'))).toBe(false);
    expect((await call('app/info', {}, { ...token, origin, 'sec-fetch-site': 'same-origin' })).status).toBe(200);
  });

  it('answers an FTS syntax error without SQLite text or a stack', async () => {
    const quiet = vi.spyOn(console, 'error').mockImplementation(() => undefined);
    try {
      const res = await call('logs/search', { query: '"', from: 0, to: 1e13 });
      const text = await res.text();
      expect(text).not.toMatch(/unterminated|fts5|sqlite|\n\s+at /i);
      expect(JSON.parse(text)).toMatchObject({ ok: false, error: { message: expect.stringMatching(/^logs\/search: /) } });
    } finally {
      quiet.mockRestore();
    }
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

  it('keeps uploads and the data folder private: folders 0700, files and workspaces 0600', async () => {
    expect((await fetch(`${origin}/upload/batch-mode/deep/app.log`, { method: 'POST', headers: { 'x-hindsight-token': server.token }, body: 'x\n' })).status).toBe(200);
    const mode = (p: string): number => statSync(p).mode & 0o777;
    expect(mode(join(dir, 'uploads'))).toBe(0o700);
    expect(mode(join(dir, 'uploads', 'batch-mode', 'deep'))).toBe(0o700);
    expect(mode(join(dir, 'uploads', 'batch-mode', 'deep', 'app.log'))).toBe(0o600);
    expect(mode(join(dir, 'data'))).toBe(0o700);
    expect(mode(join(dir, 'w.hindsight'))).toBe(0o600);
  });

  it('refuses an upload over the size limit with 413 and a sentence, and keeps nothing of it', async () => {
    const big = 'x'.repeat(MAX_UPLOAD + 1);
    const declared = await fetch(`${origin}/upload/batch-big1/big.log`, { method: 'POST', headers: { 'x-hindsight-token': server.token }, body: big });
    expect(declared.status).toBe(413);
    expect(((await declared.json()) as { error: { message: string } }).error.message).toMatch(/big\.log is larger than this server accepts \(0\.1 MB\).*--max-upload-mb/);
    // Without a Content-Length (a streamed body) the limit is counted as the bytes arrive.
    const streamed = await fetch(`${origin}/upload/batch-big2/big.log`, {
      method: 'POST',
      headers: { 'x-hindsight-token': server.token },
      body: new Blob([big]).stream(),
      duplex: 'half',
    } as RequestInit);
    expect(streamed.status).toBe(413);
    expect(existsSync(join(dir, 'uploads', 'batch-big1'))).toBe(false);
    expect(existsSync(join(dir, 'uploads', 'batch-big2'))).toBe(false);
  });

  it('removes the partial file of an aborted upload (and the folders it made)', async () => {
    const req = request({
      host: '127.0.0.1',
      port: server.port,
      path: '/upload/batch-abort/logs/half.log',
      method: 'POST',
      headers: { 'x-hindsight-token': server.token, 'content-length': '50000' },
    });
    req.on('error', () => undefined);
    req.write('y'.repeat(20_000));
    const batch = join(dir, 'uploads', 'batch-abort');
    // The bytes so far are on disk, under a .partial name only.
    await expect.poll(() => existsSync(batch) && readdirSync(join(batch, 'logs'))).toEqual(['half.log.partial']);
    req.destroy();
    await expect.poll(() => existsSync(batch), { timeout: 5000 }).toBe(false);
  });

  it('clears at start-up the partial files a dead server left, but not one still being written', async () => {
    const uploads = join(dir, 'sweep-uploads');
    mkdirSync(join(uploads, 'batch-dead1', 'logs'), { recursive: true });
    mkdirSync(join(uploads, 'batch-live1'), { recursive: true });
    const dead = join(uploads, 'batch-dead1', 'logs', 'app.log.partial');
    const live = join(uploads, 'batch-live1', 'app.log.partial');
    const done = join(uploads, 'batch-live1', 'done.log');
    for (const f of [dead, live, done]) writeFileSync(f, 'x');
    const old = (Date.now() - STALE_PARTIAL_MS - 60_000) / 1000;
    utimesSync(dead, old, old);
    utimesSync(done, old, old);
    const other = await startServer({ service, staticDir: join(dir, 'static'), uploadDir: uploads });
    await other.close();
    expect(existsSync(dead)).toBe(false);
    expect(existsSync(join(uploads, 'batch-dead1'))).toBe(false);
    expect(existsSync(live)).toBe(true);
    expect(existsSync(done)).toBe(true);
    expect(await sweepStalePartials(join(dir, 'no-such-folder'))).toEqual([]);
  });

  it('shows what a client may see of an error: its own sentences, never SQLite text or a stack', () => {
    const quiet = vi.spyOn(console, 'error').mockImplementation(() => undefined);
    try {
      expect(publicError(new ApiError('bad-params', 'logs/search: query: unbalanced quote', 'query'), 'logs/search').toJSON()).toEqual({
        code: 'bad-params',
        message: 'logs/search: query: unbalanced quote',
        field: 'query',
      });
      const sqlite = Object.assign(new Error('fts5: syntax error near "("'), { name: 'SqliteError', code: 'SQLITE_ERROR' });
      Object.setPrototypeOf(sqlite, class SqliteError extends Error {}.prototype);
      const wrapped = Object.assign(new ApiError('failed', sqlite.message), { cause: sqlite });
      const shown = publicError(wrapped, 'logs/search');
      expect(shown.status).toBe(500);
      expect(shown.message).toBe('logs/search: an internal error stopped this request (the details are in the output of "hindsight serve")');
      expect(publicError(new TypeError("Cannot read properties of undefined (reading 'x')"), 'series/list').message).not.toMatch(/undefined/);
      const own = Object.assign(new ApiError('failed', 'the workspace is in use by another process\n    at open (db.ts:1)'), { cause: new Error('the workspace is in use by another process\n    at open (db.ts:1)') });
      expect(publicError(own, 'workspace/open').message).toBe('the workspace is in use by another process');
    } finally {
      quiet.mockRestore();
    }
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
