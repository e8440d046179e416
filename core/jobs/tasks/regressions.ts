/**
 * Release regressions of a workspace: every production deploy (rollbacks included) judged by its service's key
 * metrics after it against the same hours before it (core/analysis/regressions). The series are read here, in the
 * worker pool, one service at a time with progress and cancel between services.
 */
import { isMitigation } from '../../analysis/incidents/changes';
import { releaseRegressions, type ReleaseEvent } from '../../analysis/regressions/releases';
import { DAY_MS, DEFAULT_COMPARE } from '../../analysis/regressions/compare';
import type { MetricSeries } from '../../analysis/regressions/metrics';
import type { RegressionsOverview } from '../../api/regressions';
import { formatQuantity, inferUnit } from '../../api/units';
import { throwIfCancelled } from '../../base/cancel';
import type { SeriesRow } from '../../store/statements';
import { WorkspaceStore } from '../../store/workspace';
import { changeSignal } from '../steps/incidents';
import type { Task } from '../protocol';

export interface RegressionsInput {
  workspace: string;
  service?: string;
  asOf?: number;
}

const ALL = 10_000_000;

/** The production deploys of the store as releases (a rollback, revert or hotfix marked as such). */
export function releasesOf(store: WorkspaceStore, service?: string): ReleaseEvent[] {
  return store
    .events(-Infinity, Infinity, ALL, ['deploy'])
    .filter((e) => service === undefined || e.service === service)
    .map((e) => {
      const change = changeSignal(e);
      return { eventId: e.id, ts: e.ts, endTs: e.end_ts, service: e.service, title: e.title, version: change.version ?? null, mitigation: isMitigation(change) };
    });
}

/** A stored series with its samples over [from, to) and the unit its name or export gives. */
function metricSeries(store: WorkspaceStore, row: SeriesRow, from: number, to: number): MetricSeries {
  const { ts, values } = store.readSamples(row.id, from, to);
  return { seriesId: row.id, name: row.name, labels: JSON.parse(row.labels) as Record<string, string>, service: row.service, unit: inferUnit(row.name, row.unit), ts, values };
}

/** Every release of the store judged, in time order (see the file's header). */
export function regressionsOverview(store: WorkspaceStore, input: Omit<RegressionsInput, 'workspace'>, onItem: (done: number, total: number, what: string) => void = () => undefined, signal?: AbortSignal): RegressionsOverview {
  const releases = releasesOf(store, input.service);
  const services = [...new Set(releases.map((r) => r.service ?? ''))];
  const rows = store.listSeries('', Number.MAX_SAFE_INTEGER);
  const out: RegressionsOverview['releases'] = [];
  services.forEach((service, done) => {
    throwIfCancelled(signal);
    onItem(done, services.length, `releases of ${service || 'no service'}`);
    const mine = releases.filter((r) => (r.service ?? '') === service);
    const from = Math.min(...mine.map((r) => r.ts)) - (DEFAULT_COMPARE.lookbackDays + 1) * DAY_MS;
    const to = Math.min(Math.max(...mine.map((r) => r.ts)) + 2 * DAY_MS, input.asOf ?? Infinity);
    const series = service ? rows.filter((r) => r.service === service).map((r) => metricSeries(store, r, from, to)) : [];
    out.push(...releaseRegressions(mine, series, { asOf: input.asOf, format: formatQuantity }));
  });
  out.sort((a, b) => a.ts - b.ts || a.eventId - b.eventId);
  const counts: RegressionsOverview['counts'] = { regressed: 0, improved: 0, 'no-change': 0, 'not-enough-data': 0 };
  for (const r of out) counts[r.verdict]++;
  return { releases: out, asOf: input.asOf ?? null, counts };
}

export const regressionsTask: Task<RegressionsInput, RegressionsOverview> = async (input, ctx) => {
  const store = WorkspaceStore.open(input.workspace, { readonly: true });
  try {
    return regressionsOverview(store, input, (done, total, message) => ctx.progress({ done, total, unit: 'items', message }), ctx.signal);
  } finally {
    store.close();
  }
};
