/**
 * `promtool tsdb dump` (`{__name__="up", instance="a:9090"} 1 1700000000000`, ms) and
 * `promtool tsdb dump-openmetrics` (`up{instance="a:9090"} 1 1700000000.000` ... `# EOF`, seconds).
 * Reference: Prometheus `cmd/promtool/tsdb.go`. Parsing rules: see exposition-parser.ts.
 */
import type { FormatReader, IngestRecord, Sniff } from '../../types';
import type { MetricReadContext } from './context';
import { expositionDialect, expositionFeatures } from './exposition-detect';
import { ExpositionParser } from './exposition-parser';
import { safeDetect } from './sniff';
import { readSamples } from './stream';

export const promtoolDumpReader: FormatReader = {
  id: 'promtool-dump',
  kind: 'metrics',
  title: 'promtool tsdb dump / dump-openmetrics',
  detect(sniff: Sniff): number {
    return safeDetect(() => {
      if (expositionDialect(sniff) !== 'promtool') return 0;
      const f = expositionFeatures(sniff);
      return f.braceFirst > 0 || f.eof ? 0.95 : 0.8;
    });
  },
  read(open: () => NodeJS.ReadableStream, ctx: MetricReadContext): AsyncIterable<IngestRecord[]> {
    return readSamples(open, ctx, (sink) => new ExpositionParser(ctx, sink, 'promtool'));
  },
};
