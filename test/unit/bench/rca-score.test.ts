/**
 * The RCA bench's scoring (bench/lib/rca-score.ts) on hand-made predictions: which predicted incident a
 * planted one is matched to, when a root, a change (or "none"), an onset, a log pattern and a kind count
 * as right, and the alert grouping's pairwise F1 and noise reduction.
 */
import { describe, expect, it } from 'vitest';
import {
  matchIncidents, pairCounts, pairF1, parsePredictions, sameTemplate, scoreDump, scoreIncidents, summarize, templateCoverage, templateSimilarity, toMs,
  type PredictedIncident, type Predictions,
} from '../../../bench/lib/rca-score';
import type { ScenarioTruth, TruthAlert, TruthIncident } from '../../../core/demo/suite/types';

const MIN = 60_000;
const T0 = Date.UTC(2026, 2, 13, 12, 0);

function truthIncident(id: string, onsetMs: number, over: Partial<TruthIncident> = {}): TruthIncident {
  return {
    id, kind: 'bad-deploy', onsetMs, endMs: onsetMs + 90 * MIN, onset: new Date(onsetMs).toISOString(), end: new Date(onsetMs + 90 * MIN).toISOString(),
    rootService: 'orders', rootMetrics: [{ service: 'orders', metric: 'http_errors_per_second' }],
    change: { row: 3, service: 'orders', timeMs: onsetMs, time: '', kind: 'deploy', version: '1.2.0', description: 'Release 1.2.0' },
    mitigation: null, affectedServices: ['orders', 'frontend'], serviceOnsetMs: { orders: onsetMs, frontend: onsetMs + MIN },
    topLogPattern: { service: 'orders', pattern: 'Failed to map orders response for <*>: currency must not be null' },
    during: null,
    distractors: { deploy: { row: 2, service: 'users', timeMs: onsetMs - 5 * MIN, time: '', kind: 'deploy', version: '2.0.1', description: 'x' }, blip: { service: 'auth', atMs: onsetMs - 5 * 3_600_000, metric: 'p95' } },
    cause: '', ...over,
  };
}

function predicted(id: string, onset: number, over: Partial<PredictedIncident> = {}): PredictedIncident {
  return {
    id, start: onset - 2 * MIN, end: onset + 80 * MIN, onset, services: ['orders', 'frontend'], kind: 'bad-deploy',
    rootCauses: [{ service: 'orders', score: 0.9 }, { service: 'frontend', score: 0.4 }],
    changes: [{ service: 'orders', time: T0, id: 3, title: 'Release 1.2.0', score: 0.8 }],
    mitigations: [],
    alerts: [], logPatterns: [{ template: 'Failed to map orders response for <*>: currency must not be null', service: 'orders', kind: 'new' }],
    ...over,
  };
}

const preds = (incidents: PredictedIncident[], changeThreshold: number | null = null): Predictions => ({ incidents, changeThreshold });

describe('reading the incidents JSON', () => {
  it('accepts an array or { incidents }, snake_case, and ISO or ms times', () => {
    const row = {
      id: 'a', start: '2026-03-13T12:00:00Z', end: T0 + 3_600_000, onset: '2026-03-13T12:01:00.000Z', services: ['orders'], kind: 'bad-deploy',
      root_causes: [{ service: 'orders', score: 1, evidence: [] }], changes: [{ service: 'orders', time: '2026-03-13T12:00:00Z', id: 7, title: 't', score: 0.5 }],
      alerts: [{ fingerprint: 'f', name: 'HighErrorRate', service: 'orders', startsAt: '2026-03-13T12:05:15Z' }],
      log_patterns: [{ template: 'x <*>', service: 'orders', kind: 'new' }],
    };
    const a = parsePredictions([row]);
    const b = parsePredictions({ incidents: [row], change_threshold: 0.3 });
    expect(a.incidents[0]).toEqual(b.incidents[0]);
    expect(a.changeThreshold).toBeNull();
    expect(b.changeThreshold).toBe(0.3);
    expect(a.incidents[0].start).toBe(T0);
    expect(a.incidents[0].end).toBe(T0 + 3_600_000);
    expect(a.incidents[0].onset).toBe(T0 + MIN);
    expect(a.incidents[0].alerts[0].startsAt).toBe(T0 + 5 * MIN + 15_000);
    expect(a.incidents[0].rootCauses[0].service).toBe('orders');
    expect(a.incidents[0].logPatterns[0].template).toBe('x <*>');
    expect(() => parsePredictions({ nothing: true })).toThrow(/array of incidents/);
  });

  it('reads epoch seconds and ms alike', () => {
    expect(toMs(T0 / 1000)).toBe(T0);
    expect(toMs(T0)).toBe(T0);
    expect(toMs(String(T0))).toBe(T0);
    expect(Number.isNaN(toMs('not a time'))).toBe(true);
  });
});

describe('matching planted to predicted incidents', () => {
  it('pairs nearest onsets first and keeps two overlapping incidents apart when the tool does', () => {
    const t1 = truthIncident('INC-1', T0);
    const t2 = truthIncident('INC-2', T0 + 20 * MIN, { rootService: 'search' });
    const p1 = predicted('p1', T0 + MIN);
    const p2 = predicted('p2', T0 + 22 * MIN);
    const m = matchIncidents([t1, t2], [p2, p1]);
    expect(m.get('INC-1')?.id).toBe('p1');
    expect(m.get('INC-2')?.id).toBe('p2');
  });

  it('gives both planted incidents the same prediction when the tool merged them, and none when nothing covers the onset', () => {
    const t1 = truthIncident('INC-1', T0);
    const t2 = truthIncident('INC-2', T0 + 20 * MIN);
    const t3 = truthIncident('INC-3', T0 + 600 * MIN);
    const m = matchIncidents([t1, t2, t3], [predicted('merged', T0 + 2 * MIN)]);
    expect(m.get('INC-1')?.id).toBe('merged');
    expect(m.get('INC-2')?.id).toBe('merged');
    expect(m.get('INC-3')).toBeNull();
  });
});

describe('scoring a planted incident', () => {
  it('counts root at 1 and 3, the causing change, onset, log pattern and kind', () => {
    const [s] = scoreIncidents([truthIncident('INC-1', T0)], preds([predicted('p', T0 + 4 * MIN)]));
    expect(s).toMatchObject({ matched: 'p', rootAt1: true, rootAt3: true, changeTop1: true, onsetWithin10: true, logHit: true, kindCorrect: true });
    expect(s.onsetErrorMin).toBeCloseTo(4);
  });

  it('counts a symptom ranked first as a miss at 1 but a hit at 3, and an onset 12 minutes off as late', () => {
    const p = predicted('p', T0 + 12 * MIN, { rootCauses: [{ service: 'frontend', score: 1 }, { service: 'gateway', score: 0.5 }, { service: 'orders', score: 0.2 }] });
    const [s] = scoreIncidents([truthIncident('INC-1', T0)], preds([p]));
    expect(s.rootAt1).toBe(false);
    expect(s.rootAt3).toBe(true);
    expect(s.onsetWithin10).toBe(false);
  });

  it('takes the distractor deploy ranked first as a wrong change', () => {
    const p = predicted('p', T0, { changes: [{ service: 'users', time: T0 - 5 * MIN, id: 2, title: 'x', score: 0.9 }, { service: 'orders', time: T0, id: 3, title: 'y', score: 0.8 }] });
    expect(scoreIncidents([truthIncident('INC-1', T0)], preds([p]))[0].changeTop1).toBe(false);
  });

  it('counts "none" as right when no change caused it: an empty list, or a top score below the tool\'s threshold', () => {
    const t = truthIncident('INC-1', T0, { change: null });
    expect(scoreIncidents([t], preds([predicted('p', T0, { changes: [] })]))[0].changeTop1).toBe(true);
    expect(scoreIncidents([t], preds([predicted('p', T0)]))[0].changeTop1).toBe(false);
    expect(scoreIncidents([t], preds([predicted('p', T0)], 0.85))[0].changeTop1).toBe(true);
    expect(scoreIncidents([truthIncident('INC-1', T0)], preds([predicted('p', T0)], 0.85))[0].changeTop1).toBe(false);
  });

  it('finds the log pattern among the top three only, by template likeness', () => {
    const near = { template: 'Failed to map orders response for <*> currency must not be null', service: 'orders', kind: 'new' };
    const other = { template: 'GET /orders <*> 200 in <*> ms', service: 'orders', kind: 'surge' };
    expect(scoreIncidents([truthIncident('INC-1', T0)], preds([predicted('p', T0, { logPatterns: [other, other, near] })]))[0].logHit).toBe(true);
    expect(scoreIncidents([truthIncident('INC-1', T0)], preds([predicted('p', T0, { logPatterns: [other, other, other, near] })]))[0].logHit).toBe(false);
  });

  it('counts the planted rollback as recognised only when the tool names it as mitigation', () => {
    const rollback = { row: 5, service: 'orders', timeMs: T0 + 80 * MIN, time: '', kind: 'rollback' as const, version: '1.1.9', description: 'Rollback to 1.1.9' };
    const t = truthIncident('INC-1', T0, { mitigation: rollback });
    const named = predicted('p', T0, { mitigations: [{ service: 'orders', time: T0 + 80 * MIN + 20_000, title: 'Rollback to 1.1.9' }] });
    expect(scoreIncidents([t], preds([named]))[0].mitigationHit).toBe(true);
    expect(scoreIncidents([t], preds([predicted('p', T0)]))[0].mitigationHit).toBe(false);
    expect(scoreIncidents([truthIncident('INC-1', T0)], preds([named]))[0].mitigationHit).toBeNull();
    expect(summarize([scoreDump({ scenario: 's', system: 'shop', heldOut: false, incidents: [t], alerts: [] } as unknown as ScenarioTruth, preds([named]))]).mitigation).toBe(1);
  });

  it('scores an unmatched planted incident as wrong on every count', () => {
    const [s] = scoreIncidents([truthIncident('INC-1', T0)], preds([]));
    expect(s).toMatchObject({ matched: null, rootAt1: false, rootAt3: false, changeTop1: false, onsetWithin10: false, logHit: false, kindCorrect: false });
  });
});

describe('template likeness', () => {
  it('is 1 for the same template with other variables, and low for another message', () => {
    expect(templateSimilarity('process <*> still waiting for ShareLock after <*> ms', 'process 4242 still waiting for ShareLock after 1200.5 ms')).toBe(1);
    expect(templateSimilarity('process <*> still waiting for ShareLock', 'checkpoint complete: wrote <*> buffers')).toBeLessThan(0.3);
    expect(templateSimilarity('', 'x')).toBe(0);
  });

  it('finds the truth pattern inside a mined template with a logger prefix and a stack trace, but not in a generic one', () => {
    const truth = 'Failed to map orders response for <*>: currency must not be null';
    const mined = 'OrdersMapper - Failed to map orders response for <*>: currency must not be <*> java.lang.NullPointerException: Cannot invoke at <*>) at <*>)';
    expect(templateCoverage(mined, truth)).toBeCloseTo(10 / 11);
    expect(sameTemplate(mined, truth)).toBe(true);
    expect(sameTemplate('OrdersMapper - <*> <*> <*>', truth)).toBe(false);
    expect(sameTemplate('Failed to map users request for <*>', truth)).toBe(false);
  });
});

describe('alert grouping', () => {
  it('gives pairwise F1 1 for the same grouping, lower when two incidents merge, and counts noise in no group', () => {
    const truth = ['A', 'A', 'B', 'B', null];
    expect(pairF1(pairCounts(truth, ['x', 'x', 'y', 'y', null]))).toBe(1);
    const merged = pairCounts(truth, ['x', 'x', 'x', 'x', null]);
    expect(merged).toEqual({ tp: 2, predicted: 6, truth: 2 });
    expect(pairF1(merged)).toBeCloseTo(0.5);
    const noisy = pairCounts(truth, ['x', 'x', 'y', 'y', 'y']);
    expect(pairF1(noisy)).toBeCloseTo((2 * 0.5 * 1) / 1.5);
    expect(pairF1({ tp: 0, predicted: 0, truth: 0 })).toBe(1);
  });

  it('scores a dump: alerts found by fingerprint and time, noise kept out, noise reduction', () => {
    const alert = (fp: string, at: number, incident: string): TruthAlert => ({
      fingerprint: fp, name: fp, service: 'orders', startsAt: new Date(at).toISOString(), startsAtMs: at, incident,
      ...(incident === 'noise' ? { noise: 'always-firing' } : {}),
    });
    const truth = {
      scenario: 's', system: 'shop', heldOut: false, incidents: [truthIncident('INC-1', T0)],
      alerts: [alert('err', T0 + 5 * MIN, 'INC-1'), alert('lat', T0 + 9 * MIN, 'INC-1'), alert('watchdog', T0 - 3_600_000, 'noise'), alert('flap', T0 + 30 * MIN, 'noise')],
    } as unknown as ScenarioTruth;
    const p = predicted('p', T0, {
      alerts: [
        { fingerprint: 'err', name: 'err', service: 'orders', startsAt: T0 + 5 * MIN },
        { fingerprint: 'lat', name: 'lat', service: 'orders', startsAt: T0 + 9 * MIN + 20_000 },
        { fingerprint: 'flap', name: 'flap', service: 'orders', startsAt: T0 + 30 * MIN },
      ],
    });
    const d = scoreDump(truth, preds([p]));
    expect(d.pairs).toEqual({ tp: 1, predicted: 3, truth: 1 });
    expect(d.noiseKeptOut).toBe(1);
    expect(d.noiseAlerts).toBe(2);
    const s = summarize([d]);
    expect(s.noiseReduction).toBeCloseTo(1 - 1 / 4);
    expect(s.alertF1).toBeCloseTo(0.5);
    expect(s.ac1).toBe(1);
    expect(s.incidents).toBe(1);
  });
});
