/**
 * The narrow bridge: named functions over one invoke channel, one cancel channel, one event channel,
 * one menu channel and the PDF printer. `ipcRenderer` itself is never exposed; the renderer sees only
 * `window.hindsight`.
 */
import { contextBridge, ipcRenderer, webUtils, type IpcRendererEvent } from 'electron';
import type { PreloadBridge } from '../core/api/client';
import type { MenuCommand } from '../core/api/desktop';
import { CANCEL_CHANNEL, EVENT_CHANNEL, INVOKE_CHANNEL, MENU_CHANNEL, PDF_CHANNEL } from './channels';

/** Subscribes `cb` to one main → page channel; returns its own unsubscribe. */
function subscribe<A extends unknown[]>(channel: string, cb: (...args: A) => void): () => void {
  const listener = (_e: IpcRendererEvent, ...args: unknown[]): void => cb(...(args as A));
  ipcRenderer.on(channel, listener);
  return () => {
    ipcRenderer.removeListener(channel, listener);
  };
}

const bridge = {
  invoke: (method: string, params: unknown, callId?: string) => ipcRenderer.invoke(INVOKE_CHANNEL, method, params, callId),
  cancel: (callId: string) => ipcRenderer.send(CANCEL_CHANNEL, String(callId)),
  onEvent: (cb: (event: string, data: unknown) => void) => subscribe(EVENT_CHANNEL, cb),
  onMenu: (cb: (command: MenuCommand) => void) => subscribe(MENU_CHANNEL, cb),
  printToPdf: (html: string) => ipcRenderer.invoke(PDF_CHANNEL, String(html)) as Promise<Uint8Array>,
  /** The real path of a dropped file, so drag-and-drop imports read it in place. */
  pathForFile: (file: File) => webUtils.getPathForFile(file),
  shell: 'electron' as const,
} satisfies PreloadBridge;

contextBridge.exposeInMainWorld('hindsight', bridge);
