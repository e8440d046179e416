/** The series handlers: the list with anomaly counts, downsampled ranges for charts, and forecasts (in the pool). */
import type { Handlers, SeriesInfo } from '../api/contract';
import { ApiError } from '../api/errors';
import type { SeriesRow } from '../store/statements';
import type { ServiceContext } from './context';

type SeriesHandlers = Pick<Handlers, 'series/list' | 'series/range' | 'series/forecast'>;

/** A stored series as the UI sees it, with its open anomaly count and worst score. */
export function toSeriesInfo(r: SeriesRow, stats?: { n: number; top: number }): SeriesInfo {
  return {
    anomalies: stats?.n ?? 0,
    anomalyScore: stats?.top ?? 0,
    id: r.id,
    name: r.name,
    labels: JSON.parse(r.labels) as Record<string, string>,
    service: r.service,
    unit: r.unit,
    firstTs: r.first_ts,
    lastTs: r.last_ts,
    count: r.count,
  };
}

export function seriesHandlers(ctx: ServiceContext): SeriesHandlers {
  return {
    'series/list': async ({ query, limit }) => {
      const s = ctx.store();
      const stats = s.anomalyStats();
      return s.listSeries(query, limit).map((r) => toSeriesInfo(r, stats.get(r.id)));
    },

    'series/range': async ({ ids, from, to, width }) => {
      const s = ctx.store();
      const rows = ids.map((id) => {
        const row = s.series(id);
        if (!row) throw new ApiError('not-found', `series/range: no series with id ${id}`, 'ids');
        return row;
      });
      const lo = from ?? Math.min(...rows.map((r) => r.first_ts ?? Infinity));
      const hi = to ?? Math.max(...rows.map((r) => r.last_ts ?? -Infinity)) + 1;
      if (!Number.isFinite(lo) || !Number.isFinite(hi) || hi <= lo) {
        return { from: lo, to: hi, series: rows.map((r) => ({ id: r.id, t: [], min: [], max: [], avg: [], source: 'raw' as const })) };
      }
      return {
        from: lo,
        to: hi,
        series: rows.map((r) => {
          const b = s.readBuckets(r.id, lo, hi, width);
          return { id: r.id, t: [...b.t], min: [...b.min], max: [...b.max], avg: [...b.avg], source: b.source };
        }),
      };
    },

    'series/forecast': async ({ id, horizon, level, threshold }, call) => {
      const s = ctx.store();
      if (!s.series(id)) throw new ApiError('not-found', `series/forecast: no series with id ${id}`, 'id');
      const r = await ctx.pool.run('forecast', { workspace: s.file, seriesId: id, horizon, level, threshold }, { signal: call?.signal });
      const f = r.forecast;
      const t = r.threshold;
      return {
        id,
        model: f.model ?? 'none',
        t: f.points.map((p) => p.ts),
        forecast: f.points.map((p) => p.forecast),
        lower: f.points.map((p) => p.lower),
        upper: f.points.map((p) => p.upper),
        level: f.level,
        backtest: f.backtest.perModel.map(({ model, smape, mase, coverage }) => ({ model, smape, mase, coverage })),
        ...(t
          ? {
              threshold: {
                value: t.threshold,
                sentence: t.sentence,
                probability: t.probability,
                etaMs: t.expected?.afterMs ?? null,
                lowMs: t.earliest?.afterMs ?? null,
                highMs: t.latest?.afterMs ?? null,
              },
            }
          : {}),
        notes: [...f.notes, ...(t?.notes ?? [])],
      };
    },
  };
}
