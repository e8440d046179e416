/**
 * The detection handlers: run the analysis and report its status, list anomalies and change points,
 * mark an anomaly expected, and the learnt normal band of one series.
 */
import type { AnomalyEpisodeInfo, AnomalyInfo, Handlers, Severity } from '../api/contract';
import { EPISODE_KIND } from '../jobs/steps/episodes';
import type { EventRow } from '../store/statements';
import { ApiError } from '../api/errors';
import type { AnomalyRow } from '../store/statements';
import { startAnalysis } from './analysis-job';
import { BandCache, bandBuckets } from './band-cache';
import { INTERACTIVE, type ServiceContext } from './context';

type AnomalyHandlers = Pick<
  Handlers,
  'analysis/run' | 'analysis/status' | 'anomalies/list' | 'anomalies/episodes' | 'anomalies/markExpected' | 'changepoints/list' | 'series/band'
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

/** An 'anomaly-episode' event as the contract shows it (its attrs hold the ranking and the member ids). */
export function toEpisodeInfo(e: EventRow): AnomalyEpisodeInfo {
  const a = JSON.parse(e.attrs) as Record<string, string>;
  return {
    id: e.id,
    service: e.service,
    start: e.ts,
    end: e.end_ts ?? e.ts,
    title: e.title,
    severity: (e.severity ?? 'low') as Severity,
    score: Number(a.score ?? 0),
    series: Number(a.series ?? 0),
    peakSigmas: Number(a.peakSigmas ?? 0),
    members: (a.members ?? '').split(',').filter(Boolean).map(Number),
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

    'anomalies/episodes': async ({ from, to, service, limit }) =>
      ctx
        .store()
        .events(from ?? Number.NEGATIVE_INFINITY, to ?? Number.POSITIVE_INFINITY, Number.MAX_SAFE_INTEGER, [EPISODE_KIND])
        .filter((e) => service === undefined || e.service === service)
        .map(toEpisodeInfo)
        .sort((a, b) => b.score - a.score || a.start - b.start)
        .slice(0, limit ?? 200),

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

    'series/band': async ({ id, from, to, width }, call) => {
      const s = ctx.store();
      const row = s.series(id);
      if (!row) throw new ApiError('not-found', `series/band: no series with id ${id}`, 'id');
      const key = BandCache.key(id, s.dataVersion, s.getMeta('feedback_version') ?? 0);
      let band = ctx.bands.get(key);
      if (!band) {
        band = await ctx.pool.run('band', { workspace: s.file, seriesId: id }, { signal: call?.signal, ...INTERACTIVE });
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
