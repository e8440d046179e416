/**
 * Browser mode's transport: the renderer build over HTTP, the contract as `POST /api/<method>`
 * and push events as server-sent events on `GET /api/events`. Loopback only, and every request
 * must carry the per-run token (a header, or the HttpOnly cookie set when the printed URL is
 * opened), so other local users and other web pages cannot call it.
 */
import { randomBytes, timingSafeEqual } from 'node:crypto';
import { createReadStream, createWriteStream, existsSync, statSync } from 'node:fs';
import { mkdir } from 'node:fs/promises';
import { pipeline } from 'node:stream/promises';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { dirname, extname, join, normalize, resolve, sep } from 'node:path';
import { CSP } from '../api/csp';
import { errorEnvelope, okEnvelope, toApiError, type Envelope } from '../api/envelope';
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
}

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

function cookie(req: IncomingMessage, name: string): string | undefined {
  for (const part of (req.headers.cookie ?? '').split(';')) {
    const [k, ...v] = part.trim().split('=');
    if (k === name) return v.join('=');
  }
  return undefined;
}

function send(res: ServerResponse, status: number, body: Envelope, headers: Record<string, string> = {}): void {
  const text = JSON.stringify(body);
  res.writeHead(status, { 'content-type': 'application/json', 'cache-control': 'no-store', ...headers });
  res.end(text);
}

async function readBody(req: IncomingMessage): Promise<string> {
  let size = 0;
  const parts: Buffer[] = [];
  for await (const chunk of req as AsyncIterable<Buffer>) {
    size += chunk.length;
    if (size > MAX_BODY) throw new ApiError('bad-params', `request body over ${MAX_BODY} bytes`);
    parts.push(chunk);
  }
  return Buffer.concat(parts).toString('utf8');
}

/**
 * Browser-mode drag-and-drop: a dropped file arrives as `POST /upload/<batch>/<relative path>` with its
 * bytes as the body, and is streamed to `<uploadDir>/<batch>/<relative path>`. The path must stay inside
 * the batch folder. Returns the batch folder, which the UI then imports.
 */
async function receiveUpload(uploadDir: string, rest: string, req: IncomingMessage): Promise<string> {
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
  await mkdir(dirname(file), { recursive: true });
  await pipeline(req, createWriteStream(file));
  return dir;
}

export async function startServer(opts: ServerOptions): Promise<RunningServer> {
  const token = opts.token ?? randomBytes(24).toString('base64url');
  const root = resolve(opts.staticDir);
  if (!existsSync(join(root, 'index.html'))) {
    throw new Error(`the renderer is not built (${join(root, 'index.html')} is missing): run "npm run build" first`);
  }
  let port = 0;
  const cookieName = (): string => `hindsight_token_${port}`;
  const sse = new Set<ServerResponse>();
  const unlisten = opts.service.listen((event, data) => {
    const frame = `event: ${event}\ndata: ${JSON.stringify(data)}\n\n`;
    for (const res of sse) res.write(frame);
  });

  const authorised = (req: IncomingMessage): boolean =>
    sameToken(req.headers['x-hindsight-token'] as string | undefined, token) || sameToken(cookie(req, cookieName()), token);

  const server = createServer((req, res) => {
    void handle(req, res).catch((err: unknown) => {
      if (!res.headersSent) send(res, 500, { ok: false, error: { code: 'failed', message: String(err) } });
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
      if (!authorised(req)) {
        send(res, 401, { ok: false, error: { code: 'unauthorized', message: 'missing or wrong access token' } });
        return;
      }
      if (req.method !== 'POST') {
        send(res, 405, { ok: false, error: { code: 'bad-params', message: 'use POST' } });
        return;
      }
      try {
        const dir = await receiveUpload(opts.uploadDir, decodeURIComponent(url.pathname.slice('/upload/'.length)), req);
        send(res, 200, { ok: true, result: { dir } });
      } catch (err) {
        const e = err instanceof ApiError ? err : new ApiError('failed', err instanceof Error ? err.message : String(err));
        send(res, e.status, { ok: false, error: e.toJSON() });
      }
      return;
    }

    if (url.pathname.startsWith('/api/')) {
      if (!authorised(req)) {
        send(res, 401, { ok: false, error: { code: 'unauthorized', message: 'missing or wrong access token' } });
        return;
      }
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
        const result = await opts.service.invoke(method, params);
        send(res, 200, okEnvelope(result));
      } catch (err) {
        send(res, toApiError(err).status, errorEnvelope(err));
      }
      return;
    }

    if (req.method !== 'GET' && req.method !== 'HEAD') {
      send(res, 405, { ok: false, error: { code: 'bad-params', message: 'method not allowed' } });
      return;
    }
    // Opening the printed URL trades the token in the query for an HttpOnly cookie, then drops it from the address bar.
    const given = url.searchParams.get('token');
    if (given !== null) {
      if (!sameToken(given, token)) {
        res.writeHead(401, { 'content-type': 'text/plain; charset=utf-8' });
        res.end('Wrong access token. Open the URL that "hindsight serve" printed.');
        return;
      }
      url.searchParams.delete('token');
      res.writeHead(302, {
        location: url.pathname + (url.search || ''),
        'set-cookie': `${cookieName()}=${token}; HttpOnly; SameSite=Strict; Path=/`,
        'cache-control': 'no-store',
      });
      res.end();
      return;
    }
    if (!authorised(req)) {
      res.writeHead(401, { 'content-type': 'text/plain; charset=utf-8' });
      res.end('Hindsight: open the URL that "hindsight serve" printed (it carries the access token).');
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
    url: `http://127.0.0.1:${port}/?token=${token}`,
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
