/** Timeline events: imported alerts, deploys and config changes, and derived ones (anomalies, change points…). */
import { z } from 'zod';
import { method, timeMs } from './define';

export interface EventInfo {
  id: number;
  ts: number;
  endTs: number | null;
  kind: string;
  service: string | null;
  title: string;
  severity: string | null;
  attrs: Record<string, string>;
}

export const eventsListParams = z.strictObject({
  from: timeMs.optional(),
  to: timeMs.optional(),
  kinds: z.array(z.string()).optional(),
  limit: z.number().int().min(1).max(100_000).optional(),
  /** Also events of non-production environments (staging, dev, qa …), which production views leave out. */
  includeNonprod: z.boolean().optional(),
});

export const eventsContract = {
  'events/list': method(eventsListParams).returns<EventInfo[]>(),
} as const;
