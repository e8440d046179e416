// Anomaly episodes: the anomaly ranges of one service that overlap in time (within a gap) merged into one episode,
// ranked by how surprising and how broad it is, so a person reads a few incidents instead of a flood of ranges.
// Reference: Hochenbaum, Vallis & Kejariwal 2017 §5 (anomalies reported as episodes); Chen et al. 2019 ("How to fix
// the false alarm problem": group correlated alerts per service before ranking).

import type { Severity } from './ranges';

/** What an episode needs of an anomaly range. */
export interface EpisodeMember {
  id: number;
  seriesId: number;
  service: string | null;
  start: number;
  end: number;
  /** |value - expected| / scale at the peak. */
  sigmas: number;
  points: number;
}

export interface AnomalyEpisode {
  service: string | null;
  start: number;
  end: number;
  /** Member range ids, in time order. */
  members: number[];
  /** Distinct series among the members. */
  series: number;
  /** Highest member sigmas. */
  peakSigmas: number;
  /** Sum over distinct member series of their best sigmas, each capped at SIGMA_CAP: surprise and breadth at once. */
  strength: number;
  /** Flagged points over the members. */
  points: number;
  /** Ranking score in [0, 1]; see `episodeScore`. */
  score: number;
  severity: Severity;
}

/** One series' sigmas count at most this much towards an episode's strength (a single 80σ blip is not 4 metrics). */
export const SIGMA_CAP = 20;
/** Ranges of a service closer than this merge into one episode (default 10 minutes). */
export const EPISODE_GAP_MS = 10 * 60_000;

/**
 * Ranking score of an episode in [0, 1]: 1 - exp(-strength / 12) (saturating surprise summed over the service's
 * deviating series) times 0.5 + 0.5 x min(1, log10(1 + points) / 2.5) (longer counts more). Two series at 10σ for
 * 30 minutes outrank one series at 15σ for one point. O(1).
 */
export function episodeScore(strength: number, points: number): number {
  const surprise = 1 - Math.exp(-Math.max(0, strength) / 12);
  const size = Math.min(1, Math.log10(1 + Math.max(0, points)) / 2.5);
  return surprise * (0.5 + 0.5 * size);
}

/** Severity from the strength: high >= 2 x SIGMA_CAP (two series far out, or more), medium >= 10, low below. */
export function episodeSeverity(strength: number): Severity {
  return strength >= 2 * SIGMA_CAP ? 'high' : strength >= 10 ? 'medium' : 'low';
}

/**
 * Merges ranges into episodes per service: ranges sorted by start join the current episode of their service when
 * they start no later than `gapMs` after its end. Ranges without a service form episodes of the service null.
 * Returns the episodes best score first (ties: earlier first). O(n log n). Never throws.
 */
export function mergeEpisodes(ranges: readonly EpisodeMember[], gapMs = EPISODE_GAP_MS): AnomalyEpisode[] {
  const sorted = [...ranges].sort((a, b) => a.start - b.start || a.id - b.id);
  const open = new Map<string | null, { ep: AnomalyEpisode; best: Map<number, number> }>();
  const done: Array<{ ep: AnomalyEpisode; best: Map<number, number> }> = [];
  for (const r of sorted) {
    let cur = open.get(r.service);
    if (cur && r.start > cur.ep.end + gapMs) {
      done.push(cur);
      cur = undefined;
    }
    if (!cur) {
      cur = {
        ep: { service: r.service, start: r.start, end: r.end, members: [], series: 0, peakSigmas: 0, strength: 0, points: 0, score: 0, severity: 'low' },
        best: new Map(),
      };
      open.set(r.service, cur);
    }
    const ep = cur.ep;
    ep.end = Math.max(ep.end, r.end);
    ep.members.push(r.id);
    ep.points += r.points;
    const sig = Number.isFinite(r.sigmas) ? r.sigmas : 0;
    ep.peakSigmas = Math.max(ep.peakSigmas, sig);
    cur.best.set(r.seriesId, Math.max(cur.best.get(r.seriesId) ?? 0, sig));
  }
  done.push(...open.values());
  const out = done.map(({ ep, best }) => {
    ep.series = best.size;
    ep.strength = [...best.values()].reduce((a, s) => a + Math.min(SIGMA_CAP, s), 0);
    ep.score = episodeScore(ep.strength, ep.points);
    ep.severity = episodeSeverity(ep.strength);
    return ep;
  });
  return out.sort((a, b) => b.score - a.score || a.start - b.start);
}
