/**
 * Step `episodes`, over the workspace after every service: the stored anomaly ranges of one service that overlap in
 * time merged into episodes (core/analysis/timeseries/episodes), ranked by surprise and size, and stored as timeline
 * events of kind 'anomaly-episode' whose attrs list their member range ids. A workspace step because it reads the
 * ranges the `anomalies` step wrote (series steps write after their service's steps run).
 */
import { mergeEpisodes, type AnomalyEpisode } from '../../analysis/timeseries/episodes';
import type { AnomalyRow } from '../../store/statements';
import type { EventInput } from '../../store/workspace';
import type { StepOutput, WorkspaceStep } from './step';

export const EPISODE_KIND = 'anomaly-episode';

/** Members named in an episode's title. */
const TITLE_MEMBERS = 3;

/** The timeline event of an episode: title "web: 4 series off normal (latency ↑ 12.0σ, errors ↑ 9.1σ, …)". */
export function episodeEvent(e: AnomalyEpisode, byId: ReadonlyMap<number, AnomalyRow>): EventInput {
  const best = new Map<number, AnomalyRow>();
  for (const id of e.members) {
    const r = byId.get(id);
    if (r && r.sigmas > (best.get(r.seriesId)?.sigmas ?? -1)) best.set(r.seriesId, r);
  }
  const top = [...best.values()].sort((a, b) => b.sigmas - a.sigmas);
  const named = top.slice(0, TITLE_MEMBERS).map((r) => `${r.seriesName} ${r.direction === 'up' ? '↑' : '↓'} ${r.sigmas.toFixed(1)}σ`);
  const more = top.length > TITLE_MEMBERS ? ', …' : '';
  return {
    ts: e.start,
    endTs: e.end,
    kind: EPISODE_KIND,
    service: e.service,
    title: `${e.service ?? 'no service'}: ${e.series} series off normal (${named.join(', ')}${more})`,
    severity: e.severity,
    attrs: {
      members: e.members.join(','),
      series: String(e.series),
      score: String(e.score),
      strength: String(e.strength),
      peakSigmas: String(e.peakSigmas),
      points: String(e.points),
    },
  };
}

export const episodesStep: WorkspaceStep<StepOutput> = {
  kind: 'episodes',
  version: 1,
  scope: 'workspace',
  dependsOn: ['anomalies'],
  noun: 'anomaly episode(s)',
  run({ store }) {
    const ranges = store.anomalies({ limit: Number.MAX_SAFE_INTEGER });
    const byId = new Map(ranges.map((r) => [r.id, r]));
    const episodes = mergeEpisodes(ranges);
    const events = episodes.map((e) => episodeEvent(e, byId));
    return { output: { count: events.length }, save: (s) => s.replaceDerivedKind(EPISODE_KIND, events) };
  },
};
