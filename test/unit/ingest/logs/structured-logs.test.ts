import { describe, expect, it } from 'vitest';
import type { LogRecord } from '../../../../core/ingest/types';
import { ParseError } from '../../../../core/ingest/types';
import {
  cloudwatchLogsReader,
  elasticdumpReader,
  elasticsearchReader,
  journaldReader,
  jsonAppLogReader,
  kibanaCsvReader,
  logfmtReader,
  lokiApiReader,
  lokiJsonlReader,
} from '../../../../core/ingest/formats/logs';
import { fixture, readFixture, readText } from './helpers';

describe('journald JSON', () => {
  it('reads µs times, priority levels, unit/identifier as service and the host', async () => {
    const recs = await readFixture<LogRecord>(journaldReader, fixture('logs', 'journald.json'));
    expect(recs[0]).toMatchObject({ ts: 1_700_000_000_123, level: 'INFO', service: 'nginx.service', host: 'node-1', message: 'started' });
    expect(recs[0].attrs).toMatchObject({ SYSLOG_IDENTIFIER: 'nginx', _PID: '812' });
    expect(recs[0].attrs).not.toHaveProperty('__CURSOR');
  });

  it('decodes a MESSAGE given as bytes (bad bytes become U+FFFD) and accepts a null MESSAGE', async () => {
    const recs = await readFixture<LogRecord>(journaldReader, fixture('logs', 'journald.json'));
    expect(recs[1]).toMatchObject({ message: 'OOM killer ✓\ufffd', level: 'ERROR', service: 'kernel' });
    expect(recs[2]).toMatchObject({ message: '', level: 'WARN', service: 'backup', attrs: expect.objectContaining({ message_omitted: 'true' }) });
  });

  it('names the line whose time is missing', async () => {
    const text = '{"__REALTIME_TIMESTAMP":"1","MESSAGE":"a"}\n{"MESSAGE":"b"}\n';
    await expect(readText(journaldReader, text, { file: 'j.json' })).rejects.toThrow('j.json:2: expected __REALTIME_TIMESTAMP in microseconds, found "nothing"');
  });
});

describe('application JSON lines', () => {
  it('finds time, level, message, service and host under varying keys; the rest become attrs', async () => {
    const recs = await readFixture<LogRecord>(jsonAppLogReader, fixture('logs', 'app-json-lines.ndjson'));
    expect(recs.map((r) => [r.ts, r.level, r.service, r.message])).toEqual([
      [1_700_000_000_250, 'INFO', 'api', 'listening'],
      [Date.UTC(2024, 0, 15, 10), 'ERROR', 'orders', 'db down'],
      [Date.UTC(2024, 0, 15, 10, 0, 1, 500), 'WARN', 'cart', 'slow'],
      // A logger name is never the service (core/ingest/service-attribution.ts): it stays in attrs.
      [Date.UTC(2024, 0, 15, 10, 0, 2), 'DEBUG', undefined, recs[3].raw],
      [Date.UTC(2024, 0, 15, 10, 0, 3), 'ERROR', 'payments', 'pino fatal-ish'],
    ]);
    expect(recs[1]).toMatchObject({ host: 'web-1', attrs: { 'err.code': 'ECONNREFUSED' } });
    expect(recs[3].attrs).toEqual({ logger: 'auth', event: 'token refreshed' });
  });

  it('reads a zone-less time in ctx.zone', async () => {
    const recs = await readFixture<LogRecord>(jsonAppLogReader, fixture('logs', 'app-json-lines.ndjson'), { zone: 'Europe/Paris' });
    expect(recs[3].ts).toBe(Date.UTC(2024, 0, 15, 9, 0, 2));
    expect(recs[1].ts).toBe(Date.UTC(2024, 0, 15, 10));
  });

  it('names a line that is not JSON, and skips it when asked', async () => {
    const text = '{"ts":1700000000,"msg":"a"}\n{"ts": oops\n{"ts":1700000001,"msg":"b"}\n';
    await expect(readText(jsonAppLogReader, text, { file: 'a.ndjson' })).rejects.toBeInstanceOf(ParseError);
    await expect(readText(jsonAppLogReader, text, { file: 'a.ndjson' })).rejects.toThrow(/^a\.ndjson:2: expected a JSON object/);
    const recs = await readText<LogRecord>(jsonAppLogReader, text, { skipBadLines: true });
    expect(recs.map((r) => r.message)).toEqual(['a', 'b']);
  });

  it('strips the newline Docker keeps in `log`', async () => {
    const recs = await readText<LogRecord>(jsonAppLogReader, '{"log":"hello\\n","stream":"stdout","time":"2024-01-01T00:00:00.5Z"}\n');
    expect(recs[0]).toMatchObject({ message: 'hello', attrs: { stream: 'stdout' } });
  });
});

describe('Loki', () => {
  it('reads logcli -o jsonl', async () => {
    const recs = await readFixture<LogRecord>(lokiJsonlReader, fixture('logs', 'loki-jsonl.ndjson'));
    expect(recs[0]).toMatchObject({ ts: Date.UTC(2024, 2, 18, 15, 46, 14, 238), service: 'api', level: 'ERROR', message: 'upstream timeout' });
    expect(recs[1]).toMatchObject({ service: 'prod/web', host: 'web-1' });
  });

  it('streams the API response: ns epoch strings, stream labels, structured metadata, start lines', async () => {
    const recs = await readFixture<LogRecord>(lokiApiReader, fixture('logs', 'loki-api.json'));
    expect(recs.map((r) => [r.ts, r.service, r.level, r.message])).toEqual([
      [1_710_776_774_238, 'checkout', 'WARN', 'cart is slow'],
      [1_710_776_775_000, 'checkout', 'WARN', 'cart is slower'],
      [1_710_776_776_000, 'auth', 'ERROR', 'login failed'],
    ]);
    expect(recs[2].attrs).toMatchObject({ trace_id: 'abc', app: 'auth' });
    expect(recs[0].line).toBe(12);
  });

  it('waits for labels written after the values of a stream', async () => {
    const text = '{"data":{"resultType":"streams","result":[{"values":[["1700000000000000000","x"]],"stream":{"app":"late"}}]}}';
    const recs = await readText<LogRecord>(lokiApiReader, text);
    expect(recs).toEqual([expect.objectContaining({ service: 'late', ts: 1_700_000_000_000 })]);
  });
});

describe('Elasticsearch', () => {
  it('streams _search hits and finds fields in _source (nested and dotted)', async () => {
    const recs = await readFixture<LogRecord>(elasticsearchReader, fixture('logs', 'es-search.json'));
    expect(recs[0]).toMatchObject({ ts: Date.UTC(2024, 0, 15, 10), level: 'INFO', service: 'gateway', host: 'gw-1', message: 'GET /health 200' });
    expect(recs[0].attrs).toMatchObject({ _index: 'logs-2024.01.15', _id: 'a1' });
    expect(recs[1]).toMatchObject({ level: 'ERROR', service: 'payments', line: 35 });
  });

  it('reads elasticdump NDJSON', async () => {
    const recs = await readFixture<LogRecord>(elasticdumpReader, fixture('logs', 'elasticdump.ndjson'));
    expect(recs.map((r) => [r.ts, r.level, r.service, r.message])).toEqual([
      [Date.UTC(2024, 0, 15, 10), 'INFO', 'auth', 'user login'],
      [Date.UTC(2024, 0, 15, 10, 0, 1), 'DEBUG', undefined, 'cache miss'],
    ]);
  });

  it('names the line of a hit without a time', async () => {
    const text = '{"hits":{"hits":[\n{"_source":{"@timestamp":"2024-01-01T00:00:00Z"}},\n{"_source":{"msg":"no time"}}\n]}}';
    await expect(readText(elasticsearchReader, text, { file: 'es.json' })).rejects.toThrow(/^es\.json:3: expected a time field/);
  });

  it('names the line where the JSON breaks', async () => {
    const text = '{"hits":{"hits":[\n{"_source":{"@timestamp":"2024-01-01T00:00:00Z"}},\n{"_source": nope}\n]}}';
    const err = await readText(elasticsearchReader, text, { file: 'es.json' }).catch((e) => e);
    expect(err).toBeInstanceOf(ParseError);
    expect(err.line).toBe(3);
    expect(err.expected).toBe('valid JSON');
  });

  it('reads a Kibana Discover CSV with its display times (in ctx.zone) and multi-line cells', async () => {
    const recs = await readFixture<LogRecord>(kibanaCsvReader, fixture('logs', 'kibana-discover.csv'), { zone: 'America/Los_Angeles' });
    expect(recs[0]).toMatchObject({ ts: Date.UTC(2012, 1, 15, 1, 47, 8), level: 'INFO', host: 'web-1', message: 'GET /index.html 200', line: 2 });
    expect(recs[1]).toMatchObject({ ts: Date.UTC(2012, 1, 15, 1, 47, 9, 120), level: 'ERROR', message: 'multi\nline message', line: 3 });
  });
});

describe('CloudWatch Logs filter-log-events', () => {
  it('streams events: ms times, the stream name, level from the message', async () => {
    const recs = await readFixture<LogRecord>(cloudwatchLogsReader, fixture('logs', 'cloudwatch-filter-log-events.json'));
    expect(recs.map((r) => [r.ts, r.level, r.message])).toEqual([
      [1_705_312_800_000, undefined, 'START RequestId: 1 Version: $LATEST'],
      [1_705_312_800_500, 'ERROR', 'Invoke Error'],
      [1_705_312_801_000, 'WARN', 'retrying'],
    ]);
    expect(recs[0].attrs).toMatchObject({ logStream: '2024/01/15/[$LATEST]abc', eventId: 'e1' });
  });

  it('reads pages appended to one another', async () => {
    const page = (t: number) => JSON.stringify({ events: [{ logStreamName: 's', timestamp: t, message: 'm' }], nextToken: 'x' });
    const recs = await readText<LogRecord>(cloudwatchLogsReader, `${page(1_705_312_800_000)}\n${page(1_705_312_900_000)}\n`);
    expect(recs.map((r) => r.ts)).toEqual([1_705_312_800_000, 1_705_312_900_000]);
  });
});

describe('logfmt', () => {
  it('reads key=value pairs with quoted values and escapes; a line without a time continues the event', async () => {
    const recs = await readFixture<LogRecord>(logfmtReader, fixture('logs', 'logfmt.log'));
    expect(recs.map((r) => [r.ts, r.level, r.service, r.message, r.lines])).toEqual([
      [Date.UTC(2024, 0, 15, 10), 'INFO', 'api', 'server started', 1],
      [Date.UTC(2024, 0, 15, 10, 0, 1, 500), 'ERROR', 'db', 'query failed: "users" missing\n  at db.query (db.go:41)', 2],
      [1_705_312_802_000, 'WARN', undefined, 'slow', 1],
    ]);
    expect(recs[0].attrs).toEqual({ port: '8080' });
    expect(recs[2].attrs).toEqual({ duration: '1200ms' });
  });

  it('names a first line that is not logfmt', async () => {
    await expect(readText(logfmtReader, 'hello world\n', { file: 'l.log' })).rejects.toThrow(/^l\.log:1: expected a logfmt line/);
  });
});
