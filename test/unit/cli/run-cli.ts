/** Runs `hindsight ...args` in this process: the exit code and what went to stdout and stderr. */
import { vi } from 'vitest';
import { main } from '../../../core/cli/main';

export async function runCli(...args: string[]): Promise<{ code: number; out: string; err: string }> {
  let out = '';
  let err = '';
  const text = (c: string | Uint8Array): string => (typeof c === 'string' ? c : Buffer.from(c).toString('utf8'));
  const o = vi.spyOn(process.stdout, 'write').mockImplementation(((c: string | Uint8Array) => ((out += text(c)), true)) as typeof process.stdout.write);
  const e = vi.spyOn(process.stderr, 'write').mockImplementation(((c: string | Uint8Array) => ((err += text(c)), true)) as typeof process.stderr.write);
  const ce = vi.spyOn(console, 'error').mockImplementation((...a: unknown[]) => void (err += `${a.join(' ')}\n`));
  const savedExit = process.exitCode;
  try {
    return { code: await main(['node', 'hindsight', ...args]), out, err };
  } finally {
    process.exitCode = savedExit;
    o.mockRestore();
    e.mockRestore();
    ce.mockRestore();
  }
}
