/** Subscribes to one backend push event for the component's lifetime; the callback may change freely. */
import { useEffect, useRef } from 'react';
import type { EventName, ServerEvents } from '../../../core/api/contract';
import { api } from '../api';

export function useApiEvent<E extends EventName>(event: E, cb: (data: ServerEvents[E]) => void): void {
  const ref = useRef(cb);
  useEffect(() => {
    ref.current = cb;
  });
  useEffect(() => api.on(event, (d) => ref.current(d)), [event]);
}
