import { Readable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { textLogReader } from '../../../core/ingest/formats/logs';
import { minedBatches } from '../../../core/ingest/source-batches';
import { context } from './logs/helpers';

describe('mined batches', () => {
  it('takes a multi-line event\'s template from its first line, not from its stack trace', async () => {
    const text = [
      '2025-03-14T10:00:00Z ERROR charge failed for order 17',
      'java.sql.SQLTransientConnectionException: HikariPool-1 - Connection is not available',
      '\tat com.zaxxer.hikari.pool.HikariPool.createTimeoutException(HikariPool.java:696)',
      '2025-03-14T10:00:01Z ERROR charge failed for order 18',
      'java.net.SocketTimeoutException: Read timed out',
      '\tat java.net.SocketInputStream.socketRead0(Native Method)',
      '\tat java.net.SocketInputStream.read(SocketInputStream.java:150)',
      '2025-03-14T10:00:02Z INFO served /health in 3 ms',
    ].join('\n');
    const ids: string[] = [];
    const exceptions: (string | undefined)[] = [];
    for await (const b of minedBatches(textLogReader, () => Readable.from([text]), context(), () => undefined)) {
      ids.push(...b.templateIds);
      exceptions.push(...b.logs.map((l) => l.attrs?.exception));
    }
    expect(ids).toHaveLength(3);
    expect(ids[0]).toBe(ids[1]);
    expect(ids[2]).not.toBe(ids[0]);
    expect(exceptions).toEqual(['java.sql.SQLTransientConnectionException', 'java.net.SocketTimeoutException', undefined]);
  });
});
