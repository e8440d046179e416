/**
 * The incident handlers: the list of the workspace's incidents, one incident's page (its stored detail
 * with the evidence in time order, the changes with what they changed and their before/after, the map
 * of affected services and the causes' series), incidents like it, the chronic-noise alerts, and a
 * person's verdict on a cause. The `incidents` analysis step stores them (core/store/incidents.ts, JSON detail); here the
 * JSON becomes the shared shapes.
 */
import type {
  CauseVerdict,
  ChangeEffect,
  Evidence,
  Handlers,
  Incident,
  IncidentChange,
  IncidentDetail,
  IncidentMapNode,
  IncidentRow,
  NoiseAlert,
  NoiseAlertInfo,
  RankedChange,
  ServiceEdge,
  SimilarIncidentInfo,
} from '../api/contract';
import { ApiError } from '../api/errors';
import { changeSignal } from '../jobs/steps/incidents';
import {
  loadCauseVerdicts,
  loadIncident,
  loadIncidents,
  loadNoiseAlerts,
  recordCauseVerdict,
  type IncidentRow as StoredIncident,
} from '../store/incidents';
import type { WorkspaceStore } from '../store/workspace';
import type { ServiceContext } from './context';
import { postmortemKnownIncidents } from './postmortem-knowledge';
import { toSeriesInfo } from './series';
import { similarIncidents } from '../analysis/incidents/similar';

type IncidentHandlers = Pick<Handlers, 'incidents/list' | 'incidents/get' | 'incidents/noise' | 'incidents/similar' | 'incidents/feedback'>;

const SEVERITY_ORDER: Record<Incident['severity'], number> = { critical: 4, high: 3, medium: 2, low: 1 };
/** Neighbours (services next to an affected one that stayed normal) drawn on the map at most. */
const MAP_NEIGHBOURS = 6;
/** A change's before/after windows: as long as the incident, at least EFFECT_MIN_MS, at most EFFECT_MAX_MS. */
const EFFECT_MIN_MS = 15 * 60_000;
const EFFECT_MAX_MS = 3_600_000;

/** A JSON object stored as text; an empty object when the text is not one (never throws). */
function parseDetail<T extends object>(text: string): Partial<T> {
  try {
    const value = JSON.parse(text) as unknown;
    return value && typeof value === 'object' && !Array.isArray(value) ? (value as Partial<T>) : {};
  } catch {
    return {};
  }
}

/**
 * A stored incident as the shared shape: its `detail` JSON, with the stored columns (key, times,
 * severity, summary, kind) taking precedence and every list defaulting to empty, so a detail written
 * by an older run still reads.
 */
export function parseIncident(row: StoredIncident): Incident {
  const detail = parseDetail<Partial<Incident>>(row.detail);
  const severity = (row.severity in SEVERITY_ORDER ? row.severity : (detail.severity ?? 'low')) as Incident['severity'];
  return {
    ...detail,
    id: row.key,
    start: row.start,
    end: row.end,
    onset: row.onset,
    severity,
    services: detail.services ?? (row.rootService ? [row.rootService] : []),
    blastRadius: detail.blastRadius ?? 0,
    kind: (row.kind || detail.kind || 'unknown') as Incident['kind'],
    kindProbability: detail.kindProbability ?? 0,
    summary: row.summary || detail.summary || '',
    rootCauses: detail.rootCauses ?? [],
    changes: detail.changes ?? [],
    mitigations: detail.mitigations ?? [],
    alerts: detail.alerts ?? [],
    logPatterns: detail.logPatterns ?? [],
    members: detail.members ?? { anomalies: [], changePoints: [], patterns: [], alerts: [] },
    fingerprint: detail.fingerprint ?? [],
  };
}

/** The first sentence of a summary (up to its first full stop followed by a space). */
export function headline(summary: string): string {
  const m = /^(.+?[.!?])(\s|$)/s.exec(summary.trim());
  return (m ? m[1] : summary).trim();
}

/** An incident as a row of the list. */
export function toIncidentRow(i: Incident): IncidentRow {
  return {
    id: i.id,
    start: i.start,
    end: i.end,
    onset: i.onset,
    severity: i.severity,
    services: i.services,
    blastRadius: i.blastRadius,
    kind: i.kind,
    kindProbability: i.kindProbability,
    likelyCause: i.rootCauses[0]?.service ?? null,
    likelyChange: i.changes[0]?.title ?? null,
    alerts: i.alerts.reduce((n, a) => n + a.count, 0),
    headline: headline(i.summary),
  };
}

/** Most severe first, then the most recent onset first. */
export function byUrgency(a: { severity: Incident['severity']; onset: number }, b: { severity: Incident['severity']; onset: number }): number {
  return SEVERITY_ORDER[b.severity] - SEVERITY_ORDER[a.severity] || b.onset - a.onset;
}

/**
 * Everything behind an incident's claims in time order, each piece once: the causes' evidence, the
 * alerts (first firing; one the causes already cite, by service and time, is not repeated), the
 * ranked changes and the mitigations.
 */
export function evidenceInOrder(i: Incident): Evidence[] {
  const out: Evidence[] = [];
  const seen = new Set<string>();
  const add = (e: Evidence): void => {
    const keys = [e.ref !== null ? `${e.kind}:${e.ref}` : `${e.kind}:${e.ts}:${e.text}`];
    if (e.kind === 'alert') keys.push(`alert@${e.service}:${e.ts}`);
    if (keys.some((k) => seen.has(k))) return;
    for (const k of keys) seen.add(k);
    out.push(e);
  };
  for (const c of i.rootCauses) for (const e of c.evidence) add(e);
  for (const a of i.alerts) {
    const repeats = a.count > 1 ? ` (${a.count} firings)` : '';
    add({ kind: 'alert', ref: null, service: a.service, ts: a.startsAt, text: `alert ${a.name} fired${repeats}` });
  }
  const changeText = (c: RankedChange, what: string): string => `${what}: ${c.title}${c.service ? ` on ${c.service}` : ''}`;
  for (const c of i.changes) add({ kind: 'change', ref: c.id, service: c.service, ts: c.time, text: changeText(c, c.kind) });
  for (const c of i.mitigations) add({ kind: 'change', ref: c.id, service: c.service, ts: c.time, text: changeText(c, `mitigation (${c.kind})`) });
  return out.sort((a, b) => a.ts - b.ts);
}

/**
 * When each affected service went abnormal: the earliest of its anomalies the incident absorbed, of
 * its causes' evidence (anomalies, change points, log patterns, alerts) and of its alerts' first firing.
 */
function serviceOnsets(store: WorkspaceStore, i: Incident): Map<string, number> {
  const onsets = new Map<string, number>();
  const note = (service: string | null, ts: number): void => {
    if (service && Number.isFinite(ts) && ts < (onsets.get(service) ?? Infinity)) onsets.set(service, ts);
  };
  for (const id of i.members.anomalies) {
    const a = store.anomaly(id);
    if (a) note(a.service, a.start);
  }
  for (const c of i.rootCauses) for (const e of c.evidence) if (e.kind !== 'change' && e.kind !== 'topology') note(e.service, e.ts);
  for (const a of i.alerts) note(a.service, a.startsAt);
  return onsets;
}

/**
 * The map of an incident: the affected services in onset order, up to MAP_NEIGHBOURS neighbours that
 * stayed normal (by name), and the call edges that touch an affected service (imported ones from the store, plus any the detail
 * carries, e.g. inferred from correlated traffic).
 */
export function incidentMap(
  i: Incident,
  edges: readonly ServiceEdge[],
  onsets: ReadonlyMap<string, number>,
): { nodes: IncidentMapNode[]; edges: ServiceEdge[] } {
  const affected = new Set(i.services);
  const causeRank = new Map(i.rootCauses.map((c, r) => [c.service, r]));
  const nodes: IncidentMapNode[] = i.services.map((service, order) => ({
    service,
    onsetOrder: order,
    onset: onsets.get(service) ?? null,
    causeRank: causeRank.get(service) ?? null,
  }));
  // Causes ranked outside the affected list still belong on the map.
  for (const c of i.rootCauses) {
    if (affected.has(c.service)) continue;
    affected.add(c.service);
    nodes.push({ service: c.service, onsetOrder: nodes.length, onset: onsets.get(c.service) ?? null, causeRank: causeRank.get(c.service) ?? null });
  }
  const neighbours: string[] = [];
  for (const e of edges) {
    for (const [a, b] of [
      [e.caller, e.callee],
      [e.callee, e.caller],
    ]) {
      if (affected.has(a) && !affected.has(b) && !neighbours.includes(b) && neighbours.length < MAP_NEIGHBOURS) neighbours.push(b);
    }
  }
  for (const service of neighbours.sort()) nodes.push({ service, onsetOrder: null, onset: null, causeRank: null });
  const shown = new Set(nodes.map((n) => n.service));
  const seen = new Set<string>();
  const kept: ServiceEdge[] = [];
  for (const e of edges) {
    const key = `${e.caller}\u0000${e.callee}`;
    if (e.caller === e.callee || !shown.has(e.caller) || !shown.has(e.callee) || seen.has(key)) continue;
    if (!affected.has(e.caller) && !affected.has(e.callee)) continue;
    seen.add(key);
    kept.push(e);
  }
  return { nodes, edges: kept };
}

/** The median of the finite values, or null. */
function median(values: Float64Array): number | null {
  const finite = [...values].filter(Number.isFinite).sort((a, b) => a - b);
  if (!finite.length) return null;
  const mid = finite.length >> 1;
  return finite.length % 2 ? finite[mid] : (finite[mid - 1] + finite[mid]) / 2;
}

/**
 * A change's effect on a metric: its median over a window just before the change, against its median in
 * the incident: over a window of the same length from the later of the change and the onset (a change
 * minutes before the onset shows its effect when the incident starts) or over the incident's last one
 * (a leak shows it at the end), whichever moved further from before. The window is as long as the
 * incident, within [EFFECT_MIN_MS, EFFECT_MAX_MS].
 */
export function changeEffect(store: WorkspaceStore, seriesId: number, metric: string, changeTs: number, incident: { onset: number; end: number }): ChangeEffect | null {
  const row = store.series(seriesId);
  if (!row) return null;
  const windowMs = Math.min(EFFECT_MAX_MS, Math.max(EFFECT_MIN_MS, incident.end - incident.onset));
  const from = Math.max(changeTs, incident.onset);
  const medianOver = (lo: number, hi: number): number | null => median(store.readSamples(seriesId, lo, hi).values);
  const before = medianOver(changeTs - windowMs, changeTs - 1);
  const early = medianOver(from, from + windowMs);
  const late = incident.end - windowMs > from ? medianOver(incident.end - windowMs, incident.end) : null;
  const moved = (v: number | null): number => (v === null || before === null ? -1 : Math.abs(v - before));
  const after = late !== null && moved(late) > moved(early) ? late : early;
  if (before === null && after === null) return null;
  return { seriesId, metric, unit: row.unit, before, after, windowMs };
}

/** What a stored change event says it changed (read as the `incidents` step reads it): a version, or a key's old and new value. */
function changeAttrs(store: WorkspaceStore, id: number): Pick<IncidentChange, 'version' | 'key' | 'oldValue' | 'newValue'> {
  const event = store.event(id);
  const change = event ? changeSignal(event) : undefined;
  return { version: change?.version ?? null, key: change?.key ?? null, oldValue: change?.oldValue ?? null, newValue: change?.newValue ?? null };
}

/**
 * The incident's ranked changes with what they changed and their effect on the top metric of the
 * ranked cause on the change's own service (none when the change is on a service not ranked as a
 * cause: another service's metric would say nothing about it; a change without a service is read
 * against the most likely cause).
 */
export function incidentChanges(store: WorkspaceStore, i: Incident): IncidentChange[] {
  return i.changes.map((c) => {
    const cause = c.service === null ? i.rootCauses.find((r) => r.metrics.length) : i.rootCauses.find((r) => r.service === c.service && r.metrics.length);
    const metric = cause?.metrics[0];
    return {
      ...c,
      ...changeAttrs(store, c.id),
      effect: metric ? changeEffect(store, metric.seriesId, metric.metric, c.time, i) : null,
    };
  });
}

/** The latest verdict per service on this incident (a later verdict overrides an earlier one). */
function verdictsOf(store: WorkspaceStore, key: string): Record<string, CauseVerdict> {
  const out: Record<string, CauseVerdict> = {};
  for (const v of loadCauseVerdicts(store)) if (v.incidentKey === key && v.target === 'service') out[v.ref] = v.verdict;
  return out;
}

/** Extra edges a stored detail may carry beside the Incident shape (e.g. inferred from traffic). */
function detailEdges(row: StoredIncident): ServiceEdge[] {
  const edges = parseDetail<{ edges?: unknown }>(row.detail).edges;
  return Array.isArray(edges)
    ? edges.filter((e): e is ServiceEdge => !!e && typeof e === 'object' && typeof e.caller === 'string' && typeof e.callee === 'string')
    : [];
}

export function incidentHandlers(ctx: Pick<ServiceContext, 'store'> & Partial<Pick<ServiceContext, 'dataDir'>>): IncidentHandlers {
  const stored = (method: string, id: string): StoredIncident => {
    const row = loadIncident(ctx.store(), id);
    if (!row) throw new ApiError('not-found', `${method}: no incident ${id}: run the analysis again, incidents are replaced by each run`, 'id');
    return row;
  };
  return {
    'incidents/list': async () =>
      loadIncidents(ctx.store())
        .map((r) => toIncidentRow(parseIncident(r)))
        .sort(byUrgency),

    'incidents/get': async ({ id }) => {
      const s = ctx.store();
      const row = stored('incidents/get', id);
      const incident = parseIncident(row);
      const edges: ServiceEdge[] = [...s.edges().map((e) => ({ ...e, origin: 'imported' as const })), ...detailEdges(row)];
      const stats = s.anomalyStats();
      const seriesIds = [...new Set(incident.rootCauses.flatMap((c) => c.metrics.map((m) => m.seriesId)))];
      const detail: IncidentDetail = {
        incident,
        changes: incidentChanges(s, incident),
        evidence: evidenceInOrder(incident),
        map: incidentMap(incident, edges, serviceOnsets(s, incident)),
        series: seriesIds.flatMap((sid) => {
          const r = s.series(sid);
          return r ? [toSeriesInfo(r, stats.get(sid))] : [];
        }),
        verdicts: verdictsOf(s, incident.id),
      };
      return detail;
    },

    'incidents/noise': async () =>
      loadNoiseAlerts(ctx.store()).map(
        (n): NoiseAlertInfo => ({ fingerprint: n.fingerprint, name: n.name, service: n.service, reason: n.reason as NoiseAlert['reason'], count: n.count }),
      ),

    'incidents/similar': async ({ id }) => {
      // The `incidents` step matches each incident against the earlier ones of the workspace and stores them.
      const incident = parseIncident(stored('incidents/similar', id));
      // Saved postmortems of any workspace (the data folder's knowledge base) join them, with what was done then.
      const postmortems = ctx.dataDir ? similarIncidents(incident, postmortemKnownIncidents(ctx.dataDir)) : [];
      return [...(incident.similar ?? []), ...postmortems]
        .sort((a, b) => b.similarity - a.similarity)
        .slice(0, 5)
        .map((k): SimilarIncidentInfo => ({ ...k, resolution: k.resolution ?? null }));
    },

    'incidents/feedback': async ({ incident: id, service, verdict }) => {
      const s = ctx.store();
      const row = stored('incidents/feedback', id);
      const incident = parseIncident(row);
      const known = new Set([...incident.services, ...incident.rootCauses.map((c) => c.service)]);
      if (!known.has(service)) throw new ApiError('bad-params', `incidents/feedback: ${service} is not a service of incident ${id}`, 'service');
      // Waits (without blocking this thread) while an import or analysis writes.
      await s.writeTransaction(() => recordCauseVerdict(s, { incidentKey: row.key, onset: row.onset, target: 'service', ref: service, verdict }));
      return { ok: true as const };
    },
  };
}
