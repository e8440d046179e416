/**
 * `hindsight rca --metrics FILE... --at TIME`: services ranked from wide CSVs alone (RCAEval's layout: a time
 * column, one `<service>_<metric>` column each), each by its most changed metric against its own baseline.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { main } from '../../../core/cli/main';

let dir: string;
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'hindsight-rca-'));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** Runs `hindsight ...args` in this process; returns the exit code and stdout. */
async function run(...args: string[]): Promise<{ code: number; out: string; err: string }> {
  let out = '';
  let err = '';
  const o = vi.spyOn(process.stdout, 'write').mockImplementation(((c: string) => ((out += c), true)) as typeof process.stdout.write);
  const e = vi.spyOn(console, 'error').mockImplementation((...a: unknown[]) => void (err += `${a.join(' ')}\n`));
  try {
    return { code: await main(['node', 'hindsight', ...args]), out, err };
  } finally {
    o.mockRestore();
    e.mockRestore();
  }
}

/**
 * Two hours of one-minute rows from 10:00; at 11:00 the cart service's CPU triples (the cause), its
 * caller frontend's latency doubles a minute later, and the healthy currency service only wiggles.
 */
function wideCsv(): string {
  const rows = ['time,frontend_latency-50,frontend_cpu,cartservice_cpu,cartservice_mem,currencyservice_cpu'];
  const start = Date.parse('2026-03-13T10:00:00Z');
  for (let i = 0; i < 120; i++) {
    const wiggle = 1 + 0.02 * Math.sin(i * 1.3);
    const frontend = 0.2 * wiggle * (i >= 61 ? 2 : 1);
    const cart = 0.3 * wiggle * (i >= 60 ? 3 : 1);
    rows.push([new Date(start + i * 60_000).toISOString(), frontend, 0.4 * wiggle, cart, 500 * wiggle, 0.1 * wiggle].join(','));
  }
  return `${rows.join('\n')}\n`;
}

describe('hindsight rca --metrics', () => {
  it('ranks the service whose metric changed most against its own baseline first, with the metric named', async () => {
    const file = join(dir, 'wide.csv');
    writeFileSync(file, wideCsv());
    const r = await run('rca', '--metrics', file, '--at', '2026-03-13T11:00:00Z', '--json');
    expect(r.code).toBe(0);
    const out = JSON.parse(r.out) as { root_causes: { service: string; metrics: { metric: string }[] }[] };
    expect(out.root_causes.map((c) => c.service)).toEqual(['cartservice', 'frontend', 'currencyservice']);
    expect(out.root_causes[0].metrics[0].metric).toBe('cpu');
    expect(out.root_causes[1].metrics[0].metric).toBe('latency-50');
  });

  it('refuses a time it cannot read, and a workspace with --metrics', async () => {
    expect((await run('rca', '--metrics', join(dir, 'wide.csv'), '--at', 'yesterday')).err).toMatch(/--at: cannot read "yesterday"/);
    expect((await run('rca', 'w.hindsight', '--metrics', join(dir, 'wide.csv'), '--at', '2026-03-13T11:00:00Z')).err).toMatch(/either a WORKSPACE or --metrics/);
  });
});
