/** `hindsight advice WORKSPACE`: recommendations by stage as text or JSON, and the plan written with --plan. */
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import type { AdviceList } from '../../../core/api/contract';
import { main } from '../../../core/cli/main';
import { badDeployWorkspace } from '../service/advice-workspace';

let dir: string;
let workspace: string;
let incidentId: string;
const home = process.env.HINDSIGHT_HOME;

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'hindsight-advice-cli-'));
  workspace = join(dir, 'ws.hindsight');
  const { store, incident } = badDeployWorkspace(workspace);
  incidentId = incident.id;
  store.close();
  process.env.HINDSIGHT_HOME = join(dir, 'home');
});
afterAll(() => {
  process.env.HINDSIGHT_HOME = home;
  rmSync(dir, { recursive: true, force: true });
});

/** Runs `hindsight ...args` in this process; returns the exit code, stdout and stderr. */
async function run(...args: string[]): Promise<{ code: number; out: string; err: string }> {
  let out = '';
  let err = '';
  const o = vi.spyOn(process.stdout, 'write').mockImplementation(((c: string) => ((out += c), true)) as typeof process.stdout.write);
  const e = vi.spyOn(process.stderr, 'write').mockImplementation(((c: string) => ((err += c), true)) as typeof process.stderr.write);
  const c = vi.spyOn(console, 'error').mockImplementation((...a: unknown[]) => void (err += `${a.join(' ')}\n`));
  try {
    return { code: await main(['node', 'hindsight', ...args]), out, err };
  } finally {
    o.mockRestore();
    e.mockRestore();
    c.mockRestore();
  }
}

describe('hindsight advice', () => {
  it('prints the rollback under its stage, with the runbook command as text', async () => {
    const { code, out } = await run('advice', workspace);
    expect(code).toBe(0);
    expect(out.split('\n')[0]).toBe('ELIGIBLE FOR AUTOMATION (1)');
    expect(out).toContain('Roll back Release 2.18.0: unit-aware stock reservations on inventory  [rollback inventory]');
    expect(out).toContain('$ kubectl rollout undo deployment/inventory');
  });

  it('prints JSON grouped by stage and writes the plan of the incident', async () => {
    const plan = join(dir, 'plan.md');
    const { code, out, err } = await run('advice', workspace, '--incident', incidentId, '--json', '--plan', plan);
    expect(code).toBe(0);
    const list = JSON.parse(out) as AdviceList;
    expect(list.groups.map((g) => g.stage)).toContain('eligible');
    expect(list.groups.flatMap((g) => g.recommendations).every((r) => r.incident === incidentId)).toBe(true);
    expect(err).toContain(`remediation plan of ${incidentId} (never executed)`);
    expect(existsSync(plan)).toBe(true);
    expect(readFileSync(plan, 'utf8')).toMatch(/^# Remediation plan: INC-20260306-1518-inventory\n/);
  });

  it('fails with a message for an unknown incident', async () => {
    const { code, err } = await run('advice', workspace, '--incident', 'INC-none');
    expect(code).toBe(1);
    expect(err).toContain('no incident INC-none');
  });
});
