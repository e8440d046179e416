/**
 * The generic client: one `invoke` over any transport (Electron IPC or HTTP + server-sent events).
 * The renderer and tests use this; neither knows which shell it runs in. A call may carry an
 * AbortSignal: aborting it rejects the call with ApiError 'cancelled' and stops the work behind it
 * (a cancel message over IPC, a closed request over HTTP; the backend aborts the worker task).
 */
import type { EventName, MethodName, ParamsOf, ResultOf, ServerEvents } from './contract';
import type { MenuCommand } from './desktop';
import type { Envelope } from './envelope';

/** Per-call options of `invoke`. */
export interface InvokeOptions {
  /** Aborting it cancels the call, on the wire and in the backend's worker. */
  signal?: AbortSignal;
}

export interface Transport {
  invoke(method: string, params: unknown, opts?: InvokeOptions): Promise<unknown>;
  /** Subscribes to every push event; returns its own unsubscribe. */
  listen(cb: (event: string, data: unknown) => void): () => void;
}

export interface Client {
  invoke<K extends MethodName>(method: K, params: ParamsOf<K>, opts?: InvokeOptions): Promise<ResultOf<K>>;
  on<E extends EventName>(event: E, cb: (data: ServerEvents[E]) => void): () => void;
}

export function createClient(transport: Transport): Client {
  return {
    invoke: (method, params, opts) => transport.invoke(method, params, opts) as never,
    on: (event, cb) =>
      transport.listen((name, data) => {
        if (name === event) cb(data as never);
      }),
  };
}

/** The object the Electron preload exposes as `window.hindsight`. */
export interface PreloadBridge {
  /** Calls a method; `callId`, when given, names the call for `cancel`. */
  invoke(method: string, params: unknown, callId?: string): Promise<Envelope>;
  /** Cancels the call named `callId` (its invoke then answers with a 'cancelled' error). */
  cancel(callId: string): void;
  onEvent(cb: (event: string, data: unknown) => void): () => void;
  /** The file system path of a dropped file (Electron's webUtils.getPathForFile). */
  pathForFile(file: File): string;
  /** Subscribes to the shell's menu commands and the files the OS asked it to open; returns its own unsubscribe. */
  onMenu(cb: (command: MenuCommand) => void): () => void;
  /**
   * Prints self-contained HTML (a postmortem report) to PDF bytes: the shell loads it in a hidden
   * window with scripts off and every request but the page itself refused, then `webContents.printToPDF`.
   */
  printToPdf(html: string): Promise<Uint8Array>;
  shell: 'electron';
}
