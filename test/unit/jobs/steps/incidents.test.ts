/**
 * The `incidents` step over a workspace's stored signals: imported alerts keep Alertmanager's fingerprint,
 * deploy rows named "Rollback …" are mitigations, a config row's "key old -> new" is read, the raw series are
 * read around the onset, and the incidents land in the store with their members and findings.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Incident } from '../../../../core/analysis/incidents/types';
import { incidentJson } from '../../../../core/cli/commands/incidents';
import { changeSignal, incidentsStep } from '../../../../core/jobs/steps/incidents';
import type { StepContext } from '../../../../core/jobs/steps/step';
import { loadIncidentMembers, loadIncidents, loadNoiseAlerts } from '../../../../core/store/incidents';
import type { EventRow } from '../../../../core/store/statements';
import { WorkspaceStore } from '../../../../core/store/workspace';

const MIN = 60_000;
const T0 = Date.UTC(2026, 2, 13);
const ONSET = T0 + 10 * 60 * MIN;

let dir: string;
let store: WorkspaceStore;

beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'hindsight-incidents-step-'));
  store = WorkspaceStore.open(join(dir, 'ws.hindsight'), { create: true });
});
afterEach(() => {
  store.close();
  rmSync(dir, { recursive: true, force: true });
});

/** A one-minute series of `service` that is `level` with a little wiggle and `level × factor` from `from` on. */
function series(service: string, name: string, level: number, from: number, factor: number): number {
  const id = store.seriesId(name, { service });
  const n = 20 * 60;
  const ts = new Float64Array(n);
  const values = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    ts[i] = T0 + i * MIN;
    values[i] = level * (1 + 0.02 * Math.sin(i * 1.7)) * (ts[i] >= from ? factor : 1);
  }
  store.appendSamples(id, 1, ts, values);
  return id;
}

function anomaly(seriesId: number, service: string, start: number): void {
  store.replaceAnomalies(seriesId, service, [
    { start, end: start + 60 * MIN, peakTs: start, peakValue: 10, expected: 1, direction: 'up', severity: 'high', sigmas: 40, points: 60, rank: 0.9, title: 'planted' },
  ]);
}

async function runStep(): Promise<number> {
  const ctx = { store, params: {}, deps: {}, signal: new AbortController().signal } as unknown as StepContext;
  const r = await incidentsStep.run(ctx);
  store.transaction(() => r.save(store));
  return r.output.count;
}

describe('incidents step', () => {
  it('finds the incident in the stored signals and stores it with members, findings and the export’s fingerprints', async () => {
    const source = store.addSource({ path: 'alerts.json', format: 'alertmanager', kind: 'events', bytes: 1, sha256: 'x', zone: 'UTC' });
    store.upsertEdge(source, 'web', 'api');
    store.upsertEdge(source, 'api', 'db');
    anomaly(series('db', 'http_request_duration_seconds_p95', 0.002, ONSET, 30), 'db', ONSET);
    anomaly(series('api', 'http_errors_per_second', 0.5, ONSET + 3 * MIN, 40), 'api', ONSET + 3 * MIN);
    anomaly(series('web', 'http_errors_per_second', 0.5, ONSET + 5 * MIN, 20), 'web', ONSET + 5 * MIN);
    const alert = store.insertEvent(source, {
      ts: ONSET + 4 * MIN,
      endTs: ONSET + 40 * MIN,
      kind: 'alert',
      service: 'api',
      title: 'HighErrorRate: api: more than 5% failing',
      severity: 'critical',
      attrs: { alertname: 'HighErrorRate', service: 'api', severity: 'critical', fingerprint: 'df1bd55359cb1297' },
    });
    store.insertEvent(source, { ts: T0, endTs: T0 + 20 * 60 * MIN, kind: 'alert', title: 'Watchdog', severity: 'none', attrs: { alertname: 'Watchdog' } });
    const config = store.insertEvent(source, { ts: ONSET - 12 * MIN, kind: 'config', service: 'db', title: 'max_connections 200 -> 20', attrs: { kind: 'config' } });
    const rollback = store.insertEvent(source, { ts: ONSET + 30 * MIN, kind: 'deploy', service: 'db', title: 'Rollback config rev-41', attrs: { kind: 'rollback' } });

    expect(await runStep()).toBe(1);
    const [row] = loadIncidents(store);
    expect(row.rootService).toBe('db');
    const inc = JSON.parse(row.detail) as Incident;
    expect(inc.changes[0]).toMatchObject({ id: config, kind: 'config' });
    expect(inc.mitigations.map((m) => m.id)).toEqual([rollback]);
    expect(inc.alerts).toEqual([expect.objectContaining({ fingerprint: 'df1bd55359cb1297', name: 'HighErrorRate', service: 'api' })]);
    // The raw series were read: the root's evidence quotes db's p95 before and after.
    expect(inc.rootCauses[0].evidence[0].text).toMatch(/p95 latency of db 2\.\d+ ms → 6\d\.\d ms/);
    const roles = new Map(loadIncidentMembers(store, row.key).map((m) => [m.eventId, m.role]));
    expect(roles.get(alert)).toBe('alert');
    expect(roles.get(config)).toBe('change');
    expect(roles.get(rollback)).toBe('mitigation');
    expect(loadNoiseAlerts(store)).toEqual([expect.objectContaining({ name: 'Watchdog', reason: 'always-firing' })]);

    // The CLI's JSON: the names bench/rca.ts reads.
    const json = incidentJson(inc);
    expect(Object.keys(json)).toEqual(expect.arrayContaining(['id', 'start', 'end', 'onset', 'severity', 'services', 'summary', 'kind', 'root_causes', 'changes', 'alerts', 'log_patterns']));
    expect(json.root_causes[0]).toMatchObject({ service: 'db' });
    expect(json.changes[0]).toMatchObject({ service: 'db', id: config, title: 'max_connections 200 -> 20' });
    expect(json.alerts[0]).toMatchObject({ fingerprint: 'df1bd55359cb1297', name: 'HighErrorRate', service: 'api', startsAt: new Date(ONSET + 4 * MIN).toISOString() });
  });

  it('reads a change row: flags, rollbacks by name or kind, and a config key old -> new', () => {
    const row = (title: string, kind: string, attrs: Record<string, string> = {}): EventRow => ({
      id: 1, source_id: 1, ts: 0, end_ts: null, kind, service: 'api', title, severity: null, attrs: JSON.stringify(attrs), nonprod: 0,
    });
    expect(changeSignal(row('db.pool.max 50 -> 5', 'config'))).toMatchObject({ kind: 'config', key: 'db.pool.max', oldValue: '50', newValue: '5' });
    expect(changeSignal(row('feature flag checkout_v2 rollout 10% -> 25%', 'config'))).toMatchObject({ kind: 'flag', oldValue: '10%', newValue: '25%' });
    expect(changeSignal(row('Rollback to 2.17.1 (error rate regression)', 'deploy'))).toMatchObject({ kind: 'rollback' });
    expect(changeSignal(row('Release 2.18.0', 'deploy', { kind: 'deploy', version: '2.18.0' }))).toMatchObject({ kind: 'deploy', version: '2.18.0' });
  });
});
