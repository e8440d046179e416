// The anomaly budget on an analysed demo workspace: anomaly ranges and episodes per day, and where each ground-truth
// incident's root service ranks (bench/lib/budget.ts). A workspace analysed by code without the episodes step (main
// before issue #12) shows ranges only, ranked by their rank.
//
//   npx hindsight demo /tmp/demo && npx hindsight import /tmp/ws.hindsight /tmp/demo
//   npx hindsight detect --workspace /tmp/ws.hindsight > /dev/null
//   npx tsx bench/anomaly-demo.ts /tmp/ws.hindsight /tmp/demo/ground-truth.json

import { readFileSync } from 'node:fs';
import { EPISODE_KIND } from '../core/jobs/steps/episodes';
import { toEpisodeInfo } from '../core/service/anomalies';
import { WorkspaceStore } from '../core/store/workspace';
import { rootRank, type PlantedSpan } from './lib/budget';

const [file, truthFile] = process.argv.slice(2);
if (!file || !truthFile) {
  console.error('usage: npx tsx bench/anomaly-demo.ts WORKSPACE GROUND_TRUTH_JSON');
  process.exit(2);
}
const truth = JSON.parse(readFileSync(truthFile, 'utf8')) as {
  startMs: number;
  endMs: number;
  incidents: Array<{ id: string; rootService: string; onsetMs: number; endMs: number }>;
};
const days = (truth.endMs - truth.startMs) / 86_400_000;
const incidents: PlantedSpan[] = truth.incidents.map((i) => ({ rootService: i.rootService, startMs: i.onsetMs, endMs: i.endMs }));
const store = WorkspaceStore.open(file);
try {
  const ranges = store.anomalies({ limit: Number.MAX_SAFE_INTEGER }).sort((a, b) => b.rank - a.rank || a.start - b.start);
  const episodes = store.events(-Infinity, Infinity, Number.MAX_SAFE_INTEGER, [EPISODE_KIND]).map(toEpisodeInfo).sort((a, b) => b.score - a.score || a.start - b.start);
  const high = (xs: Array<{ severity: string }>): number => xs.filter((x) => x.severity === 'high').length;
  const f = (x: number): string => (x / days).toFixed(1);
  console.log(`${file}: ${days} days; ranges/day ${f(ranges.length)} (high ${f(high(ranges))}); episodes/day ${f(episodes.length)} (high ${f(high(episodes))})`);
  truth.incidents.forEach((inc, k) => {
    const byRange = rootRank(ranges, incidents[k], incidents);
    const byEpisode = episodes.length ? rootRank(episodes, incidents[k], incidents) : '-';
    console.log(`  ${inc.id} root ${inc.rootService}: rank among ranges ${byRange}; among episodes ${byEpisode}`);
  });
} finally {
  store.close();
}
