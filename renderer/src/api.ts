/**
 * The renderer's one way to the backend: the generic contract client over whichever transport
 * this shell offers — the Electron preload bridge, or HTTP + server-sent events in browser mode.
 */
import { createClient, type Client, type PreloadBridge, type Transport } from '../../core/api/client';
import { streamEvents } from './sse';
import { authHeaders } from './token';

interface Envelope {
  ok: boolean;
  result?: unknown;
  error?: { code: string; message: string; field?: string };
}

/** An error from the backend, with its code and (for bad params) the field. */
export class BackendError extends Error {
  constructor(
    readonly code: string,
    message: string,
    readonly field?: string,
  ) {
    super(message);
  }
}

function unwrap(env: Envelope): unknown {
  if (env.ok) return env.result;
  throw new BackendError(env.error?.code ?? 'failed', env.error?.message ?? 'request failed', env.error?.field);
}

function electronTransport(bridge: PreloadBridge): Transport {
  return {
    invoke: async (method, params) => unwrap((await bridge.invoke(method, params)) as Envelope),
    listen: (cb) => bridge.onEvent(cb),
  };
}

const EVENTS = ['job/progress', 'job/done', 'job/failed', 'workspace/changed'];

function httpTransport(): Transport {
  const listeners = new Set<(event: string, data: unknown) => void>();
  let connected = false;
  const connect = (): void => {
    if (connected) return;
    connected = true;
    streamEvents('api/events', authHeaders, ({ event, data }) => {
      if (!EVENTS.includes(event)) return;
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
        throw new BackendError('failed', `${method}: HTTP ${res.status}`);
      }
      return unwrap(env);
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
