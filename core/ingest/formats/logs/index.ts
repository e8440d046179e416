/**
 * Log format readers (see each module for its format) and the access-log metrics helper.
 */
import type { FormatReader, Sniff } from '../../types';
import { accessLogReader } from './access-log-reader';
import { cloudwatchLogsReader } from './cloudwatch-reader';
import { criLogReader } from './cri-reader';
import { elasticdumpReader } from './elasticdump-reader';
import { elasticsearchReader } from './elasticsearch-reader';
import { journaldReader } from './journald-reader';
import { jsonAppLogReader } from './json-app-reader';
import { kibanaCsvReader } from './kibana-csv-reader';
import { kubectlLogReader } from './kubectl-reader';
import { lokiApiReader } from './loki-api-reader';
import { lokiJsonlReader } from './loki-jsonl-reader';
import { logfmtReader } from './logfmt-reader';
import { lokiLogcliReader } from './loki-logcli-reader';
import { redisLogReader } from './redis-reader';
import { prefixedTextLogReader, textLogReader } from './text-reader';

/**
 * `fallback` with a detect that gives way: 0 whenever one of `others` claims the file (≥ 0.5), so a
 * file goes to the fallback only when no specific reader takes it. O(others' detection) per file.
 */
function yieldingTo(fallback: FormatReader, others: readonly FormatReader[]): FormatReader {
  const detect = (sniff: Sniff): number => {
    const own = fallback.detect(sniff);
    return own >= 0.5 && others.some((r) => r.detect(sniff) >= 0.5) ? 0 : own;
  };
  return { ...fallback, detect };
}

const specificReaders: FormatReader[] = [
  textLogReader,
  kubectlLogReader,
  criLogReader,
  lokiLogcliReader,
  accessLogReader,
  journaldReader,
  jsonAppLogReader,
  logfmtReader,
  lokiJsonlReader,
  elasticdumpReader,
  lokiApiReader,
  elasticsearchReader,
  cloudwatchLogsReader,
  kibanaCsvReader,
  redisLogReader,
];

export const logReaders: FormatReader[] = [...specificReaders, yieldingTo(prefixedTextLogReader, specificReaders)];

export {
  accessLogReader,
  cloudwatchLogsReader,
  criLogReader,
  elasticdumpReader,
  elasticsearchReader,
  journaldReader,
  jsonAppLogReader,
  kibanaCsvReader,
  kubectlLogReader,
  logfmtReader,
  lokiApiReader,
  lokiJsonlReader,
  lokiLogcliReader,
  prefixedTextLogReader,
  redisLogReader,
  textLogReader,
};
export { AccessLogMetrics, accessLogMetrics } from './access-log-metrics';
export { QuantileSketch } from './quantile-sketch';
export { LeadingTimestamps, TimeValues, YearInference, ZonedClock } from './timestamps';
