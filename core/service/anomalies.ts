/**
 * The detection handlers: run the analysis and report its status, list anomalies and change points,
 * mark an anomaly expected, and the learnt normal band of one series.
 */
import type { AnomalyInfo, ChangePointInfo, Handlers } from '../api/contract';
import { ApiError } from '../api/errors';
import type { EventRow } from '../store/statements';
import type { WorkspaceStore } from '../store/workspace';
import { startAnalysis } from './analysis-job';
import { BandCache, bandBuckets } from './band-cache';
import { INTERACTIVE, type ServiceContext } from './context';

type AnomalyHandlers = Pick<
  Handlers,
  'analysis/run' | 'analysis/status' | 'anomalies/list' | 'anomalies/markExpected' | 'changepoints/list' | 'series/band'
>;

/** A stored anomaly event as the UI sees it, with its series' name and labels. */
export function toAnomalyInfo(s: WorkspaceStore, e: EventRow): AnomalyInfo {
  const a = JSON.parse(e.attrs) as Record<string, string>;
  const sid = Number(a.seriesId);
  const row = s.series(sid);
  return {
    id: e.id,
    seriesId: sid,
    seriesName: row?.name ?? '',
    labels: row ? (JSON.parse(row.labels) as Record<string, string>) : {},
    service: e.service,
    start: e.ts,
    end: e.end_ts ?? e.ts,
    peakTs: Number(a.peakTs),
    peakValue: Number(a.peakValue),
    expected: Number(a.expected),
    direction: a.direction === 'down' ? 'down' : 'up',
    severity: (e.severity ?? 'low') as AnomalyInfo['severity'],
    sigmas: Number(a.sigmas),
    rank: Number(a.rank),
  };
}

/** A stored change-point event as the UI sees it. */
function toChangePointInfo(s: WorkspaceStore, e: EventRow): ChangePointInfo {
  const a = JSON.parse(e.attrs) as Record<string, string>;
  const sid = Number(a.seriesId);
  return {
    id: e.id,
    seriesId: sid,
    seriesName: s.series(sid)?.name ?? '',
    service: e.service,
    ts: e.ts,
    kind: a.changeKind as ChangePointInfo['kind'],
    before: Number(a.before),
    after: Number(a.after),
    confidence: Number(a.confidence),
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
        anomalies: s.countDerived('anomaly'),
        changePoints: s.countDerived('changepoint'),
      };
    },

    'anomalies/list': async ({ from, to, service, seriesId, limit }) => {
      const s = ctx.store();
      return s
        .derivedEvents('anomaly', from ?? -Infinity, to ?? Infinity, service ? 100_000 : (limit ?? 200), seriesId)
        .filter((e) => !service || e.service === service)
        .slice(0, limit ?? 200)
        .map((e) => toAnomalyInfo(s, e));
    },

    'anomalies/markExpected': async ({ id, note }) => {
      const s = ctx.store();
      const e = s.event(id);
      if (!e || e.kind !== 'anomaly') throw new ApiError('not-found', `anomalies/markExpected: no anomaly with id ${id}`, 'id');
      const attrs = JSON.parse(e.attrs) as Record<string, string>;
      s.transaction(() => {
        s.addFeedback(Number(attrs.seriesId), e.ts, e.end_ts ?? e.ts, 'expected', note ?? '');
        s.deleteEvent(id);
      });
      ctx.bands.clear();
      return { ok: true as const };
    },

    'changepoints/list': async ({ from, to, service, seriesId, limit }) => {
      const s = ctx.store();
      return s
        .derivedEvents('changepoint', from ?? -Infinity, to ?? Infinity, 100_000, seriesId)
        .filter((e) => !service || e.service === service)
        .slice(0, limit ?? 200)
        .map((e) => toChangePointInfo(s, e));
    },

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
        ranges: s.derivedEvents('anomaly', lo, hi, 10_000, id).map((e) => toAnomalyInfo(s, e)),
        notes: band.notes,
      };
    },
  };
}
