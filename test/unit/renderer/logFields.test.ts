/** A log line's fields for its detail view (renderer/src/logFields.ts). */
import { describe, expect, it } from 'vitest';
import { exceptionOf, fileName, logFields } from '../../../renderer/src/logFields';

describe('exceptionOf', () => {
  it('names the exception of the common runtimes’ traces', () => {
    const java = [
      '2025-03-14 10:02:11.481 ERROR [http-nio-8080-exec-3] c.s.orders.OrderController - failed',
      'org.springframework.dao.DataAccessResourceFailureException: could not get connection',
      '\tat com.shop.orders.Repo.save(Repo.java:42)',
      'Caused by: java.sql.SQLTransientConnectionException: pool exhausted',
      '\t... 12 more',
    ].join('\n');
    expect(exceptionOf(java)).toBe('java.sql.SQLTransientConnectionException');
    expect(exceptionOf('x failed\njava.lang.NullPointerException\n\tat a.B.c(B.java:1)')).toBe('java.lang.NullPointerException');
    const python = 'Traceback (most recent call last):\n  File "app.py", line 3, in <module>\n    f()\nKeyError: \'order_id\'';
    expect(exceptionOf(python)).toBe('KeyError');
    expect(exceptionOf('panic: runtime error: index out of range\n\ngoroutine 1 [running]:')).toBe('panic');
    expect(exceptionOf("TypeError: Cannot read properties of undefined (reading 'id')\n    at handler (/app/x.js:3:9)")).toBe('TypeError');
    expect(exceptionOf('GET /health 200 3ms')).toBeNull();
  });
});

describe('logFields', () => {
  it('lists a JSON line’s fields beyond what the header shows, nested ones as a.b', () => {
    const raw = '{"ts":"2025-03-14T10:00:00Z","level":"error","msg":"charge failed","order_id":42,"http":{"status":502},"retry":true}';
    expect(logFields(raw)).toEqual([
      ['order_id', '42'],
      ['http.status', '502'],
      ['retry', 'true'],
    ]);
  });

  it('reads logfmt pairs, quotes removed, and adds the exception of a trace first', () => {
    const raw = 'time=2025-03-14T10:00:00Z level=error msg="db down" user=17 path="/api/orders"\njava.io.IOException: reset\n\tat a.B.c(B.java:1)';
    expect(logFields(raw)).toEqual([
      ['exception', 'java.io.IOException'],
      ['user', '17'],
      ['path', '/api/orders'],
    ]);
  });

  it('has nothing to list for a plain line', () => {
    expect(logFields('10.0.0.1 - - [14/Mar/2025:10:00:00 +0000] "GET / HTTP/1.1" 200 512')).toEqual([]);
  });

  it('writes a source as its file name', () => {
    expect(fileName('/data/dump/logs/orders/app-1.log')).toBe('app-1.log');
    expect(fileName('C:\\dump\\orders.log')).toBe('orders.log');
  });
});
