/**
 * Another local server cannot use browser mode (issue 10 item 1). A person has Hindsight open in the
 * browser; a page served by some other process on another port of 127.0.0.1 is open in the same browser.
 * That page tries to read the token, call the API with the browser's credentials, and `no-cors` POST an
 * upload and an import. It gets nothing (no cookie is ever sent to it, the token is not readable from its
 * origin) and does nothing (no file written, nothing imported).
 */
import { existsSync, mkdtempSync, readdirSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchBrowser, serve, type Served } from './helpers';

/** The page's globals, as far as the attack needs them (tests are type-checked without DOM types). */
declare const document: { cookie: string; body: { appendChild(e: unknown): void }; createElement(t: string): { src: string; onload: () => void; contentWindow: { sessionStorage: { getItem(k: string): string | null } } } };
declare const sessionStorage: { getItem(k: string): string | null; length: number };
declare const localStorage: { length: number };

describe('a page from another local server, in the same browser', () => {
  let server: Served;
  let browser: Browser;
  let attacker: Server;
  let attackerOrigin: string;
  /** Every Cookie header the attacker's server received. */
  const cookiesSeen: string[] = [];
  const home = mkdtempSync(join(tmpdir(), 'hindsight-e2e-xo-'));

  beforeAll(async () => {
    server = await serve([join(home, 'victim.hindsight')], home);
    attacker = createServer((req, res) => {
      cookiesSeen.push(req.headers.cookie ?? '');
      res.writeHead(200, { 'content-type': 'text/html' });
      res.end('<!doctype html><title>some other local app</title>');
    });
    await new Promise<void>((ok) => attacker.listen(0, '127.0.0.1', ok));
    attackerOrigin = `http://127.0.0.1:${(attacker.address() as AddressInfo).port}`;
    browser = await launchBrowser();
  });

  afterAll(async () => {
    await browser?.close();
    await server?.stop();
    await new Promise((ok) => attacker?.close(ok));
  });

  it('gets nothing and can do nothing', async () => {
    const context = await browser.newContext();
    const victim = await context.newPage();
    await victim.goto(server.url);
    await expect.poll(() => victim.getByTestId('ws-name').textContent(), { timeout: 60_000 }).toBe('victim');
    // The app works, holding the token in its own tab only; the address bar no longer shows it.
    const token = new URL(server.url).hash.replace('#token=', '');
    expect(await victim.evaluate(() => sessionStorage.getItem('hindsight-token'))).toBe(token);
    expect(victim.url()).not.toContain(token);

    const page = await context.newPage();
    await page.goto(`${attackerOrigin}/`);
    const target = new URL(server.url).origin;
    const found = await page.evaluate(async (target) => {
      const tryIt = async (what: () => Promise<unknown>): Promise<string> => {
        try {
          return `answered: ${JSON.stringify(await what())}`;
        } catch (err) {
          return `refused: ${(err as Error).name}`;
        }
      };
      const json = { 'content-type': 'application/json' };
      return {
        cookie: document.cookie,
        storage: sessionStorage.length + localStorage.length,
        readApi: await tryIt(async () => (await fetch(`${target}/api/app/info`, { method: 'POST', headers: json, body: '{}', credentials: 'include' })).text()),
        readEvents: await tryIt(async () => (await fetch(`${target}/api/events`, { credentials: 'include' })).status),
        upload: await tryIt(async () => (await fetch(`${target}/upload/batch-evil1/pwned.log`, { method: 'POST', mode: 'no-cors', credentials: 'include', body: 'pwned\n' })).type),
        importFile: await tryIt(
          async () =>
            (
              await fetch(`${target}/api/import/start`, {
                method: 'POST',
                mode: 'no-cors',
                credentials: 'include',
                headers: { 'content-type': 'text/plain' },
                body: JSON.stringify({ paths: ['/etc/hostname'] }),
              })
            ).type,
        ),
        frame: await tryIt(
          () =>
            new Promise((ok, fail) => {
              const frame = document.createElement('iframe');
              frame.onload = () => {
                try {
                  ok(frame.contentWindow.sessionStorage.getItem('hindsight-token'));
                } catch (err) {
                  fail(err as Error);
                }
              };
              frame.src = `${target}/`;
              document.body.appendChild(frame);
            }),
        ),
      };
    }, target);

    expect(found.cookie).toBe('');
    expect(found.storage).toBe(0);
    expect(found.readApi).toBe('refused: TypeError'); // CORS: the answer is never readable
    expect(found.readEvents).toBe('refused: TypeError');
    expect(found.upload).toBe('answered: "opaque"'); // sent, but refused by the server (below)
    expect(found.importFile).toBe('answered: "opaque"');
    expect(found.frame).toBe('refused: SecurityError');
    // The attacker's server never saw a Hindsight credential.
    expect(cookiesSeen.length).toBeGreaterThan(0);
    expect(cookiesSeen.join(' ')).not.toContain(token);
    expect(cookiesSeen.join(' ')).not.toMatch(/hindsight/i);

    // Nothing was written or imported.
    const uploads = join(home, 'uploads');
    expect(existsSync(uploads) ? readdirSync(uploads) : []).toEqual([]);
    const summary = await fetch(`${target}/api/workspace/summary`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-hindsight-token': token },
      body: '{}',
    });
    expect(((await summary.json()) as { result: { counts: { sources: number } } }).result.counts.sources).toBe(0);
    const jobs = await fetch(`${target}/api/job/list`, { method: 'POST', headers: { 'content-type': 'application/json', 'x-hindsight-token': token }, body: '{}' });
    expect(((await jobs.json()) as { result: unknown[] }).result).toEqual([]);
    await context.close();
  });
});
