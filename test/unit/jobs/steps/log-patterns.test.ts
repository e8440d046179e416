/**
 * Log-pattern analysis over a workspace whose times stray far apart (kept on purpose with
 * keepImplausibleTimes): its work follows the buckets that hold lines, never the span between them.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { importPaths } from '../../../../core/ingest/import';
import { logPatternsStep } from '../../../../core/jobs/steps/log-patterns';
import type { StepContext } from '../../../../core/jobs/steps/step';
import { WorkspaceStore } from '../../../../core/store/workspace';

let dir: string;

/** Runs the step over the workspace and saves its events; returns how many it found. */
async function analysePatterns(s: WorkspaceStore): Promise<number> {
  const ctx = { store: s, params: {}, deps: {}, signal: new AbortController().signal } as unknown as StepContext;
  const r = await logPatternsStep.run(ctx);
  r.save(s);
  return (r.output as { count: number }).count;
}
let store: WorkspaceStore;

beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'hindsight-patterns-'));
  store = WorkspaceStore.open(join(dir, 'ws.hindsight'), { create: true });
});
afterEach(() => {
  store.close();
  rmSync(dir, { recursive: true, force: true });
});

/** Two days of lines every 2 minutes in three patterns, one of them only on the second day. */
function twoDaysOfLogs(): string {
  const t0 = Date.UTC(2024, 0, 15);
  const lines: string[] = [];
  for (let i = 0; i < 1440; i++) {
    const at = new Date(t0 + i * 120_000).toISOString();
    lines.push(`${at} INFO served request ${i} in ${i % 50} ms`);
    if (i % 3 === 0) lines.push(`${at} WARN slow query on table t${i % 7}`);
    if (i > 720 && i % 2 === 0) lines.push(`${at} ERROR connection pool exhausted after ${i % 9} retries`);
  }
  return `${lines.join('\n')}\n`;
}

async function importWith(eventsCsv: string, events = 1): Promise<void> {
  writeFileSync(join(dir, 'app.log'), twoDaysOfLogs());
  writeFileSync(join(dir, 'deploys.csv'), eventsCsv);
  const r = await importPaths(store, [join(dir, 'app.log'), join(dir, 'deploys.csv')], { keepImplausibleTimes: true });
  expect(r.totals.failed).toBe(0);
  expect(r.totals.events).toBe(events);
}

describe('the log-patterns step over far-apart times', () => {
  it('finds the new pattern with a deploy row ten years before the logs, in bounded memory', async () => {
    await importWith('time,service,kind,description\n2014-01-15T00:00:00Z,api,deploy,v0.1\n');
    const before = process.memoryUsage().arrayBuffers;
    expect(await analysePatterns(store)).toBeGreaterThan(0);
    // The dense axis was 10 years of 5-minute buckets (1.05M) per template: 25+ MB for three templates.
    expect(process.memoryUsage().arrayBuffers - before).toBeLessThan(8 << 20);
    const exhausted = store.templates().find((t) => /pool exhausted/.test(t.pattern));
    expect(store.patternEvents().some((e) => e.kind === 'new' && e.templateId === exhausted?.id)).toBe(true);
  });

  it('runs with a row in the year 58135 (a millisecond epoch read as seconds) instead of failing on an impossible array', async () => {
    // Seconds from the first row, so the column's millisecond value reads as seconds: year 57900, kept on request.
    await importWith('time,service,kind,description\n1705300000,api,deploy,v8\n1765000000000,api,deploy,v9\n', 2);
    // The row landed (an event: it is listed, though the workspace span is that of the logs).
    expect(Math.max(...store.events(-Infinity, Infinity, 10, ['deploy']).map((e) => e.ts))).toBeGreaterThan(Date.UTC(50000, 0, 1));
    await expect(analysePatterns(store)).resolves.toBeGreaterThanOrEqual(0);
  });
});

/**
 * Four days of an API's log: steady request lines, a nightly batch of 400 lines a bucket at 02:00-02:15, a
 * database timeout (ERROR) every 10 minutes that jumps to 300 lines a bucket at 14:00 on the last day.
 */
function batchAndIncident(): string {
  const t0 = Date.UTC(2024, 0, 15);
  const lines: string[] = [];
  for (let b = 0; b < 4 * 288; b++) {
    const at = (k: number): string => new Date(t0 + b * 300_000 + k * 1000).toISOString();
    for (let k = 0; k < 30; k++) lines.push(`${at(k)} INFO served request ${b * 30 + k} in ${k % 50} ms`);
    const minute = (b % 288) * 5;
    if (minute >= 120 && minute < 135) for (let k = 0; k < 400; k++) lines.push(`${at(k % 290)} INFO batch exported row ${k} of ledger`);
    if (b % 2 === 0) lines.push(`${at(31)} ERROR database timeout after ${b % 7} retries`);
    if (b >= 3 * 288 + 168 && b < 3 * 288 + 171) for (let k = 0; k < 300; k++) lines.push(`${at(k % 290)} ERROR database timeout after ${k % 7} retries`);
  }
  lines.sort();
  return `${lines.join('\n')}\n`;
}

describe('the log-patterns step on a nightly batch and an incident', () => {
  it('ranks the surge of the existing error pattern first and finds no burst of the batch on the last night', async () => {
    writeFileSync(join(dir, 'api.log'), batchAndIncident());
    const r = await importPaths(store, [join(dir, 'api.log')]);
    expect(r.totals.failed).toBe(0);
    await analysePatterns(store);
    const byPattern = new Map(store.templates().map((t) => [t.id, t.pattern]));
    const events = store.patternEvents().sort((a, b) => b.score - a.score);
    const top = events[0];
    expect(top.kind).toBe('surge');
    expect(byPattern.get(top.templateId)).toMatch(/database timeout/);
    expect(top.start).toBe(Date.UTC(2024, 0, 18, 14));
    const lastNight = Date.UTC(2024, 0, 18);
    const batchEvents = events.filter((e) => /batch exported/.test(byPattern.get(e.templateId) ?? '') && e.start >= lastNight);
    expect(batchEvents).toEqual([]);
  });
});
