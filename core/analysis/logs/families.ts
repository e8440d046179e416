/**
 * Template families: the same event worded differently ("connection to <*> timed out after <*> ms" and
 * "timed out connecting to <*> (<*> ms)"). TF-IDF over stemmed template words with cosine similarity
 * (Salton & Buckley 1988), grouped by average-linkage agglomerative clustering over candidate pairs that
 * share a word (inverted index), as in log-template clustering for LogClass / Log3C-style analyses.
 */

import { stableHash } from './hash';

export interface FamilyInput {
  id: string;
  template: string;
  /** Lines of this template; used only to order a family's members (most frequent first). */
  count?: number;
}

export interface TemplateFamily {
  /** Stable id: hash of the sorted member ids. */
  familyId: string;
  /** Members, most frequent first (ties by id). */
  templateIds: string[];
}

export interface FamilyOptions {
  /** Cosine similarity (average linkage) needed to join two families. Default 0.6. */
  threshold?: number;
  /** Words seen in more than this share of templates do not make candidate pairs. Default 0.2. */
  maxWordShare?: number;
}

const STOP = new Set([
  'a', 'an', 'the', 'to', 'of', 'in', 'on', 'for', 'from', 'with', 'by', 'at', 'is', 'are', 'was', 'were', 'be',
  'been', 'and', 'or', 'as', 'it', 'its', 'this', 'that', 'after', 'before', 'while', 'into', 'than', 'has', 'have',
]);

/**
 * Light suffix stemmer (a few Porter steps): connecting/connection/connected -> connect, failures -> failure.
 * O(word length).
 */
export function stem(word: string): string {
  let w = word;
  if (w.length > 5 && w.endsWith('ations')) w = w.slice(0, -6) + 'e';
  else if (w.length > 4 && w.endsWith('ation')) w = w.slice(0, -5) + 'e';
  else if (w.length > 4 && w.endsWith('ions')) w = w.slice(0, -4);
  else if (w.length > 4 && w.endsWith('ion')) w = w.slice(0, -3);
  else if (w.length > 5 && w.endsWith('ing')) w = w.slice(0, -3);
  else if (w.length > 4 && w.endsWith('ed')) w = w.slice(0, -2);
  else if (w.length > 4 && w.endsWith('es') && !w.endsWith('ses')) w = w.slice(0, -1);
  else if (w.length > 3 && w.endsWith('s') && !w.endsWith('ss')) w = w.slice(0, -1);
  // Undouble a final consonant left by -ing/-ed (stopped -> stopp -> stop).
  if (w.length > 3 && w[w.length - 1] === w[w.length - 2] && !'aeiousl'.includes(w[w.length - 1])) w = w.slice(0, -1);
  return w;
}

/** Words of a template: holes, numbers and stop words dropped, camelCase split, lower-cased, stemmed. */
export function templateWords(template: string): string[] {
  const out: string[] = [];
  const text = template.replaceAll('<*>', ' ').replace(/([a-z])([A-Z])/g, '$1 $2');
  for (const raw of text.split(/[^A-Za-z]+/)) {
    if (raw.length < 2) continue;
    const w = raw.toLowerCase();
    if (STOP.has(w)) continue;
    out.push(stem(w));
  }
  return out;
}

type Vector = Map<string, number>;

function dot(a: Vector, b: Vector): number {
  const [small, big] = a.size <= b.size ? [a, b] : [b, a];
  let s = 0;
  for (const [k, v] of small) {
    const u = big.get(k);
    if (u !== undefined) s += v * u;
  }
  return s;
}

/**
 * Groups templates into families. Each template becomes an L2-normalised TF-IDF vector over its words
 * (idf = ln((1 + N) / (1 + df)) + 1); pairs of templates sharing a word that is not too common are
 * scored by cosine; pairs are taken from most to least similar and two families join when the average
 * cosine between their members is at least `threshold`. Every template is in exactly one family;
 * a template with no words is alone. O(pairs x family size) with pairs bounded by the inverted index.
 * Throws RangeError on a threshold outside (0, 1] or duplicate template ids.
 */
export function templateFamilies(templates: readonly FamilyInput[], options: FamilyOptions = {}): TemplateFamily[] {
  const threshold = options.threshold ?? 0.6;
  const maxShare = options.maxWordShare ?? 0.2;
  if (!(threshold > 0 && threshold <= 1)) throw new RangeError(`threshold must be in (0, 1], got ${options.threshold}`);
  const n = templates.length;
  const seen = new Set<string>();
  for (const t of templates) {
    if (seen.has(t.id)) throw new RangeError(`template id ${t.id} appears twice`);
    seen.add(t.id);
  }
  const words = templates.map((t) => templateWords(t.template));
  const df = new Map<string, number>();
  for (const ws of words) for (const w of new Set(ws)) df.set(w, (df.get(w) ?? 0) + 1);
  const vectors: Vector[] = words.map((ws) => {
    const v: Vector = new Map();
    for (const w of ws) v.set(w, (v.get(w) ?? 0) + 1);
    let norm = 0;
    for (const [w, tf] of v) {
      const x = tf * (Math.log((1 + n) / (1 + (df.get(w) ?? 0))) + 1);
      v.set(w, x);
      norm += x * x;
    }
    norm = Math.sqrt(norm);
    if (norm > 0) for (const [w, x] of v) v.set(w, x / norm);
    return v;
  });
  // Candidate pairs through words shared by at most maxShare of the templates (and at least two).
  const postings = new Map<string, number[]>();
  vectors.forEach((v, i) => {
    for (const w of v.keys()) {
      const list = postings.get(w);
      if (list) list.push(i); else postings.set(w, [i]);
    }
  });
  const cap = Math.max(2, Math.floor(maxShare * n));
  const pairs = new Map<number, number>();
  for (const list of postings.values()) {
    if (list.length < 2 || list.length > cap) continue;
    for (let a = 0; a < list.length; a++) {
      for (let b = a + 1; b < list.length; b++) {
        const key = list[a] * n + list[b];
        if (!pairs.has(key)) pairs.set(key, dot(vectors[list[a]], vectors[list[b]]));
      }
    }
  }
  const ordered = [...pairs].filter(([, s]) => s >= threshold).sort((x, y) => y[1] - x[1] || x[0] - y[0]);
  // Average linkage over the candidate graph: members lists per root.
  const parent = Array.from({ length: n }, (_, i) => i);
  const members: number[][] = Array.from({ length: n }, (_, i) => [i]);
  const find = (i: number): number => {
    let r = i;
    while (parent[r] !== r) r = parent[r];
    while (parent[i] !== r) { const next = parent[i]; parent[i] = r; i = next; }
    return r;
  };
  for (const [key] of ordered) {
    const ra = find(Math.floor(key / n));
    const rb = find(key % n);
    if (ra === rb) continue;
    let sum = 0;
    for (const i of members[ra]) for (const j of members[rb]) sum += dot(vectors[i], vectors[j]);
    if (sum / (members[ra].length * members[rb].length) < threshold) continue;
    const [big, small] = members[ra].length >= members[rb].length ? [ra, rb] : [rb, ra];
    parent[small] = big;
    members[big].push(...members[small]);
    members[small] = [];
  }
  const out: TemplateFamily[] = [];
  for (let r = 0; r < n; r++) {
    if (find(r) !== r) continue;
    const ids = members[r]
      .map((i) => templates[i])
      .sort((a, b) => (b.count ?? 0) - (a.count ?? 0) || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0))
      .map((t) => t.id);
    out.push({ familyId: 'f' + stableHash([...ids].sort().join('\u0000')), templateIds: ids });
  }
  out.sort((a, b) => b.templateIds.length - a.templateIds.length || (a.familyId < b.familyId ? -1 : 1));
  return out;
}
