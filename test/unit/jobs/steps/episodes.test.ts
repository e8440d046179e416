/**
 * Anomaly episodes: the ranges of one service that overlap in time become one episode; different services and
 * distant times stay apart; a broad incident (several metrics of a service far out together) outranks a lone blip;
 * the `episodes` step stores them as 'anomaly-episode' events with their member ranges, and `anomalies/episodes`
 * returns them best first.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { mergeEpisodes, type EpisodeMember } from '../../../../core/analysis/timeseries/episodes';
import { anomaliesStep } from '../../../../core/jobs/steps/anomalies';
import { EPISODE_KIND, episodesStep } from '../../../../core/jobs/steps/episodes';
import { runSteps } from '../../../../core/jobs/steps/runner';
import { toEpisodeInfo } from '../../../../core/service/anomalies';
import { seededRandom } from '../../../../core/analysis/stats';
import { WorkspaceStore } from '../../../../core/store/workspace';

const MIN = 60_000;
const T0 = Date.UTC(2026, 2, 4);

const range = (id: number, seriesId: number, service: string, startMin: number, endMin: number, sigmas: number): EpisodeMember => ({
  id,
  seriesId,
  service,
  start: T0 + startMin * MIN,
  end: T0 + endMin * MIN,
  sigmas,
  points: endMin - startMin + 1,
});

describe('merging anomaly ranges into episodes', () => {
  it("merges a service's metrics that go off together into one episode, and keeps other services and times apart", () => {
    const eps = mergeEpisodes([
      range(1, 10, 'api', 100, 120, 12), // latency
      range(2, 11, 'api', 105, 125, 9), // errors
      range(3, 12, 'api', 128, 130, 6), // threads, 3 minutes after: same episode
      range(4, 20, 'db', 100, 120, 8), // another service: its own episode
      range(5, 10, 'api', 400, 402, 7), // hours later: a new episode
    ]);
    expect(eps).toHaveLength(3);
    const incident = eps.find((e) => e.members.includes(1));
    expect(incident?.members).toEqual([1, 2, 3]);
    expect(incident?.series).toBe(3);
    expect(incident?.start).toBe(T0 + 100 * MIN);
    expect(incident?.end).toBe(T0 + 130 * MIN);
    expect(eps.find((e) => e.members.includes(4))?.members).toEqual([4]);
    expect(eps.find((e) => e.members.includes(5))?.members).toEqual([5]);
  });

  it('ranks three metrics off for half an hour above one series with a single huge spike', () => {
    const eps = mergeEpisodes([
      range(1, 30, 'batch', 10, 10, 80),
      range(2, 10, 'api', 100, 130, 10),
      range(3, 11, 'api', 100, 130, 9),
      range(4, 12, 'api', 102, 128, 8),
    ]);
    expect(eps[0].service).toBe('api');
    expect(eps[0].severity).not.toBe('low');
    expect(eps[1].members).toEqual([1]);
    expect(eps[1].severity).not.toBe('high');
  });
});

describe('the episodes step', () => {
  let dir: string;
  let store: WorkspaceStore;

  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'hindsight-episodes-'));
    store = WorkspaceStore.open(join(dir, 'ws.hindsight'), { create: true });
    const source = store.addSource({ path: 'x', format: 'test', kind: 'metrics', bytes: 1, sha256: 'x', zone: 'UTC' });
    // Two services, three series each, two days at 1 minute; api's latency and errors jump together for 30 minutes.
    const rand = seededRandom(9);
    const n = 2 * 1440;
    const ts = Float64Array.from({ length: n }, (_, i) => T0 + i * MIN);
    for (const service of ['api', 'db']) {
      for (const name of ['latency_ms', 'errors_per_second', 'cpu_percent']) {
        const id = store.seriesId(name, { service });
        const y = Float64Array.from({ length: n }, () => 50 + 2 * (rand() - 0.5));
        if (service === 'api' && name !== 'cpu_percent') for (let i = 2000; i < 2030; i++) y[i] += 40;
        store.appendSamples(id, source, ts, y);
      }
    }
    store.bumpDataVersion();
  });

  afterEach(() => {
    store.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it("stores one 'anomaly-episode' event for the incident with both ranges as members, ranked first", async () => {
    await runSteps(store, { steps: [anomaliesStep, episodesStep] });
    const ranges = store.anomalies({ limit: 100 });
    const apiRanges = ranges.filter((r) => r.service === 'api' && r.start <= T0 + 2029 * MIN && r.end >= T0 + 2000 * MIN);
    expect(new Set(apiRanges.map((r) => r.seriesName))).toEqual(new Set(['latency_ms', 'errors_per_second']));
    const episodes = store.events(-Infinity, Infinity, 1000, [EPISODE_KIND]).map(toEpisodeInfo).sort((a, b) => b.score - a.score);
    expect(episodes[0].service).toBe('api');
    expect(episodes[0].series).toBe(2);
    expect(episodes[0].members.sort()).toEqual(apiRanges.map((r) => r.id).sort());
    expect(episodes[0].title).toMatch(/^api: 2 series off normal \(/);
    // Every stored range belongs to exactly one episode.
    expect(episodes.flatMap((e) => e.members).sort()).toEqual(ranges.map((r) => r.id).sort());
  });
});
