/**
 * The backend of an investigation, end to end through the contract: import a small dump with a
 * planted spike, a shifted service and a new error pattern; analysis flags them; a person marks one
 * expected; logs, search and compare show what changed.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AnomalyInfo, ServerEvents, WorkspaceInfo } from '../../../core/api/contract';
import { makeNodeWorker } from '../../../core/jobs/node-worker';
import { Service } from '../../../core/service/service';

const T0 = Date.UTC(2026, 0, 5); // a Monday
const MIN = 60_000;
const DAYS = 6;
const N = (DAYS * 1440) | 0;
const SPIKE_AT = T0 + 4 * 86_400_000 + 3 * 3_600_000; // day 5, 03:00 — a night-time spike
const SHIFT_FROM = T0 + 5 * 86_400_000 + 12 * 3_600_000; // day 6 noon: api latency steps up

let dir: string;
let service: Service;

/** Waits for the job's done event (the service emits it after its own bookkeeping). */
function waitJob(jobId: string): Promise<unknown> {
  return new Promise((resolve, reject) => {
    const off = service.listen((event, data) => {
      const d = data as ServerEvents['job/done'] & ServerEvents['job/failed'];
      if (d.jobId !== jobId) return;
      if (event === 'job/done') {
        off();
        resolve(d.result);
      } else if (event === 'job/failed') {
        off();
        reject(new Error(d.error));
      }
    });
  });
}

/** Waits until no job of `kind` runs. */
async function idle(kind: string): Promise<void> {
  for (;;) {
    const jobs = (await service.invoke('job/list', {})) as { kind: string; state: string }[];
    if (!jobs.some((j) => j.kind === kind && j.state === 'running')) return;
    await new Promise((r) => setTimeout(r, 50));
  }
}

function seriesJson(): string {
  const daily = (i: number): number => Math.sin(((i % 1440) / 1440) * 2 * Math.PI);
  let seed = 7;
  const noise = (): number => ((seed = (seed * 16807) % 2147483647) / 2147483647 - 0.5) * 0.2;
  const result = ['api', 'web', 'db'].flatMap((svc) => [
    {
      metric: { __name__: 'latency_seconds', service: svc },
      values: Array.from({ length: N }, (_, i) => {
        const t = T0 + i * MIN;
        let v = 1 + 0.5 * daily(i) + noise();
        if (svc === 'web' && t >= SPIKE_AT && t < SPIKE_AT + 10 * MIN) v += 3;
        if (svc === 'api' && t >= SHIFT_FROM) v += 2;
        return [t / 1000, v.toFixed(4)];
      }),
    },
  ]);
  return JSON.stringify({ status: 'success', data: { resultType: 'matrix', result } });
}

function logText(): string {
  const lines: string[] = [];
  for (let t = T0; t < T0 + DAYS * 86_400_000; t += 7 * MIN) {
    const iso = new Date(t).toISOString();
    lines.push(`${iso} INFO [api] request served in ${(t / MIN) % 97} ms for user u${(t / MIN) % 13}`);
    lines.push(`${iso} INFO [api] cache hit ratio ${((t / MIN) % 100) / 100} on shard ${(t / MIN) % 5}`);
    if (t >= SHIFT_FROM) lines.push(`${iso} ERROR [api] upstream db pool exhausted after ${(t / MIN) % 50} retries`);
  }
  return `${lines.join('\n')}\n`;
}

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'hindsight-svc-'));
  writeFileSync(join(dir, 'metrics.json'), seriesJson());
  writeFileSync(join(dir, 'api.log'), logText());
  service = new Service({ makeWorker: makeNodeWorker, dataDir: join(dir, 'home'), shell: 'browser', poolSize: 1 });
  service.openWorkspace(join(dir, 'ws'), true);
  const { jobId } = (await service.invoke('import/start', { paths: [dir] })) as { jobId: string };
  await waitJob(jobId);
  await idle('analysis'); // an import starts the analysis by itself
}, 120_000);

afterAll(async () => {
  await service.close();
  rmSync(dir, { recursive: true, force: true });
});

describe('an investigation through the contract', () => {
  it('analyses the data after import and says so', async () => {
    const st = (await service.invoke('analysis/status', {})) as { analysedVersion: number | null; dataVersion: number; anomalies: number };
    expect(st.analysedVersion).toBe(st.dataVersion);
    expect(st.anomalies).toBeGreaterThan(0);
  });

  it('ranks the planted night-time spike and the level shift among the top anomalies', async () => {
    const list = (await service.invoke('anomalies/list', { limit: 10 })) as AnomalyInfo[];
    const spike = list.find((a) => a.service === 'web' && a.start <= SPIKE_AT + 10 * MIN && a.end >= SPIKE_AT);
    const shift = list.find((a) => a.service === 'api' && a.end >= SHIFT_FROM && a.start <= SHIFT_FROM + 3_600_000);
    expect(spike, JSON.stringify(list.map((a) => [a.service, new Date(a.start).toISOString()]))).toBeTruthy();
    expect(shift).toBeTruthy();
    expect(spike?.direction).toBe('up');
    const series = (await service.invoke('series/list', {})) as { service: string | null; anomalies: number; anomalyScore: number }[];
    expect(series.find((s) => s.service === 'web')?.anomalies).toBeGreaterThan(0);
  });

  it('draws the learnt band around the series, with its anomaly ranges', async () => {
    const web = ((await service.invoke('series/list', { query: 'web' })) as { id: number }[])[0];
    const band = (await service.invoke('series/band', { id: web.id, width: 300 })) as {
      method: string;
      t: number[];
      lower: number[];
      upper: number[];
      expected: number[];
      ranges: AnomalyInfo[];
    };
    expect(band.method).toBe('seasonal');
    expect(band.t.length).toBeGreaterThan(100);
    expect(band.lower.every((l, i) => l <= band.expected[i] && band.expected[i] <= band.upper[i])).toBe(true);
    expect(band.ranges.length).toBeGreaterThan(0);
  });

  it('forgets an anomaly marked as expected, now and after the next run', async () => {
    const before = (await service.invoke('anomalies/list', { service: 'web' })) as AnomalyInfo[];
    const spike = before.find((a) => a.start <= SPIKE_AT + 10 * MIN && a.end >= SPIKE_AT) as AnomalyInfo;
    const others = before.length;
    await service.invoke('anomalies/markExpected', { id: spike.id, note: 'load test' });
    const isSpike = (a: AnomalyInfo): boolean => a.start <= SPIKE_AT + 10 * MIN && a.end >= SPIKE_AT;
    expect(((await service.invoke('anomalies/list', { service: 'web' })) as AnomalyInfo[]).some(isSpike)).toBe(false);
    const { jobId } = (await service.invoke('analysis/run', {})) as { jobId: string };
    await waitJob(jobId);
    const after = (await service.invoke('anomalies/list', { service: 'web' })) as AnomalyInfo[];
    expect(after.some(isSpike)).toBe(false);
    expect(after.length).toBeLessThan(others); // re-running replaces a series' anomalies, never duplicates them
  });

  it('mines log patterns and calls the new error pattern new', async () => {
    const t = (await service.invoke('logs/templates', { sort: 'new' })) as { pattern: string; isNew: boolean; count: number }[];
    expect(t.length).toBe(3);
    const err = t.find((x) => x.pattern.includes('pool exhausted'));
    expect(err?.isNew).toBe(true);
    expect(err?.pattern).toMatch(/after <\*> retries/);
    expect(t.filter((x) => x.isNew)).toHaveLength(1);
    const events = (await service.invoke('events/list', { kinds: ['log-pattern'] })) as { title: string; ts: number }[];
    expect(events.some((e) => /New log pattern: .*pool exhausted/.test(e.title))).toBe(true);
  });

  it('searches raw lines by words with filters and highlights parameters', async () => {
    const r = (await service.invoke('logs/search', { query: 'exhausted', level: 'error', limit: 5 })) as {
      rows: { raw: string; params: [number, number][] }[];
      total: number;
    };
    expect(r.total).toBeGreaterThan(10);
    expect(r.rows[0].raw).toMatch(/pool exhausted after \d+ retries/);
    const [a, b] = r.rows[0].params[0];
    expect(r.rows[0].raw.slice(a, b)).toMatch(/^\d+$/);
    // Punctuation a person might type is not an FTS5 syntax error.
    await expect(service.invoke('logs/search', { query: 'pool: exhausted-' })).resolves.toBeTruthy();
  });

  it('compares the shifted window with the time before it and ranks api first', async () => {
    const r = (await service.invoke('compare/ranges', {
      from: SHIFT_FROM,
      to: SHIFT_FROM + 6 * 3_600_000,
      baselineFrom: SHIFT_FROM - 86_400_000,
      baselineTo: SHIFT_FROM - 86_400_000 + 6 * 3_600_000,
    })) as { series: { service: string }[]; labels: { key: string; value: string }[]; patterns: { pattern: string }[] };
    expect(r.series[0].service).toBe('api');
    expect(r.labels[0]).toMatchObject({ key: 'service', value: 'api' });
    expect(r.patterns[0].pattern).toMatch(/pool exhausted/);
  });

  it('forecasts a series with intervals and a time-to-threshold sentence', async () => {
    const db = ((await service.invoke('series/list', { query: 'db' })) as { id: number }[])[0];
    const f = (await service.invoke('series/forecast', { id: db.id, horizon: 60, threshold: 100 })) as {
      t: number[];
      lower: number[];
      forecast: number[];
      upper: number[];
      threshold?: { sentence: string };
    };
    expect(f.t).toHaveLength(60);
    expect(f.lower.every((l, i) => l <= f.forecast[i] && f.forecast[i] <= f.upper[i])).toBe(true);
    expect(f.threshold?.sentence).toMatch(/100/);
  }, 60_000);
});

export type { WorkspaceInfo };
