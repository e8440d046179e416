/**
 * The narrow bridge: named functions over one invoke channel, one cancel channel and one event channel.
 * `ipcRenderer` itself is never exposed; the renderer sees only `window.hindsight`.
 */
import { contextBridge, ipcRenderer, webUtils, type IpcRendererEvent } from 'electron';
import type { PreloadBridge } from '../core/api/client';
import { CANCEL_CHANNEL, EVENT_CHANNEL, INVOKE_CHANNEL } from './channels';

const bridge = {
  invoke: (method: string, params: unknown, callId?: string) => ipcRenderer.invoke(INVOKE_CHANNEL, method, params, callId),
  cancel: (callId: string) => ipcRenderer.send(CANCEL_CHANNEL, String(callId)),
  onEvent: (cb: (event: string, data: unknown) => void) => {
    const listener = (_e: IpcRendererEvent, event: string, data: unknown): void => cb(event, data);
    ipcRenderer.on(EVENT_CHANNEL, listener);
    return () => {
      ipcRenderer.removeListener(EVENT_CHANNEL, listener);
    };
  },
  /** The real path of a dropped file, so drag-and-drop imports read it in place. */
  pathForFile: (file: File) => webUtils.getPathForFile(file),
  shell: 'electron' as const,
} satisfies PreloadBridge;

contextBridge.exposeInMainWorld('hindsight', bridge);
