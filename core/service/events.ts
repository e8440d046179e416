/** The timeline events handler: imported and derived events in a window, optionally of some kinds. */
import type { EventInfo, Handlers } from '../api/contract';
import type { ServiceContext } from './context';

type EventHandlers = Pick<Handlers, 'events/list'>;

export function eventHandlers(ctx: ServiceContext): EventHandlers {
  return {
    'events/list': async ({ from, to, kinds, limit, includeNonprod }): Promise<EventInfo[]> => {
      const rows = ctx.store().events(from ?? -Infinity, to ?? Infinity, limit, kinds, includeNonprod);
      return rows.map((r) => ({
          id: r.id,
          ts: r.ts,
          endTs: r.end_ts,
          kind: r.kind,
          service: r.service,
          title: r.title,
          severity: r.severity,
          attrs: JSON.parse(r.attrs) as Record<string, string>,
        }));
    },
  };
}
