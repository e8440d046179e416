// The `incidents` analysis step on a workspace that was imported and analysed already: how long reading the
// signals, the investigation (grouping, ranking with raw series windows, change attribution, kind, summaries)
// and writing the incidents take, and what it found.
//
//   npx tsx bench/incidents.ts WORKSPACE        (e.g. the demo: npx hindsight demo /tmp/d && npx hindsight import /tmp/d.hindsight /tmp/d
//                                                 && npx hindsight detect --workspace /tmp/d.hindsight --limit 1)
import { investigate } from '../core/analysis/incidents/investigate';
import { incidentRow, investigationInput } from '../core/jobs/steps/incidents';
import { saveIncidents } from '../core/store/incidents';
import { WorkspaceStore } from '../core/store/workspace';

const file = process.argv[2];
if (!file) {
  console.error('usage: npx tsx bench/incidents.ts WORKSPACE');
  process.exit(2);
}
const store = WorkspaceStore.open(file);
try {
  const counts = store.counts();
  const t0 = performance.now();
  const input = investigationInput(store);
  const t1 = performance.now();
  const { incidents, noise } = investigate(input);
  const t2 = performance.now();
  store.transaction(() => saveIncidents(store, incidents.map(incidentRow), noise));
  const t3 = performance.now();
  console.log(
    `${file}: ${counts.series} series, ${counts.logs} log lines, ${counts.events} events; signals: ${input.anomalies.length} anomalies, ` +
      `${input.changePoints.length} change points, ${input.patterns.length} pattern events, ${input.alerts.length} alerts, ${input.changes.length} changes`,
  );
  console.log(`read ${(t1 - t0).toFixed(0)} ms, investigate ${(t2 - t1).toFixed(0)} ms, save ${(t3 - t2).toFixed(0)} ms, total ${(t3 - t0).toFixed(0)} ms`);
  console.log(`${incidents.length} incident(s), ${noise.length} noise alert(s)`);
  for (const inc of incidents) console.log(`  ${inc.id} ${inc.kind} root ${inc.rootCauses[0]?.service} change ${inc.changes[0]?.title ?? 'none'}`);
} finally {
  store.close();
}
