/**
 * Everything the timeline draws, read for the current window at the plot's pixel width:
 * series buckets (the drawn data; batches of 64 ids), then the slower layers together (expected
 * bands, one call per series, and the log-pattern strip), and the workspace's events (read once
 * per data version). The layers are asked only once the series for this window are on hand, so
 * they never delay the redraw that follows a zoom or pan, and arrive as one more redraw.
 */
import type { EventInfo, PatternStrip, SeriesBand, SeriesBuckets } from '../../../core/api/contract';
import { api } from '../api';
import { afterFirstChart } from '../priority';
import type { TimeRange } from '../nav';
import { useQuery } from './useQuery';

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

interface Layers {
  bands: Map<number, SeriesBand>;
  bandError: string | null;
  strip: PatternStrip | null;
  stripError: string | null;
}

const EMPTY_BUCKETS = new Map<number, SeriesBuckets>();
const EMPTY_BANDS = new Map<number, SeriesBand>();

const message = (e: unknown): string => (e instanceof Error ? e.message : String(e));

export function useTimelineData(opts: {
  ids: number[];
  window: TimeRange;
  width: number;
  dataVersion: number;
  epoch: number;
  band: boolean;
  logs: boolean;
}): TimelineData {
  const { ids, width, dataVersion, epoch, band, logs } = opts;
  const from = Math.floor(opts.window.from);
  const to = Math.ceil(opts.window.to);
  const idKey = ids.join(',');
  const base = `${from}|${to}|${width}|${dataVersion}`;
  const ready = width > 0;

  const primaryKey = ready && ids.length ? `${idKey}|${base}` : null;
  const primary = useQuery(primaryKey, async () => {
    const map = new Map<number, SeriesBuckets>();
    const batches: number[][] = [];
    for (let i = 0; i < ids.length; i += 64) batches.push(ids.slice(i, i + 64));
    const answers = await Promise.all(batches.map((b) => api.invoke('series/range', { ids: b, from, to, width })));
    for (const r of answers) for (const s of r.series) map.set(s.id, s);
    return { map, window: { from, to } };
  });
  const seriesIn = primaryKey !== null && primary.key === primaryKey;

  const buckets = Math.max(2, Math.min(400, Math.floor(width / 6)));
  const wantLayers = ready && (band || logs) && (seriesIn || !ids.length);
  const layers = useQuery<Layers>(wantLayers ? `${idKey}|${base}|${epoch}|${band}|${logs}` : null, async () => {
    await afterFirstChart();
    const bandCalls = band
      ? ids.map((id) => api.invoke('series/band', { id, from, to, width: Math.max(2, Math.min(width, 800)) }))
      : [];
    const stripCall = logs ? api.invoke('logs/strip', { from, to, buckets, top: 8 }) : Promise.resolve(null);
    const [bandsSettled, stripSettled] = await Promise.all([Promise.allSettled(bandCalls), Promise.allSettled([stripCall])]);
    const out: Layers = { bands: new Map(), bandError: null, strip: null, stripError: null };
    for (const r of bandsSettled) {
      if (r.status === 'fulfilled') out.bands.set(r.value.id, r.value);
      else out.bandError ??= message(r.reason);
    }
    const s = stripSettled[0];
    if (s.status === 'fulfilled') out.strip = s.value;
    else out.stripError = message(s.reason);
    return out;
  });
  const events = useQuery(`${dataVersion}`, () => api.invoke('events/list', { limit: 20_000 }));

  const errors: { what: string; error: string }[] = [];
  if (primary.error) errors.push({ what: 'Series', error: primary.error });
  if (layers.data?.bandError) errors.push({ what: 'Expected band', error: layers.data.bandError });
  if (layers.data?.stripError) errors.push({ what: 'Log patterns', error: layers.data.stripError });
  if (layers.error) errors.push({ what: 'Bands and log patterns', error: layers.error });
  if (events.error) errors.push({ what: 'Events', error: events.error });

  return {
    buckets: primary.data?.map ?? EMPTY_BUCKETS,
    window: ids.length && primary.data ? primary.data.window : { from, to },
    bucketsKey: primary.key,
    bucketsKeyWanted: primaryKey,
    bands: band ? (layers.data?.bands ?? EMPTY_BANDS) : EMPTY_BANDS,
    strip: logs ? (layers.data?.strip ?? null) : null,
    events: events.data ?? [],
    errors,
    complete: ready && (!ids.length || seriesIn) && !layers.loading && !events.loading,
  };
}
