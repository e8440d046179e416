/**
 * electron/main.ts cannot be imported without the Electron binary, so this reads its source and holds
 * it to the checklist: every window is built by the tested option builders, every webContents and both
 * sessions are guarded, renderers are sandboxed app-wide, pages load only through the checked loader,
 * IPC senders are checked, and one instance runs. The other electron/ modules are pure: they import
 * Electron as types only, so the unit tests run them without it.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';

const ELECTRON_DIR = resolve(__dirname, '../../../electron');
const main = readFileSync(join(ELECTRON_DIR, 'main.ts'), 'utf8');
/** The source without comments, so a word in a doc comment proves nothing. */
const code = main.replace(/\/\*[\s\S]*?\*\//g, '').replace(/^\s*\/\/.*$/gm, '');

describe('electron/main.ts wires the checked policy', () => {
  it('builds every BrowserWindow from mainWindowOptions or pdfWindowOptions (no inline webPreferences)', () => {
    const constructions = [...code.matchAll(/new BrowserWindow\(([^)]*\))?/g)].map((m) => m[1] ?? '');
    expect(constructions.length).toBe(2);
    for (const args of constructions) expect(args).toMatch(/^(mainWindowOptions|pdfWindowOptions)\(/);
    expect(code).not.toMatch(/webPreferences\s*:/);
  });

  it('guards every webContents as it is created', () => {
    expect(code).toMatch(/app\.on\('web-contents-created',[^\n]*guardWebContents\(/);
  });

  it('guards the default session and the PDF session (permissions, remote requests, CSP)', () => {
    expect(code).toMatch(/guardSession\(session\.defaultSession, CSP\)/);
    expect(code).toMatch(/guardSession\(session\.fromPartition\(PDF_PARTITION\), CSP\)/);
    expect(code).not.toMatch(/setPermission(Request|Check)Handler/); // only through guardSession
  });

  it('sandboxes every renderer app-wide', () => {
    expect(code).toMatch(/app\.enableSandbox\(\)/);
  });

  it('loads pages only through loadChecked (no loadURL at all) and checks every IPC sender', () => {
    expect(code).not.toMatch(/\.loadURL\(/);
    expect([...code.matchAll(/\.loadFile\(/g)].length).toBe(1);
    expect(code).toMatch(/if \(!isAppPage\(pathToFileURL\(file\)\.href, allowedDir\)\) throw/);
    for (const channel of ['INVOKE_CHANNEL', 'CANCEL_CHANNEL', 'PDF_CHANNEL']) {
      const at = code.indexOf(`(${channel},`);
      expect(at, channel).toBeGreaterThan(0);
      expect(code.slice(at, at + 200), channel).toContain('trustedSender(e)');
    }
  });

  it('opens links outside only when vetted (Help → Documentation) or through the guard', () => {
    const calls = [...code.matchAll(/shell\.openExternal\(([^)]*)\)/g)].map((m) => m[1]);
    expect(calls.length).toBeGreaterThan(0);
    for (const arg of calls) expect(['url', 'DOCS_URL']).toContain(arg);
    expect(code).toMatch(/if \(isVettedExternalUrl\(DOCS_URL\)\) void shell\.openExternal\(DOCS_URL\)/);
  });

  it('never mentions the remote module, node integration or a disabled sandbox', () => {
    expect(main).not.toMatch(/enableRemoteModule|@electron\/remote|nodeIntegration|sandbox:\s*false|webSecurity:\s*false/);
  });

  it('runs one instance: a second launch hands its argv over and exits', () => {
    expect(code).toMatch(/if \(app\.requestSingleInstanceLock\(\)\) start\(\);\s*else app\.quit\(\);/);
    expect(code).toMatch(/app\.on\('second-instance'/);
    expect(code).toMatch(/app\.on\('open-file'/);
  });
});

describe('the electron/ modules other than main.ts and preload.ts are pure', () => {
  const pure = readdirSync(ELECTRON_DIR).filter((f) => f.endsWith('.ts') && !['main.ts', 'preload.ts', 'env.d.ts'].includes(f));
  it.each(pure)('%s imports Electron as types only', (file) => {
    const source = readFileSync(join(ELECTRON_DIR, file), 'utf8');
    const electronImports = [...source.matchAll(/^import\s+(type\s+)?[^;]*?from\s+'electron';/gm)];
    const requires = source.match(/require\(\s*'electron'\s*\)|import\(\s*'electron'\s*\)/g) ?? [];
    expect(electronImports.filter((m) => !m[1]).map((m) => m[0]), file).toEqual([]);
    expect(requires, file).toEqual([]);
  });
});
