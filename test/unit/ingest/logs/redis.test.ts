import { describe, expect, it } from 'vitest';
import type { LogRecord } from '../../../../core/ingest/types';
import { redisLogReader } from '../../../../core/ingest/formats/logs';
import { claims, fixture, readFixture, readText, sniffText } from './helpers';

describe('Redis server log', () => {
  it('reads pid, role, time (in ctx.zone) and the level character', async () => {
    const recs = await readFixture<LogRecord>(redisLogReader, fixture('logs', 'redis-server.log'), { zone: 'Europe/Berlin' });
    expect(recs).toHaveLength(10);
    expect(recs[2]).toMatchObject({
      ts: Date.UTC(2025, 2, 14, 9, 2, 10, 904),
      level: 'NOTICE',
      message: 'Server initialized',
      attrs: { pid: '1', role: 'master', redis_level: 'notice' },
    });
    expect(recs.map((r) => r.attrs?.redis_level)).toEqual([
      'warning', 'notice', 'notice', 'notice', 'verbose', 'notice', 'notice', 'notice', 'debug', 'warning',
    ]);
    expect(recs.map((r) => r.level)).toEqual(['WARN', 'NOTICE', 'NOTICE', 'NOTICE', 'DEBUG', 'NOTICE', 'NOTICE', 'NOTICE', 'DEBUG', 'WARN']);
    expect(recs[7].attrs).toMatchObject({ pid: '27', role: 'child' });
    expect(recs[9].attrs?.role).toBe('replica');
    // Service comes from the path or the import's option, never from the pid or role.
    expect(recs.every((r) => r.service === undefined)).toBe(true);
  });

  it('reads the format before Redis 3 ([pid], no year) with the year inferred', async () => {
    const recs = await readFixture<LogRecord>(redisLogReader, fixture('logs', 'redis-server-old.log'), { referenceYear: 2013 });
    expect(recs.map((r) => r.ts)).toEqual([Date.UTC(2013, 10, 14, 7, 1, 22, 119), Date.UTC(2013, 10, 14, 7, 1, 22, 120), Date.UTC(2013, 10, 14, 7, 1, 22, 120)]);
    expect(recs[1]).toMatchObject({ level: 'WARN', attrs: { pid: '4018' } });
  });

  it('keeps the raw start-up logo lines with the event above', async () => {
    const recs = await readText<LogRecord>(redisLogReader, '1:M 14 Mar 2025 10:02:10.904 * Running mode=standalone, port=6379.\n                _._\n           _.-``__ \'\'-._\n1:M 14 Mar 2025 10:02:10.905 * Server initialized\n');
    expect(recs.map((r) => r.lines)).toEqual([3, 1]);
  });

  it('does not claim a near miss: a pid:role prefix without a Redis level character', () => {
    const text = '1:M 14 Mar 2025 10:02:10.904 Server initialized\n1:M 14 Mar 2025 10:02:11.904 Ready\n';
    expect(redisLogReader.detect(sniffText(text))).toBe(0);
    expect(claims(sniffText(text)).map((c) => c.id)).not.toContain('log-redis');
  });
});
