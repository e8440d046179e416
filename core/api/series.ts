/** Metric series: the list (with anomaly counts), downsampled ranges for charts, and forecasts. */
import { z } from 'zod';
import { method, timeMs } from './define';

export interface SeriesInfo {
  id: number;
  name: string;
  labels: Record<string, string>;
  service: string | null;
  unit: string | null;
  firstTs: number | null;
  lastTs: number | null;
  count: number;
  /** Open (not marked expected) anomaly ranges found by the last detection run, and the worst one's score. */
  anomalies: number;
  anomalyScore: number;
}

export interface SeriesBuckets {
  id: number;
  /** Bucket start times (ms). */
  t: number[];
  min: number[];
  max: number[];
  avg: number[];
  /** 'raw' when read from samples, else the rollup step in ms. */
  source: 'raw' | number;
}

export interface ForecastInfo {
  id: number;
  model: string;
  t: number[];
  forecast: number[];
  lower: number[];
  upper: number[];
  level: number;
  backtest: { model: string; smape: number; mase: number; coverage: number }[];
  threshold?: { value: number; sentence: string; probability: number; etaMs: number | null; lowMs: number | null; highMs: number | null };
  notes: string[];
}

export const seriesListParams = z.strictObject({
  query: z.string().max(500).optional(),
  limit: z.number().int().min(1).max(100_000).optional(),
});

export const seriesRangeParams = z.strictObject({
  ids: z.array(z.number().int().positive()).min(1, 'at least one series id').max(64),
  from: timeMs.optional(),
  to: timeMs.optional(),
  /** Buckets wanted: about one per horizontal pixel. */
  width: z.number().int().min(2).max(10_000),
});

export const seriesContract = {
  'series/list': method(seriesListParams).returns<SeriesInfo[]>(),
  'series/range': method(seriesRangeParams).returns<{ from: number; to: number; series: SeriesBuckets[] }>(),
  'series/forecast': method(
    z.strictObject({
      id: z.number().int().positive(),
      /** Steps ahead, in the series' own step. */
      horizon: z.number().int().min(1).max(10_000),
      level: z.number().gt(0.5).lt(1).optional(),
      threshold: z.number().finite().optional(),
    }),
  ).returns<ForecastInfo>(),
} as const;
