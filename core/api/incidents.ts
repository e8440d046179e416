/**
 * Incidents: anomalies, alerts, change points and log-pattern events grouped into one incident, with
 * its ranked root causes, the changes that may explain it, the alerts it absorbed and a plain-words
 * summary (the shapes in core/analysis/incidents/types.ts, computed by the `incidents` analysis step);
 * the alerts recognised as chronic noise; and a person's verdict on a cause, which later runs use.
 */
import { z } from 'zod';
import type { Evidence, Incident, NoiseAlert, RankedChange, RootCauseKind, ServiceEdge } from '../analysis/incidents/types';
import type { SeriesInfo } from './series';
import { method, none, type ContractPart } from './define';

export type { Evidence, Incident, NoiseAlert, RankedCause, RankedChange, RootCauseKind, ServiceEdge } from '../analysis/incidents/types';

/** One incident as a row of the list: what a person scans before opening it. */
export interface IncidentRow {
  id: string;
  start: number;
  end: number;
  onset: number;
  severity: Incident['severity'];
  /** Affected services in onset order. */
  services: string[];
  blastRadius: number;
  kind: RootCauseKind;
  kindProbability: number;
  /** The best-ranked root-cause service, null when none was ranked. */
  likelyCause: string | null;
  /** The best-ranked change's title, null when no change explains the incident. */
  likelyChange: string | null;
  /** Alerts grouped into the incident (repeats counted). */
  alerts: number;
  /** The summary's first sentence. */
  headline: string;
}

/** A person's verdict on one service as the cause of one incident. */
export type CauseVerdict = 'cause' | 'not-cause';

/** One service on the incident's map: where it sits in the onset order. */
export interface IncidentMapNode {
  service: string;
  /** 0 for the first service to go abnormal, 1 for the next…; null for a neighbour that did not. */
  onsetOrder: number | null;
  /** When its first anomaly in the incident began (null: none stored). */
  onset: number | null;
  /** Its place in the root-cause ranking (0 is the most likely cause), null when not ranked. */
  causeRank: number | null;
}

/** The metric's level just before a change and just after it: the change's visible effect. */
export interface ChangeEffect {
  seriesId: number;
  metric: string;
  unit: string | null;
  /** Median over the window before the change (null: no samples there). */
  before: number | null;
  after: number | null;
  /** The length of each window, ms. */
  windowMs: number;
}

/** A ranked change with what it changed (from the stored event) and its effect on the root cause's top metric. */
export interface IncidentChange extends RankedChange {
  version: string | null;
  key: string | null;
  oldValue: string | null;
  newValue: string | null;
  effect: ChangeEffect | null;
}

/** Everything the incident page shows. */
export interface IncidentDetail {
  incident: Incident;
  /** The incident's changes, best first, with what changed and their effect. */
  changes: IncidentChange[];
  /** The evidence of every cause, the alerts and changes, in time order (each once). */
  evidence: Evidence[];
  /** The affected services (and their direct neighbours) with the call edges among them. */
  map: { nodes: IncidentMapNode[]; edges: ServiceEdge[] };
  /** The ranked causes' metric series, ready to chart on the timeline (best cause first). */
  series: SeriesInfo[];
  /** The verdicts a person gave on this incident's causes, by service. */
  verdicts: Record<string, CauseVerdict>;
}

/** An earlier incident like this one (by fingerprint: services, metrics that moved, pattern kinds, kind). */
export interface SimilarIncidentInfo {
  id: string;
  /** Where it comes from: this workspace, another one, or a postmortem. */
  origin: string;
  start: number;
  summary: string;
  /** Jaccard similarity of the two fingerprints, 0..1. */
  similarity: number;
  /** What was done then (its mitigations), when known. */
  resolution: string | null;
}

/** A chronic-noise alert with the service it fires for (two alerts of one name stay apart). */
export interface NoiseAlertInfo extends NoiseAlert {
  service: string | null;
}

export const incidentIdParam = z.string().min(1, 'an incident id is required').max(200);

export const incidentsFeedbackParams = z.strictObject({
  incident: incidentIdParam,
  service: z.string().min(1, 'a service is required').max(500),
  /** A later verdict on the same service overrides an earlier one. */
  verdict: z.enum(['cause', 'not-cause']),
});

export const incidentsContract = {
  /** The workspace's incidents, most severe and most recent first. */
  'incidents/list': method(none).returns<IncidentRow[]>(),
  /** One incident with its evidence, ranked causes and changes, alerts, log patterns and the services map. */
  'incidents/get': method(z.strictObject({ id: incidentIdParam })).returns<IncidentDetail>(),
  /** Alerts recognised as chronic noise: kept visible here, kept out of incidents. */
  'incidents/noise': method(none).returns<NoiseAlertInfo[]>(),
  /** Incidents like this one in this workspace, most similar first, with what was done then. */
  'incidents/similar': method(z.strictObject({ id: incidentIdParam })).returns<SimilarIncidentInfo[]>(),
  /** Stores "this is the cause" / "not the cause" for a service of an incident; later analysis runs use it. */
  'incidents/feedback': method(incidentsFeedbackParams).returns<{ ok: true }>(),
} as const satisfies ContractPart;
