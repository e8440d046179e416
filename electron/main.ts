/**
 * The desktop shell: one window, the IPC bridge to core/service, native open dialogs and
 * drag-and-drop paths. Everything else lives in core/ and renderer/.
 */
import { join } from 'node:path';
import { app, BrowserWindow, ipcMain, session } from 'electron';
import { errorEnvelope, okEnvelope, type Envelope } from '../core/api/envelope';
import { CSP } from '../core/api/csp';
import { Service } from '../core/service/service';
import createWorker from '../core/jobs/worker?nodeWorker';
import { EVENT_CHANNEL, INVOKE_CHANNEL } from './channels';

let service: Service | null = null;

function createWindow(): BrowserWindow {
  const win = new BrowserWindow({
    width: 1400,
    height: 900,
    minWidth: 1024,
    minHeight: 700,
    title: 'Hindsight',
    backgroundColor: '#111418',
    webPreferences: {
      preload: join(__dirname, '../preload/index.cjs'),
      contextIsolation: true,
      nodeIntegration: false,
      sandbox: true,
      webSecurity: true,
    },
  });
  // No navigation away from the app, no new windows.
  win.webContents.on('will-navigate', (e) => e.preventDefault());
  win.webContents.setWindowOpenHandler(() => ({ action: 'deny' }));
  void win.loadFile(join(__dirname, '../renderer/index.html'), { search: 'demo=1' });
  return win;
}

void app.whenReady().then(() => {
  session.defaultSession.webRequest.onHeadersReceived((details, cb) => {
    cb({ responseHeaders: { ...details.responseHeaders, 'Content-Security-Policy': [CSP] } });
  });
  service = new Service({
    makeWorker: () => createWorker({}),
    dataDir: process.env.HINDSIGHT_HOME || join(app.getPath('userData'), 'workspaces'),
    shell: 'electron',
    version: app.getVersion(),
  });
  service.listen((event, data) => {
    for (const w of BrowserWindow.getAllWindows()) w.webContents.send(EVENT_CHANNEL, event, data);
  });
  ipcMain.handle(INVOKE_CHANNEL, async (_e, method: unknown, params: unknown): Promise<Envelope> => {
    try {
      return okEnvelope(await service!.invoke(String(method), params));
    } catch (err) {
      return errorEnvelope(err);
    }
  });
  createWindow();
  app.on('activate', () => {
    if (BrowserWindow.getAllWindows().length === 0) createWindow();
  });
});

app.on('window-all-closed', () => {
  void service?.close();
  if (process.platform !== 'darwin') app.quit();
});
