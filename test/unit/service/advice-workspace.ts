/** A workspace with one stored bad-deploy incident (as the `incidents` step stores it) and its error series. */
import type { Incident } from '../../../core/api/contract';
import { saveIncidents } from '../../../core/store/incidents';
import { WorkspaceStore } from '../../../core/store/workspace';
import { badDeploy, ONSET } from '../analysis/advice/fixtures';

const MIN = 60_000;

/** Creates the workspace at `file`: inventory's errors 0.4/s before the deploy 1 min before the onset, 29/s after. */
export function badDeployWorkspace(file: string): { store: WorkspaceStore; incident: Incident } {
  const store = WorkspaceStore.open(file, { create: true });
  let incident = badDeploy();
  store.transaction(() => {
    const source = store.addSource({ path: 'gen', format: 'gen', kind: 'metrics', bytes: 0, sha256: 'gen', zone: 'UTC' });
    const errors = store.seriesId('http_errors_per_second', { service: 'inventory' });
    const ts = Float64Array.from({ length: 240 }, (_, i) => ONSET - 120 * MIN + i * MIN);
    store.appendSamples(errors, source, ts, Float64Array.from(ts, (t) => (t < ONSET - MIN ? 0.4 : 29)));
    store.refreshSeries(errors, ts[0], ts[ts.length - 1]);
    const deploy = store.insertEvent(source, { ts: ONSET - MIN, kind: 'deploy', service: 'inventory', title: 'Release 2.18.0: unit-aware stock reservations' });
    const base = badDeploy();
    incident = badDeploy({
      rootCauses: [{ ...base.rootCauses[0], metrics: [{ metric: 'http_errors_per_second', seriesId: errors, score: 331 }] }, base.rootCauses[1]],
      changes: [{ ...base.changes[0], id: deploy }],
    });
    const i = incident;
    saveIncidents(
      store,
      [{ key: i.id, title: i.summary, start: i.start, end: i.end, onset: i.onset, severity: i.severity, summary: i.summary, kind: i.kind, rootService: 'inventory', detail: JSON.stringify(i), members: [], findings: [] }],
      [],
    );
  });
  return { store, incident };
}
