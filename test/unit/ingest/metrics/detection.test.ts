import { readdirSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { metricReaders } from '../../../../core/ingest/formats/metrics';
import { FIXTURES, fixtureBytes, sniffBytes } from './read';

/** The reader each fixture must be detected as; `null` = a file that is not metrics. */
const EXPECTED: Record<string, string | null> = {
  'prom-query-range.json': 'prometheus-query-range',
  'prom-query-range-bad-point.json': 'prometheus-query-range',
  'prom-instant-vector.json': 'prometheus-query-range',
  'prom-error.json': 'prometheus-query-range',
  'prom-native-histograms.json': 'prometheus-query-range',
  'exposition-0.0.4.prom': 'prometheus-text',
  'openmetrics.txt': 'openmetrics',
  'promtool-dump.txt': 'promtool-dump',
  'promtool-dump-openmetrics.txt': 'promtool-dump',
  'grafana-joined.csv': 'grafana-csv',
  'grafana-formatted.csv': 'grafana-csv',
  'grafana-excel-semicolon.csv': 'grafana-csv',
  'datadog-v1.json': 'datadog-v1-query',
  'datadog-v2.json': 'datadog-v2-timeseries',
  'cloudwatch-newest-first.json': 'cloudwatch-get-metric-data',
  'cloudwatch-pages.json': 'cloudwatch-get-metric-data',
  'influx.lp': 'influx-line-protocol',
  'csv-long.csv': 'csv-long',
  'csv-wide-epoch.csv': 'csv-wide',
  'csv-wide-iso.csv': 'csv-wide',
  'negative-app.log': null,
  'negative-logfmt.log': null,
  'negative-loki-streams.json': null,
  'negative-alertmanager.json': null,
  'negative-deploys.csv': null,
  'negative-journal.json': null,
};

function claims(buf: Buffer, name = 'x'): string[] {
  const sniff = sniffBytes(buf, name);
  return metricReaders.filter((r) => r.detect(sniff) >= 0.5).map((r) => r.id);
}

describe('metric format detection', () => {
  it('has an expectation for every fixture file', () => {
    expect(readdirSync(FIXTURES).sort()).toEqual(Object.keys(EXPECTED).sort());
  });

  it('has unique reader ids', () => {
    const ids = metricReaders.map((r) => r.id);
    expect(new Set(ids).size).toBe(ids.length);
  });

  for (const [file, id] of Object.entries(EXPECTED)) {
    it(`${file}: ${id === null ? 'no metric reader claims it' : `exactly ${id} claims it`}`, () => {
      expect(claims(fixtureBytes(file))).toEqual(id === null ? [] : [id]);
    });
  }

  it('decides by content, not by the file name', () => {
    for (const file of Object.keys(EXPECTED)) {
      const buf = fixtureBytes(file);
      expect(claims(buf, 'metrics.csv')).toEqual(claims(buf, 'query_range.json'));
    }
  });

  it('still decides when only the first 64 KiB of a large file are seen', () => {
    const row = (i: number): string => `${1700000000 + i},${i % 7},${i % 3}\n`;
    const big = Buffer.from(`timestamp,a,b\n${Array.from({ length: 10_000 }, (_, i) => row(i)).join('')}`);
    expect(big.length).toBeGreaterThan(65536);
    expect(claims(big)).toEqual(['csv-wide']);
  });

  it('claims nothing and throws nothing for empty, binary or junk input', () => {
    const junk = [Buffer.alloc(0), Buffer.from([0, 1, 2, 255, 254, 0x1f, 0x8b]), Buffer.from('{'), Buffer.from('\ufeff')];
    for (const b of junk) expect(claims(b)).toEqual([]);
  });
});
