#!/usr/bin/env node
// `npm start`: Hindsight on the demo. The Electron window when the Electron binary is installed,
// otherwise browser mode (build if needed, serve on 127.0.0.1, print the URL).
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, readFileSync, readdirSync, statSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');

function newestMtime(dir) {
  let newest = 0;
  for (const name of readdirSync(dir, { withFileTypes: true })) {
    const p = join(dir, name.name);
    newest = Math.max(newest, name.isDirectory() ? newestMtime(p) : statSync(p).mtimeMs);
  }
  return newest;
}

function buildIfNeeded() {
  const built = join(root, 'out', 'renderer', 'index.html');
  const sources = Math.max(...['renderer', 'core', 'electron'].map((d) => newestMtime(join(root, d))));
  if (existsSync(built) && statSync(built).mtimeMs >= sources) return;
  console.log('Building Hindsight (first run or sources changed)…');
  const r = spawnSync(process.execPath, [join(root, 'node_modules', 'electron-vite', 'bin', 'electron-vite.js'), 'build'], {
    cwd: root,
    stdio: 'inherit',
  });
  if (r.status !== 0) process.exit(r.status ?? 1);
}

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

buildIfNeeded();
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
