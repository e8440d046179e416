/**
 * The metric format readers, for the registry. Each detects its format from content alone; the
 * detectors are built so that at most one of them claims a file with >= 0.5.
 */
import type { FormatReader } from '../../types';
import { cloudWatchReader } from './cloudwatch';
import { csvLongReader } from './csv-long';
import { csvWideReader } from './csv-wide';
import { datadogV1Reader } from './datadog-v1';
import { datadogV2Reader } from './datadog-v2';
import { grafanaCsvReader } from './grafana-csv';
import { influxLineReader } from './influx-line';
import { openMetricsReader } from './openmetrics';
import { prometheusQueryRangeReader } from './prometheus-query-range';
import { prometheusTextReader } from './prometheus-text';
import { promtoolDumpReader } from './promtool-dump';

export type { MetricReadContext } from './context';

export {
  cloudWatchReader,
  csvLongReader,
  csvWideReader,
  datadogV1Reader,
  datadogV2Reader,
  grafanaCsvReader,
  influxLineReader,
  openMetricsReader,
  prometheusQueryRangeReader,
  prometheusTextReader,
  promtoolDumpReader,
};

export const metricReaders: FormatReader[] = [
  prometheusQueryRangeReader,
  prometheusTextReader,
  openMetricsReader,
  promtoolDumpReader,
  grafanaCsvReader,
  datadogV1Reader,
  datadogV2Reader,
  cloudWatchReader,
  influxLineReader,
  csvLongReader,
  csvWideReader,
];
