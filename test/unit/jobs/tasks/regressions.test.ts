/**
 * The regressions task end to end on a small store: a service whose p95 latency doubles at a production deploy and
 * comes back at its rollback, a staging deploy at the same time (left out), and the progress the task reports.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { regressionsTask } from '../../../../core/jobs/tasks/regressions';
import { WorkspaceStore } from '../../../../core/store/workspace';

const STEP = 5 * 60_000;
const HOUR = 3_600_000;
const DAY = 24 * HOUR;
const T0 = Date.UTC(2026, 2, 2);
const BAD = T0 + 8 * DAY + 11 * HOUR;
const ROLLBACK = BAD + 4 * HOUR;

let dir: string;
let file: string;

/** A 10-day, 5-minute series of `api` with a daily shape and a deterministic wiggle, × `factor` within [from, to). */
function addSeries(store: WorkspaceStore, source: number, name: string, level: number, factor: number, from: number, to: number): void {
  const id = store.seriesId(name, { service: 'api' });
  const n = (10 * DAY) / STEP;
  const ts = Float64Array.from({ length: n }, (_, i) => T0 + i * STEP);
  const values = Float64Array.from(ts, (t, i) => {
    const daily = 1 + 0.4 * Math.sin((2 * Math.PI * (t % DAY)) / DAY);
    return level * daily * (1 + 0.05 * Math.sin(i * 1.7) + 0.03 * Math.cos(i * 0.37)) * (t >= from && t < to ? factor : 1);
  });
  store.appendSamples(id, source, ts, values);
}

beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'hindsight-regressions-task-'));
  file = join(dir, 'ws.hindsight');
  const store = WorkspaceStore.open(file, { create: true });
  const source = store.addSource({ path: 'dump', format: 'prometheus', kind: 'metrics', bytes: 1, sha256: 'x', zone: 'UTC' });
  addSeries(store, source, 'http_requests_per_second', 100, 1, 0, 0);
  addSeries(store, source, 'http_request_duration_seconds_p95', 0.2, 2, BAD, ROLLBACK);
  store.insertEvent(source, { ts: BAD, kind: 'deploy', service: 'api', title: 'Release 2.0: new serializer', attrs: { version: '2.0' } });
  store.insertEvent(source, { ts: BAD, kind: 'deploy', service: 'api', title: 'Release 2.1 to staging', attrs: { version: '2.1', environment: 'staging' }, nonprod: true });
  store.insertEvent(source, { ts: ROLLBACK, kind: 'deploy', service: 'api', title: 'Rollback to 1.9', attrs: { version: '1.9' } });
  store.close();
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

describe('regressions task', () => {
  it('judges the production deploys from the stored series, links the rollback and reports progress', async () => {
    const progress: string[] = [];
    const overview = await regressionsTask({ workspace: file }, { signal: new AbortController().signal, progress: (p) => progress.push(p.message ?? '') });
    expect(overview.releases.map((r) => r.title)).toEqual(['Release 2.0: new serializer', 'Rollback to 1.9']);
    const [bad, rollback] = overview.releases;
    expect(bad.verdict).toBe('regressed');
    expect(bad.version).toBe('2.0');
    expect(bad.worst[0].series).toBe('http_request_duration_seconds_p95');
    expect(bad.worst[0].afterMedian / bad.worst[0].beforeMedian).toBeGreaterThan(1.6);
    expect(bad.rolledBackBy).toBe(rollback.eventId);
    // The rollback is judged against the bad version it replaced: latency comes back down.
    expect(rollback.verdict).toBe('improved');
    expect(overview.counts).toEqual({ regressed: 1, improved: 1, 'no-change': 0, 'not-enough-data': 0 });
    expect(progress).toEqual(['releases of api']);
  });

  it('judges as of a moment: the rollback is not yet there', async () => {
    const overview = await regressionsTask({ workspace: file, asOf: BAD + 2 * HOUR }, { signal: new AbortController().signal, progress: () => undefined });
    expect(overview.releases).toHaveLength(1);
    expect(overview.releases[0].verdict).toBe('regressed');
    expect(overview.releases[0].rolledBackBy).toBeNull();
  });
});
