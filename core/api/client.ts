/**
 * The generic client: one `invoke` over any transport (Electron IPC or HTTP + server-sent events).
 * The renderer and tests use this; neither knows which shell it runs in.
 */
import type { EventName, MethodName, ParamsOf, ResultOf, ServerEvents } from './contract';
import type { Envelope } from './envelope';

export interface Transport {
  invoke(method: string, params: unknown): Promise<unknown>;
  /** Subscribes to every push event; returns its own unsubscribe. */
  listen(cb: (event: string, data: unknown) => void): () => void;
}

export interface Client {
  invoke<K extends MethodName>(method: K, params: ParamsOf<K>): Promise<ResultOf<K>>;
  on<E extends EventName>(event: E, cb: (data: ServerEvents[E]) => void): () => void;
}

export function createClient(transport: Transport): Client {
  return {
    invoke: (method, params) => transport.invoke(method, params) as never,
    on: (event, cb) =>
      transport.listen((name, data) => {
        if (name === event) cb(data as never);
      }),
  };
}

/** The object the Electron preload exposes as `window.hindsight`. */
export interface PreloadBridge {
  invoke(method: string, params: unknown): Promise<Envelope>;
  onEvent(cb: (event: string, data: unknown) => void): () => void;
  /** The file system path of a dropped file (Electron's webUtils.getPathForFile). */
  pathForFile(file: File): string;
  shell: 'electron';
}
