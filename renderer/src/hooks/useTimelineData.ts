/**
 * Everything the timeline draws, read for the current window at the plot's pixel width, each piece
 * cached by its contract call (see queries.ts): series buckets (batches of 64 ids), the expected
 * band of each series (one call per series, so adding a series asks only for its own), the
 * log-pattern strip, and the workspace's events (asked after the first chart: thousands of them, not needed to draw
 * it). The band and strip are asked once the series for
 * the window are in (and after the first chart only, see priority.ts): the server answers one call
 * at a time, and asked together they made the series of a zoom or pan wait behind them (zoom, data
 * drawn: 73 ms asked after, 221 ms asked together; bench/ui.ts). Until a piece for the new window
 * arrives the previous one stays on screen.
 */
import { useQueries, useQuery } from '@tanstack/react-query';
import type { EventInfo, PatternStrip, SeriesBand, SeriesBuckets } from '../../../core/api/contract';
import type { TimeRange } from '../nav';
import { afterFirstChart } from '../priority';
import { answerOf, call, callKey, errorText, useCall, type Answer } from '../queries';

export interface TimelineData {
  buckets: Map<number, SeriesBuckets>;
  /** The window the buckets on hand were read for (the requested one when none are needed). */
  window: TimeRange;
  /** The request whose buckets are on hand (tests and the speed bench wait on it). */
  bucketsKey: string | null;
  bucketsKeyWanted: string | null;
  bands: Map<number, SeriesBand>;
  strip: PatternStrip | null;
  events: EventInfo[];
  errors: { what: string; error: string }[];
  /** True when every layer on hand is the one for the current window. */
  complete: boolean;
}

/** The contract's limit of ids per `series/range` call. */
const BATCH = 64;
const EMPTY_BUCKETS = new Map<number, SeriesBuckets>();
const EMPTY_BANDS = new Map<number, SeriesBand>();
const ALL_EVENTS = { limit: 20_000 };

interface Buckets {
  map: Map<number, SeriesBuckets>;
  window: TimeRange;
  key: string;
}

/** The series buckets for a window, read in batches of at most 64 ids. */
async function readBuckets(ids: number[], from: number, to: number, width: number, key: string, signal: AbortSignal): Promise<Buckets> {
  const batches: number[][] = [];
  for (let i = 0; i < ids.length; i += BATCH) batches.push(ids.slice(i, i + BATCH));
  const answers = await Promise.all(batches.map((b) => call('series/range', { ids: b, from, to, width }, signal)));
  const map = new Map<number, SeriesBuckets>();
  for (const r of answers) for (const s of r.series) map.set(s.id, s);
  return { map, window: { from, to }, key };
}

/** The bands on hand by series id, whether all are the current ones, and the first error. */
function combineBands(results: { data: SeriesBand | undefined; error: unknown; isPending: boolean; isFetching: boolean; isPlaceholderData: boolean }[]) {
  const bands = new Map<number, SeriesBand>();
  let error: string | null = null;
  let loading = false;
  for (const r of results) {
    if (r.data) bands.set(r.data.id, r.data);
    if (r.error) error ??= errorText(r.error);
    loading ||= answerOf(r, true).loading;
  }
  return { bands, error, loading };
}

export function useTimelineData(opts: {
  ids: number[];
  window: TimeRange;
  width: number;
  band: boolean;
  logs: boolean;
}): TimelineData {
  const { ids, width, band, logs } = opts;
  const from = Math.floor(opts.window.from);
  const to = Math.ceil(opts.window.to);
  const ready = width > 0;

  const primaryKey = ready && ids.length ? `${ids.join(',')}|${from}|${to}|${width}` : null;
  const primary = useQuery({
    queryKey: callKey('series/range', { ids, from, to, width }),
    queryFn: ({ signal }) => readBuckets(ids, from, to, width, primaryKey as string, signal),
    enabled: primaryKey !== null,
  });
  const seriesIn = primaryKey !== null && primary.data?.key === primaryKey && !primary.isPlaceholderData;
  const layersAsked = ready && (seriesIn || !ids.length);

  const bandWidth = Math.max(2, Math.min(width, 800));
  const bandParams = (id: number) => ({ id, from, to, width: bandWidth });
  const bands = useQueries({
    queries: (ready && band ? ids : []).map((id) => ({
      enabled: layersAsked,
      queryKey: callKey('series/band', bandParams(id)),
      queryFn: async ({ signal }: { signal: AbortSignal }) => {
        await afterFirstChart();
        return call('series/band', bandParams(id), signal);
      },
    })),
    combine: combineBands,
  });
  const stripBuckets = Math.max(2, Math.min(400, Math.floor(width / 6)));
  const strip = useCall('logs/strip', layersAsked && logs ? { from, to, buckets: stripBuckets, top: 8 } : null, afterFirstChart);
  const events: Answer<EventInfo[]> = useCall('events/list', ALL_EVENTS, afterFirstChart);

  const errors: { what: string; error: string }[] = [];
  if (primary.error) errors.push({ what: 'Series', error: errorText(primary.error) });
  if (band && bands.error) errors.push({ what: 'Expected band', error: bands.error });
  if (logs && strip.error) errors.push({ what: 'Log patterns', error: strip.error });
  if (events.error) errors.push({ what: 'Events', error: events.error });

  return {
    buckets: primary.data?.map ?? EMPTY_BUCKETS,
    window: ids.length && primary.data ? primary.data.window : { from, to },
    bucketsKey: primary.data?.key ?? null,
    bucketsKeyWanted: primaryKey,
    bands: band ? bands.bands : EMPTY_BANDS,
    strip: logs ? (strip.data ?? null) : null,
    events: events.data ?? [],
    errors,
    complete: ready && (!ids.length || seriesIn) && !bands.loading && !strip.loading && !events.loading,
  };
}
