/** Where things are for the headless shell. */
import { readFileSync } from 'node:fs';
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

/** This package's version (package.json). */
export const VERSION = (JSON.parse(readFileSync(join(PACKAGE_ROOT, 'package.json'), 'utf8')) as { version: string }).version;
