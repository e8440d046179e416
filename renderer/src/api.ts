/**
 * The renderer's one way to the backend: the generic contract client over whichever transport
 * this shell offers — the Electron preload bridge, or HTTP + server-sent events in browser mode.
 */
import { createClient, type Client, type PreloadBridge, type Transport } from '../../core/api/client';
import { ApiError } from '../../core/api/errors';
import { unwrapEnvelope, type Envelope } from '../../core/api/envelope';
import { SERVER_EVENTS } from '../../core/api/server-events';
import { streamEvents } from './sse';
import { authHeaders } from './token';

export { ApiError as BackendError } from '../../core/api/errors';

function electronTransport(bridge: PreloadBridge): Transport {
  return {
    invoke: async (method, params) => unwrapEnvelope(await bridge.invoke(method, params)),
    listen: (cb) => bridge.onEvent(cb),
  };
}

function httpTransport(): Transport {
  const listeners = new Set<(event: string, data: unknown) => void>();
  let connected = false;
  const connect = (): void => {
    if (connected) return;
    connected = true;
    streamEvents('api/events', authHeaders, ({ event, data }) => {
      if (!(SERVER_EVENTS as readonly string[]).includes(event)) return;
      const payload = JSON.parse(data) as unknown;
      for (const l of listeners) l(event, payload);
    });
  };
  return {
    invoke: async (method, params) => {
      const res = await fetch(`api/${method}`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', ...authHeaders() },
        body: JSON.stringify(params ?? {}),
      });
      let env: Envelope;
      try {
        env = (await res.json()) as Envelope;
      } catch {
        throw new ApiError('failed', `${method}: HTTP ${res.status}`);
      }
      return unwrapEnvelope(env);
    },
    listen: (cb) => {
      listeners.add(cb);
      connect();
      return () => listeners.delete(cb);
    },
  };
}

declare global {
  interface Window {
    hindsight?: PreloadBridge;
  }
}

export const api: Client = createClient(window.hindsight ? electronTransport(window.hindsight) : httpTransport());
