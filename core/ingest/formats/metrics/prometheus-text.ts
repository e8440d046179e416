/**
 * Prometheus text exposition format 0.0.4 (a `/metrics` scrape saved to a file).
 * Reference: https://prometheus.io/docs/instrumenting/exposition_formats/
 * Parsing rules and the no-timestamp policy: see exposition-parser.ts.
 */
import type { FormatReader, IngestRecord, Sniff } from '../../types';
import type { MetricReadContext } from './context';
import { expositionDialect, expositionFeatures } from './exposition-detect';
import { ExpositionParser } from './exposition-parser';
import { safeDetect } from './sniff';
import { readSamples } from './stream';

export const prometheusTextReader: FormatReader = {
  id: 'prometheus-text',
  kind: 'metrics',
  title: 'Prometheus text exposition 0.0.4',
  detect(sniff: Sniff): number {
    return safeDetect(() => {
      if (expositionDialect(sniff) !== 'prometheus-text') return 0;
      return expositionFeatures(sniff).meta > 0 ? 0.9 : 0.6;
    });
  },
  read(open: () => NodeJS.ReadableStream, ctx: MetricReadContext): AsyncIterable<IngestRecord[]> {
    return readSamples(open, ctx, (sink) => new ExpositionParser(ctx, sink, 'prometheus-text'));
  },
};
