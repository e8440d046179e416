import { describe, expect, it } from 'vitest';
import type { LogRecord } from '../../../../core/ingest/types';
import { kibanaCsvReader } from '../../../../core/ingest/formats/logs';
import { claims, fixture, readFixture, readText, sniffFile, sniffText } from './helpers';

describe('Kibana Discover "Generate CSV" export', () => {
  it('is claimed although reporting escaped the @timestamp header as \'@timestamp', () => {
    expect(claims(sniffFile(fixture('logs', 'kibana-generate-csv.csv'))).map((c) => c.id)).toEqual(['log-kibana-csv']);
  });

  it('reads display times in the import zone, the level, service and host columns, and takes the formula quote off cells', async () => {
    const recs = await readFixture<LogRecord>(kibanaCsvReader, fixture('logs', 'kibana-generate-csv.csv'), { zone: 'Europe/Berlin' });
    expect(recs.map((r) => r.ts)).toEqual([Date.UTC(2025, 2, 14, 9, 2, 11, 481), Date.UTC(2025, 2, 14, 9, 2, 12, 30), Date.UTC(2025, 2, 14, 9, 2, 12, 511)]);
    expect(recs[1]).toMatchObject({
      level: 'ERROR',
      service: 'payments',
      host: 'web-1',
      message: '-> upstream timeout after 3000 ms, giving up',
      attrs: { _id: 'a2', _index: 'logs-app-2025.03.14' },
    });
  });

  it('reads the same rows in UTC when no zone is given', async () => {
    const recs = await readFixture<LogRecord>(kibanaCsvReader, fixture('logs', 'kibana-generate-csv.csv'));
    expect(recs[0].ts).toBe(Date.UTC(2025, 2, 14, 10, 2, 11, 481));
  });

  it('takes a "timestamp" time column when its values are in Kibana\'s display format, and ISO times too', async () => {
    const text = 'timestamp,message,"host.name"\n"Mar 14, 2025 @ 10:02:11.481","GET /a 200","web-1"\n"2025-03-14T10:02:12.000Z","GET /b 500","web-2"\n';
    expect(claims(sniffText(text)).map((c) => c.id)).toEqual(['log-kibana-csv']);
    const recs = await readText<LogRecord>(kibanaCsvReader, text);
    expect(recs.map((r) => [r.ts, r.message])).toEqual([
      [Date.UTC(2025, 2, 14, 10, 2, 11, 481), 'GET /a 200'],
      [Date.UTC(2025, 2, 14, 10, 2, 12), 'GET /b 500'],
    ]);
  });

  it('does not claim near misses: a long metrics CSV or a "timestamp" column with ISO times only', () => {
    expect(kibanaCsvReader.detect(sniffText('timestamp,series,value\n2025-03-14T10:00:00Z,cpu,0.5\n'))).toBe(0);
    expect(kibanaCsvReader.detect(sniffText('timestamp,message\n2025-03-14T10:00:00Z,hello\n'))).toBe(0);
  });
});
