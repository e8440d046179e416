/**
 * Browser mode's transport: the renderer build over HTTP, the contract as `POST /api/<method>`
 * and push events as server-sent events on `GET /api/events`. Loopback names only (DNS rebinding).
 *
 * The access token is never ambient: the printed URL carries it in the fragment (`#token=…`, which
 * a browser never sends), the page keeps it in memory and sessionStorage (renderer/src/token.ts) and
 * sends it as the `x-hindsight-token` header on every API call, upload and the event stream. No
 * cookie exists, so a page served by another process on another port of 127.0.0.1 has nothing to
 * send; a cross-origin page cannot set the header without a CORS preflight, which is never granted.
 * State-changing requests (POST) are also refused when the browser marks them as not same-origin
 * (`Origin`, `Sec-Fetch-Site`), so even a `no-cors` POST does nothing. The app's static files are
 * served without the token: they hold no data.
 */
import { randomBytes, timingSafeEqual } from 'node:crypto';
import { createReadStream, createWriteStream, existsSync, statSync } from 'node:fs';
import { mkdir, readdir, rename, rm, rmdir, stat } from 'node:fs/promises';
import { pipeline } from 'node:stream/promises';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { dirname, extname, join, normalize, resolve, sep } from 'node:path';
import { CSP } from '../api/csp';
import { errorEnvelope, okEnvelope, type Envelope } from '../api/envelope';
import { ApiError } from '../api/errors';
import type { Service } from '../service/service';

export interface ServerOptions {
  service: Service;
  /** Where browser-mode drops land before they are imported (one folder per batch). */
  uploadDir: string;
  /** The built renderer (out/renderer). */
  staticDir: string;
  port?: number;
  token?: string;
  /** Largest file one upload may carry (default DEFAULT_MAX_UPLOAD_BYTES); over it → 413. */
  maxUploadBytes?: number;
  /** Where shared workspaces are written (core/service/share.ts); `GET /download/<name>` serves them. */
  shareDir?: string;
}

/** Default cap on one uploaded file: 2 GiB. */
export const DEFAULT_MAX_UPLOAD_BYTES = 2048 * 1024 * 1024;

export interface RunningServer {
  url: string;
  port: number;
  token: string;
  close(): Promise<void>;
}


const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.woff2': 'font/woff2',
};

const MAX_BODY = 1024 * 1024;

function sameToken(a: string | undefined, b: string): boolean {
  if (!a) return false;
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
}

function send(res: ServerResponse, status: number, body: Envelope, headers: Record<string, string> = {}): void {
  const text = JSON.stringify(body);
  res.writeHead(status, { 'content-type': 'application/json', 'cache-control': 'no-store', ...headers });
  res.end(text);
}

/** A request body over its limit: answered 413 with a sentence. */
class TooLarge extends Error {}

/** Sends an error envelope; 413 for TooLarge, the ApiError's own status otherwise (see publicError). */
function sendError(res: ServerResponse, err: unknown, what: string): void {
  if (err instanceof TooLarge) send(res, 413, { ok: false, error: { code: 'bad-params', message: err.message } });
  else {
    const e = publicError(err, what);
    send(res, e.status, errorEnvelope(e));
  }
}

/**
 * What a client may see of an error. An ApiError under 500 (bad params, not found, no workspace) is
 * shown as it is. A failure is shown when it was raised on purpose (an ApiError or Error of the
 * handler's own, e.g. "the workspace is in use by another process"); an unexpected one (SQLite's own
 * text, a TypeError, a RangeError…) becomes one sentence, and the details go to the server's stderr.
 * Never a stack trace.
 */
export function publicError(err: unknown, what: string): ApiError {
  const cause = err instanceof ApiError ? err.cause : err;
  if (err instanceof ApiError && (err.status < 500 || cause === undefined)) return err;
  const deliberate = cause instanceof Error && cause.constructor === Error;
  if (deliberate) return new ApiError('failed', cause.message.split('\n')[0]);
  console.error(`hindsight serve: ${what}:`, cause instanceof Error ? (cause.stack ?? cause.message) : String(cause));
  return new ApiError('failed', `${what}: an internal error stopped this request (the details are in the output of "hindsight serve")`);
}

/** A call's JSON body as text; over MAX_BODY it is read to the end (so the 413 can be sent) and dropped. */
async function readBody(req: IncomingMessage): Promise<string> {
  let size = 0;
  const parts: Buffer[] = [];
  for await (const chunk of req as AsyncIterable<Buffer>) {
    size += chunk.length;
    if (size <= MAX_BODY) parts.push(chunk);
  }
  if (size > MAX_BODY) throw new TooLarge(`the request body is over ${MAX_BODY / 1024 / 1024} MB`);
  return Buffer.concat(parts).toString('utf8');
}

/**
 * A signal that aborts when the caller goes away before its answer is sent (a fetch aborted in the
 * browser closes the connection), so the service stops the work behind the call.
 */
function callerGone(res: ServerResponse): AbortSignal {
  const controller = new AbortController();
  res.once('close', () => {
    if (!res.writableFinished) controller.abort();
  });
  return controller.signal;
}

/**
 * Whether a request may change state: refused when the browser says it comes from another origin —
 * an `Origin` other than this server's own, or `Sec-Fetch-Site` other than same-origin. A request with
 * neither header is not from a web page (a browser sends Origin with every POST); the token still applies.
 */
export function sameOrigin(req: IncomingMessage, host: string): boolean {
  const site = req.headers['sec-fetch-site'];
  if (site !== undefined && site !== 'same-origin') return false;
  const origin = req.headers.origin;
  return origin === undefined || origin === `http://${host}`;
}

/** MB, for messages. */
const mb = (bytes: number): string => `${Math.round((bytes / 1024 / 1024) * 10) / 10} MB`;

/**
 * Browser-mode drag-and-drop: a dropped file arrives as `POST /upload/<batch>/<relative path>` with its
 * bytes as the body, and is streamed to `<uploadDir>/<batch>/<relative path>`. The path must stay inside
 * the batch folder; folders are made 0700 and the file 0600. The bytes go to `<file>.partial` and are
 * renamed into place only when complete: an upload that is aborted, fails or passes `maxBytes` (→ 413)
 * leaves nothing behind, not even the folders it made. Returns the batch folder, which the UI then imports.
 */
async function receiveUpload(uploadDir: string, rest: string, req: IncomingMessage, maxBytes: number): Promise<string> {
  const slash = rest.indexOf('/');
  const batch = slash > 0 ? rest.slice(0, slash) : '';
  const rel = slash > 0 ? rest.slice(slash + 1) : '';
  if (!/^[a-z0-9-]{6,64}$/.test(batch)) throw new ApiError('bad-params', 'upload: batch id must be 6-64 characters [a-z0-9-]', 'batch');
  const parts = rel.split(/[\\/]+/).filter(Boolean);
  if (!parts.length || parts.some((p) => p === '..' || p === '.' || p.includes('\0') || /^[a-zA-Z]:$/.test(p))) {
    throw new ApiError('bad-params', `upload: unsafe file path "${rel}"`, 'path');
  }
  const dir = resolve(uploadDir, batch);
  const file = resolve(dir, ...parts);
  if (!file.startsWith(dir + sep)) throw new ApiError('bad-params', `upload: unsafe file path "${rel}"`, 'path');
  const tooLarge = new TooLarge(`upload: ${rel} is larger than this server accepts (${mb(maxBytes)}); start "hindsight serve" with --max-upload-mb to allow more, or import it by path`);
  if (Number(req.headers['content-length']) > maxBytes) {
    await drain(req); // read to the end, so the client gets the 413
    throw tooLarge;
  }
  const made = await mkdir(dirname(file), { recursive: true, mode: 0o700 });
  const partial = `${file}.partial`;
  let size = 0;
  try {
    await pipeline(
      req,
      // Past the limit the rest is read and dropped (not written), so the request ends and can be answered.
      async function* limit(source: AsyncIterable<Buffer>) {
        for await (const chunk of source) {
          size += chunk.length;
          if (size <= maxBytes) yield chunk;
        }
      },
      createWriteStream(partial, { mode: 0o600 }),
    );
    if (size > maxBytes) throw tooLarge;
    await rename(partial, file);
  } catch (err) {
    await rm(partial, { force: true });
    if (made) await removeEmptyFolders(dirname(file), dirname(made));
    throw err;
  }
  return dir;
}

/** Reads a request body to its end, keeping nothing. */
async function drain(req: IncomingMessage): Promise<void> {
  for await (const chunk of req as AsyncIterable<Buffer>) void chunk;
}

/** Removes `from` and its parents while they are empty, stopping at `stop` (kept). */
async function removeEmptyFolders(from: string, stop: string): Promise<void> {
  for (let d = from; d.startsWith(stop + sep); d = dirname(d)) {
    try {
      await rmdir(d);
    } catch {
      return; // not empty (another file of the batch), or gone
    }
  }
}

/** A `.partial` upload untouched this long belongs to no live request: its server died mid-upload. */
export const STALE_PARTIAL_MS = 10 * 60_000;

/**
 * Removes what uploads cut off by a dead server left behind: `*.partial` files under `uploadDir` not
 * written to for `STALE_PARTIAL_MS` (a live upload writes continuously, so it is never touched), then
 * the folders that held only them. Returns the files removed. A missing `uploadDir` is fine.
 */
export async function sweepStalePartials(uploadDir: string, now = Date.now()): Promise<string[]> {
  const removed: string[] = [];
  const walk = async (dir: string): Promise<void> => {
    const entries = await readdir(dir, { withFileTypes: true }).catch(() => []);
    for (const e of entries) {
      const path = join(dir, e.name);
      if (e.isDirectory()) {
        await walk(path);
        await rmdir(path).catch(() => undefined); // only when empty
      } else if (e.isFile() && e.name.endsWith('.partial')) {
        const { mtimeMs } = await stat(path);
        if (now - mtimeMs >= STALE_PARTIAL_MS) {
          await rm(path, { force: true });
          removed.push(path);
        }
      }
    }
  };
  await walk(resolve(uploadDir));
  return removed;
}

/** A shared workspace's name as the share folder holds it: one file name, no folder. */
const SHARED_NAME = /^[\w][\w.-]*\.hindsight$/;

/**
 * Sends a shared workspace from the share folder as an attachment (the page asked for it with its token and
 * saves it); anything but a plain file of that folder, named as one, is 404.
 */
function sendDownload(res: ServerResponse, shareDir: string | undefined, name: string, headOnly: boolean): void {
  const file = shareDir && SHARED_NAME.test(name) ? join(resolve(shareDir), name) : null;
  if (!file || dirname(file) !== resolve(shareDir as string) || !existsSync(file) || !statSync(file).isFile()) {
    send(res, 404, { ok: false, error: { code: 'not-found', message: `no shared workspace "${name}"` } });
    return;
  }
  res.writeHead(200, {
    'content-type': 'application/vnd.sqlite3',
    'content-length': String(statSync(file).size),
    'content-disposition': `attachment; filename="${name}"`,
    'x-content-type-options': 'nosniff',
    'cache-control': 'no-store',
  });
  if (headOnly) res.end();
  else createReadStream(file).pipe(res);
}

export async function startServer(opts: ServerOptions): Promise<RunningServer> {
  const token = opts.token ?? randomBytes(24).toString('base64url');
  const root = resolve(opts.staticDir);
  if (!existsSync(join(root, 'index.html'))) {
    throw new Error(`the renderer is not built (${join(root, 'index.html')} is missing): run "npm run build" first`);
  }
  await sweepStalePartials(opts.uploadDir);
  let port = 0;
  const maxUploadBytes = opts.maxUploadBytes ?? DEFAULT_MAX_UPLOAD_BYTES;
  const sse = new Set<ServerResponse>();
  const unlisten = opts.service.listen((event, data) => {
    const frame = `event: ${event}\ndata: ${JSON.stringify(data)}\n\n`;
    for (const res of sse) res.write(frame);
  });

  const authorised = (req: IncomingMessage): boolean => sameToken(req.headers['x-hindsight-token'] as string | undefined, token);
  /** Answers 401/403 and returns false unless the request carries the token (and, for POST, is same-origin). */
  const admit = (req: IncomingMessage, res: ServerResponse, host: string): boolean => {
    if (!authorised(req)) {
      send(res, 401, { ok: false, error: { code: 'unauthorized', message: 'missing or wrong access token' } });
      return false;
    }
    if (req.method === 'POST' && !sameOrigin(req, host)) {
      send(res, 403, { ok: false, error: { code: 'unauthorized', message: 'cross-origin requests are refused' } });
      return false;
    }
    return true;
  };

  const server = createServer((req, res) => {
    void handle(req, res).catch((err: unknown) => {
      if (!res.headersSent) sendError(res, err, req.url ?? 'request');
      else res.end();
    });
  });

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    // Only loopback names: a page on another origin that rebinds DNS to 127.0.0.1 is refused.
    const host = (req.headers.host ?? '').toLowerCase();
    if (host !== `127.0.0.1:${port}` && host !== `localhost:${port}` && host !== `[::1]:${port}`) {
      send(res, 403, { ok: false, error: { code: 'unauthorized', message: 'unexpected Host header' } });
      return;
    }
    const url = new URL(req.url ?? '/', `http://${host}`);

    if (url.pathname.startsWith('/upload/')) {
      if (!admit(req, res, host)) return;
      if (req.method !== 'POST') {
        send(res, 405, { ok: false, error: { code: 'bad-params', message: 'use POST' } });
        return;
      }
      try {
        const dir = await receiveUpload(opts.uploadDir, decodeURIComponent(url.pathname.slice('/upload/'.length)), req, maxUploadBytes);
        send(res, 200, { ok: true, result: { dir } });
      } catch (err) {
        if (!res.destroyed) sendError(res, err, 'upload');
      }
      return;
    }

    if (url.pathname.startsWith('/download/')) {
      if (!admit(req, res, host)) return;
      sendDownload(res, opts.shareDir, decodeURIComponent(url.pathname.slice('/download/'.length)), req.method === 'HEAD');
      return;
    }

    if (url.pathname.startsWith('/api/')) {
      if (!admit(req, res, host)) return;
      if (url.pathname === '/api/events' && req.method === 'GET') {
        res.writeHead(200, { 'content-type': 'text/event-stream', 'cache-control': 'no-store', connection: 'keep-alive' });
        res.write(': connected\n\n');
        sse.add(res);
        const ping = setInterval(() => res.write(': ping\n\n'), 15_000);
        req.on('close', () => {
          clearInterval(ping);
          sse.delete(res);
        });
        return;
      }
      if (req.method !== 'POST') {
        send(res, 405, { ok: false, error: { code: 'bad-params', message: 'use POST' } });
        return;
      }
      if (!(req.headers['content-type'] ?? '').startsWith('application/json')) {
        send(res, 415, { ok: false, error: { code: 'bad-params', message: 'content-type must be application/json' } });
        return;
      }
      const method = decodeURIComponent(url.pathname.slice('/api/'.length));
      try {
        const raw = await readBody(req);
        let params: unknown = {};
        if (raw.trim()) {
          try {
            params = JSON.parse(raw);
          } catch {
            throw new ApiError('bad-params', `${method}: the request body is not valid JSON`);
          }
        }
        const result = await opts.service.invoke(method, params, { signal: callerGone(res) });
        send(res, 200, okEnvelope(result));
      } catch (err) {
        if (res.destroyed) return; // the caller went away (and the call was aborted): nobody to answer
        sendError(res, err, method);
      }
      return;
    }

    if (req.method !== 'GET' && req.method !== 'HEAD') {
      send(res, 405, { ok: false, error: { code: 'bad-params', message: 'method not allowed' } });
      return;
    }
    const rel = normalize(decodeURIComponent(url.pathname)).replace(/^([/\\])+/, '');
    let file = resolve(root, rel || 'index.html');
    if (file !== root && !file.startsWith(root + sep)) {
      res.writeHead(403);
      res.end();
      return;
    }
    if (!existsSync(file) || statSync(file).isDirectory()) file = join(root, 'index.html');
    const type = TYPES[extname(file)] ?? 'application/octet-stream';
    res.writeHead(200, {
      'content-type': type,
      'content-security-policy': CSP,
      'x-content-type-options': 'nosniff',
      'referrer-policy': 'no-referrer',
      'cache-control': type.startsWith('text/html') ? 'no-store' : 'private, max-age=3600',
    });
    if (req.method === 'HEAD') {
      res.end();
      return;
    }
    createReadStream(file).pipe(res);
  }

  await new Promise<void>((ok, fail) => {
    server.once('error', fail);
    server.listen(opts.port ?? 0, '127.0.0.1', () => ok());
  });
  port = (server.address() as AddressInfo).port;
  return {
    url: `http://127.0.0.1:${port}/#token=${token}`,
    port,
    token,
    close: async () => {
      unlisten();
      for (const res of sse) res.end();
      sse.clear();
      server.closeAllConnections();
      await new Promise<void>((ok) => server.close(() => ok()));
    },
  };
}
