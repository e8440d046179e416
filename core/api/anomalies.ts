/**
 * What detection found: the analysis run and its status, anomaly ranges (and marking one expected),
 * change points, and the learnt normal band of one series.
 */
import { z } from 'zod';
import { method, none, range } from './define';

export type Severity = 'low' | 'medium' | 'high';

/** An anomaly range found on one series (stored as a timeline event of kind 'anomaly'). */
export interface AnomalyInfo {
  id: number;
  seriesId: number;
  seriesName: string;
  labels: Record<string, string>;
  service: string | null;
  start: number;
  end: number;
  peakTs: number;
  peakValue: number;
  expected: number;
  direction: 'up' | 'down';
  severity: Severity;
  /** How far out at the peak, in robust standard deviations. */
  sigmas: number;
  /** Ranking score in [0, 1]: severity × duration. */
  rank: number;
}

/**
 * The anomaly ranges of one service merged over one episode (ranges closer than 10 minutes), ranked by surprise and
 * size; stored as a timeline event of kind 'anomaly-episode'. The default anomalies view lists these, best first.
 */
export interface AnomalyEpisodeInfo {
  /** The episode's timeline event id. */
  id: number;
  service: string | null;
  start: number;
  end: number;
  /** "web: 4 series off normal (latency ↑ 12.0σ, errors ↑ 9.1σ, …)". */
  title: string;
  severity: Severity;
  /** Ranking score in [0, 1]: summed surprise of the deviating series × duration. */
  score: number;
  /** Distinct series among the members. */
  series: number;
  peakSigmas: number;
  /** Member anomaly range ids (anomalies/list ids), in time order. */
  members: number[];
}

/** The learnt normal band of one series over a window, downsampled like series/range. */
export interface SeriesBand {
  id: number;
  method: 'seasonal' | 'static' | 'none';
  periodsMs: number[];
  t: number[];
  expected: number[];
  lower: number[];
  upper: number[];
  ranges: AnomalyInfo[];
  notes: string[];
}

export interface ChangePointInfo {
  id: number;
  seriesId: number;
  seriesName: string;
  service: string | null;
  ts: number;
  kind: 'level' | 'trend' | 'variance';
  before: number;
  after: number;
  confidence: number;
}

export interface AnalysisStatus {
  dataVersion: number;
  /** Data version the stored anomalies were computed on (null: never run). */
  analysedVersion: number | null;
  running: string | null;
  series: number;
  anomalies: number;
  changePoints: number;
}

export const analysisRunParams = z.strictObject({
  /** Series to analyse; all series when left out. */
  seriesIds: z.array(z.number().int().positive()).optional(),
  /** Band width, like Prophet's interval_width (default 0.99). */
  intervalWidth: z.number().gt(0.5).lt(1).optional(),
});

export const anomaliesListParams = z.strictObject({
  ...range,
  service: z.string().optional(),
  seriesId: z.number().int().positive().optional(),
  limit: z.number().int().min(1).max(10_000).optional(),
});

export const episodesListParams = z.strictObject({
  ...range,
  service: z.string().optional(),
  limit: z.number().int().min(1).max(10_000).optional(),
});

export const anomaliesContract = {
  /** Learns normal and flags anomalies and change points on the chosen (or all) series: a job. */
  'analysis/run': method(analysisRunParams).returns<{ jobId: string }>(),
  'analysis/status': method(none).returns<AnalysisStatus>(),
  'anomalies/list': method(anomaliesListParams).returns<AnomalyInfo[]>(),
  /** Anomaly episodes (a service's ranges merged), best ranked first: what the anomalies view shows by default. */
  'anomalies/episodes': method(episodesListParams).returns<AnomalyEpisodeInfo[]>(),
  /** Marks an anomaly as expected: hidden from now on and kept out of later baselines. */
  'anomalies/markExpected': method(z.strictObject({ id: z.number().int().positive(), note: z.string().max(2000).optional() })).returns<{ ok: true }>(),
  'changepoints/list': method(anomaliesListParams).returns<ChangePointInfo[]>(),
  /** The learnt normal band of one series (computed in the worker pool, cached per data and feedback). */
  'series/band': method(
    z.strictObject({ id: z.number().int().positive(), ...range, width: z.number().int().min(2).max(10_000) }),
  ).returns<SeriesBand>(),
} as const;
