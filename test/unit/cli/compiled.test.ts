/**
 * The compiled CLI: bin/hindsight.mjs runs out/cli/main.mjs (esbuild, scripts/build-cli.mjs), and the job
 * and ingest workers it starts are compiled files too. Runs the real binary with tsx made unresolvable
 * (test/fixtures/node/forbid-tsx.mjs), so anything that still needed tsx at run time fails here.
 */
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { isStale } from '../../../scripts/stale.mjs';

const ROOT = resolve(__dirname, '../../..');
const FIX = join(ROOT, 'test/fixtures/cli');
const FORBID_TSX = join(ROOT, 'test/fixtures/node/forbid-tsx.mjs');
let dir: string;

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'hindsight-compiled-'));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** `node bin/hindsight.mjs ...args` with tsx forbidden; returns exit code, stdout, stderr. */
function hindsight(args: string[], forbidTsx = true): { code: number | null; out: string; err: string } {
  const r = spawnSync(process.execPath, [...(forbidTsx ? ['--import', FORBID_TSX] : []), join(ROOT, 'bin/hindsight.mjs'), ...args], {
    env: { ...process.env, HINDSIGHT_HOME: join(dir, 'home') },
    encoding: 'utf8',
    timeout: 120_000,
  });
  return { code: r.status, out: r.stdout, err: r.stderr };
}

describe('the compiled CLI', () => {
  it('the forbid-tsx hook does stop a run that imports tsx', () => {
    const r = spawnSync(process.execPath, ['--import', FORBID_TSX, '--input-type=module', '-e', "await import('tsx/esm/api')"], { encoding: 'utf8' });
    expect(r.status).not.toBe(0);
    expect(r.stderr).toMatch(/tsx was imported at run time/);
  });

  it('runs --help without tsx', () => {
    const r = hindsight(['--help']);
    expect(r.err).toBe('');
    expect(r.code).toBe(0);
    expect(r.out).toMatch(/^Usage: hindsight/);
  }, 120_000);

  it('imports through its compiled job worker and ingest worker, then summarises, without tsx', () => {
    const ws = join(dir, 'w.hindsight');
    const imported = hindsight(['import', ws, join(FIX, 'spike.csv'), join(FIX, 'app.log')]);
    expect(imported.err).not.toMatch(/tsx|Error/);
    expect(imported.code).toBe(0);
    expect(imported.out).toMatch(/imported\s+.*spike\.csv/);
    expect(imported.out).toMatch(/imported\s+.*app\.log.*17 log events/);
    const summary = hindsight(['summary', ws]);
    expect(summary.code).toBe(0);
    expect(summary.out).toMatch(/17 log events/);
  }, 120_000);

  it('stops quietly when the reader of its output goes away (summary | head -1), three times out of three', () => {
    // 2,500 services: a summary of ~180 kB, far more than a pipe holds, so head exits while it is still writing.
    const prom = join(dir, 'services.prom');
    const services = Array.from({ length: 2500 }, (_, i) => `requests_total{service="service-${String(i).padStart(4, '0')}-with-a-long-name"} ${i} 1709251200000`);
    writeFileSync(prom, `# TYPE requests_total counter\n${services.join('\n')}\n`);
    const ws = join(dir, 'services.hindsight');
    expect(hindsight(['import', ws, prom]).code).toBe(0);
    for (let i = 0; i < 3; i++) {
      const r = spawnSync('bash', ['-c', `"${process.execPath}" "${join(ROOT, 'bin/hindsight.mjs')}" summary "${ws}" | head -1; echo "exit \${PIPESTATUS[0]}" >&2`], {
        env: { ...process.env, HINDSIGHT_HOME: join(dir, 'home') },
        encoding: 'utf8',
      });
      expect(r.stdout).toBe(`${ws}\n`);
      expect(r.stderr).toBe('exit 0\n');
    }
  }, 120_000);
});

describe('isStale (the build-on-demand check of npm start, bin/hindsight.mjs and serve)', () => {
  it('is stale when the output is missing, or older than any source file in any folder given', () => {
    const src = join(dir, 'src');
    mkdirSync(join(src, 'deep'), { recursive: true });
    const output = join(dir, 'built.js');
    const source = join(src, 'deep', 'a.ts');
    writeFileSync(source, 'a');
    expect(isStale(output, [src])).toBe(true);
    writeFileSync(output, 'built');
    utimesSync(source, new Date(1_000_000), new Date(1_000_000));
    utimesSync(output, new Date(2_000_000), new Date(2_000_000));
    expect(isStale(output, [src, join(dir, 'missing-folder')])).toBe(false);
    utimesSync(source, new Date(3_000_000), new Date(3_000_000));
    expect(isStale(output, [src])).toBe(true);
  });
});
