import { describe, expect, it } from 'vitest';
import type { LogRecord } from '../../../../core/ingest/types';
import { ParseError } from '../../../../core/ingest/types';
import { textLogReader } from '../../../../core/ingest/formats/logs';
import { fixture, readFixture, readText } from './helpers';

const read = (name: string, over = {}) => readFixture<LogRecord>(textLogReader, fixture('logs', name), over);

describe('plain-text log reader', () => {
  it('reads RFC 3339 times with Z, offsets and microseconds, level and [component]', async () => {
    const recs = await read('text-rfc3339.log');
    expect(recs.map((r) => r.ts)).toEqual([
      Date.UTC(2024, 0, 15, 10, 0, 0, 123),
      Date.UTC(2024, 0, 15, 8, 0, 1, 500),
      Date.UTC(2024, 0, 15, 9, 0, 2, 262),
      Date.UTC(2024, 0, 15, 10, 0, 3),
    ]);
    expect(recs.map((r) => r.level)).toEqual(['INFO', 'WARN', 'ERROR', 'DEBUG']);
    expect(recs.map((r) => r.service)).toEqual(['api', 'db', 'api', undefined]);
    expect(recs[0].message).toBe('server listening on :8080');
  });

  it('joins lines without a timestamp to the event above (stack trace, blank line inside)', async () => {
    const recs = await read('text-rfc3339.log');
    const ev = recs[2];
    expect(ev.line).toBe(3);
    expect(ev.lines).toBe(6);
    expect(ev.raw.split('\n')).toHaveLength(6);
    expect(ev.raw).toContain('\tat com.example.Api.handle(Api.java:42)\n');
    expect(ev.message.startsWith('request failed: upstream timeout\njava.lang.RuntimeException')).toBe(true);
    expect(ev.message.endsWith('Caused by: java.net.SocketTimeoutException: Read timed out')).toBe(true);
    expect(recs[3].line).toBe(9);
  });

  it('drops blank lines between events instead of adding them to the one above', async () => {
    const recs = await readText<LogRecord>(textLogReader, '2024-01-01T00:00:00Z a\n\n\n2024-01-01T00:00:01Z b\n');
    expect(recs.map((r) => [r.line, r.lines, r.raw])).toEqual([
      [1, 1, '2024-01-01T00:00:00Z a'],
      [4, 1, '2024-01-01T00:00:01Z b'],
    ]);
  });

  it('reads RFC 3164 syslog: host, app, pid, PRI severity, and rolls the year over Dec → Jan', async () => {
    const recs = await read('text-syslog-rfc3164.log', { referenceYear: 2023 });
    expect(recs.map((r) => r.ts)).toEqual([
      Date.UTC(2023, 11, 31, 23, 59, 58),
      Date.UTC(2023, 11, 31, 23, 59, 59),
      Date.UTC(2024, 0, 1, 0, 0, 1),
      Date.UTC(2024, 0, 1, 0, 0, 2),
    ]);
    expect(recs[0]).toMatchObject({ host: 'mymachine', service: 'su', level: 'CRIT', attrs: { pid: '230' } });
    expect(recs[1]).toMatchObject({ service: 'sshd', level: 'ERROR', message: 'error: PAM: authentication failure for admin' });
    expect(recs[3]).toMatchObject({ service: 'kernel', message: '[12345.678] eth0: link up' });
  });

  it('infers the syslog year from the file date when no reference year is set, and says so', async () => {
    const notes: string[] = [];
    const recs = await read('text-syslog-rfc3164.log', { fileTimeMs: Date.UTC(2025, 1, 1), onNote: (m: string) => notes.push(m) });
    expect(recs.map((r) => new Date(r.ts).getUTCFullYear())).toEqual([2024, 2024, 2025, 2025]);
    expect(notes).toHaveLength(1);
    expect(notes[0]).toMatch(/the first one was read as 2024 \(from the file's date\)/);
  });

  it('reads RFC 3164 times in the chosen zone', async () => {
    const recs = await read('text-syslog-rfc3164.log', { referenceYear: 2023, zone: 'America/New_York' });
    expect(recs[0].ts).toBe(Date.UTC(2024, 0, 1, 4, 59, 58));
  });

  it('reads RFC 5424: host, app, procid, msgid, structured data and severity', async () => {
    const recs = await read('text-syslog-rfc5424.log');
    expect(recs[0]).toMatchObject({
      ts: Date.UTC(2003, 9, 11, 22, 14, 15, 3),
      host: 'mymachine.example.com',
      service: 'evntslog',
      level: 'NOTICE',
      message: 'An application event log entry',
      attrs: { msgid: 'ID47', facility: '20' },
    });
    expect(recs[0].attrs?.sd).toBe('[exampleSDID@32473 iut="3" eventSource="Application" eventID="1011"]');
    expect(recs[1]).toMatchObject({ service: 'billing', level: 'ERROR', attrs: { pid: '2291' } });
  });

  it('reads log4j times (comma fraction) in ctx.zone and Java stack traces as one event', async () => {
    const recs = await read('text-log4j.log', { zone: 'America/New_York' });
    expect(recs.map((r) => r.ts)).toEqual([
      Date.UTC(1999, 10, 27, 20, 49, 37, 459),
      Date.UTC(1999, 10, 27, 20, 49, 38, 1),
      Date.UTC(1999, 10, 27, 20, 49, 39, 250),
    ]);
    // `[worker-1]` names a thread, not a service: it is kept as an attribute.
    expect(recs[1]).toMatchObject({ level: 'ERROR', lines: 4, line: 2 });
    expect(recs[1].service).toBeUndefined();
    expect(recs[1].raw.endsWith('\t... 3 more')).toBe(true);
    expect(recs[1].message.split('\n')[0]).toBe('Job failed');
    // The template comes from the first line; the exception class is a field of its own.
    expect(recs[1].attrs).toEqual({ thread: 'worker-1', logger: 'com.example.Job', exception: 'java.lang.IllegalStateException' });
  });

  it('reads the Apache error log ([ctime] [module:level])', async () => {
    const recs = await read('text-apache-error.log');
    expect(recs[0]).toMatchObject({ ts: Date.UTC(2000, 9, 11, 14, 32, 52, 123), level: 'ERROR', service: 'core' });
    expect(recs[1]).toMatchObject({ level: 'NOTICE', service: 'mpm_event' });
  });

  it('reads epoch times by digit count (10 s, 13 ms, 16 µs, 19 ns)', async () => {
    const recs = await read('text-epoch.log', { zone: 'Asia/Tokyo' });
    expect(recs.map((r) => r.ts)).toEqual([1_700_000_000_000, 1_700_000_001_123, 1_700_000_002_123, 1_700_000_003_123]);
    expect(recs[2].message).toBe('flushing 12 buffers');
  });

  it('reads Python logging (`name - LEVEL - msg`) and its tracebacks', async () => {
    const recs = await read('text-python-logging.log');
    expect(recs[1]).toMatchObject({ service: 'billing', level: 'ERROR', lines: 4 });
    expect(recs[1].message.split('\n')[0]).toBe('invoice 42 rejected');
  });

  it('keeps unsorted lines in file order (CloudWatch S3 export)', async () => {
    const recs = await read('cloudwatch-s3-export.log');
    expect(recs.map((r) => r.ts)).toEqual([Date.UTC(2024, 0, 15, 10, 0, 2), Date.UTC(2024, 0, 15, 10), Date.UTC(2024, 0, 15, 10, 0, 3, 250)]);
  });

  it('neither duplicates nor loses local times repeated at a DST fall-back', async () => {
    const recs = await read('text-dst-berlin.log', { zone: 'Europe/Berlin' });
    const ts = recs.map((r) => r.ts);
    expect(new Set(ts).size).toBe(10);
    // 01:45 CEST = 23:45Z; then every 15 minutes through both passes of 02:00–02:59; 03:00 CET = 02:00Z.
    expect(ts[0]).toBe(Date.UTC(2024, 9, 26, 23, 45));
    for (let i = 1; i < ts.length; i++) expect(ts[i] - ts[i - 1]).toBe(15 * 60_000);
    expect(ts[9]).toBe(Date.UTC(2024, 9, 27, 2, 0));
  });

  it('keeps spring-forward local times in order with the real elapsed time', async () => {
    const recs = await read('text-dst-spring.log', { zone: 'Europe/Berlin' });
    const ts = recs.map((r) => r.ts);
    expect(ts).toEqual([Date.UTC(2024, 2, 31, 0, 30), Date.UTC(2024, 2, 31, 0, 45), Date.UTC(2024, 2, 31, 1, 0), Date.UTC(2024, 2, 31, 1, 15)]);
  });

  it('keeps the tail of an event cut by log rotation as one event at the first header time', async () => {
    const notes: string[] = [];
    const text = '\tat com.x.Y.run(Y.java:1)\n\t... 2 more\n2024-01-01T00:00:00Z INFO ok\n';
    const recs = await readText<LogRecord>(textLogReader, text, { onNote: (m: string) => notes.push(m) });
    expect(recs.map((r) => [r.line, r.lines, r.ts, r.attrs?.before_first_timestamp])).toEqual([
      [1, 2, Date.UTC(2024, 0, 1), 'true'],
      [3, 1, Date.UTC(2024, 0, 1), undefined],
    ]);
    expect(notes).toEqual(['test.log: 2 line(s) before the first timestamp were kept as one event at its time.']);
  });

  it('names the file and line 1 when no line starts with a timestamp', async () => {
    const err = await readText(textLogReader, 'banner without time\nmore text\n', { file: 'app.log' }).catch((e) => e);
    expect(err).toBeInstanceOf(ParseError);
    expect(err.message).toBe('app.log:1: expected a line starting with a timestamp, found "banner without time"');
    expect(err.line).toBe(1);
  });

  it('refuses a file without a timestamp in its first 200 lines, and reports it when skipping', async () => {
    const text = `${'no time\n'.repeat(201)}2024-01-01T00:00:00Z ok\n`;
    await expect(readText(textLogReader, text, { file: 'a.log' }, 512)).rejects.toThrow('a.log:1: expected a timestamp within the first 200 lines, found "no time"');
    const bad: [number, string][] = [];
    const recs = await readText<LogRecord>(textLogReader, text, { skipBadLines: true, onBadLine: (line: number, msg: string) => bad.push([line, msg]) }, 512);
    expect(recs).toHaveLength(1);
    expect(bad).toEqual([[1, 'expected a timestamp within the first 200 lines, found "no time"']]);
  });

  it('cuts a line over 1 MiB, flags it, and goes on with the next line', async () => {
    const huge = `2024-01-01T00:00:00Z ${'x'.repeat(3 << 20)}`;
    const recs = await readText<LogRecord>(textLogReader, `${huge}\n2024-01-01T00:00:01Z next\n`, {}, 65536);
    expect(recs).toHaveLength(2);
    expect(recs[0].raw.length).toBe(1 << 20);
    expect(recs[0].attrs?.truncated).toBe('true');
    expect(recs[1]).toMatchObject({ line: 2, message: 'next' });
  });

  it('stops with the abort reason when cancelled', async () => {
    const ac = new AbortController();
    ac.abort(new Error('cancelled by user'));
    await expect(readText(textLogReader, '2024-01-01T00:00:00Z a\n', { signal: ac.signal })).rejects.toThrow('cancelled by user');
  });

  it('reports progress in bytes', async () => {
    const seen: number[] = [];
    const text = '2024-01-01T00:00:00Z a\n'.repeat(100);
    await readText(textLogReader, text, { onProgress: (b: number) => seen.push(b) }, 64);
    expect(seen[seen.length - 1]).toBe(Buffer.byteLength(text));
  });
});
