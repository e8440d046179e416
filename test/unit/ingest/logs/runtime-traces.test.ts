import { describe, expect, it } from 'vitest';
import type { LogRecord } from '../../../../core/ingest/types';
import { criLogReader, jsonAppLogReader, kubectlLogReader, textLogReader } from '../../../../core/ingest/formats/logs';
import { exceptionOf, exceptionOfRaw, TraceContinuation } from '../../../../core/ingest/formats/logs/runtime-traces';
import { fixture, readFixture, readText } from './helpers';

const read = (name: string) => readFixture<LogRecord>(textLogReader, fixture('logs', name));

/** Prefixes every line with a kubelet time, one millisecond apart, as `kubectl logs --timestamps` does. */
function kubectl(lines: string[]): string {
  return lines.map((l, k) => `2025-03-14T10:02:11.${String(100 + k).padStart(3, '0')}000001Z ${l}\n`).join('');
}

describe('multi-line events of the common runtimes', () => {
  it('keeps gunicorn\'s own lines apart from the application\'s, though their time formats differ', async () => {
    const recs = await read('text-gunicorn-python.log');
    expect(recs.map((r) => [r.line, r.lines])).toEqual([
      [1, 1], [2, 1], [3, 1], [4, 1], [5, 14], [19, 1], [20, 1], [21, 1],
    ]);
    expect(recs[0]).toMatchObject({ ts: Date.UTC(2025, 2, 14, 10, 2, 11), level: 'INFO', message: 'Starting gunicorn 21.2.0', attrs: { pid: '8' } });
    expect(recs[5]).toMatchObject({ level: 'CRIT', message: 'WORKER TIMEOUT (pid:9)' });
    expect(recs[3]).toMatchObject({ ts: Date.UTC(2025, 2, 14, 10, 2, 12, 104), level: 'INFO' });
  });

  it('folds a chained Python traceback into the logged line; the exception raised is a field, the first one its cause', async () => {
    const recs = await read('text-gunicorn-python.log');
    const ev = recs[4];
    expect(ev.message.split('\n')[0]).toBe('charge failed order=1842');
    expect(ev.raw.endsWith("ValueError: invalid literal for int() with base 10: '12.50'")).toBe(true);
    expect(ev.attrs).toMatchObject({ logger: 'payments.api', exception: 'ValueError', exception_cause: 'payments.gateway.GatewayTimeout' });
  });

  it('folds a Java trace with Suppressed, Caused by and "... n more" into one event; the root cause is the last Caused by', async () => {
    const recs = await read('text-java-trace.log');
    expect(recs.map((r) => r.lines)).toEqual([12, 1]);
    expect(recs[0]).toMatchObject({ level: 'ERROR', message: expect.stringMatching(/^Could not reserve stock for order 77\n/) });
    expect(recs[0].attrs).toMatchObject({ pid: '1', thread: 'http-nio-8080-exec-3', logger: 'c.e.orders.OrderService' });
    expect(recs[0].attrs).toMatchObject({
      exception: 'org.springframework.dao.DataAccessResourceFailureException',
      exception_cause: 'java.sql.SQLTransientConnectionException',
    });
    expect(recs[1].attrs?.exception).toBeUndefined();
  });

  it('folds a Go panic (goroutines, call lines, file:line +0x, exit status) into the event above', async () => {
    const recs = await read('text-go-panic.log');
    expect(recs.map((r) => [r.line, r.lines])).toEqual([[1, 1], [2, 13], [15, 1]]);
    expect(recs[1].attrs).toEqual({ exception: 'panic: runtime error: index out of range' });
    expect(recs[1].raw.split('\n').pop()).toBe('exit status 2');
  });

  it('folds a Node stack trace and names the error class', async () => {
    const recs = await read('text-node-trace.log');
    expect(recs.map((r) => r.lines)).toEqual([1, 5, 1]);
    expect(recs[1]).toMatchObject({ level: 'ERROR', attrs: { exception: 'TypeError' } });
  });

  it('gives no exception to a wrapped message that holds no trace', async () => {
    const recs = await readText<LogRecord>(textLogReader, '2025-03-14T10:00:00Z WARN slow query\n  SELECT * FROM orders\n  WHERE id = 4\n');
    expect(recs).toHaveLength(1);
    expect(recs[0].lines).toBe(3);
    expect(recs[0].attrs).toBeUndefined();
  });

  it('keeps a Python traceback and a Go panic with their event in kubectl output, where every line is stamped', async () => {
    const text = kubectl([
      '2025-03-14 10:02:13,377 ERROR payments.api: charge failed',
      'Traceback (most recent call last):',
      '  File "/app/api.py", line 88, in charge',
      'KeyError: \'amount\'',
      '2025-03-14 10:02:14,001 INFO payments.api: ok',
      'panic: assignment to entry in nil map',
      '',
      'goroutine 1 [running]:',
      'main.main()',
      '\t/src/main.go:9 +0x25',
      'exit status 2',
      'INFO:     Started server process [8]',
    ]);
    const recs = await readText<LogRecord>(kubectlLogReader, text);
    expect(recs.map((r) => r.lines)).toEqual([4, 7, 1]);
    expect(recs[0].attrs?.exception).toBe('KeyError');
    expect(recs[1].attrs?.exception).toBe('panic: assignment to entry in nil map');
    expect(recs[2]).toMatchObject({ level: 'INFO', message: 'Started server process [8]' });
  });

  it('keeps a Node trace on the same CRI stream with its event', async () => {
    const cri = [
      '2025-03-14T10:02:12.900Z stderr F unhandled rejection',
      '2025-03-14T10:02:12.901Z stderr F Error [ERR_HTTP_HEADERS_SENT]: Cannot set headers after they are sent',
      '2025-03-14T10:02:12.902Z stderr F     at ServerResponse.setHeader (node:_http_outgoing:648:11)',
      '2025-03-14T10:02:13.000Z stdout F GET /health 200',
    ].join('\n');
    const recs = await readText<LogRecord>(criLogReader, `${cri}\n`);
    expect(recs.map((r) => r.lines)).toEqual([3, 1]);
    expect(recs[0].attrs?.exception).toBe('Error');
  });
});

describe('exceptions in structured (JSON) logs', () => {
  const logback = JSON.stringify({
    '@timestamp': '2025-03-14T10:02:11.481Z',
    level: 'ERROR',
    message: 'Could not reserve stock',
    stack_trace: 'org.springframework.dao.DataAccessResourceFailureException: no connection\n\tat com.example.Svc.run(Svc.java:64)\nCaused by: java.sql.SQLTransientConnectionException: HikariPool-1 - timeout\n\t... 12 more',
  });
  const pino = JSON.stringify({ time: 1741946531481, level: 50, msg: 'request failed', err: { type: 'TypeError', message: 'x is undefined', stack: 'TypeError: x is undefined\n    at handler (/app/a.js:3:9)' } });

  it('takes the exception from a stack-trace field (logstash-logback, pino)', async () => {
    const recs = await readText<LogRecord>(jsonAppLogReader, `${logback}\n${pino}\n`);
    expect(recs[0].attrs).toMatchObject({ exception: 'org.springframework.dao.DataAccessResourceFailureException', exception_cause: 'java.sql.SQLTransientConnectionException' });
    expect(recs[1].attrs).toMatchObject({ exception: 'TypeError' });
  });

  it('reads the same from the stored raw line, and nothing from a plain one-line event', () => {
    expect(exceptionOfRaw(logback)?.exception).toBe('org.springframework.dao.DataAccessResourceFailureException');
    expect(exceptionOfRaw(JSON.stringify({ msg: 'ok', error: { type: 'ECONNRESET' } }))).toEqual({ exception: 'ECONNRESET' });
    expect(exceptionOfRaw('2025-03-14T10:00:00Z ERROR java.lang.IllegalStateException: x')).toBeUndefined();
  });
});

describe('exceptionOf', () => {
  it('reads the class from the header line when the logger printed the exception there', () => {
    expect(exceptionOf('Exception in thread "main" java.lang.OutOfMemoryError: Java heap space', ['\tat java.util.Arrays.copyOf(Arrays.java:3236)'])).toEqual({
      exception: 'java.lang.OutOfMemoryError',
    });
  });

  it('finds nothing without frames, a traceback or a panic', () => {
    expect(exceptionOf('retrying', ['java.lang.IllegalStateException: pool closed'])).toBeUndefined();
    expect(exceptionOf('report follows', ['ValueError: not in a traceback'])).toBeUndefined();
  });
});

describe('TraceContinuation', () => {
  it('starts an event on a line that belongs to no trace', () => {
    const t = new TraceContinuation();
    t.start('request failed');
    expect(['\tat a.B.c(B.java:1)', 'Caused by: x.Y: z', '... 3 more', 'com.example.BadThing: oops'].map((l) => t.continues(l))).toEqual([true, true, true, true]);
    expect(t.continues('GET /health 200')).toBe(false);
    expect(t.continues('main.main()')).toBe(false);
  });
});
