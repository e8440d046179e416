/**
 * The detection handlers: run the analysis and report its status, list anomalies and change points,
 * mark an anomaly expected, and the learnt normal band of one series.
 */
import type { AnomalyInfo, Handlers } from '../api/contract';
import { ApiError } from '../api/errors';
import { detectAnomalies } from '../analysis/timeseries/anomaly';
import type { AnomalyRow } from '../store/statements';
import { startAnalysis } from './analysis-job';
import { BandCache, bandBuckets } from './band-cache';
import type { ServiceContext } from './context';

type AnomalyHandlers = Pick<
  Handlers,
  'analysis/run' | 'analysis/status' | 'anomalies/list' | 'anomalies/markExpected' | 'changepoints/list' | 'series/band'
>;

/** An anomaly_ranges row as the contract shows it. */
export function toAnomalyInfo(a: AnomalyRow): AnomalyInfo {
  return {
    id: a.id,
    seriesId: a.seriesId,
    seriesName: a.seriesName,
    labels: JSON.parse(a.labels) as Record<string, string>,
    service: a.service,
    start: a.start,
    end: a.end,
    peakTs: a.peakTs,
    peakValue: a.peakValue ?? Number.NaN,
    expected: a.expected ?? Number.NaN,
    direction: a.direction,
    severity: a.severity,
    sigmas: a.sigmas,
    rank: a.rank,
  };
}

export function anomalyHandlers(ctx: ServiceContext): AnomalyHandlers {
  return {
    'analysis/run': async (p) => ({ jobId: startAnalysis(ctx, p) }),

    'analysis/status': async () => {
      const s = ctx.store();
      const v = s.getMeta('analysed_version');
      return {
        dataVersion: s.dataVersion,
        analysedVersion: v === undefined ? null : Number(v),
        running: ctx.jobs.list().find((j) => j.kind === 'analysis' && j.state === 'running')?.jobId ?? null,
        series: s.counts().series,
        anomalies: s.countAnomalies(),
        changePoints: s.countChangePoints(),
      };
    },

    'anomalies/list': async ({ from, to, service, seriesId, limit }) =>
      ctx.store().anomalies({ from, to, service, seriesId, limit: limit ?? 200 }).map(toAnomalyInfo),

    'anomalies/markExpected': async ({ id, note }) => {
      const s = ctx.store();
      const a = s.anomaly(id);
      if (!a || a.state !== 'open') throw new ApiError('not-found', `anomalies/markExpected: no anomaly with id ${id}`, 'id');
      // Waits (without blocking this thread) while an import or analysis writes.
      await s.writeTransaction(() => {
        s.addFeedback(a.seriesId, a.start, a.end, 'expected', note ?? '');
        s.markAnomalyExpected(id);
      });
      ctx.bands.clear();
      return { ok: true as const };
    },

    'changepoints/list': async ({ from, to, service, seriesId, limit }) =>
      ctx.store().changePoints({ from, to, service, seriesId, limit: limit ?? 200 }),

    'series/band': async ({ id, from, to, width }) => {
      const s = ctx.store();
      const row = s.series(id);
      if (!row) throw new ApiError('not-found', `series/band: no series with id ${id}`, 'id');
      const key = BandCache.key(id, s.dataVersion, s.getMeta('feedback_version') ?? 0);
      let band = ctx.bands.get(key);
      if (!band) {
        const { ts, values } = s.readSamples(id);
        band = { ...detectAnomalies(ts, values, { exclude: s.expectedRanges(id) }), ts };
        ctx.bands.set(key, band);
      }
      const lo = from ?? row.first_ts ?? 0;
      const hi = to ?? (row.last_ts ?? 0) + 1;
      const out = hi > lo ? bandBuckets(band, lo, hi, width) : { t: [], expected: [], lower: [], upper: [] };
      return {
        id,
        method: band.ts.length ? band.method : 'none',
        periodsMs: band.periodsMs,
        ...out,
        ranges: s.anomalies({ from: lo, to: hi, seriesId: id }).map(toAnomalyInfo),
        notes: band.notes,
      };
    },
  };
}
