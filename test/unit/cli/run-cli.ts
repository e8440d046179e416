/** Runs the CLI in this process, as the CLI tests do: `hindsight ...args`, with its exit code, stdout and stderr. */
import { vi } from 'vitest';
import { main } from '../../../core/cli/main';

export async function runCli(...args: string[]): Promise<{ code: number; out: string; err: string }> {
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
