/** Where things are for the headless shell. */
import { homedir } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

/** The repository / package root (two levels above core/cli). */
export const PACKAGE_ROOT = resolve(fileURLToPath(new URL('../..', import.meta.url)));

/** The built renderer served in browser mode. */
export const RENDERER_DIR = join(PACKAGE_ROOT, 'out', 'renderer');

/** Recent workspaces and the demo: $HINDSIGHT_HOME, else ~/.hindsight. */
export function dataDir(): string {
  return resolve(process.env.HINDSIGHT_HOME || join(homedir(), '.hindsight'));
}
