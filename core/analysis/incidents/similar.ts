/**
 * Incident fingerprints and similar incidents: a set of tokens (root service, affected services, the metric
 * families that moved, pattern kinds, the root-cause kind) compared by Jaccard similarity, after the
 * incident-linking work of Chen et al. ("Identifying Linked Incidents in Large-Scale Online Service
 * Systems", FSE 2020), which matches incidents on shared components and symptoms. Works within a workspace
 * and against a knowledge base of past incidents (the app's data folder). Pure: no store, no I/O.
 */
import { metricName } from './format';
import type { Incident } from './types';

/** The fingerprint tokens of an incident, sorted. */
export function fingerprintOf(root: string | undefined, services: readonly string[], movedMetrics: readonly string[], patternKinds: readonly string[], kind: string): string[] {
  const tokens = new Set<string>();
  if (root) tokens.add(`root:${root}`);
  for (const s of services) tokens.add(`service:${s}`);
  for (const m of movedMetrics) tokens.add(`metric:${metricName(m)}`);
  for (const p of patternKinds) tokens.add(`pattern:${p}`);
  tokens.add(`kind:${kind}`);
  return [...tokens].sort();
}

/** Jaccard similarity of two token sets: |a ∩ b| / |a ∪ b|, 0 for two empty sets. */
export function jaccard(a: readonly string[], b: readonly string[]): number {
  const sa = new Set(a);
  let inter = 0;
  for (const t of new Set(b)) if (sa.has(t)) inter++;
  const union = sa.size + new Set(b).size - inter;
  return union ? inter / union : 0;
}

/** A past incident in the knowledge base (another workspace, or a postmortem written down). */
export interface KnownIncident {
  id: string;
  /** Where it comes from: a workspace file name or a postmortem title. */
  origin: string;
  start: number;
  summary: string;
  fingerprint: string[];
  /** What was done then (mitigation titles, a postmortem's action). */
  resolution?: string;
}

export interface SimilarIncident {
  id: string;
  origin: string;
  start: number;
  summary: string;
  similarity: number;
  resolution?: string;
}

/**
 * Incidents of `pool` like `incident` (similarity ≥ `min`, default 0.4), most similar first, at most `limit`.
 * O(pool · tokens).
 * @example similarIncidents(inc, known)[0] // { id: 'INC-…', similarity: 0.8, resolution: 'rollback to 2.17.1' }
 */
export function similarIncidents(incident: Pick<Incident, 'id' | 'fingerprint'>, pool: readonly KnownIncident[], min = 0.4, limit = 5): SimilarIncident[] {
  return pool
    .filter((k) => k.id !== incident.id)
    .map((k) => ({ id: k.id, origin: k.origin, start: k.start, summary: k.summary, resolution: k.resolution, similarity: Number(jaccard(incident.fingerprint, k.fingerprint).toFixed(3)) }))
    .filter((k) => k.similarity >= min)
    .sort((a, b) => b.similarity - a.similarity || b.start - a.start)
    .slice(0, limit);
}

/** An incident as a knowledge-base entry: its fingerprint, summary and what mitigated it. */
export function knownIncident(inc: Incident, origin: string): KnownIncident {
  const resolution = inc.mitigations.map((m) => m.title).join('; ');
  return { id: inc.id, origin, start: inc.onset, summary: inc.summary, fingerprint: inc.fingerprint, ...(resolution ? { resolution } : {}) };
}
