/**
 * Log format readers (see each module for its format) and the access-log metrics helper.
 */
import type { FormatReader } from '../../types';
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
import { textLogReader } from './text-reader';

export const logReaders: FormatReader[] = [
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
  redisLogReader,
  textLogReader,
};
export { AccessLogMetrics, accessLogMetrics } from './access-log-metrics';
export { QuantileSketch } from './quantile-sketch';
export { LeadingTimestamps, TimeValues, YearInference, ZonedClock } from './timestamps';
