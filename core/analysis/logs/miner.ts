/**
 * Online log template mining with a fixed-depth parse tree — Drain (He, Zhu, Zheng & Lyu 2017, "Drain: An
 * Online Log Parsing Approach with Fixed Depth Tree", ICWS), with masking done once for every source
 * (./mask), sub-token holes (`user=<*>`, `node-<*>`), content-derived template ids, and a final split of
 * merged positions that hold a small closed set of words — the "child direction" split of Brain
 * (Yu et al. 2023, "Brain: Log Parsing with Bidirectional Parallel Tree", IEEE TSC).
 *
 * A message (its first non-blank line: a folded stack trace's frames are not the template) is masked and
 * tokenised; it is routed by token count and its first token to a leaf; in the
 * leaf the most similar template (share of positions that agree, Drain's similarity) is taken when the
 * share reaches the threshold and the two disagree on at most one word (two differing words, or any
 * differing punctuation-only token, mean another event far more often than a parameter); the positions
 * that disagree become holes. Otherwise the message starts a new template. Each merged position keeps
 * the counts of its (at most 8) distinct tokens; `finalize()` splits a template whose merged position only
 * ever held 2 to 4 tokens each seen twice or more (`stored as bytes` / `stored as values`).
 * Memory grows with the number of templates, never with the number of lines.
 */

import { stableHash } from './hash';
import { maskMessage, WILDCARD as HOLE_TEXT } from './mask';
import { generalizeToken, patternMatches, patternValues } from './pattern-token';

/** Local copy: an imported binding can cost a getter call per use in hot loops. */
const WILDCARD: string = HOLE_TEXT;

export interface MinerOptions {
  /** Part of every template id, so the same text in two services gives two ids. Default ''. */
  service?: string;
  /** Share of agreeing positions needed to join a template (Drain's st). Default SIMILARITY. */
  similarity?: number;
  /**
   * Leading tokens used to route a message in the tree (Drain's depth - 2). Default 1: a word parameter in
   * second place (`User alice logged in`) is common, and the word-difference rule keeps events apart.
   */
  depth?: number;
  /**
   * Differing words allowed between a message and the template it joins (and at most a third of its tokens).
   * Default MAX_WORD_DIFFS.
   */
  maxWordDiffs?: number;
  /**
   * A merged position that only held 2 to this many words, each twice or more, splits the template into
   * one per word (enum-like words are text). 1 or less: never split. Default SPLIT_MAX_VALUES.
   */
  splitMaxValues?: number;
  /** Templates kept at most; past it a message joins its leaf's closest template. Default 20,000. */
  maxTemplates?: number;
  /** Tokens mined at most per message; the rest becomes one trailing hole. Default 256. */
  maxTokens?: number;
  /** Characters mined at most per message. Default 1 MiB. */
  maxMessageLength?: number;
}

export interface MinedTemplate {
  /** Stable id: hash of service + template text. */
  id: string;
  /** Template text; `<*>` marks a parameter. */
  template: string;
  count: number;
  /** The first message that formed this template (capped at 1,000 characters). */
  example: string;
}

export interface AddResult {
  templateId: string;
  template: string;
  /** The text under each `<*>` of the template, left to right. */
  params: string[];
}

export interface FinalizeResult {
  templates: MinedTemplate[];
  /** Every template id handed out by `add()` -> the id of the template it ended in. */
  idMap: Map<string, string>;
}

export interface MinerStats {
  messages: number;
  templates: number;
  /** Messages longer than `maxMessageLength`, mined on their first part. */
  truncated: number;
  /** Messages that could not get a template of their own because `maxTemplates` was reached. */
  overflowed: number;
}

interface Cluster {
  tokens: string[];
  /** Positions holding a hole (the token contains `<*>`). */
  holes: Uint8Array;
  count: number;
  example: string;
  text: string;
  id: string;
  /** Set when this cluster was merged into another one. */
  into: Cluster | null;
  /** Positions that became holes by merging differing literal tokens (not by masking). */
  tracked: number[];
  /** Per tracked position: counts of the tokens seen there, or null past MAX_VALUES distinct tokens. */
  values: (Map<string, number> | null)[];
  /**
   * Joint counts of the tokens seen at the tracked positions (key: tokens joined by U+0001), or null
   * once more than MAX_SIGNATURES distinct combinations were seen.
   */
  joint: Map<string, number> | null;
  /** First message seen with each joint key (same keys as `joint`), for the examples of split templates. */
  firstSeen: Map<string, string> | null;
}

const SEP = '\u0001';
/** Distinct token combinations tracked per template before giving up (bounded memory). */
const MAX_SIGNATURES = 16;
/** Distinct tokens tracked per merged position before it counts as an open parameter. */
const MAX_VALUES = 8;
/**
 * Default: a merged position splits when it held 2..SPLIT_MAX_VALUES tokens, each SPLIT_MIN_COUNT times or
 * more (enum-like words are text, issue #11; leave-one-out choice, bench/loghub.ts).
 */
export const SPLIT_MAX_VALUES = 4;
const SPLIT_MIN_COUNT = 2;
/** Default differing words allowed between a message and the template it joins (leave-one-out choice, bench/loghub.ts). */
export const MAX_WORD_DIFFS = 1;
/** Default share of agreeing positions to join a template (Drain's st; leave-one-out choice, bench/loghub.ts). */
export const SIMILARITY = 0.7;
const EXAMPLE_CHARS = 1000;

/** True when the token has a letter outside its holes. */
function hasLetter(t: string): boolean {
  for (let i = 0; i < t.length; i++) {
    const c = t.charCodeAt(i);
    if ((c >= 65 && c <= 90) || (c >= 97 && c <= 122)) {
      return true;
    }
  }
  return false;
}

/** True when the token is punctuation only (`****`, `-`, `=>`): a constant of the format. */
function isPunct(t: string): boolean {
  for (let i = 0; i < t.length; i++) {
    const c = t.charCodeAt(i);
    if ((c >= 48 && c <= 57) || (c >= 65 && c <= 90) || (c >= 97 && c <= 122) || c > 127) return false;
  }
  // An empty wrapper (`()`, `''`, `[]`) is an empty value, not a format constant.
  return !t.includes(WILDCARD) && !/^[()[\]{}<>'"`,;:.]*$/.test(t);
}

function hasDigit(t: string): boolean {
  for (let i = 0; i < t.length; i++) {
    const c = t.charCodeAt(i);
    if (c >= 48 && c <= 57) return true;
  }
  return false;
}

function hasHole(t: string): boolean {
  return t.includes(WILDCARD);
}

/**
 * Drain-family online miner. `add` is O(tokens x templates in the leaf); memory O(templates x tokens).
 * Options are checked in the constructor (RangeError on a similarity outside (0, 1], depth < 0, or
 * maxTemplates / maxTokens < 1).
 */
export class TemplateMiner {
  private readonly service: string;
  private readonly threshold: number;
  private readonly depth: number;
  private readonly maxWordDiffs: number;
  private readonly splitMaxValues: number;
  private readonly maxTemplates: number;
  private readonly maxTokens: number;
  private readonly maxLength: number;
  private readonly leaves = new Map<string, Cluster[]>();
  private readonly byId = new Map<string, Cluster>();
  private live = 0;
  private messages = 0;
  private truncated = 0;
  private overflowed = 0;

  constructor(options: MinerOptions = {}) {
    this.service = options.service ?? '';
    this.threshold = options.similarity ?? SIMILARITY;
    this.depth = options.depth ?? 1;
    this.maxWordDiffs = options.maxWordDiffs ?? MAX_WORD_DIFFS;
    this.splitMaxValues = options.splitMaxValues ?? SPLIT_MAX_VALUES;
    this.maxTemplates = options.maxTemplates ?? 20_000;
    this.maxTokens = options.maxTokens ?? 256;
    this.maxLength = options.maxMessageLength ?? 1 << 20;
    if (!(this.threshold > 0 && this.threshold <= 1)) {
      throw new RangeError(`similarity must be in (0, 1], got ${options.similarity}`);
    }
    if (!(this.depth >= 0)) throw new RangeError(`depth must be 0 or more, got ${options.depth}`);
    if (!(this.maxWordDiffs >= 0)) throw new RangeError(`maxWordDiffs must be 0 or more, got ${options.maxWordDiffs}`);
    if (!(this.maxTemplates >= 1)) throw new RangeError(`maxTemplates must be at least 1, got ${options.maxTemplates}`);
    if (!(this.maxTokens >= 1)) throw new RangeError(`maxTokens must be at least 1, got ${options.maxTokens}`);
    if (!(this.maxLength >= 1)) throw new RangeError(`maxMessageLength must be at least 1, got ${options.maxMessageLength}`);
  }

  /** Mines one message: joins (and maybe generalises) the closest template or starts a new one. */
  add(message: string): AddResult {
    const { cluster, raw } = this.mine(message);
    return this.result(cluster, raw);
  }

  /**
   * Mines one message like `add` and returns only its template id, without reading the parameter values out of
   * it: what the importer keeps of each line (measured ~7% of mining time spent on those values).
   */
  addId(message: string): string {
    return this.mine(message).cluster.id;
  }

  private mine(message: string): { cluster: Cluster; raw: string[] } {
    this.messages++;
    const { masked, raw } = this.tokenize(message);
    const leafKey = this.leafKey(masked);
    let leaf = this.leaves.get(leafKey);
    const full = this.live >= this.maxTemplates;
    if (leaf === undefined) {
      if (full) return { cluster: this.overflow(masked, message), raw };
      leaf = [];
      this.leaves.set(leafKey, leaf);
    }
    let c = this.closest(leaf, masked);
    if (c !== null && this.lastSim < this.threshold) {
      if (full) this.overflowed++;
      else c = null;
    }
    if (c === null) {
      if (full) return { cluster: this.overflow(masked, message), raw };
      return { cluster: this.create(leaf, masked, message), raw };
    }
    c.count++;
    this.generalize(c, masked, message);
    return { cluster: c, raw };
  }

  /** Past maxTemplates, a message with no leaf of its own joins a per-length catch-all template. */
  private overflow(masked: string[], message: string): Cluster {
    this.overflowed++;
    const key = `overflow\u0001${masked.length}`;
    let leaf = this.leaves.get(key);
    if (leaf === undefined) {
      leaf = [];
      this.leaves.set(key, leaf);
    }
    if (leaf.length === 0) return this.create(leaf, masked.map(() => WILDCARD), message);
    const c = leaf[0];
    c.count++;
    return c;
  }

  /** The template a message would join, without changing anything. */
  assign(message: string): AddResult {
    const { masked, raw } = this.tokenize(message);
    const leaf = this.leaves.get(this.leafKey(masked));
    const best = leaf ? this.closest(leaf, masked) : null;
    if (best !== null && this.lastSim >= this.threshold) return this.result(best, raw);
    const catchAll = this.leaves.get(`overflow\u0001${masked.length}`);
    if (catchAll !== undefined && catchAll.length > 0) return this.result(catchAll[0], raw);
    const text = masked.join(' ');
    return { templateId: this.idOf(text), template: text, params: extractParams(masked, raw) };
  }

  /** Current templates, most frequent first (ties by id). */
  templates(): MinedTemplate[] {
    const out: MinedTemplate[] = [];
    for (const leaf of this.leaves.values()) {
      for (const c of leaf) out.push({ id: c.id, template: c.text, count: c.count, example: c.example });
    }
    out.sort((a, b) => b.count - a.count || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
    return out;
  }

  /**
   * Final pass: merges templates that ended with the same text, and maps every id handed out so far to
   * the id of the template it ended in (ids change when a template generalises). O(templates x tokens).
   */
  finalize(): FinalizeResult {
    for (const [key, leaf0] of this.leaves) {
      const leaf: Cluster[] = [];
      for (const c of this.absorbCovered(leaf0)) leaf.push(...this.split(c));
      const byText = new Map<string, Cluster>();
      const kept: Cluster[] = [];
      for (const c of leaf) {
        const same = byText.get(c.text);
        if (same === undefined) {
          byText.set(c.text, c);
          kept.push(c);
        } else {
          same.count += c.count;
          c.into = same;
          this.live--;
        }
      }
      this.leaves.set(key, kept);
    }
    const idMap = new Map<string, string>();
    for (const [id, c] of this.byId) idMap.set(id, resolve(c).id);
    return { templates: this.templates(), idMap };
  }

  stats(): MinerStats {
    return { messages: this.messages, templates: this.live, truncated: this.truncated, overflowed: this.overflowed };
  }

  private tokenize(message: string): { masked: string[]; raw: string[] } {
    let text = firstLine(message);
    if (text.length > this.maxLength) {
      this.truncated++;
      text = text.slice(0, this.maxLength);
    }
    const mm = maskMessage(text);
    const masked = mm.masked;
    if (masked.length > this.maxTokens) {
      const keep = this.maxTokens - 1;
      const rest = mm.raw.slice(keep).join(' ');
      return { masked: masked.slice(0, keep).concat([WILDCARD]), raw: mm.raw.slice(0, keep).concat([rest]) };
    }
    return mm;
  }

  private leafKey(masked: string[]): string {
    let key = String(masked.length);
    const d = Math.min(this.depth, masked.length);
    for (let i = 0; i < d; i++) {
      const t = masked[i];
      key += '\u0001' + (hasHole(t) || hasDigit(t) ? WILDCARD : t);
    }
    return key;
  }

  /** Similarity of the last `closest` answer (kept in a field to avoid an allocation per message). */
  private lastSim = 0;

  /**
   * The most similar template of the leaf (ties: more holes), with its share of agreeing positions in
   * `lastSim`. A template disagreeing with the message on more than one word (or on any punctuation-only
   * token) gets similarity 0: a second differing word makes another event far more likely than a parameter.
   */
  private closest(leaf: Cluster[], masked: string[]): Cluster | null {
    let best: Cluster | null = null;
    let bestSim = -1;
    let bestHoles = -1;
    const n = masked.length;
    const maxWordDiffs = Math.min(this.maxWordDiffs, Math.floor(n / 3));
    for (let k = 0; k < leaf.length; k++) {
      const c = leaf[k];
      let same = 0;
      let holes = 0;
      let wordDiffs = 0;
      const t = c.tokens;
      for (let i = 0; i < n; i++) {
        const a = t[i];
        const b = masked[i];
        const hole = c.holes[i] === 1;
        if (hole) holes++;
        if (a === b) same++;
        else if (hole && !isPunct(b) && patternMatches(a, b)) same++;
        else if (isPunct(a) || isPunct(b)) { wordDiffs = n; break; }
        else if (hasLetter(a) ? hasLetter(b) || hasHole(b) : hasLetter(b) && hasHole(a)) {
          if (++wordDiffs > maxWordDiffs) break;
        }
      }
      const sim = wordDiffs > maxWordDiffs ? 0 : n === 0 ? 1 : same / n;
      if (sim > bestSim || (sim === bestSim && holes > bestHoles)) {
        best = c;
        bestSim = sim;
        bestHoles = holes;
      }
      if (sim === 1 && holes === 0) break;
    }
    this.lastSim = bestSim;
    return best;
  }

  private create(leaf: Cluster[], masked: string[], message: string): Cluster {
    const tokens = masked.slice();
    const holes = new Uint8Array(tokens.length);
    for (let i = 0; i < tokens.length; i++) holes[i] = hasHole(tokens[i]) ? 1 : 0;
    const text = tokens.join(' ');
    const c: Cluster = {
      tokens, holes, count: 1, example: c0Example(message), text, id: this.idOf(text), into: null,
      tracked: [], values: [], joint: new Map([['', 1]]), firstSeen: new Map([['', c0Example(message)]]),
    };
    leaf.push(c);
    this.live++;
    this.byId.set(c.id, c);
    return c;
  }

  /** Widens the template to cover `masked` (count already includes it) and records tracked values. */
  private generalize(c: Cluster, masked: string[], message: string): void {
    let changed = false;
    const t = c.tokens;
    for (let i = 0; i < t.length; i++) {
      if (t[i] === masked[i] || t[i] === WILDCARD) continue;
      const g = generalizeToken(t[i], masked[i]);
      if (g === t[i]) continue;
      if (!c.tracked.includes(i) && t[i] !== WILDCARD && masked[i] !== WILDCARD) {
        // Every earlier message of this cluster had the old literal here.
        if (c.joint !== null && c.firstSeen !== null) {
          const widen = (k: string): string => (c.tracked.length === 0 ? t[i] : k + SEP + t[i]);
          const widened = new Map<string, number>();
          for (const [k, n] of c.joint) widened.set(widen(k), n);
          c.joint = widened;
          const seen = new Map<string, string>();
          for (const [k, ex] of c.firstSeen) seen.set(widen(k), ex);
          c.firstSeen = seen;
        }
        c.tracked.push(i);
        c.values.push(new Map([[t[i], c.count - 1]]));
      }
      t[i] = g;
      c.holes[i] = 1;
      changed = true;
    }
    this.record(c, masked, message);
    if (!changed) return;
    c.text = t.join(' ');
    c.id = this.idOf(c.text);
    if (!this.byId.has(c.id)) this.byId.set(c.id, c);
  }

  /** Counts this message's tokens at the tracked positions (the message is already in `count`). */
  private record(c: Cluster, masked: string[], message: string): void {
    const tr = c.tracked;
    if (tr.length === 0) return;
    for (let k = 0; k < tr.length; k++) {
      const m = c.values[k];
      if (m === null) continue;
      const v = masked[tr[k]];
      m.set(v, (m.get(v) ?? 0) + 1);
      if (m.size > MAX_VALUES) c.values[k] = null;
    }
    if (c.joint === null || c.firstSeen === null) return;
    let key = '';
    for (let k = 0; k < tr.length; k++) key += (k === 0 ? '' : SEP) + masked[tr[k]];
    const n = c.joint.get(key);
    c.joint.set(key, (n ?? 0) + 1);
    if (n === undefined) c.firstSeen.set(key, c0Example(message));
    if (c.joint.size > MAX_SIGNATURES) {
      c.joint = null;
      c.firstSeen = null;
    }
  }

  /**
   * Folds each template into a more general template of its leaf that covers it position by position
   * (`Deployed version <*> of payments to staging` into `Deployed version <*> of <*> to <*>`), when each
   * merged position of the general one has already seen the narrow one's word there or is an open
   * parameter: online mining leaves such early, narrower templates behind. The covered template's lines are counted in the
   * general one, including in its tracked token counts. O(templates in leaf^2 x tokens).
   */
  private absorbCovered(leaf: Cluster[]): Cluster[] {
    if (leaf.length < 2) return leaf;
    const holesOf = (c: Cluster): number => c.holes.reduce((a, b) => a + b, 0);
    const order = leaf.map((c) => ({ c, h: holesOf(c) }));
    const kept: Cluster[] = [];
    for (const { c, h } of order) {
      const host = order.find((o) => o.c !== c && o.c.into === null && o.h > h && covers(o.c, c));
      if (host === undefined) {
        kept.push(c);
        continue;
      }
      const b = host.c;
      b.count += c.count;
      b.tracked.forEach((pos, k) => {
        const m = b.values[k];
        if (m === null) return;
        m.set(c.tokens[pos], (m.get(c.tokens[pos]) ?? 0) + c.count);
        if (m.size > MAX_VALUES) b.values[k] = null;
      });
      if (b.joint !== null && b.firstSeen !== null) {
        const key = b.tracked.map((pos) => c.tokens[pos]).join(SEP);
        const n = b.joint.get(key);
        b.joint.set(key, (n ?? 0) + c.count);
        if (n === undefined) b.firstSeen.set(key, c.example);
        if (b.joint.size > MAX_SIGNATURES) {
          b.joint = null;
          b.firstSeen = null;
        }
      }
      c.into = b;
      this.live--;
    }
    return kept;
  }

  /**
   * Splits a cluster on its merged positions that only ever held a few recurring tokens (2 to
   * splitMaxValues tokens, each seen SPLIT_MIN_COUNT times or more): those are distinct events worded
   * alike (`stored as bytes` / `stored as values`), not a parameter. Several such positions split on
   * their observed combinations when those are few and recurring too, else on the position whose rarest
   * token is most frequent. Positions with many tokens stay holes. Returns [c] when nothing splits.
   */
  private split(c: Cluster): Cluster[] {
    const enumPos: number[] = [];
    c.values.forEach((m, k) => {
      if (m === null || m.size < 2 || m.size > this.splitMaxValues) return;
      for (const n of m.values()) if (n < SPLIT_MIN_COUNT) return;
      enumPos.push(k);
    });
    if (enumPos.length === 0) return [c];
    let chosen = enumPos;
    let combos: Map<string, number> | null = null;
    if (enumPos.length > 1 && c.joint !== null) {
      combos = new Map();
      for (const [key, n] of c.joint) {
        const parts = key.split(SEP);
        const sub = enumPos.map((k) => parts[k]).join(SEP);
        combos.set(sub, (combos.get(sub) ?? 0) + n);
      }
      let ok = combos.size <= this.splitMaxValues;
      for (const n of combos.values()) if (n < SPLIT_MIN_COUNT) ok = false;
      if (!ok) combos = null;
    }
    if (combos === null) {
      let best = enumPos[0];
      let bestMin = -1;
      for (const k of enumPos) {
        const mn = Math.min(...(c.values[k] as Map<string, number>).values());
        if (mn > bestMin) { best = k; bestMin = mn; }
      }
      chosen = [best];
      combos = new Map(c.values[best] as Map<string, number>);
    }
    const exampleOf = (vals: string[]): string => {
      if (c.firstSeen === null) return c.example;
      for (const [key, ex] of c.firstSeen) {
        const parts = key.split(SEP);
        if (chosen.every((k, j) => parts[k] === vals[j])) return ex;
      }
      return c.example;
    };
    const out: Cluster[] = [];
    for (const [key, n] of combos) {
      const vals = key.split(SEP);
      const tokens = c.tokens.slice();
      const holes = c.holes.slice();
      chosen.forEach((k, j) => {
        const pos = c.tracked[k];
        tokens[pos] = vals[j];
        holes[pos] = hasHole(vals[j]) ? 1 : 0;
      });
      const text = tokens.join(' ');
      const example = exampleOf(vals);
      const sub: Cluster = {
        tokens, holes, count: n, example, text, id: this.idOf(text), into: null,
        tracked: [], values: [], joint: new Map([['', n]]), firstSeen: new Map([['', example]]),
      };
      if (!this.byId.has(sub.id)) this.byId.set(sub.id, sub);
      out.push(sub);
    }
    out.sort((a, b) => b.count - a.count || (a.id < b.id ? -1 : 1));
    c.into = out[0];
    this.live += out.length - 1;
    return out;
  }

  private result(c: Cluster, raw: string[]): AddResult {
    return { templateId: c.id, template: c.text, params: extractParams(c.tokens, raw) };
  }

  private idOf(text: string): string {
    return stableHash(this.service + '\u0000' + text);
  }
}

/** True when general template `g` matches every token of template `s` (same length). */
function covers(g: Cluster, s: Cluster): boolean {
  for (let i = 0; i < g.tokens.length; i++) {
    const a = g.tokens[i];
    const b = s.tokens[i];
    if (a === b) continue;
    if (g.holes[i] !== 1 || !patternMatches(a, b)) return false;
    // A merged position must already have seen this word (or be an open parameter): a word it never
    // held makes `s` another event (`from NEW to UNASSIGNED` is not `from <*> to <*>` of RUNNING states).
    const k = g.tracked.indexOf(i);
    if (k >= 0) {
      const m = g.values[k];
      if (m !== null && !m.has(b)) return false;
    }
  }
  return true;
}

// eslint-disable-next-line no-control-regex -- control characters other than tab/newline mark binary garbage.
const BINARY = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f]/;

/**
 * The first non-blank line of a message: a multi-line event (a stack trace folded into its log line) is mined
 * on the line that says what happened, not on its frames (issue #11). Binary garbage (other control
 * characters) is left whole: its newlines are bytes, not lines. O(length of the first lines).
 */
export function firstLine(message: string): string {
  // A character loop, not indexOf: measured 40% of the whole miner's time on sliced strings (node 20).
  let hasNewline = false;
  for (let i = 0; i < message.length; i++) {
    if (message.charCodeAt(i) === 10) {
      hasNewline = true;
      break;
    }
  }
  if (!hasNewline || BINARY.test(message)) return message;
  let from = 0;
  for (;;) {
    const nl = message.indexOf('\n', from);
    if (nl < 0) return from === 0 ? message : message.slice(from);
    const line = message.slice(from, nl);
    if (line.trim().length > 0) return line.endsWith('\r') ? line.slice(0, -1) : line;
    from = nl + 1;
  }
}

function c0Example(message: string): string {
  return message.length > EXAMPLE_CHARS ? message.slice(0, EXAMPLE_CHARS) : message;
}

function resolve(c: Cluster): Cluster {
  let r = c;
  while (r.into !== null) r = r.into;
  return r;
}

/** The values under each hole of `tokens`, read from the raw tokens of one message. */
export function extractParams(tokens: readonly string[], raw: readonly string[]): string[] {
  const out: string[] = [];
  for (let i = 0; i < tokens.length && i < raw.length; i++) {
    const t = tokens[i];
    if (t === WILDCARD) {
      out.push(raw[i]);
      continue;
    }
    if (!t.includes(WILDCARD)) continue;
    const v = patternValues(t, raw[i]);
    if (v === null) out.push(raw[i]);
    else for (const x of v) out.push(x);
  }
  return out;
}
