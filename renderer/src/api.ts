/**
 * The renderer's one way to the backend: the generic contract client over whichever transport
 * this shell offers — the Electron preload bridge, or HTTP + server-sent events in browser mode.
 * `api.invoke(method, params, { signal })` cancels on the wire: a cancel message over IPC, an
 * aborted request over HTTP; either way the backend stops the worker task behind the call.
 */
import { createClient, type Client, type InvokeOptions, type PreloadBridge, type Transport } from '../../core/api/client';
import { ApiError, cancelledError } from '../../core/api/errors';
import { unwrapEnvelope, type Envelope } from '../../core/api/envelope';
import { SERVER_EVENTS } from '../../core/api/server-events';
import { streamEvents } from './sse';
import { authHeaders } from './token';

export { ApiError as BackendError } from '../../core/api/errors';

function electronTransport(bridge: PreloadBridge): Transport {
  let seq = 0;
  return {
    invoke: async (method, params, opts?: InvokeOptions) => {
      const signal = opts?.signal;
      if (!signal) return unwrapEnvelope(await bridge.invoke(method, params));
      if (signal.aborted) throw cancelledError(method);
      const callId = `call-${++seq}`;
      return new Promise((resolve, reject) => {
        const onAbort = (): void => {
          bridge.cancel(callId);
          reject(cancelledError(method));
        };
        signal.addEventListener('abort', onAbort, { once: true });
        bridge
          .invoke(method, params, callId)
          .then((env) => resolve(unwrapEnvelope(env)), reject)
          .finally(() => signal.removeEventListener('abort', onAbort));
      });
    },
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
    invoke: async (method, params, opts?: InvokeOptions) => {
      const signal = opts?.signal;
      let res: Response;
      try {
        // Aborting closes the request; the server sees the connection close and aborts the call.
        res = await fetch(`api/${method}`, {
          method: 'POST',
          headers: { 'content-type': 'application/json', ...authHeaders() },
          body: JSON.stringify(params ?? {}),
          signal,
        });
      } catch (err) {
        if (signal?.aborted) throw cancelledError(method);
        throw err;
      }
      let env: Envelope;
      try {
        env = (await res.json()) as Envelope;
      } catch {
        if (signal?.aborted) throw cancelledError(method);
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
