/**
 * electron-builder.yml, read by electron-builder's own loader and checked against its own schema
 * (what `npm run dist` would see), then held to what the desktop app needs: the targets of the three
 * systems, an asar with the native and wasm modules unpacked, the `*.hindsight` file association,
 * and the runbooks shipped as plain files. No Electron binary needed.
 */
import { createRequire } from 'node:module';
import { resolve } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { WORKSPACE_EXTENSION } from '../../../core/api/desktop';

const ROOT = resolve(__dirname, '../../..');
const require = createRequire(import.meta.url);

interface BuilderConfig {
  asar?: boolean;
  asarUnpack?: string[];
  npmRebuild?: boolean;
  files?: { filter: string[] }[];
  extraResources?: { from: string; to: string; filter?: string[] }[];
  fileAssociations?: { ext: string; name?: string; role?: string; mimeType?: string }[];
  linux?: { target: string[] };
  mac?: { target: string };
  win?: { target: string };
}

/** electron-builder's own loading and validation (app-builder-lib, a dependency of electron-builder). */
const builder = require('app-builder-lib/out/util/config/config') as {
  getConfig(projectDir: string, configPath: string | null, configFromOptions: unknown): Promise<BuilderConfig>;
  validateConfiguration(config: unknown, logger: unknown): Promise<void>;
};
const { DebugLogger } = require('builder-util') as { DebugLogger: new (enabled: boolean) => unknown };

let config: BuilderConfig;
beforeAll(async () => {
  config = await builder.getConfig(ROOT, null, null);
}, 60_000);

/** True when a minimatch-style glob of the config would match `path` (the few forms used here). */
function globMatches(glob: string, path: string): boolean {
  const re = glob
    .split('**/')
    .map((part) => part.split('**').map((p) => p.split('*').map((s) => s.replace(/[.+?^${}()|[\]\\]/g, '\\$&')).join('[^/]*')).join('.*'))
    .join('(?:.*/)?');
  return new RegExp(`^${re}$`).test(path);
}

describe('electron-builder.yml', () => {
  it("passes electron-builder's own schema, which does refuse an unknown option", async () => {
    await expect(builder.validateConfiguration(config, new DebugLogger(false))).resolves.toBeUndefined();
    await expect(builder.validateConfiguration({ ...config, asarr: true }, new DebugLogger(false))).rejects.toThrow(/asarr/);
  });

  it('builds AppImage and deb on Linux, a dmg on macOS, an NSIS installer on Windows', () => {
    expect(config.linux?.target).toEqual(expect.arrayContaining(['AppImage', 'deb']));
    expect(config.mac?.target).toBe('dmg');
    expect(config.win?.target).toBe('nsis');
  });

  it('packs an asar, with native modules and augurs wasm unpacked, and does not rebuild for Node', () => {
    expect(config.asar).toBe(true);
    const unpack = config.asarUnpack ?? [];
    const unpacked = (path: string): boolean => unpack.some((g) => globMatches(g, path));
    expect(unpacked('node_modules/better-sqlite3/build/Release/better_sqlite3.node')).toBe(true);
    expect(unpacked('node_modules/@bsull/augurs/changepoint_bg.wasm')).toBe(true);
    expect(unpacked('node_modules/@bsull/augurs/changepoint.js')).toBe(false);
    expect(unpacked('out/main/index.js')).toBe(false);
    expect(config.npmRebuild).toBe(false);
  });

  it('ships the built app (main, preload, renderer) and the worker bootstrap, without source maps', () => {
    const filters = (config.files ?? []).flatMap((f) => f.filter);
    expect(filters).toEqual(expect.arrayContaining(['out/**', 'core/jobs/bootstrap.mjs', 'package.json', '!**/*.map']));
  });

  it('associates *.hindsight files with the app, as their editor', () => {
    const association = config.fileAssociations?.find((a) => a.ext === WORKSPACE_EXTENSION);
    expect(association).toMatchObject({ ext: 'hindsight', name: 'Hindsight workspace', role: 'Editor' });
  });

  it('ships the top-level runbooks folder as plain files under resources/runbooks', () => {
    expect(config.extraResources).toContainEqual(expect.objectContaining({ from: 'runbooks', to: 'runbooks' }));
  });
});
