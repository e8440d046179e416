/**
 * Step `incidents`, over the workspace: reads the stored signals (anomaly ranges, change points, log-pattern
 * events, alerts, deploys and config changes, the dependency edges, a person's cause verdicts), runs the
 * investigation (core/analysis/incidents) with the raw series read on demand around each onset, and stores
 * the incidents, their members and findings, and the alerts recognised as noise (core/store/incidents).
 */
import { createHash } from 'node:crypto';
import { investigate, type InvestigationInput } from '../../analysis/incidents/investigate';
import type { KindModel } from '../../analysis/incidents/classify';
import { inferEdges } from '../../analysis/incidents/graph';
import type { MetricSource } from '../../analysis/incidents/ranking';
import type { AlertSignal, ChangeSignal, Incident, PatternSignal, ServiceEdge } from '../../analysis/incidents/types';
import { loadCauseVerdicts, saveIncidents, type IncidentInput } from '../../store/incidents';
import type { EventRow, SeriesRow } from '../../store/statements';
import type { WorkspaceStore } from '../../store/workspace';
import kindModel from '../../analysis/incidents/kind-model.json';
import type { WorkspaceStep } from './step';

const ALL = 10_000_000;
/** Alert attrs that describe a delivery, not the alert: left out of a fingerprint made from labels. */
const NOT_LABELS = /^(annotation\.|state$|receiver$|generatorURL$|endsAt$|fingerprint$|startsAt$)/;

/** attrs JSON of an event, as strings. */
function attrsOf(e: EventRow): Record<string, string> {
  try {
    return JSON.parse(e.attrs) as Record<string, string>;
  } catch {
    return {};
  }
}

/** An imported alert event as the investigation sees it: the export's fingerprint, else a hash of name + labels. */
export function alertSignal(e: EventRow): AlertSignal {
  const attrs = attrsOf(e);
  const name = attrs.alertname ?? e.title.split(':')[0].trim();
  const labels = Object.fromEntries(Object.entries(attrs).filter(([k]) => !NOT_LABELS.test(k)));
  const fingerprint =
    attrs.fingerprint ??
    createHash('sha256')
      .update(JSON.stringify([name, Object.entries(labels).sort(([a], [b]) => a.localeCompare(b))]))
      .digest('hex')
      .slice(0, 16);
  const endsAt = e.end_ts ?? (attrs.endsAt ? Date.parse(attrs.endsAt) : Number.NaN);
  return {
    id: e.id,
    fingerprint,
    name,
    service: e.service,
    startsAt: e.ts,
    endsAt: Number.isFinite(endsAt) && endsAt >= e.ts ? endsAt : null,
    severity: attrs.severity ?? e.severity,
    labels: attrs,
  };
}

const CONFIG_CHANGE = /([\w.\-/]+)\s*[:=]?\s*([^\s→]+)\s*(?:->|→|=>)\s*(\S+)/;

/** An imported deploy or config event as a change: rollbacks and flags told apart, a `key old -> new` read from the title. */
export function changeSignal(e: EventRow): ChangeSignal {
  const attrs = attrsOf(e);
  const word = (attrs.kind ?? attrs.type ?? '').toLowerCase();
  const text = `${e.title} ${attrs.description ?? ''}`;
  const kind: ChangeSignal['kind'] = /rollback|revert/.test(word) || /\b(rollback|roll back|rolled back|revert)/i.test(text)
    ? 'rollback'
    : /flag|toggle/.test(word) || /feature flag/i.test(text)
      ? 'flag'
      : e.kind === 'config'
        ? 'config'
        : 'deploy';
  const m = kind === 'config' || kind === 'flag' ? CONFIG_CHANGE.exec(e.title) : null;
  return {
    id: e.id,
    kind,
    service: e.service,
    ts: e.ts,
    endTs: e.end_ts,
    title: e.title,
    ...(attrs.version ? { version: attrs.version } : {}),
    ...(m ? { key: m[1], oldValue: m[2], newValue: m[3] } : {}),
  };
}

/** The level most of a template's lines have, from its stored level counts. */
function dominantLevel(levels: string): string | null {
  try {
    return Object.entries(JSON.parse(levels) as Record<string, number>).sort((a, b) => b[1] - a[1])[0]?.[0] ?? null;
  } catch {
    return null;
  }
}

const REQUEST_RATE = /requests?_per_second|requests_total|_rps$|throughput/;
const HOUR = 3_600_000;

/** Hourly request rates of each service (its busiest request series), on one grid, for inferred edges. */
function inferredEdges(store: WorkspaceStore, rows: readonly SeriesRow[]): ServiceEdge[] {
  const chosen = new Map<string, SeriesRow>();
  for (const r of rows) if (r.service && REQUEST_RATE.test(r.name) && !chosen.has(r.service)) chosen.set(r.service, r);
  const { first, last } = store.timeRange();
  if (first === null || last === null || chosen.size < 2) return [];
  const n = Math.min(24 * 60, Math.floor((last - first) / HOUR) + 1);
  const series = [...chosen].map(([service, row]) => {
    const b = store.readBuckets(row.id, last - n * HOUR, last, HOUR);
    const rates = new Float64Array(n).fill(Number.NaN);
    for (let i = 0; i < b.t.length; i++) {
      const k = Math.floor((b.t[i] - (last - n * HOUR)) / HOUR);
      if (k >= 0 && k < n) rates[k] = b.avg[i];
    }
    return { service, rates };
  });
  return inferEdges(series);
}

/** Everything the investigation reads from the store. */
export function investigationInput(store: WorkspaceStore): InvestigationInput {
  const templates = new Map(store.templates().map((t) => [t.id, t]));
  const patterns: PatternSignal[] = store.patternEvents(-Infinity, Infinity, ALL).map((p) => {
    const t = templates.get(p.templateId);
    return { id: p.id, templateId: p.templateId, template: t?.pattern ?? p.templateId, service: p.service, kind: p.kind, level: t ? dominantLevel(t.levels) : null, startMs: p.start, endMs: p.end, magnitude: p.magnitude, score: p.score };
  });
  const events = store.events(-Infinity, Infinity, ALL, ['alert', 'deploy', 'config']);
  const rows = store.listSeries('', Number.MAX_SAFE_INTEGER);
  const byService = new Map<string, { id: number; metric: string }[]>();
  for (const r of rows) if (r.service) byService.set(r.service, [...(byService.get(r.service) ?? []), { id: r.id, metric: r.name }]);
  const metrics: MetricSource = { seriesOf: (s) => byService.get(s) ?? [], read: (id, from, to) => store.readSamples(id, from, to) };
  const imported = store.edges().map((e): ServiceEdge => ({ ...e, origin: 'imported' }));
  const { first, last } = store.timeRange();
  return {
    anomalies: store.anomalies({ limit: ALL }).map((a) => ({
      id: a.id, seriesId: a.seriesId, service: a.service, metric: a.seriesName, startMs: a.start, endMs: a.end, peakMs: a.peakTs,
      peakValue: a.peakValue, expected: a.expected, direction: a.direction, severity: a.severity, sigmas: a.sigmas,
    })),
    changePoints: store.changePoints({ limit: ALL }).map((c) => ({
      id: c.id, seriesId: c.seriesId, service: c.service, metric: c.seriesName, ts: c.ts, kind: c.kind, before: c.before, after: c.after, confidence: c.confidence,
    })),
    patterns,
    alerts: events.filter((e) => e.kind === 'alert').map(alertSignal),
    changes: events.filter((e) => e.kind !== 'alert').map(changeSignal),
    edges: imported.length ? imported : inferredEdges(store, rows),
    metrics,
    span: first !== null && last !== null ? { first, last } : undefined,
    verdicts: loadCauseVerdicts(store),
    kindModel: kindModel as KindModel | null,
  };
}

/** An incident as the store keeps it: columns, members with roles, ranked findings, the full JSON. */
export function incidentRow(inc: Incident): IncidentInput {
  const members = [
    ...[...inc.members.anomalies, ...inc.members.changePoints, ...inc.members.patterns].map((eventId) => ({ eventId, role: 'member' })),
    ...inc.members.alerts.map((eventId) => ({ eventId, role: 'alert' })),
    ...inc.changes.map((c) => ({ eventId: c.id, role: 'change' })),
    ...inc.mitigations.map((c) => ({ eventId: c.id, role: 'mitigation' })),
  ];
  return {
    key: inc.id,
    title: `${inc.rootCauses[0]?.service ?? 'unknown'}: ${inc.kind}`,
    start: inc.start,
    end: inc.end,
    onset: inc.onset,
    severity: inc.severity,
    summary: inc.summary,
    kind: inc.kind,
    rootService: inc.rootCauses[0]?.service ?? null,
    detail: JSON.stringify(inc),
    members,
    findings: [
      ...inc.rootCauses.map((c) => ({ kind: 'root-cause', service: c.service, score: c.score, title: c.evidence[0]?.text ?? c.service, detail: JSON.stringify(c) })),
      ...inc.changes.map((c) => ({ kind: 'change', service: c.service, score: c.score, title: c.title, detail: JSON.stringify(c) })),
    ],
  };
}

export const incidentsStep: WorkspaceStep = {
  kind: 'incidents',
  version: 2,
  scope: 'workspace',
  dependsOn: ['anomalies', 'changepoints', 'log-patterns'],
  noun: 'incident(s)',
  run({ store }) {
    const { incidents, noise } = investigate(investigationInput(store));
    const rows = incidents.map(incidentRow);
    return { output: { count: incidents.length }, save: (s) => saveIncidents(s, rows, noise) };
  },
};
