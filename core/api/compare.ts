/** BubbleUp-style comparison of a selected range with a baseline. */
import { z } from 'zod';
import { method, timeMs } from './define';

export interface CompareResult {
  series: { id: number; name: string; service: string | null; labels: Record<string, string>; baseline: number; selected: number; change: number; score: number }[];
  labels: { key: string; value: string; score: number; series: number }[];
  patterns: { templateId: string; pattern: string; service: string | null; baseline: number; selected: number; score: number }[];
}

export const compareParams = z.strictObject({
  from: timeMs,
  to: timeMs,
  baselineFrom: timeMs,
  baselineTo: timeMs,
  limit: z.number().int().min(1).max(1000).optional(),
});

export const compareContract = {
  /** What differs most between a selected range and a baseline (computed in the worker pool). */
  'compare/ranges': method(compareParams).returns<CompareResult>(),
} as const;
