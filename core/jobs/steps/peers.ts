/**
 * Step `peers`, over the workspace: for each metric name several services share, which services look unlike
 * their peers over the last day of data (core/analysis/timeseries/population); each becomes a timeline event
 * of kind 'outlier'. One metric name's series are in memory at a time.
 */
import { populationOutliers } from '../../analysis/timeseries/population';
import type { SeriesRow } from '../../store/statements';
import type { EventInput } from '../../store/workspace';
import { throwIfCancelled } from '../protocol';
import type { WorkspaceStep } from './step';

const DAY_MS = 86_400_000;
/** Fewest services sharing a metric for a peer comparison. */
const MIN_PEERS = 4;

export const peersStep: WorkspaceStep = {
  kind: 'peers',
  version: 3,
  scope: 'workspace',
  dependsOn: [],
  noun: 'service(s) unlike their peers',
  run({ store, signal }) {
    const events: EventInput[] = [];
    const { last } = store.timeRange();
    if (last !== null) {
      const from = last - DAY_MS;
      const byName = new Map<string, SeriesRow[]>();
      for (const row of store.listSeries('', 1_000_000)) {
        if (row.service) byName.set(row.name, [...(byName.get(row.name) ?? []), row]);
      }
      for (const [metric, rows] of byName) {
        if (rows.length < MIN_PEERS) continue;
        throwIfCancelled(signal);
        // A week of history before the day judged, so each member's own normal is known.
        const members = rows.map((row) => ({ name: row.service as string, ...store.readSamples(row.id, from - 6 * DAY_MS, last) }));
        for (const m of populationOutliers(members, { from, to: last + 1 }).members.filter((x) => x.flagged)) {
          events.push({
            ts: from,
            endTs: last,
            kind: 'outlier',
            service: m.name,
            title: `${m.name} unlike its peers on ${metric}: ${m.reason}`,
            severity: m.score > 7 ? 'high' : 'medium',
            attrs: { metric, score: String(m.score), rank: String(Math.min(1, m.score / 10)) },
          });
        }
      }
    }
    return { output: { count: events.length }, save: (s) => s.replaceDerivedKind('outlier', events) };
  },
};
