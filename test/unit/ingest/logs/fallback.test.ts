import { describe, expect, it } from 'vitest';
import type { LogRecord } from '../../../../core/ingest/types';
import { prefixedTextLogReader, textLogReader } from '../../../../core/ingest/formats/logs';
import { detectFormat } from '../../../../core/ingest/registry';
import { claims, fixture, readFixture, sniffFile, sniffText } from './helpers';

const read = (name: string) => readFixture<LogRecord>(prefixedTextLogReader, fixture('logs', name));

describe('plain-text fallback (a timestamp near the start of each line)', () => {
  it('reads a level-first log (`INFO     2025-… msg`) with the level from the prefix and tracebacks folded', async () => {
    expect(claims(sniffFile(fixture('logs', 'text-level-first.log'))).map((c) => c.id)).toEqual(['log-text-prefixed']);
    const recs = await read('text-level-first.log');
    expect(recs.map((r) => [r.ts, r.level, r.lines])).toEqual([
      [Date.UTC(2025, 2, 14, 10, 2, 11, 481), 'INFO', 1],
      [Date.UTC(2025, 2, 14, 10, 2, 11, 502), 'DEBUG', 1],
      [Date.UTC(2025, 2, 14, 10, 2, 12, 930), 'WARN', 1],
      [Date.UTC(2025, 2, 14, 10, 2, 13, 377), 'ERROR', 5],
      [Date.UTC(2025, 2, 14, 10, 2, 14, 4), 'INFO', 1],
    ]);
    expect(recs[3].message.split('\n')[0]).toBe('payments.worker charge failed');
    expect(recs[3].attrs).toMatchObject({ prefix: 'ERROR', exception: 'ConnectionError' });
  });

  it('keeps a docker compose `name |` prefix as attrs.prefix and guesses the level from common words', async () => {
    expect(claims(sniffFile(fixture('logs', 'text-compose.log'))).map((c) => c.id)).toEqual(['log-text-prefixed']);
    const recs = await read('text-compose.log');
    expect(recs.map((r) => r.attrs?.prefix)).toEqual(['api-1', 'worker-1', 'api-1', 'worker-1', 'api-1']);
    expect(recs[0]).toMatchObject({ ts: Date.UTC(2025, 2, 14, 10, 2, 11, 481), message: 'listening on :8080' });
    expect(recs[3].level).toBe('ERROR');
    expect(recs[2].level).toBeUndefined();
  });

  it('leaves files whose lines start with a timestamp to the plain-text reader: klog, Spark', async () => {
    for (const name of ['text-klog.log', 'text-spark.log']) {
      expect(claims(sniffFile(fixture('logs', name))).map((c) => c.id)).toEqual(['log-text']);
    }
    const klog = await readFixture<LogRecord>(textLogReader, fixture('logs', 'text-klog.log'), { referenceYear: 2025 });
    expect(klog.map((r) => r.level)).toEqual(['INFO', 'INFO', 'WARN', 'ERROR']);
    expect(klog[3]).toMatchObject({ ts: Date.UTC(2025, 2, 14, 10, 2, 13, 377), message: "error syncing 'default/api': context deadline exceeded", attrs: { source: 'controller.go:114' } });
    const spark = await readFixture<LogRecord>(textLogReader, fixture('logs', 'text-spark.log'));
    expect(spark.map((r) => r.lines)).toEqual([1, 1, 1, 3, 1]);
    expect(spark[3]).toMatchObject({ ts: Date.UTC(2025, 2, 14, 10, 2, 13), level: 'ERROR', attrs: { exception: 'java.lang.OutOfMemoryError' } });
  });

  it('still recognises a log that is mostly stack trace and starts inside one', () => {
    const lines = ['\tat a.B.c(B.java:1)', '\tat a.B.d(B.java:2)'];
    for (let k = 0; k < 5; k++) {
      lines.push(`2025-03-14T10:02:1${k}Z ERROR failed`, 'java.lang.IllegalStateException: x', '\tat a.B.c(B.java:1)', '\tat a.B.d(B.java:2)', '\t... 4 more');
    }
    expect(claims(sniffText(`${lines.join('\n')}\n`)).map((c) => c.id)).toEqual(['log-text']);
  });

  it('reports a text file that matches nothing as skipped, with the reason', () => {
    const notes = 'Release notes for 2.3.0\nThis release was cut on 2025-03-14 10:02:11 and ships the new checkout.\n- faster search\n- fixed a crash when the cart is empty\n';
    const verdict = detectFormat(sniffText(notes));
    expect(verdict.reader).toBeNull();
    expect(verdict.reason).toMatch(/^not a recognised export format/);
  });

  it("skips a generated dump's ground truth (the planted answers) instead of reading it as a log, and says why", () => {
    const truth = JSON.stringify({ generator: 'hindsight core/demo', seed: 1, start: '2026-03-02T00:00:00.000Z', incidents: [{ root: 'postgres' }] }, null, 2);
    const verdict = detectFormat(sniffText(truth));
    expect(verdict.reader).toBeNull();
    expect(verdict.reason).toMatch(/ground truth/);
    // Any other JSON with a generator field is left to the readers.
    expect(detectFormat(sniffText(JSON.stringify({ generator: 'grafana', time: '2026-03-02T00:00:00Z', msg: 'x' }))).reason).not.toMatch(/ground truth/);
  });

  it('does not claim prose with a date inside its lines', () => {
    const text = 'We met on 2025-03-14 10:02:11 to talk.\nThe build broke at 2025-03-14 11:00:00 again.\nNothing else happened.\n';
    expect(prefixedTextLogReader.detect(sniffText(text))).toBe(0);
  });
});
