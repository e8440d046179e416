/**
 * Shapes of the scenario suite: a scenario's definition (system, seed, planted incidents) and the
 * ground truth written beside each dump (`ground-truth.json`), which `bench/rca.ts` scores against.
 */

import type { RootCauseKind } from '../../analysis/incidents/types';
import type { SystemName } from './systems';

/** One planted incident in a scenario's definition. */
export interface IncidentDef {
  kind: Exclude<RootCauseKind, 'unknown'>;
  /** The service where it starts (the callee whose network is slow, for network-delay; the entry, for a traffic surge). */
  root: string;
  /** Where the onset falls, as a share of the span after the first day and a half; ignored with `during`. */
  at?: number;
  /** Index (in this list) of an earlier incident this one starts during: 10-40 minutes after its onset. */
  during?: number;
  /** Whether a change (deploy or config) causes it; memory leaks and bad deploys always have one. */
  change?: boolean;
  /** Traffic surge: the services the extra traffic flows through, root first, the saturated store last. */
  path?: string[];
}

export interface ScenarioDef {
  name: string;
  system: SystemName;
  seed: number;
  /** Whole days of data, 3..7. */
  days: number;
  /** Log events at rest over all services (incidents add more). */
  logLines: number;
  incidents: IncidentDef[];
  /** The daily batch job: which service, at which UTC hour. */
  batch: { service: string; hour: number };
}

export interface TruthChange {
  /** 1-based data row of `deploys/deployments.csv`. */
  row: number;
  service: string;
  timeMs: number;
  time: string;
  kind: 'deploy' | 'config' | 'rollback';
  version: string;
  description: string;
  key?: string;
  oldValue?: string;
  newValue?: string;
}

export interface TruthIncident {
  id: string;
  kind: IncidentDef['kind'];
  onsetMs: number;
  endMs: number;
  onset: string;
  end: string;
  rootService: string;
  /** The root's series that move at onset (`service` is the root, except where noted). */
  rootMetrics: { service: string; metric: string }[];
  /** The change that caused it, or null when none did. */
  change: TruthChange | null;
  /** The rollback, revert, hotfix or scaling that ended it, or null. */
  mitigation: TruthChange | null;
  /** Root first, then the others in the order their effects start. */
  affectedServices: string[];
  serviceOnsetMs: Record<string, number>;
  /** Drain-style (`<*>` for each variable) pattern of the incident's most telling log message, and who writes it. */
  topLogPattern: { service: string; pattern: string };
  /** The id of the incident this one started during, if any. */
  during: string | null;
  /** Planted to mislead: a routine deploy on another service minutes before onset, a harmless blip hours earlier. */
  distractors: { deploy: TruthChange; blip: { service: string; atMs: number; metric: string } };
  cause: string;
}

/** An alert in the dump (one firing) and which incident it belongs to, or `noise`. */
export interface TruthAlert {
  fingerprint: string;
  name: string;
  service: string;
  startsAt: string;
  startsAtMs: number;
  incident: string;
  /** For noise: why (always-firing, certificate, flapping, scrape-gap, nightly, baseline). */
  noise?: string;
}

export interface ScenarioTruth {
  generator: string;
  scenario: string;
  system: SystemName;
  /** True for systems kept out of all tuning. */
  heldOut: boolean;
  seed: number;
  start: string;
  end: string;
  startMs: number;
  endMs: number;
  stepSeconds: number;
  services: string[];
  edges: [string, string][];
  metrics: Record<string, string[]>;
  logs: Record<string, { path: string; style: string; events: number; lines: number }>;
  batch: { service: string; hour: number; minutes: number };
  incidents: TruthIncident[];
  alerts: TruthAlert[];
}
