/**
 * The shapes of an investigation: what goes in (signals already stored by import and analysis) and what
 * comes out (incidents with ranked root causes and changes). Shared by the pure analysis in this folder,
 * the `incidents` analysis step, the `incidents/*` contract methods, the CLI (`hindsight incidents`,
 * `hindsight rca`) and `bench/rca.ts`. Pure data: no store, no I/O.
 */

/** Root-cause kinds the classifier names (the scenario suite plants each of them). */
export const ROOT_CAUSE_KINDS = [
  'bad-deploy',
  'config-change',
  'memory-leak',
  'cpu-saturation',
  'network-delay',
  'lock-contention',
  'cache-eviction',
  'traffic-surge',
  'dependency-failure',
  'disk-full',
  'unknown',
] as const;
export type RootCauseKind = (typeof ROOT_CAUSE_KINDS)[number];

/** An anomaly range on one series (from the `anomaly_ranges` table). */
export interface AnomalySignal {
  id: number;
  seriesId: number;
  service: string | null;
  /** Metric name, e.g. `http_request_duration_seconds_p95`. */
  metric: string;
  startMs: number;
  endMs: number;
  peakMs: number;
  peakValue: number | null;
  expected: number | null;
  direction: 'up' | 'down';
  severity: 'low' | 'medium' | 'high';
  sigmas: number;
}

/** A level/trend/variance change on one series (from `change_points`). */
export interface ChangePointSignal {
  id: number;
  seriesId: number;
  service: string | null;
  metric: string;
  ts: number;
  kind: 'level' | 'trend' | 'variance';
  before: number;
  after: number;
  confidence: number;
}

/** A log-pattern event (from `pattern_events`): a new pattern, a burst, or a surge of an existing one. */
export interface PatternSignal {
  id: number;
  templateId: string;
  template: string;
  service: string | null;
  kind: string;
  level: string | null;
  startMs: number;
  endMs: number;
  magnitude: number;
  score: number;
}

/** An imported alert (one firing; repeats of the same fingerprint are separate signals). */
export interface AlertSignal {
  id: number;
  /** The export's own fingerprint where it has one (Alertmanager), else a hash of name + labels. */
  fingerprint: string;
  name: string;
  service: string | null;
  startsAt: number;
  endsAt: number | null;
  severity: string | null;
  labels: Record<string, string>;
}

/** A change a person or a pipeline made: a production deploy, a config change, a feature-flag flip. */
export interface ChangeSignal {
  id: number;
  kind: 'deploy' | 'config' | 'flag' | 'rollback';
  service: string | null;
  ts: number;
  endTs: number | null;
  title: string;
  version?: string;
  /** For config changes and flags: the key and its old -> new value, where the export says. */
  key?: string;
  oldValue?: string;
  newValue?: string;
}

export interface ServiceEdge {
  caller: string;
  callee: string;
  /** 'imported' from a dependency export, 'inferred' from correlated traffic. */
  origin: 'imported' | 'inferred';
}

/** One piece of evidence behind a claim; `ref` points at the stored signal it came from. */
export interface Evidence {
  kind: 'anomaly' | 'change-point' | 'pattern' | 'alert' | 'change' | 'topology' | 'metric';
  ref: number | null;
  service: string | null;
  ts: number;
  /** One sentence a person reads: "p95 of payments-api 0.12 s -> 4.8 s (31 sigma) at 14:02". */
  text: string;
}

export interface RankedCause {
  service: string;
  score: number;
  /** Why, best reason first. */
  evidence: Evidence[];
  /** Within the service: its metrics and log patterns, ranked. */
  metrics: { metric: string; seriesId: number; score: number }[];
  patterns: { templateId: string; template: string; score: number }[];
}

export interface RankedChange {
  id: number;
  service: string | null;
  time: number;
  title: string;
  kind: ChangeSignal['kind'];
  score: number;
  reasons: string[];
}

export interface Incident {
  /** Stable within a workspace run: derived from onset and root service. */
  id: string;
  start: number;
  end: number;
  onset: number;
  severity: 'low' | 'medium' | 'high' | 'critical';
  /** Affected services in onset order. */
  services: string[];
  /** Share (0..1) of edge traffic or error budget affected. */
  blastRadius: number;
  kind: RootCauseKind;
  kindProbability: number;
  summary: string;
  rootCauses: RankedCause[];
  /** Best first; empty when no change explains the incident. */
  changes: RankedChange[];
  /** Changes after the onset recognised as mitigation (rollback, revert). */
  mitigations: RankedChange[];
  alerts: { fingerprint: string; name: string; service: string | null; startsAt: number; count: number }[];
  logPatterns: { templateId: string; template: string; service: string | null; kind: string }[];
  /** Ids of every signal the incident absorbed, by kind. */
  members: { anomalies: number[]; changePoints: number[]; patterns: number[]; alerts: number[] };
  /** For "similar incidents": services, metric kinds, pattern kinds, root-cause kind. */
  fingerprint: string[];
  /** Earlier incidents like this one (this workspace, or the knowledge base of past ones), most similar first. */
  similar?: { id: string; origin: string; start: number; summary: string; similarity: number; resolution?: string }[];
}

/** Alerts recognised as chronic noise: kept visible, kept out of incidents. */
export interface NoiseAlert {
  fingerprint: string;
  name: string;
  reason: 'always-firing' | 'flapping' | 'certificate' | 'scrape-gap' | 'nightly' | 'low-severity';
  count: number;
}
