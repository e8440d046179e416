/**
 * A Hindsight session: the open workspace, the job pool, and one handler per contract method.
 * Both shells (Electron IPC and HTTP) call `invoke`; nothing else reaches the store.
 */
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { basename, dirname, join, resolve } from 'node:path';
import {
  contract,
  type AnomalyInfo,
  type AppInfo,
  type EventInfo,
  type Handlers,
  type MethodName,
  type RecentWorkspace,
  type ServerEvents,
  type SeriesInfo,
  type WorkspaceInfo,
} from '../api/contract';
import { ApiError, paramsError } from '../api/errors';
import { JobPool, type MakeWorker } from '../jobs/pool';
import { StoreError } from '../store/errors';
import type { SeriesRow } from '../store/statements';
import { WorkspaceStore } from '../store/workspace';
import { minMaxBuckets } from '../analysis/downsample';
import type { AnomalyResult } from '../analysis/timeseries/anomaly-types';
import { detectAnomalies } from '../analysis/timeseries/anomaly';
import type { ForecastResult } from '../analysis/timeseries/forecast';
import type { ThresholdResult } from '../analysis/timeseries/threshold';
import type { EventRow } from '../store/statements';
import { compareRanges } from './compare';
import { JobManager } from './jobs';
import { logHandlers } from './logs';

export interface ServiceOptions {
  makeWorker: MakeWorker;
  /** Where recent workspaces and the demo live (e.g. ~/.hindsight or Electron's userData). */
  dataDir: string;
  shell: 'electron' | 'browser';
  version?: string;
  poolSize?: number;
}

type Listener = (event: string, data: unknown) => void;

export const WORKSPACE_EXT = '.hindsight';
const RECENT_MAX = 12;

export class Service {
  private store: WorkspaceStore | null = null;
  private readonly listeners = new Set<Listener>();
  private readonly pool: JobPool;
  private readonly jobs: JobManager;
  /** Learnt bands per series, for the current data and feedback (the detector is cheap, but not free). */
  private readonly bands = new Map<string, AnomalyResult & { ts: Float64Array; values: Float64Array }>();
  readonly handlers: Handlers;

  constructor(private readonly opts: ServiceOptions) {
    mkdirSync(opts.dataDir, { recursive: true, mode: 0o700 }); // private to this user (issue 10)
    this.pool = new JobPool(opts.makeWorker, opts.poolSize);
    this.jobs = new JobManager(this.pool, (e, d) => this.emit(e, d));
    this.handlers = this.makeHandlers();
  }

  /** Subscribes to push events; returns its own unsubscribe. */
  listen(cb: Listener): () => void {
    this.listeners.add(cb);
    return () => this.listeners.delete(cb);
  }

  private emit<E extends keyof ServerEvents>(event: E, data: ServerEvents[E]): void {
    for (const l of this.listeners) l(event, data);
  }

  /** Validates params against the contract and runs the handler. Throws ApiError. */
  async invoke(method: string, params: unknown): Promise<unknown> {
    if (!Object.hasOwn(contract, method)) throw new ApiError('unknown-method', `unknown method "${method}"`);
    const name = method as MethodName;
    const parsed = contract[name].params.safeParse(params ?? {});
    if (!parsed.success) throw paramsError(name, parsed.error);
    try {
      return await (this.handlers[name] as (p: unknown) => Promise<unknown>)(parsed.data);
    } catch (err) {
      if (err instanceof ApiError) throw err;
      if (err instanceof StoreError) throw new ApiError(err.code === 'not-found' ? 'not-found' : 'failed', err.message);
      throw Object.assign(new ApiError('failed', err instanceof Error ? err.message : String(err)), { cause: err }); // shells decide what to show
    }
  }

  /** Opens a workspace file for this session (closing the previous one). */
  openWorkspace(path: string, create = false): WorkspaceInfo {
    const file = resolve(create && !path.endsWith(WORKSPACE_EXT) ? `${path}${WORKSPACE_EXT}` : path);
    if (create) mkdirSync(dirname(file), { recursive: true });
    const next = WorkspaceStore.open(file, { create });
    this.store?.close();
    this.store = next;
    this.remember(file);
    return this.info();
  }

  async close(): Promise<void> {
    await this.pool.close();
    this.store?.close();
    this.store = null;
  }

  /**
   * From the UI, a bare name ("checkout-outage") means a workspace in the data folder, so a person in
   * browser mode never has to know the server's paths. Paths with a folder are taken as they are.
   */
  private inDataDir(path: string): string {
    if (/[\\/]/.test(path)) return path;
    const name = path.endsWith(WORKSPACE_EXT) ? path : `${path}${WORKSPACE_EXT}`;
    return join(this.opts.dataDir, 'workspaces', name);
  }

  get demoDir(): string {
    return join(this.opts.dataDir, 'demo');
  }

  get demoWorkspace(): string {
    return join(this.opts.dataDir, `demo${WORKSPACE_EXT}`);
  }

  private requireStore(): WorkspaceStore {
    if (!this.store) throw new ApiError('no-workspace', 'no workspace is open: create or open one first');
    return this.store;
  }

  private info(): WorkspaceInfo {
    const s = this.requireStore();
    return {
      path: s.file,
      name: basename(s.file, WORKSPACE_EXT),
      dataVersion: s.dataVersion,
      counts: s.counts(),
      timeRange: s.timeRange(),
    };
  }

  private recentFile(): string {
    return join(this.opts.dataDir, 'recent.json');
  }

  private recent(): RecentWorkspace[] {
    try {
      const list = JSON.parse(readFileSync(this.recentFile(), 'utf8')) as RecentWorkspace[];
      return Array.isArray(list) ? list.filter((r) => existsSync(r.path)) : [];
    } catch {
      return [];
    }
  }

  private remember(file: string): void {
    const list = [
      { path: file, name: basename(file, WORKSPACE_EXT), openedAt: Date.now() },
      ...this.recent().filter((r) => r.path !== file),
    ].slice(0, RECENT_MAX);
    writeFileSync(this.recentFile(), JSON.stringify(list, null, 2));
  }

  /** After new data lands: tell the UI, then learn normal and flag anomalies on it (cached when unchanged). */
  private afterImport = (): void => {
    if (!this.store) return;
    this.emit('workspace/changed', { dataVersion: this.store.dataVersion });
    this.startAnalysis({});
  };

  private startAnalysis(p: { seriesIds?: number[]; intervalWidth?: number }): string {
    const s = this.requireStore();
    const running = this.jobs.list().find((j) => j.kind === 'analysis' && j.state === 'running');
    if (running && !p.seriesIds) return running.jobId;
    const n = p.seriesIds?.length;
    return this.jobs.start(
      'analysis',
      n ? `Analysing ${n} series` : 'Learning normal and flagging anomalies',
      'analyse',
      { workspace: s.file, ...p },
      () => {
        this.bands.clear();
        if (this.store) this.emit('workspace/changed', { dataVersion: this.store.dataVersion });
      },
    );
  }

  private makeHandlers(): Handlers {
    return {
      'app/info': async (): Promise<AppInfo> => ({
        version: this.opts.version ?? '0.0.0',
        shell: this.opts.shell,
        workspace: this.store ? this.info() : null,
        localZone: Intl.DateTimeFormat().resolvedOptions().timeZone,
      }),

      'workspace/recent': async () => this.recent(),
      'workspace/open': async ({ path }) => this.openWorkspace(this.inDataDir(path)),
      'workspace/create': async ({ path }) => this.openWorkspace(this.inDataDir(path), true),

      'workspace/openDemo': async () => {
        const ws = this.openWorkspace(this.demoWorkspace, true);
        if (ws.counts.sources > 0) return { jobId: null, workspace: ws };
        const running = this.jobs.list().find((j) => j.kind === 'demo' && j.state === 'running');
        if (running) return { jobId: running.jobId, workspace: ws };
        const jobId = this.jobs.start(
          'demo',
          'Preparing the demo workspace',
          'demo',
          { demoDir: this.demoDir, workspace: ws.path },
          this.afterImport,
        );
        return { jobId, workspace: ws };
      },

      'workspace/summary': async () => {
        const s = this.requireStore();
        return {
          ...this.info(),
          sources: s.sources().map((r) => ({
            path: r.path,
            format: r.format,
            kind: r.kind,
            bytes: r.bytes,
            zone: r.zone,
            accepted: r.rows_accepted,
            rejected: r.rows_rejected,
            notes: JSON.parse(r.notes) as string[],
          })),
          services: s.perService(),
        };
      },

      'import/start': async ({ paths, zone, skipBadLines }) => {
        const s = this.requireStore();
        const title = paths.length === 1 ? `Importing ${basename(paths[0])}` : `Importing ${paths.length} inputs`;
        const jobId = this.jobs.start(
          'import',
          title,
          'import',
          { workspace: s.file, paths: paths.map((p) => resolve(p)), zone, skipBadLines },
          this.afterImport,
        );
        return { jobId };
      },

      'job/cancel': async ({ jobId }) => ({ cancelled: this.jobs.cancel(jobId) }),
      'job/list': async () => this.jobs.list(),

      'series/list': async ({ query, limit }) => {
        const s = this.requireStore();
        const stats = s.anomalyStats();
        return s.listSeries(query, limit).map((r) => toSeriesInfo(r, stats.get(r.id)));
      },

      'series/range': async ({ ids, from, to, width }) => {
        const s = this.requireStore();
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

      'events/list': async ({ from, to, kinds, limit }): Promise<EventInfo[]> => {
        const rows = this.requireStore().events(from ?? -Infinity, to ?? Infinity, limit);
        return rows
          .filter((r) => !kinds || kinds.includes(r.kind))
          .map((r) => ({
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

      'analysis/run': async (p) => ({ jobId: this.startAnalysis(p) }),
      'analysis/status': async () => {
        const s = this.requireStore();
        const v = s.getMeta('analysed_version');
        return {
          dataVersion: s.dataVersion,
          analysedVersion: v === undefined ? null : Number(v),
          running: this.jobs.list().find((j) => j.kind === 'analysis' && j.state === 'running')?.jobId ?? null,
          series: s.counts().series,
          anomalies: s.countDerived('anomaly'),
          changePoints: s.countDerived('changepoint'),
        };
      },
      'anomalies/list': async ({ from, to, service, seriesId, limit }) => {
        const s = this.requireStore();
        return s
          .derivedEvents('anomaly', from ?? -Infinity, to ?? Infinity, service ? 100_000 : (limit ?? 200), seriesId)
          .filter((e) => !service || e.service === service)
          .slice(0, limit ?? 200)
          .map((e) => toAnomalyInfo(s, e));
      },
      'anomalies/markExpected': async ({ id, note }) => {
        const s = this.requireStore();
        const e = s.event(id);
        if (!e || e.kind !== 'anomaly') throw new ApiError('not-found', `anomalies/markExpected: no anomaly with id ${id}`, 'id');
        const attrs = JSON.parse(e.attrs) as Record<string, string>;
        s.transaction(() => {
          s.addFeedback(Number(attrs.seriesId), e.ts, e.end_ts ?? e.ts, 'expected', note ?? '');
          s.deleteEvent(id);
        });
        this.bands.clear();
        return { ok: true as const };
      },
      'changepoints/list': async ({ from, to, service, seriesId, limit }) => {
        const s = this.requireStore();
        return s
          .derivedEvents('changepoint', from ?? -Infinity, to ?? Infinity, 100_000, seriesId)
          .filter((e) => !service || e.service === service)
          .slice(0, limit ?? 200)
          .map((e) => {
            const a = JSON.parse(e.attrs) as Record<string, string>;
            const sid = Number(a.seriesId);
            return {
              id: e.id,
              seriesId: sid,
              seriesName: s.series(sid)?.name ?? '',
              service: e.service,
              ts: e.ts,
              kind: a.changeKind as 'level' | 'trend' | 'variance',
              before: Number(a.before),
              after: Number(a.after),
              confidence: Number(a.confidence),
            };
          });
      },
      'series/band': async ({ id, from, to, width }) => {
        const s = this.requireStore();
        const row = s.series(id);
        if (!row) throw new ApiError('not-found', `series/band: no series with id ${id}`, 'id');
        const key = `${id}|${s.dataVersion}|${s.getMeta('feedback_version') ?? 0}`;
        let band = this.bands.get(key);
        if (!band) {
          const { ts, values } = s.readSamples(id);
          band = { ...detectAnomalies(ts, values, { exclude: s.expectedRanges(id) }), ts, values };
          if (this.bands.size > 256) this.bands.clear();
          this.bands.set(key, band);
        }
        const lo = from ?? row.first_ts ?? 0;
        const hi = to ?? (row.last_ts ?? 0) + 1;
        const out = hi > lo ? bandBuckets(band.ts, band.expected, band.lower, band.upper, lo, hi, width) : { t: [], expected: [], lower: [], upper: [] };
        return {
          id,
          method: band.ts.length ? band.method : 'none',
          periodsMs: band.periodsMs,
          ...out,
          ranges: s.derivedEvents('anomaly', lo, hi, 10_000, id).map((e) => toAnomalyInfo(s, e)),
          notes: band.notes,
        };
      },
      'series/forecast': async ({ id, horizon, level, threshold }) => {
        const s = this.requireStore();
        if (!s.series(id)) throw new ApiError('not-found', `series/forecast: no series with id ${id}`, 'id');
        const r = await this.pool.run<{ forecast: ForecastResult; threshold: ThresholdResult | null }>('forecast', {
          workspace: s.file,
          seriesId: id,
          horizon,
          level,
          threshold,
        });
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
      ...logHandlers(() => this.requireStore()),
      'compare/ranges': async (p) => compareRanges(this.requireStore(), p),
    };
  }
}

/** Expected value (mean), lower (min) and upper (max) of the band per pixel bucket over [from, to). */
function bandBuckets(
  ts: Float64Array,
  expected: Float64Array,
  lower: Float64Array,
  upper: Float64Array,
  from: number,
  to: number,
  width: number,
): { t: number[]; expected: number[]; lower: number[]; upper: number[] } {
  const e = minMaxBuckets(ts, expected, from, to, width);
  const l = minMaxBuckets(ts, lower, from, to, width);
  const u = minMaxBuckets(ts, upper, from, to, width);
  // Buckets where any of the three is missing are dropped from all, so the arrays stay aligned.
  const lt = new Map(Array.from(l.t, (t, i) => [t, l.min[i]]));
  const ut = new Map(Array.from(u.t, (t, i) => [t, u.max[i]]));
  const out = { t: [] as number[], expected: [] as number[], lower: [] as number[], upper: [] as number[] };
  e.t.forEach((t, i) => {
    const lo = lt.get(t);
    const hi = ut.get(t);
    if (lo === undefined || hi === undefined) return;
    out.t.push(t);
    out.expected.push(e.avg[i]);
    out.lower.push(lo);
    out.upper.push(hi);
  });
  return out;
}

function toAnomalyInfo(s: WorkspaceStore, e: EventRow): AnomalyInfo {
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

function toSeriesInfo(r: SeriesRow, stats?: { n: number; top: number }): SeriesInfo {
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
