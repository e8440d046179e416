/**
 * OpenMetrics 1.0 text format: float-second timestamps, `# UNIT`, `_created`, type `unknown`,
 * ends with `# EOF`. Reference: https://github.com/OpenObservability/OpenMetrics (specification).
 * Parsing rules: see exposition-parser.ts.
 */
import type { FormatReader, IngestRecord, Sniff } from '../../types';
import type { MetricReadContext } from './context';
import { expositionDialect } from './exposition-detect';
import { ExpositionParser } from './exposition-parser';
import { safeDetect } from './sniff';
import { readSamples } from './stream';

export const openMetricsReader: FormatReader = {
  id: 'openmetrics',
  kind: 'metrics',
  title: 'OpenMetrics text format',
  detect(sniff: Sniff): number {
    return safeDetect(() => (expositionDialect(sniff) === 'openmetrics' ? 0.9 : 0));
  },
  read(open: () => NodeJS.ReadableStream, ctx: MetricReadContext): AsyncIterable<IngestRecord[]> {
    return readSamples(open, ctx, (sink) => new ExpositionParser(ctx, sink, 'openmetrics'));
  },
};
