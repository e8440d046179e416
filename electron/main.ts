/// <reference types="electron-vite/node" />
/**
 * The desktop shell: one window, the IPC bridge to core/service, native menus and dialogs, the files
 * the OS hands over (file association, "open with", a second launch, macOS `open-file`), recent
 * documents, the window's saved state, and report PDFs. A thin layer: every decision is a pure function
 * in electron/*.ts (security, menu, windowState, launch, dialogs, recent), unit-tested without Electron.
 */
import { existsSync, mkdtempSync, readFileSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, dirname, join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { app, BrowserWindow, dialog, ipcMain, Menu, screen, session, shell, type IpcMainEvent, type IpcMainInvokeEvent } from 'electron';
import { commandsForPaths, type MenuCommand } from '../core/api/desktop';
import { errorEnvelope, okEnvelope, type Envelope } from '../core/api/envelope';
import { CSP } from '../core/api/csp';
import { recentWorkspaces } from '../core/service/recents';
import { Service } from '../core/service/service';
import createWorker from '../core/jobs/worker?nodeWorker';
import { CANCEL_CHANNEL, EVENT_CHANNEL, INVOKE_CHANNEL, MENU_CHANNEL, PDF_CHANNEL } from './channels';
import { importDialog, openWorkspaceDialog, saveWorkspaceDialog, withWorkspaceExtension } from './dialogs';
import { bringToFront, CommandOutbox, pathsFromArgv } from './launch';
import { buildMenuTemplate } from './menu';
import { workspaceOpenedBy } from './recent';
import {
  DOCS_URL,
  guardSession,
  guardWebContents,
  isAppPage,
  isVettedExternalUrl,
  mainWindowOptions,
  PDF_PARTITION,
  pdfWindowOptions,
  type GuardableContents,
} from './security';
import { captureWindowState, restoreWindowState, serializeWindowState, WINDOW_STATE_FILE, type StatefulWindow } from './windowState';

/** The built renderer: the only pages a window of the app may show. */
const RENDERER_DIR = join(__dirname, '../renderer');
/** The largest report the PDF printer takes (the HTML with its charts inlined). */
const PDF_HTML_MAX = 64 * 1024 * 1024;

let service: Service | null = null;
let mainWindow: BrowserWindow | null = null;
/** The open workspace, as the last opening call answered (for Save As and the menu). */
let workspacePath: string | null = null;
/** Menu commands and OS-given files waiting for the page. */
const outbox = new CommandOutbox();

const dataDir = (): string => process.env.HINDSIGHT_HOME || join(app.getPath('userData'), 'workspaces');
const windowStateFile = (): string => join(app.getPath('userData'), WINDOW_STATE_FILE);
const launchOptions = (cwd: string) => ({ defaultApp: Boolean(process.defaultApp), cwd, exists: existsSync });

/** Loads a file into a window after checking it lies in `allowedDir` (no remote or stray page is ever loaded). */
async function loadChecked(win: BrowserWindow, file: string, allowedDir: string, search?: string): Promise<void> {
  if (!isAppPage(pathToFileURL(file).href, allowedDir)) throw new Error(`refusing to load ${file}: not under ${allowedDir}`);
  await win.loadFile(file, search ? { search } : {});
}

/** True when an IPC message comes from one of the app's own pages (not a frame that navigated elsewhere). */
function trustedSender(e: IpcMainEvent | IpcMainInvokeEvent): boolean {
  const url = e.senderFrame?.url;
  return typeof url === 'string' && isAppPage(url, RENDERER_DIR);
}

/** Files the OS handed over: a workspace opens, anything else is imported (see commandsForPaths). */
function deliverPaths(paths: string[]): void {
  for (const command of commandsForPaths(paths)) outbox.post(command);
}

function readText(file: string): string | null {
  try {
    return readFileSync(file, 'utf8');
  } catch {
    return null;
  }
}

function saveWindowState(win: StatefulWindow): void {
  try {
    writeFileSync(windowStateFile(), serializeWindowState(captureWindowState(win)));
  } catch {
    // A read-only profile: the next start opens at the default size.
  }
}

function createWindow(): BrowserWindow {
  const workAreas = [screen.getPrimaryDisplay(), ...screen.getAllDisplays()].map((d) => d.workArea);
  const state = restoreWindowState(readText(windowStateFile()), workAreas);
  const win = new BrowserWindow(mainWindowOptions({ preload: join(__dirname, '../preload/index.cjs'), bounds: state.bounds }));
  mainWindow = win;
  if (state.maximized) win.maximize();
  if (state.fullScreen) win.setFullScreen(true);
  win.once('ready-to-show', () => win.show());
  win.on('close', () => saveWindowState(win));
  win.on('closed', () => {
    if (mainWindow === win) mainWindow = null;
    outbox.close();
  });
  // A reload: commands wait for the new page (an in-page address change or an iframe is no reload).
  win.webContents.on('did-start-navigation', (e) => {
    if (e.isMainFrame && !e.isSameDocument) outbox.close();
  });
  win.webContents.on('did-finish-load', () => outbox.open((command: MenuCommand) => win.webContents.send(MENU_CHANNEL, command)));
  void loadChecked(win, join(RENDERER_DIR, 'index.html'), RENDERER_DIR, 'demo=1');
  return win;
}

/** The main window, made when there is none (macOS keeps the app running without windows). */
function ensureWindow(): BrowserWindow {
  return mainWindow ?? createWindow();
}

function rebuildMenu(): void {
  const template = buildMenuTemplate(
    { platform: process.platform, dev: !app.isPackaged, appName: app.name, recent: recentWorkspaces(dataDir()), hasWorkspace: workspacePath !== null },
    {
      command: (command) => {
        ensureWindow();
        outbox.post(command);
      },
      openWorkspace: () => void openWorkspace(),
      importFiles: (what) => void importFiles(what),
      saveWorkspaceAs: () => void saveWorkspaceAs(),
      openDocs: () => {
        if (isVettedExternalUrl(DOCS_URL)) void shell.openExternal(DOCS_URL);
      },
      about: () =>
        void dialog.showMessageBox({
          type: 'info',
          title: `About ${app.name}`,
          message: `${app.name} ${app.getVersion()}`,
          detail: 'An offline workbench for performance investigations. Nothing leaves this machine.',
        }),
    },
  );
  Menu.setApplicationMenu(Menu.buildFromTemplate(template));
}

/** A workspace was opened (by any route): the OS's recent documents and File → Open Recent learn it. */
function noteWorkspace(path: string): void {
  workspacePath = path;
  app.addRecentDocument(path);
  rebuildMenu();
}

async function openWorkspace(): Promise<void> {
  const win = ensureWindow();
  const r = await dialog.showOpenDialog(win, openWorkspaceDialog(workspacePath ?? undefined));
  if (!r.canceled && r.filePaths[0]) outbox.post({ kind: 'open', path: r.filePaths[0] });
}

async function importFiles(what: 'files' | 'folder' | 'files-or-folders'): Promise<void> {
  const win = ensureWindow();
  const r = await dialog.showOpenDialog(win, importDialog(what));
  if (!r.canceled && r.filePaths.length) outbox.post({ kind: 'import', paths: r.filePaths });
}

/** True when two paths name the same file (by device and inode: case-insensitive systems and links included). */
function sameFile(a: string, b: string): boolean {
  try {
    const [sa, sb] = [statSync(a), statSync(b)];
    return sa.dev === sb.dev && sa.ino === sb.ino;
  } catch {
    return false;
  }
}

/**
 * Save As: the person chose the file (and agreed to replace one there) in the native dialog. The copy
 * is written beside it under a temporary name and renamed over the target only once complete, so a
 * failed save leaves what was there; the open workspace itself is never the target. The copy then opens.
 */
async function saveWorkspaceAs(): Promise<void> {
  if (!workspacePath || !service) return;
  const win = ensureWindow();
  const r = await dialog.showSaveDialog(win, saveWorkspaceDialog(workspacePath));
  if (r.canceled || !r.filePath) return;
  const target = withWorkspaceExtension(r.filePath);
  const partial = join(dirname(target), `.${basename(target)}.saving-${process.pid}-${Date.now()}.hindsight`);
  try {
    if (target === workspacePath || sameFile(target, workspacePath)) throw new Error('that is the workspace already open');
    await service.invoke('workspace/saveAs', { path: partial });
    for (const f of [`${target}-wal`, `${target}-shm`]) rmSync(f, { force: true });
    renameSync(partial, target);
    outbox.post({ kind: 'open', path: target });
  } catch (err) {
    rmSync(partial, { force: true });
    dialog.showErrorBox('The workspace was not saved', `${target}: ${err instanceof Error ? err.message : String(err)}`);
  }
}

/** Prints report HTML in a hidden, script-less window of its own session, from a private temporary folder. */
async function printToPdf(html: string): Promise<Uint8Array> {
  const dir = mkdtempSync(join(tmpdir(), 'hindsight-pdf-'));
  const file = join(dir, 'report.html');
  writeFileSync(file, html);
  const win = new BrowserWindow(pdfWindowOptions());
  try {
    await loadChecked(win, file, dir);
    return new Uint8Array(await win.webContents.printToPDF({ printBackground: true, pageSize: 'A4' }));
  } finally {
    win.destroy();
    rmSync(dir, { recursive: true, force: true });
  }
}

function registerIpc(svc: Service): void {
  svc.listen((event, data) => {
    for (const w of BrowserWindow.getAllWindows()) w.webContents.send(EVENT_CHANNEL, event, data);
  });
  // Calls in flight that the renderer may cancel, by window and call id.
  const inFlight = new Map<string, AbortController>();
  ipcMain.handle(INVOKE_CHANNEL, async (e, method: unknown, params: unknown, callId: unknown): Promise<Envelope> => {
    if (!trustedSender(e)) return errorEnvelope(new Error('refused: the call does not come from the app'));
    const key = typeof callId === 'string' ? `${e.sender.id}:${callId}` : null;
    const controller = new AbortController();
    if (key) inFlight.set(key, controller);
    try {
      const result = await svc.invoke(String(method), params, { signal: controller.signal });
      const opened = workspaceOpenedBy(String(method), result);
      if (opened) noteWorkspace(opened);
      return okEnvelope(result);
    } catch (err) {
      return errorEnvelope(err);
    } finally {
      if (key) inFlight.delete(key);
    }
  });
  ipcMain.on(CANCEL_CHANNEL, (e, callId: unknown) => {
    if (trustedSender(e)) inFlight.get(`${e.sender.id}:${String(callId)}`)?.abort();
  });
  ipcMain.handle(PDF_CHANNEL, async (e, html: unknown) => {
    if (!trustedSender(e)) throw new Error('refused: the call does not come from the app');
    if (typeof html !== 'string' || html.length > PDF_HTML_MAX) throw new Error(`printToPdf takes HTML text of at most ${PDF_HTML_MAX} characters`);
    return printToPdf(html);
  });
}

function start(): void {
  // Every renderer sandboxed, whatever a window's own options say.
  app.enableSandbox();
  app.on('web-contents-created', (_e, contents) => guardWebContents(contents as unknown as GuardableContents, (url) => void shell.openExternal(url)));
  // A second launch hands its files to this one and brings the window forward.
  app.on('second-instance', (_e, argv, workingDirectory) => {
    deliverPaths(pathsFromArgv(argv, launchOptions(workingDirectory)));
    if (app.isReady()) bringToFront(ensureWindow());
  });
  // macOS: a double-clicked or dropped-on-the-Dock file, possibly before the app is ready.
  app.on('open-file', (e, path) => {
    e.preventDefault();
    deliverPaths([path]);
    if (app.isReady()) bringToFront(ensureWindow());
  });

  void app.whenReady().then(() => {
    guardSession(session.defaultSession, CSP);
    guardSession(session.fromPartition(PDF_PARTITION), CSP);
    service = new Service({
      makeWorker: () => createWorker({}),
      dataDir: dataDir(),
      shell: 'electron',
      version: app.getVersion(),
    });
    registerIpc(service);
    rebuildMenu();
    deliverPaths(pathsFromArgv(process.argv, launchOptions(process.cwd())));
    createWindow();
    app.on('activate', () => {
      if (BrowserWindow.getAllWindows().length === 0) createWindow();
    });
  });

  // macOS keeps running with no window (and its service open) until the person quits.
  app.on('window-all-closed', () => {
    if (process.platform !== 'darwin') app.quit();
  });
  app.on('will-quit', () => void service?.close());
}

// One instance: a second launch passes its argv to the first (see 'second-instance') and exits.
if (app.requestSingleInstanceLock()) start();
else app.quit();
