import { describe, expect, it } from 'vitest';
import type { LogRecord } from '../../../../core/ingest/types';
import { ParseError } from '../../../../core/ingest/types';
import { criLogReader, kubectlLogReader, lokiLogcliReader } from '../../../../core/ingest/formats/logs';
import { fixture, readFixture, readText } from './helpers';

describe('kubectl logs --timestamps', () => {
  it('takes the kubelet time and parses the inner line (text header or JSON)', async () => {
    const recs = await readFixture<LogRecord>(kubectlLogReader, fixture('logs', 'kubectl-timestamps.log'));
    expect(recs[0]).toMatchObject({ ts: Date.UTC(2024, 2, 18, 15, 46, 14, 238), level: 'INFO' });
    expect(recs[0].message).toBe('Starting Application');
    // `[main]` is the thread, not a service.
    expect(recs[0].attrs).toEqual({ thread: 'main', logger: 'o.s.b.StartupInfoLogger' });
    expect(recs[1]).toMatchObject({ level: 'WARN', service: 'loader', message: 'config reload slow', attrs: { took_ms: '840' } });
    expect(recs[2]).toMatchObject({ level: 'ERROR' });
    expect(recs[2].message.split('\n')[0]).toBe('request failed');
  });

  it('joins the exception line and its frames to the event above, although kubectl stamped them', async () => {
    const recs = await readFixture<LogRecord>(kubectlLogReader, fixture('logs', 'kubectl-timestamps.log'));
    expect(recs).toHaveLength(4);
    expect(recs[2]).toMatchObject({ line: 3, lines: 3, attrs: { exception: 'java.lang.NullPointerException' } });
    expect(recs[2].message).toBe('request failed\njava.lang.NullPointerException: user was null\n\tat com.example.Handler.handle(Handler.java:21)');
    expect(recs[3]).toMatchObject({ line: 6, message: 'plain line from the app' });
  });

  it('takes the container from a --prefix', async () => {
    const recs = await readText<LogRecord>(kubectlLogReader, '[pod/api-1/app] 2024-03-18T15:46:14.238135024Z hello\n');
    expect(recs[0]).toMatchObject({ service: 'app', attrs: { source: 'pod/api-1/app' }, message: 'hello' });
  });

  it('names the line that has no kubelet time', async () => {
    const err = await readText(kubectlLogReader, 'no time here\n', { file: 'pod.log' }).catch((e) => e);
    expect(err).toBeInstanceOf(ParseError);
    expect(err.message).toMatch(/^pod\.log:1: expected a line starting with an RFC 3339 time/);
  });
});

describe('CRI node log files', () => {
  it('joins P (partial) lines with the following ones of the same stream up to F', async () => {
    const recs = await readFixture<LogRecord>(criLogReader, fixture('logs', 'cri-node.log'));
    const joined = recs.find((r) => r.line === 2);
    expect(joined).toMatchObject({
      lines: 3,
      message: 'this is a long line that the runtime split in three pieces and here is the end',
      attrs: { stream: 'stdout' },
      ts: Date.UTC(2019, 3, 30, 2, 12, 41, 844),
    });
    expect(joined?.raw.split('\n')).toHaveLength(3);
  });

  it('keeps the interleaved stderr line whole and in its own event', async () => {
    const recs = await readFixture<LogRecord>(criLogReader, fixture('logs', 'cri-node.log'));
    expect(recs.find((r) => r.line === 3)).toMatchObject({ level: 'WARN', message: 'disk almost full', attrs: { stream: 'stderr' } });
  });

  it('joins a stack-trace continuation on the same stream', async () => {
    const recs = await readFixture<LogRecord>(criLogReader, fixture('logs', 'cri-node.log'));
    expect(recs.find((r) => r.line === 6)).toMatchObject({ lines: 2, level: 'ERROR', message: 'connection refused\n\tat net.dial(dial.go:10)' });
    expect(recs).toHaveLength(4);
  });

  it('keeps a partial line never completed, marked partial', async () => {
    const recs = await readText<LogRecord>(criLogReader, '2019-04-30T02:12:41.8Z stdout P half a li\n');
    expect(recs).toEqual([expect.objectContaining({ message: 'half a li', attrs: expect.objectContaining({ partial: 'true' }) })]);
  });

  it('rejects a line that is not CRI', async () => {
    await expect(readText(criLogReader, '2019-04-30T02:12:41.8Z stdin X hi\n')).rejects.toThrow(/test\.log:1: expected a CRI log line/);
  });
});

describe('Loki logcli default output', () => {
  it('reads labels into service, host, level and attrs; multi-line entries continue', async () => {
    const recs = await readFixture<LogRecord>(lokiLogcliReader, fixture('logs', 'loki-logcli.txt'));
    expect(recs[0]).toMatchObject({ service: 'api', level: 'ERROR', message: 'upstream timeout', attrs: { namespace: 'prod' } });
    expect(recs[1]).toMatchObject({ service: 'checkout', host: 'web-1', level: 'WARN', lines: 2 });
    expect(recs[1].message).toBe('cart is slow\n  continued detail line');
    expect(recs[2]).toMatchObject({ ts: Date.UTC(2024, 2, 18, 15, 46, 16), level: 'INFO', message: 'json inside' });
  });
});
