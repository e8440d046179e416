/**
 * Scoring an investigation against a scenario's ground truth (core/demo/suite): each planted incident is
 * matched to the predicted incident whose onset is nearest to its own among those covering it, then
 * scored on root service (AC@1, AC@3), causing change (top-1, "none" counting when none caused it),
 * onset error, top log pattern and kind; alerts are scored as a grouping (pairwise F1 of "same incident"
 * over every alert in the dump, noise belonging to none) and as noise reduction (1 - incidents / alerts).
 * Pure functions over plain data, so hand-made predictions test them.
 */

import type { ScenarioTruth, TruthIncident } from '../../core/demo/suite/types';

const MIN = 60_000;

/** A predicted incident as `hindsight incidents --json` prints it, times read into UTC ms. */
export interface PredictedIncident {
  id: string;
  start: number;
  end: number;
  onset: number;
  services: string[];
  kind: string;
  rootCauses: { service: string; score: number }[];
  changes: { service: string | null; time: number; id: string | number | null; title: string; score: number }[];
  /** Changes after the onset the tool took for mitigation (rollback, revert), when its output lists them. */
  mitigations: { service: string | null; time: number; title: string }[];
  alerts: { fingerprint: string; name: string; service: string | null; startsAt: number }[];
  logPatterns: { template: string; service: string | null; kind: string }[];
}

export interface Predictions {
  incidents: PredictedIncident[];
  /** The tool's own bar for "a change explains this", when its output states one. */
  changeThreshold: number | null;
}

/** A time as ISO 8601 text or epoch ms (or s, below 1e11) to UTC ms; NaN when unreadable. */
export function toMs(v: unknown): number {
  if (typeof v === 'number') return v < 1e11 ? v * 1000 : v;
  if (typeof v === 'string') {
    if (/^\d+(\.\d+)?$/.test(v.trim())) return toMs(Number(v));
    return Date.parse(v);
  }
  return Number.NaN;
}

type Json = Record<string, unknown>;

function list(v: unknown): Json[] {
  return Array.isArray(v) ? (v.filter((x) => x !== null && typeof x === 'object') as Json[]) : [];
}

function str(v: unknown): string | null {
  return typeof v === 'string' ? v : typeof v === 'number' ? String(v) : null;
}

function num(v: unknown, fallback = 0): number {
  return typeof v === 'number' && Number.isFinite(v) ? v : fallback;
}

/**
 * Read `hindsight incidents --json` output: an array of incidents or `{ incidents: [...] }`, keys in
 * snake_case or camelCase, times ISO or ms. Throws when it is neither shape.
 */
export function parsePredictions(json: unknown): Predictions {
  const obj = (json !== null && typeof json === 'object' && !Array.isArray(json) ? json : {}) as Json;
  const rows = Array.isArray(json) ? json : obj.incidents;
  if (!Array.isArray(rows)) throw new Error('incidents JSON: expected an array of incidents or { incidents: [...] }');
  const threshold = obj.change_threshold ?? obj.changeThreshold;
  return {
    changeThreshold: typeof threshold === 'number' ? threshold : null,
    incidents: list(rows).map((r, k) => ({
      id: str(r.id) ?? `#${k + 1}`,
      start: toMs(r.start),
      end: toMs(r.end),
      onset: toMs(r.onset ?? r.start),
      services: Array.isArray(r.services) ? r.services.map(String) : [],
      kind: str(r.kind) ?? 'unknown',
      rootCauses: list(r.root_causes ?? r.rootCauses).map((c) => ({ service: str(c.service) ?? '', score: num(c.score) })),
      changes: list(r.changes).map((c) => ({
        service: str(c.service), time: toMs(c.time), id: (c.id as string | number | null) ?? null, title: str(c.title) ?? '', score: num(c.score),
      })),
      mitigations: list(r.mitigations).map((c) => ({ service: str(c.service), time: toMs(c.time), title: str(c.title) ?? '' })),
      alerts: list(r.alerts).map((a) => ({
        fingerprint: str(a.fingerprint) ?? '', name: str(a.name) ?? '', service: str(a.service), startsAt: toMs(a.startsAt ?? a.starts_at),
      })),
      logPatterns: list(r.log_patterns ?? r.logPatterns).map((p) => ({ template: str(p.template) ?? '', service: str(p.service), kind: str(p.kind) ?? '' })),
    })),
  };
}

/**
 * Pair each truth incident with a predicted one: candidates cover the truth onset (they start no later
 * than 30 min after it and end after it); pairs are taken nearest onset first, each predicted incident
 * used once; a truth incident left without one falls back to its nearest candidate (two planted
 * incidents merged into one), or null when nothing covers its onset.
 */
export function matchIncidents(truth: readonly TruthIncident[], predicted: readonly PredictedIncident[]): Map<string, PredictedIncident | null> {
  const covers = (t: TruthIncident, p: PredictedIncident): boolean => p.start <= t.onsetMs + 30 * MIN && p.end >= t.onsetMs;
  const pairs: { t: TruthIncident; p: PredictedIncident; d: number }[] = [];
  for (const t of truth) for (const p of predicted) if (covers(t, p)) pairs.push({ t, p, d: Math.abs(p.onset - t.onsetMs) });
  pairs.sort((a, b) => a.d - b.d);
  const out = new Map<string, PredictedIncident | null>(truth.map((t) => [t.id, null]));
  const used = new Set<PredictedIncident>();
  for (const { t, p } of pairs) {
    if (out.get(t.id) || used.has(p)) continue;
    out.set(t.id, p);
    used.add(p);
  }
  for (const { t, p } of pairs) if (!out.get(t.id)) out.set(t.id, p);
  return out;
}

/** Tokens of a log template, every variable part (`<*>`, digits, hex ids) as `<*>`. */
function templateTokens(s: string): string[] {
  return s
    .split(/\s+/)
    .filter(Boolean)
    .map((w) => (/<\*>|\d/.test(w) ? '<*>' : w.toLowerCase()));
}

/**
 * How alike two log templates are, 0..1: the share of positions that agree when both have as many
 * tokens, else the Jaccard index of their token sets (variables all one token).
 */
export function templateSimilarity(a: string, b: string): number {
  const x = templateTokens(a);
  const y = templateTokens(b);
  if (x.length === 0 || y.length === 0) return 0;
  if (x.length === y.length) {
    let same = 0;
    for (let i = 0; i < x.length; i++) if (x[i] === y[i]) same++;
    return same / x.length;
  }
  const sx = new Set(x);
  const sy = new Set(y);
  let both = 0;
  for (const w of sx) if (sy.has(w)) both++;
  return both / (sx.size + sy.size - both);
}

/** Templates at least this alike count as the same pattern. */
export const TEMPLATE_MATCH = 0.7;
/** ... as do mined templates holding this share of the truth pattern's words (a logger prefix or a stack trace around it). */
export const TEMPLATE_COVER = 0.8;

/** Share of the literal words of `truth` (not its variables) that `mined` has too. */
export function templateCoverage(mined: string, truth: string): number {
  const words = templateTokens(truth).filter((w) => w !== '<*>');
  if (words.length === 0) return 0;
  const have = new Set(templateTokens(mined));
  return words.filter((w) => have.has(w)).length / words.length;
}

/** Whether a mined template is the truth's pattern: alike as a whole, or holding nearly all its words. */
export function sameTemplate(mined: string, truth: string): boolean {
  return templateSimilarity(mined, truth) >= TEMPLATE_MATCH || templateCoverage(mined, truth) >= TEMPLATE_COVER;
}

/** Per planted incident: what the investigation got right. */
export interface IncidentScore {
  id: string;
  kind: string;
  matched: string | null;
  rootAt1: boolean;
  rootAt3: boolean;
  changeTop1: boolean;
  onsetWithin10: boolean;
  onsetErrorMin: number | null;
  logHit: boolean;
  kindCorrect: boolean;
  /** Whether the change that ended it was named as mitigation; null when nothing planted ended it. */
  mitigationHit: boolean | null;
}

/** Whether one of `changes` is the change on `service` at `timeMs` (within 90 s). */
function sameChange(changes: readonly { service: string | null; time: number }[], service: string, timeMs: number): boolean {
  return changes.some((c) => c.service === service && Math.abs(c.time - timeMs) <= 90_000);
}

/** Whether the top change is the causing one, or (none caused it) whether the tool names none. */
function changeRight(t: TruthIncident, p: PredictedIncident, threshold: number | null): boolean {
  const top = p.changes[0];
  const named = top !== undefined && (threshold === null || top.score >= threshold);
  if (!t.change) return !named;
  return named && sameChange([top], t.change.service, t.change.timeMs);
}

/** Score each truth incident against its matched prediction. */
export function scoreIncidents(truth: readonly TruthIncident[], preds: Predictions): IncidentScore[] {
  const match = matchIncidents(truth, preds.incidents);
  return truth.map((t) => {
    const p = match.get(t.id) ?? null;
    if (!p) {
      return {
        id: t.id, kind: t.kind, matched: null, rootAt1: false, rootAt3: false, changeTop1: false, onsetWithin10: false, onsetErrorMin: null,
        logHit: false, kindCorrect: false, mitigationHit: t.mitigation ? false : null,
      };
    }
    const ranked = p.rootCauses.map((c) => c.service);
    const err = Math.abs(p.onset - t.onsetMs) / MIN;
    return {
      id: t.id,
      kind: t.kind,
      matched: p.id,
      rootAt1: ranked[0] === t.rootService,
      rootAt3: ranked.slice(0, 3).includes(t.rootService),
      changeTop1: changeRight(t, p, preds.changeThreshold),
      onsetWithin10: err <= 10,
      onsetErrorMin: err,
      logHit: p.logPatterns.slice(0, 3).some((lp) => sameTemplate(lp.template, t.topLogPattern.pattern)),
      kindCorrect: p.kind === t.kind,
      mitigationHit: t.mitigation ? sameChange(p.mitigations, t.mitigation.service, t.mitigation.timeMs) : null,
    };
  });
}

/** Pair counts of an alert grouping: true positives, predicted pairs, truth pairs. */
export interface PairCounts {
  tp: number;
  predicted: number;
  truth: number;
}

/**
 * The predicted incident each truth alert (fingerprint + startsAt) landed in, or null: an incident
 * listing that fingerprint, firing at that time (within a minute) or, for a folded repeat, within the
 * incident's span (15 minutes' slack).
 */
export function predictedGroups(truth: ScenarioTruth, predicted: readonly PredictedIncident[]): (string | null)[] {
  return truth.alerts.map((al) => {
    let best: { id: string; d: number } | null = null;
    for (const p of predicted) {
      for (const pa of p.alerts) {
        if (pa.fingerprint !== al.fingerprint) continue;
        const d = Math.abs(pa.startsAt - al.startsAtMs);
        const inside = al.startsAtMs >= Math.min(p.start, pa.startsAt) - MIN && al.startsAtMs <= p.end + 15 * MIN;
        if ((d <= MIN || inside) && (!best || d < best.d)) best = { id: p.id, d };
      }
    }
    return best?.id ?? null;
  });
}

/** Pairwise agreement of two groupings of the same alerts; null means "in no group". */
export function pairCounts(truthGroups: readonly (string | null)[], predictedGroup: readonly (string | null)[]): PairCounts {
  const c: PairCounts = { tp: 0, predicted: 0, truth: 0 };
  for (let i = 0; i < truthGroups.length; i++) {
    for (let j = i + 1; j < truthGroups.length; j++) {
      const t = truthGroups[i] !== null && truthGroups[i] === truthGroups[j];
      const p = predictedGroup[i] !== null && predictedGroup[i] === predictedGroup[j];
      if (t) c.truth++;
      if (p) c.predicted++;
      if (t && p) c.tp++;
    }
  }
  return c;
}

/** F1 of pair counts (1 when neither side groups anything). */
export function pairF1(c: PairCounts): number {
  if (c.truth === 0 && c.predicted === 0) return 1;
  const precision = c.predicted === 0 ? 0 : c.tp / c.predicted;
  const recall = c.truth === 0 ? 0 : c.tp / c.truth;
  return precision + recall === 0 ? 0 : (2 * precision * recall) / (precision + recall);
}

export interface DumpScore {
  scenario: string;
  system: string;
  heldOut: boolean;
  incidents: IncidentScore[];
  pairs: PairCounts;
  alerts: number;
  predictedIncidents: number;
  /** Noise alerts left out of every incident, and how many noise alerts there are. */
  noiseKeptOut: number;
  noiseAlerts: number;
}

/** Score one dump's predictions against its truth. */
export function scoreDump(truth: ScenarioTruth, preds: Predictions): DumpScore {
  const groups = predictedGroups(truth, preds.incidents);
  const truthGroups = truth.alerts.map((a) => (a.incident === 'noise' ? null : a.incident));
  const noise = truth.alerts.map((a, k) => [a, k] as const).filter(([a]) => a.incident === 'noise');
  return {
    scenario: truth.scenario,
    system: truth.system,
    heldOut: truth.heldOut,
    incidents: scoreIncidents(truth.incidents, preds),
    pairs: pairCounts(truthGroups, groups),
    alerts: truth.alerts.length,
    predictedIncidents: preds.incidents.length,
    noiseKeptOut: noise.filter(([, k]) => groups[k] === null).length,
    noiseAlerts: noise.length,
  };
}

export interface Summary {
  incidents: number;
  ac1: number;
  ac3: number;
  changeTop1: number;
  onsetWithin10: number;
  logHit: number;
  kindAccuracy: number;
  /** Share of planted mitigations the tool named as such. */
  mitigation: number;
  alertF1: number;
  noiseReduction: number;
  noiseKeptOut: number;
}

function share(xs: readonly boolean[]): number {
  return xs.length === 0 ? Number.NaN : xs.filter(Boolean).length / xs.length;
}

/** Figures over several dumps: incident shares pooled, alert pairs pooled, noise reduction over all alerts. */
export function summarize(dumps: readonly DumpScore[]): Summary {
  const inc = dumps.flatMap((d) => d.incidents);
  const pairs = dumps.reduce((c, d) => ({ tp: c.tp + d.pairs.tp, predicted: c.predicted + d.pairs.predicted, truth: c.truth + d.pairs.truth }), { tp: 0, predicted: 0, truth: 0 });
  const alerts = dumps.reduce((s, d) => s + d.alerts, 0);
  const predicted = dumps.reduce((s, d) => s + d.predictedIncidents, 0);
  const noise = dumps.reduce((s, d) => s + d.noiseAlerts, 0);
  return {
    incidents: inc.length,
    ac1: share(inc.map((i) => i.rootAt1)),
    ac3: share(inc.map((i) => i.rootAt3)),
    changeTop1: share(inc.map((i) => i.changeTop1)),
    onsetWithin10: share(inc.map((i) => i.onsetWithin10)),
    logHit: share(inc.map((i) => i.logHit)),
    kindAccuracy: share(inc.map((i) => i.kindCorrect)),
    mitigation: share(inc.flatMap((i) => (i.mitigationHit === null ? [] : [i.mitigationHit]))),
    alertF1: pairF1(pairs),
    noiseReduction: alerts === 0 ? Number.NaN : 1 - predicted / alerts,
    noiseKeptOut: noise === 0 ? Number.NaN : dumps.reduce((s, d) => s + d.noiseKeptOut, 0) / noise,
  };
}
