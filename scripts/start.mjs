#!/usr/bin/env node
// `npm start`: Hindsight on the demo. The Electron window when the Electron binary is installed,
// otherwise browser mode (build if needed, serve on 127.0.0.1, print the URL).
import { spawn } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { ensureRenderer } from './build-renderer.mjs';
import { ROOT as root } from './stale.mjs';

/** The Electron binary, without triggering electron's lazy download (it cannot reach GitHub here). */
function electronBinary() {
  const pkg = join(root, 'node_modules', 'electron');
  if (!existsSync(join(pkg, 'package.json'))) return { path: null, why: 'the electron package is not installed' };
  if (process.env.ELECTRON_OVERRIDE_DIST_PATH) {
    const p = join(process.env.ELECTRON_OVERRIDE_DIST_PATH, process.platform === 'win32' ? 'electron.exe' : 'electron');
    return existsSync(p) ? { path: p } : { path: null, why: `ELECTRON_OVERRIDE_DIST_PATH has no binary at ${p}` };
  }
  const pathFile = join(pkg, 'path.txt');
  if (!existsSync(pathFile)) return { path: null, why: 'the Electron binary was never downloaded (node_modules/electron/dist is missing)' };
  const p = join(pkg, 'dist', readFileSync(pathFile, 'utf8').trim());
  return existsSync(p) ? { path: p } : { path: null, why: `the Electron binary is missing at ${p}` };
}

try {
  ensureRenderer((line) => console.log(line));
} catch (err) {
  console.error(err.message);
  process.exit(1);
}
const electron = electronBinary();
if (process.env.HINDSIGHT_BROWSER === "1") {
  electron.path = null;
  electron.why = "HINDSIGHT_BROWSER=1 asks for browser mode";
}
if (electron.path) {
  const child = spawn(electron.path, [root], { stdio: 'inherit' });
  child.on('exit', (code) => process.exit(code ?? 0));
} else {
  console.log(`Electron not used: ${electron.why}. Starting browser mode instead.`);
  const args = [join(root, 'bin', 'hindsight.mjs'), 'serve', '--demo', ...process.argv.slice(2)];
  const child = spawn(process.execPath, args, { stdio: 'inherit' });
  const forward = (sig) => child.kill(sig);
  process.on('SIGINT', forward);
  process.on('SIGTERM', forward);
  child.on('exit', (code) => process.exit(code ?? 0));
}
