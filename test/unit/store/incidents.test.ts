/**
 * Incidents in the store: a run's incidents replace the last run's (members, findings and noise with them),
 * a person's incidents stay, and a cause verdict is kept and makes the next analysis run the incidents step.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  loadCauseVerdicts,
  loadIncident,
  loadIncidentMembers,
  loadIncidents,
  loadNoiseAlerts,
  recordCauseVerdict,
  saveIncidents,
  type IncidentInput,
} from '../../../core/store/incidents';
import { WorkspaceStore } from '../../../core/store/workspace';

let dir: string;
let store: WorkspaceStore;

beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'hindsight-incidents-'));
  store = WorkspaceStore.open(join(dir, 'ws.hindsight'), { create: true });
});
afterEach(() => {
  store.close();
  rmSync(dir, { recursive: true, force: true });
});

function incident(key: string, onset: number, eventIds: number[]): IncidentInput {
  return {
    key,
    title: `db: dependency-failure`,
    start: onset - 60_000,
    end: onset + 3_600_000,
    onset,
    severity: 'high',
    summary: `At ${onset} db went abnormal.`,
    kind: 'dependency-failure',
    rootService: 'db',
    detail: JSON.stringify({ id: key, onset }),
    members: eventIds.map((eventId, i) => ({ eventId, role: i === 0 ? 'alert' : 'member' })),
    findings: [
      { kind: 'root-cause', service: 'db', score: 1, title: 'db latency 2 ms → 40 ms', detail: '{}' },
      { kind: 'root-cause', service: 'api', score: 0.4, title: 'api errors', detail: '{}' },
    ],
  };
}

describe('incidents store', () => {
  it('replaces the derived incidents of the last run, with their members, findings and noise', () => {
    const a = store.insertEvent(null, { ts: 1000, kind: 'alert', title: 'HighErrorRate' });
    const b = store.insertEvent(null, { ts: 2000, kind: 'anomaly', title: 'db latency' });
    saveIncidents(store, [incident('INC-1', 1_000_000, [a, b]), incident('INC-2', 9_000_000, [b])], [{ fingerprint: 'wd', name: 'Watchdog', service: null, reason: 'always-firing', count: 40 }]);
    expect(loadIncidents(store).map((r) => r.key)).toEqual(['INC-2', 'INC-1']);
    expect(loadIncident(store, 'INC-1')).toMatchObject({ rootService: 'db', kind: 'dependency-failure', severity: 'high', onset: 1_000_000 });
    expect(JSON.parse(loadIncident(store, 'INC-1')?.detail ?? '{}')).toEqual({ id: 'INC-1', onset: 1_000_000 });
    expect(loadIncidentMembers(store, 'INC-1')).toEqual([
      { eventId: a, role: 'alert' },
      { eventId: b, role: 'member' },
    ]);
    expect(loadNoiseAlerts(store)).toEqual([{ fingerprint: 'wd', name: 'Watchdog', service: null, reason: 'always-firing', count: 40 }]);

    saveIncidents(store, [incident('INC-3', 5_000_000, [a])], []);
    expect(loadIncidents(store).map((r) => r.key)).toEqual(['INC-3']);
    expect(loadNoiseAlerts(store)).toEqual([]);
    const findings = store.db.prepare('SELECT COUNT(*) AS n FROM findings').get() as { n: number };
    expect(findings.n).toBe(2);
  });

  it('keeps an incident a person created when a run replaces the derived ones', () => {
    store.db.prepare("INSERT INTO incidents(title, start_ts, created_at) VALUES ('written by hand', 5, 6)").run();
    saveIncidents(store, [incident('INC-1', 1_000_000, [])], []);
    saveIncidents(store, [], []);
    expect((store.db.prepare('SELECT title FROM incidents').all() as { title: string }[]).map((r) => r.title)).toEqual(['written by hand']);
  });

  it('keeps cause verdicts in order and drops the cached incidents step so the next run re-ranks', () => {
    store.putStepRun('incidents', 'workspace', 'key', '{"count":1}');
    store.putStepRun('anomalies', 'series:1', 'key', '{"count":1}');
    recordCauseVerdict(store, { incidentKey: 'INC-1', onset: 1_000_000, target: 'service', ref: 'db', verdict: 'not-cause' });
    recordCauseVerdict(store, { incidentKey: 'INC-1', onset: 1_000_000, target: 'change', ref: '42', verdict: 'cause', note: 'the pool change' });
    expect(loadCauseVerdicts(store).map(({ target, ref, verdict, note }) => ({ target, ref, verdict, note }))).toEqual([
      { target: 'service', ref: 'db', verdict: 'not-cause', note: '' },
      { target: 'change', ref: '42', verdict: 'cause', note: 'the pool change' },
    ]);
    expect(store.stepRun('incidents', 'workspace')).toBeUndefined();
    expect(store.stepRun('anomalies', 'series:1')).toBeDefined();
  });
});
