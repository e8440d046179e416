/**
 * The knowledge base of postmortems: each saved postmortem as an entry (its full text, the incident's
 * fingerprint, what was done then), searched across workspaces by words, and offered to "similar
 * incidents" as a past incident whose resolution a person can reuse. Search ranks by BM25 (Robertson &
 * Zaragoza, "The Probabilistic Relevance Framework: BM25 and Beyond", 2009; k1 = 1.2, b = 0.75), every
 * query word required, the title counted twice. Pure; O(entries · words).
 */
import type { KnownIncident } from '../incidents/similar';
import type { KnowledgeEntry, PostmortemDoc } from './types';

export type { KnowledgeEntry } from './types';

export interface KnowledgeHit {
  entry: KnowledgeEntry;
  score: number;
  /** A line of the text holding a query word. */
  snippet: string;
}

/** Lower-case words of letters and digits (a service name's dashes split it: `payments-api` → payments, api). */
export function words(text: string): string[] {
  return text.toLowerCase().match(/[\p{L}\p{N}]+/gu) ?? [];
}

/** The section's text with the Markdown list and task marks taken off each line. */
function plainLines(markdown: string): string[] {
  return markdown
    .split('\n')
    .map((l) => l.replace(/^\s*(?:[-*]|\d+\.)\s+(?:\[[ xX]\]\s+)?/, '').trim())
    .filter(Boolean);
}

/** A saved postmortem as a knowledge-base entry. */
export function knowledgeEntry(doc: PostmortemDoc, workspace: string, postmortemId: number, updatedAt: number): KnowledgeEntry {
  const section = (id: string): string => doc.sections.find((s) => s.id === id)?.text ?? '';
  const text = [doc.title, ...doc.sections.map((s) => `${s.title}\n${s.text}`), ...doc.timeline.map((t) => t.text)].join('\n');
  const resolution = [...plainLines(section('resolution')), ...plainLines(section('action-items'))].filter((l) => !/^_\(.*\)_$/.test(l)).join('\n');
  return { id: `${workspace}#${postmortemId}`, workspace, postmortemId, incidentKey: doc.incidentKey, title: doc.title, onset: doc.onset, fingerprint: doc.fingerprint, text, resolution, updatedAt };
}

/**
 * The entries holding every word of `query`, best first (BM25), at most `limit`.
 * @example searchKnowledge(entries, 'rollback inventory')[0].entry.title // 'Postmortem: bad deploy on inventory, …'
 */
export function searchKnowledge(entries: readonly KnowledgeEntry[], query: string, limit = 20): KnowledgeHit[] {
  const terms = [...new Set(words(query))];
  if (!terms.length) return [];
  const docs = entries.map((entry) => {
    const tokens = [...words(entry.title), ...words(entry.title), ...words(entry.text), ...entry.fingerprint.flatMap(words)];
    const tf = new Map<string, number>();
    for (const t of tokens) tf.set(t, (tf.get(t) ?? 0) + 1);
    return { entry, tf, length: tokens.length };
  });
  const avgLength = docs.reduce((n, d) => n + d.length, 0) / Math.max(1, docs.length);
  const idf = new Map(terms.map((t) => {
    const n = docs.filter((d) => d.tf.has(t)).length;
    return [t, Math.log(1 + (docs.length - n + 0.5) / (n + 0.5))];
  }));
  const k1 = 1.2;
  const b = 0.75;
  return docs
    .filter((d) => terms.every((t) => d.tf.has(t)))
    .map((d) => {
      const score = terms.reduce((sum, t) => {
        const f = d.tf.get(t) ?? 0;
        return sum + ((idf.get(t) ?? 0) * f * (k1 + 1)) / (f + k1 * (1 - b + (b * d.length) / avgLength));
      }, 0);
      const snippet = d.entry.text.split('\n').find((line) => terms.some((t) => words(line).includes(t))) ?? d.entry.title;
      return { entry: d.entry, score: Number(score.toFixed(4)), snippet: snippet.length > 240 ? `${snippet.slice(0, 239)}…` : snippet };
    })
    .sort((a, b2) => b2.score - a.score || b2.entry.updatedAt - a.entry.updatedAt)
    .slice(0, limit);
}

/**
 * A knowledge-base entry as a past incident for "similar incidents", its resolution what was done then.
 * Its id is the incident's key, so an incident never finds its own postmortem.
 */
export function asKnownIncident(entry: KnowledgeEntry): KnownIncident {
  return {
    id: entry.incidentKey,
    origin: `postmortem: ${entry.title}`,
    start: entry.onset,
    summary: entry.title,
    fingerprint: entry.fingerprint,
    ...(entry.resolution ? { resolution: entry.resolution.split('\n').slice(0, 3).join('; ') } : {}),
  };
}
