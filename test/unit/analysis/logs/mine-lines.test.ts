import { describe, expect, it } from 'vitest';
import { mineLines } from '../../../../core/analysis/logs/mine-lines';
import { picker } from './helpers';

const { int, pick } = picker(3);
const pad = (n: number, w = 2): string => String(n).padStart(w, '0');
const ts = (i: number): string => `2024-05-01 12:${pad(Math.floor(i / 60) % 60)}:${pad(i % 60)},${pad(int(1000), 3)}`;

function javaLog(): string[] {
  const out: string[] = [];
  for (let i = 0; i < 200; i++) {
    out.push(`${ts(i)} INFO [main] com.acme.Api: Handled request ${int(99999)} in ${int(500)} ms`);
    if (i % 50 === 10) {
      out.push(`${ts(i)} ERROR [main] com.acme.Api: Request ${int(99999)} failed`);
      out.push('java.lang.IllegalStateException: pool exhausted');
      out.push('\tat com.acme.Pool.take(Pool.java:88)');
      out.push('\tat com.acme.Api.handle(Api.java:42)');
      out.push('Caused by: java.util.concurrent.TimeoutException: 30000 ms');
      out.push('\t... 12 more');
    }
  }
  return out;
}

describe('mineLines on a whole file', () => {
  it('folds a stack trace into the event before it, which keeps its template', () => {
    const lines = javaLog();
    const r = mineLines(lines);
    const errors = r.events.filter((e) => e.template === 'Request <*> failed');
    expect(errors).toHaveLength(4);
    for (const e of errors) {
      expect(e.lines).toBe(6);
      expect(lines[e.line - 1]).toContain('ERROR');
      expect(e.level).toBe('ERROR');
    }
    expect(r.events.reduce((n, e) => n + e.lines, 0)).toBe(lines.length);
    expect(r.templates.map((t) => t.template).sort()).toEqual(['Handled request <*> in <*> ms', 'Request <*> failed']);
  });

  it('mines every line on its own when multi-line grouping is off', () => {
    const lines = javaLog();
    expect(mineLines(lines, { multiline: false }).events).toHaveLength(lines.length);
  });

  it('gives events the final template even when it generalised after them', () => {
    const lines = [
      '2024-05-01 12:00:00,001 INFO [main] com.acme.Api: User alice logged in',
      ...Array.from({ length: 30 }, (_, i) => `${ts(i + 1)} INFO [main] com.acme.Api: User ${pick(['bob', 'carol', 'dave', 'erin',
        'frank', 'grace', 'heidi', 'ivan', 'judy', 'mallory'])}${i} logged in`),
    ];
    const r = mineLines(lines);
    expect(new Set(r.events.map((e) => e.templateId)).size).toBe(1);
    expect(r.events[0]).toMatchObject({ template: 'User <*> logged in', params: ['alice'], line: 1 });
  });
});

describe('mineLines on bad input', () => {
  const good = Array.from({ length: 50 }, (_, i) => `${ts(i)} INFO [main] com.acme.Api: Handled request ${i} in ${i} ms`);

  it('survives binary garbage and reports it', () => {
    const garbage = Array.from({ length: 20 }, (_, i) =>
      String.fromCharCode(...Array.from({ length: 80 }, (_, k) => (i * 31 + k * 7) % 32)));
    const r = mineLines([...good, ...garbage, ...good], { multiline: false });
    expect(r.report.binaryLines).toBe(20);
    expect(r.events).toHaveLength(120);
    expect(r.templates.length).toBeLessThanOrEqual(4);
  });

  it('counts lines holding replacement characters (invalid UTF-8 upstream)', () => {
    const r = mineLines([...good, `${ts(60)} INFO [main] com.acme.Api: name \uFFFD\uFFFDx loaded`]);
    expect(r.report.replacementCharLines).toBe(1);
    expect(r.events[50].template).toBe('name <*> loaded');
  });

  it('truncates a line over the size limit for mining and flags it', () => {
    const huge = `${ts(70)} INFO [main] com.acme.Api: payload ${'x'.repeat(2 * 1024 * 1024)}`;
    const r = mineLines([...good, huge]);
    expect(r.report.oversizedLines).toBe(1);
    expect(r.events).toHaveLength(51);
    expect(r.events[50].template.length).toBeLessThan(100);
  });

  it('handles one giant line alone', () => {
    const r = mineLines([`start ${'abc def '.repeat(200_000)}end`]);
    expect(r.events).toHaveLength(1);
    expect(r.templates).toHaveLength(1);
    expect(r.templates[0].template.split(' ').length).toBeLessThanOrEqual(256);
  });

  it('handles no lines and empty lines', () => {
    expect(mineLines([]).events).toEqual([]);
    const r = mineLines(['', '', ''], { multiline: false });
    expect(r.events).toEqual([]);
    expect(r.report.emptyLines).toBe(3);
  });
});
