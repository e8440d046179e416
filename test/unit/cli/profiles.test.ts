/** `hindsight profiles`: top frames of the fixtures, merging, the --diff ranking and its JSON, and refusals. */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { fmtProfileValue, fmtShare, fmtSharePoints } from '../../../core/api/profiles';
import { main } from '../../../core/cli/main';

const FIX = resolve(__dirname, '../../fixtures/profiles');
let dir: string;

/** Runs `hindsight ...args` in this process, capturing console output. */
async function run(...args: string[]): Promise<{ code: number; out: string; err: string }> {
  let out = '';
  let err = '';
  const log = vi.spyOn(console, 'log').mockImplementation((...a: unknown[]) => void (out += `${a.join(' ')}\n`));
  const error = vi.spyOn(console, 'error').mockImplementation((...a: unknown[]) => void (err += `${a.join(' ')}\n`));
  try {
    return { code: await main(['node', 'hindsight', ...args]), out, err };
  } finally {
    log.mockRestore();
    error.mockRestore();
  }
}

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'hindsight-cli-profiles-'));
  writeFileSync(join(dir, 'before.folded'), 'main;serve;parse 40\nmain;serve;hash 10\nmain;log 50\n');
  writeFileSync(join(dir, 'after.folded'), 'main;serve;parse 80\nmain;serve;hash 100\nmain;log 100\nmain;serve;hashv2 20\n');
});

afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('hindsight profiles', () => {
  it('lists the top frames by self and by total in the profile\'s unit', async () => {
    const r = await run('profiles', join(FIX, 'cpu.pb.gz'), '--top', '2');
    expect(r.code).toBe(0);
    const lines = r.out.split('\n');
    expect(lines[0]).toBe('total 1.00 s (nanoseconds), 7 call-tree nodes');
    expect(lines.slice(2, 5)).toEqual(['by self:', '   50.00 %        500 ms  main.hash (hash.go:7)', '   30.00 %        300 ms  main.parse (parse.go:5)']);
  });

  it('gives JSON and merges several files', async () => {
    const r = await run('profiles', join(FIX, 'app.folded'), join(FIX, 'app.folded'), '--top', '1', '--json');
    const j = JSON.parse(r.out) as { unit: string; total: number; by_self: { name: string; self: number; self_share: number }[] };
    expect(j.unit).toBe('samples');
    expect(j.total).toBe(216);
    expect(j.by_self).toEqual([expect.objectContaining({ name: 'hash', self: 100, self_share: 100 / 216 })]);
  });

  it('ranks the changes of two profiles with --diff', async () => {
    const text = await run('profiles', join(dir, 'before.folded'), join(dir, 'after.folded'), '--diff', '--top', '2');
    expect(text.out.split('\n')[2]).toMatch(/^\s+\+23\.33 pts\s+10\.00 % → 33\.33 %\s+\+23\.33 pts\s+hash$/);
    const r = await run('profiles', join(dir, 'before.folded'), join(dir, 'after.folded'), '--diff', '--json');
    const j = JSON.parse(r.out) as { name: string; status: string; self_delta: number }[];
    expect(j.map((c) => c.name)).toEqual(['hash', 'hashv2', 'log', 'parse', 'serve', 'main']);
    expect(j.find((c) => c.name === 'hashv2')!.status).toBe('new');
  });

  it('refuses a diff without two files and a bad file, naming it', async () => {
    expect((await run('profiles', join(dir, 'before.folded'), '--diff')).err).toMatch(/--diff compares two profiles: give BEFORE AFTER \(found 1 file\)/);
    writeFileSync(join(dir, 'bad.folded'), 'main;a 1\n42\n');
    const r = await run('profiles', join(dir, 'bad.folded'));
    expect(r.code).toBe(1);
    expect(r.err).toContain('bad.folded:2: expected "frame;frame;… count" (folded stacks), found "42"');
  });

  it('formats values by unit, shares and changes of share', () => {
    expect(fmtProfileValue(1_500_000_000, 'nanoseconds')).toBe('1.50 s');
    expect(fmtProfileValue(2500, 'microseconds')).toBe('2.50 ms');
    expect(fmtProfileValue(12, 'samples')).toBe('12 samples');
    expect(fmtShare(0.1234)).toBe('12.34 %');
    expect(fmtShare(0.0004)).toBe('0.040 %');
    expect(fmtShare(0)).toBe('0.00 %');
    expect(fmtSharePoints(0.0185)).toBe('+1.85 pts');
    expect(fmtSharePoints(-0.004)).toBe('−0.40 pts');
  });
});
