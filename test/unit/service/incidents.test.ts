/**
 * The incident methods over a workspace whose incidents were stored the way the `incidents` step
 * stores them (core/store/incidents.ts, JSON detail): the list (most severe first, light rows), one
 * incident's page (evidence in time order, changes with what changed and the metric before/after,
 * the map of affected services in onset order with their neighbours and edges, the causes' series),
 * incidents like it, the chronic-noise alerts, and a person's verdict on a cause, stored for later runs.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Incident } from '../../../core/api/contract';
import { contract } from '../../../core/api/contract';
import { ApiError } from '../../../core/api/errors';
import { knownIncident, similarIncidents } from '../../../core/analysis/incidents/similar';
import { changeEffect, evidenceInOrder, headline, incidentHandlers } from '../../../core/service/incidents';
import { loadCauseVerdicts, saveIncidents, type IncidentInput } from '../../../core/store/incidents';
import { WorkspaceStore } from '../../../core/store/workspace';

const MIN = 60_000;
const T0 = Date.UTC(2026, 2, 6, 12, 0);
const ONSET = T0 + 122 * MIN; // 14:02
const CONFIG_AT = T0 + 100 * MIN; // 13:40, 22 min before onset

let dir: string;
let store: WorkspaceStore;
let latency: number;
let errors: number;
let configEvent: number;
let anomalyId: number;

/** An incident as the analysis step would write it; `over` changes any field. */
function incident(over: Partial<Incident> = {}): Incident {
  return {
    id: 'INC-20260306-1402-payments',
    start: ONSET,
    end: ONSET + 40 * MIN,
    onset: ONSET,
    severity: 'high',
    services: ['payments', 'checkout', 'edge'],
    blastRadius: 0.4,
    kind: 'config-change',
    kindProbability: 0.81,
    summary: 'At 14:02 UTC p95 latency of payments rose from 0.12 s to 4.8 s. Most likely cause: the config change at 13:40.',
    rootCauses: [
      {
        service: 'payments',
        score: 0.92,
        evidence: [
          { kind: 'anomaly', ref: anomalyId, service: 'payments', ts: ONSET, text: 'p95 of payments 0.12 s -> 4.8 s (31 sigma) at 14:02' },
          { kind: 'change', ref: configEvent, service: 'payments', ts: CONFIG_AT, text: 'config change db.pool.max 50 -> 5 at 13:40' },
        ],
        metrics: [
          { metric: 'latency_p95', seriesId: latency, score: 0.9 },
          { metric: 'errors', seriesId: errors, score: 0.6 },
        ],
        patterns: [{ templateId: 't1', template: 'pool exhausted after <*> ms', score: 0.7 }],
      },
      {
        service: 'checkout',
        score: 0.3,
        evidence: [{ kind: 'anomaly', ref: null, service: 'checkout', ts: ONSET + MIN, text: 'errors of checkout rose at 14:03' }],
        metrics: [],
        patterns: [],
      },
    ],
    changes: [
      { id: configEvent, service: 'payments', time: CONFIG_AT, title: 'db.pool.max 50 -> 5', kind: 'config', score: 0.9, reasons: ['22 min before onset', 'on the root service'] },
      { id: 4242, service: 'search', time: ONSET - 6 * MIN, title: 'search v2.14', kind: 'deploy', score: 0.1, reasons: ['search is not affected'] },
    ],
    mitigations: [{ id: 999, service: 'payments', time: ONSET + 29 * MIN, title: 'revert db.pool.max', kind: 'rollback', score: 0.8, reasons: [] }],
    alerts: [
      { fingerprint: 'fp-latency', name: 'PaymentsLatencyHigh', service: 'payments', startsAt: ONSET + 2 * MIN, count: 3 },
      { fingerprint: 'fp-5xx', name: 'Edge5xx', service: 'edge', startsAt: ONSET + 4 * MIN, count: 1 },
    ],
    logPatterns: [{ templateId: 't1', template: 'pool exhausted after <*> ms', service: 'payments', kind: 'new' }],
    members: { anomalies: [anomalyId], changePoints: [], patterns: [], alerts: [] },
    fingerprint: ['payments', 'latency', 'config-change'],
    ...over,
  };
}

/** What the step stores for an incident. */
function stored(i: Incident): IncidentInput {
  return {
    key: i.id,
    title: i.summary,
    start: i.start,
    end: i.end,
    onset: i.onset,
    severity: i.severity,
    summary: i.summary,
    kind: i.kind,
    rootService: i.rootCauses[0]?.service ?? null,
    detail: JSON.stringify(i),
    members: [],
    findings: i.rootCauses.map((c) => ({ kind: 'root-cause', service: c.service, score: c.score, title: c.service, detail: '{}' })),
  };
}

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'hindsight-incidents-'));
  store = WorkspaceStore.open(join(dir, 'ws.hindsight'), { create: true });
  store.transaction(() => {
    const source = store.addSource({ path: 'gen', format: 'gen', kind: 'metrics', bytes: 0, sha256: 'gen', zone: 'UTC' });
    latency = store.seriesId('latency_p95', { service: 'payments' }, 's');
    errors = store.seriesId('errors', { service: 'payments' });
    // Latency 0.12 s until the config change, 4.8 s after it; errors flat.
    const ts = Float64Array.from({ length: 240 }, (_, i) => T0 + i * MIN);
    store.appendSamples(latency, source, ts, Float64Array.from(ts, (t) => (t < CONFIG_AT ? 0.12 : 4.8)));
    store.appendSamples(errors, source, ts, Float64Array.from(ts, () => 1));
    for (const id of [latency, errors]) store.refreshSeries(id, ts[0], ts[ts.length - 1]);
    configEvent = store.insertEvent(source, {
      ts: CONFIG_AT,
      kind: 'config',
      service: 'payments',
      title: 'db.pool.max 50 -> 5',
    });
    store.replaceAnomalies(latency, 'payments', [
      {
        start: ONSET - 3 * MIN,
        end: ONSET + 30 * MIN,
        peakTs: ONSET,
        peakValue: 4.8,
        expected: 0.12,
        direction: 'up',
        severity: 'high',
        sigmas: 31,
        points: 33,
        rank: 0.9,
        title: 'latency up',
      },
    ]);
    anomalyId = store.anomalies({ seriesId: latency })[0].id;
    for (const [caller, callee] of [
      ['edge', 'checkout'],
      ['checkout', 'payments'],
      ['payments', 'postgres'],
      ['edge', 'search'],
      ['billing', 'ledger'],
    ]) {
      store.upsertEdge(source, caller, callee);
    }
    const later = incident({
      id: 'INC-20260306-1700-search',
      start: T0 + 300 * MIN,
      end: T0 + 310 * MIN,
      onset: T0 + 300 * MIN,
      severity: 'low',
      services: ['search'],
      rootCauses: [],
      changes: [],
      mitigations: [],
      alerts: [],
      summary: 'Search latency rose a little',
      fingerprint: ['search', 'latency'],
    });
    const before = incident({
      id: 'INC-20260301-0900-payments',
      start: T0 - 5 * 86_400_000,
      end: T0 - 5 * 86_400_000 + 30 * MIN,
      onset: T0 - 5 * 86_400_000,
      severity: 'medium',
      summary: 'Payments latency rose after a pool change. Reverted.',
      mitigations: [{ id: 998, service: 'payments', time: T0 - 5 * 86_400_000 + 20 * MIN, title: 'revert db.pool.max', kind: 'rollback', score: 0.8, reasons: [] }],
      fingerprint: ['payments', 'latency', 'config-change', 'errors'],
    });
    // As the step stores it: the earlier incidents like this one (core/analysis/incidents/similar.ts).
    const main = { ...incident(), similar: similarIncidents(incident(), [knownIncident(before, 'this workspace'), knownIncident(later, 'this workspace')]) };
    saveIncidents(store, [stored(main), stored(later), stored(before)], [
      { fingerprint: 'fp-watchdog', name: 'Watchdog', service: null, reason: 'always-firing', count: 480 },
      { fingerprint: 'fp-cert', name: 'CertificateExpiresSoon', service: 'edge', reason: 'certificate', count: 12 },
    ]);
  });
});

afterAll(() => {
  store.close();
  rmSync(dir, { recursive: true, force: true });
});

const handlers = () => incidentHandlers({ store: () => store });

/** The ApiError a call fails with (the test fails when it resolves). */
async function failure(p: Promise<unknown>): Promise<ApiError> {
  const err = await p.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(err).toBeInstanceOf(ApiError);
  return err as ApiError;
}

describe('incidents/list', () => {
  it('lists the incidents most severe first, each a light row with its likely cause, change and kind', async () => {
    const rows = await handlers()['incidents/list']({});
    expect(rows.map((r) => r.id)).toEqual(['INC-20260306-1402-payments', 'INC-20260301-0900-payments', 'INC-20260306-1700-search']);
    expect(rows[0]).toEqual({
      id: 'INC-20260306-1402-payments',
      start: ONSET,
      end: ONSET + 40 * MIN,
      onset: ONSET,
      severity: 'high',
      services: ['payments', 'checkout', 'edge'],
      blastRadius: 0.4,
      kind: 'config-change',
      kindProbability: 0.81,
      likelyCause: 'payments',
      likelyChange: 'db.pool.max 50 -> 5',
      alerts: 4,
      headline: 'At 14:02 UTC p95 latency of payments rose from 0.12 s to 4.8 s.',
    });
    expect(rows[2]).toMatchObject({ likelyCause: null, likelyChange: null, alerts: 0, headline: 'Search latency rose a little' });
  });

  it('takes the first sentence of a summary as its headline', () => {
    expect(headline('At 14:02 p95 rose to 4.8 s. Then checkout followed.')).toBe('At 14:02 p95 rose to 4.8 s.');
    expect(headline('no full stop here')).toBe('no full stop here');
  });
});

describe('incidents/get', () => {
  it('answers the stored incident with its ranked causes, alerts and log patterns', async () => {
    const d = await handlers()['incidents/get']({ id: 'INC-20260306-1402-payments' });
    expect(d.incident.rootCauses.map((c) => c.service)).toEqual(['payments', 'checkout']);
    expect(d.incident.alerts.map((a) => a.name)).toEqual(['PaymentsLatencyHigh', 'Edge5xx']);
    expect(d.incident.logPatterns[0].template).toBe('pool exhausted after <*> ms');
    expect(d.incident.mitigations[0].title).toBe('revert db.pool.max');
  });

  it('puts the evidence, alerts, changes and mitigations in time order, each once', async () => {
    const d = await handlers()['incidents/get']({ id: 'INC-20260306-1402-payments' });
    const times = d.evidence.map((e) => e.ts);
    expect(times).toEqual([...times].sort((a, b) => a - b));
    expect(d.evidence.map((e) => e.kind)).toEqual(['change', 'change', 'anomaly', 'anomaly', 'alert', 'alert', 'change']);
    expect(d.evidence.filter((e) => e.kind === 'change' && e.ref === configEvent)).toHaveLength(1);
    expect(d.evidence.find((e) => e.kind === 'alert' && e.service === 'payments')?.text).toBe('alert PaymentsLatencyHigh fired (3 firings)');
    expect(d.evidence.at(-1)?.text).toBe('mitigation (rollback): revert db.pool.max on payments');
  });

  it('does not repeat an alert a cause already cites (same service and time)', async () => {
    const cited = incident();
    cited.rootCauses[1].evidence.push({ kind: 'alert', ref: 77, service: 'edge', ts: ONSET + 4 * MIN, text: 'alert Edge5xx fired at 14:06' });
    const alerts = evidenceInOrder(cited).filter((e) => e.kind === 'alert');
    expect(alerts.map((e) => e.text)).toEqual(['alert PaymentsLatencyHigh fired (3 firings)', 'alert Edge5xx fired at 14:06']);
  });

  it('gives each change what it changed and the top metric of its service before it and from the onset', async () => {
    const [change, other] = (await handlers()['incidents/get']({ id: 'INC-20260306-1402-payments' })).changes;
    expect(change).toMatchObject({ id: configEvent, key: 'db.pool.max', oldValue: '50', newValue: '5', version: null });
    // The incident lasts 40 min: the median over the 40 min before 13:40 and over the 40 min from 14:02.
    expect(change.effect).toEqual({ seriesId: latency, metric: 'latency_p95', unit: 's', before: 0.12, after: 4.8, windowMs: 40 * MIN });
    // A change on a service that is not a ranked cause has no metric to show an effect on.
    expect(other).toMatchObject({ id: 4242, service: 'search', effect: null, key: null, version: null });
  });

  it("measures a leak where it shows: the incident's last window when it moved further than its first", () => {
    const source = store.addSource({ path: 'leak', format: 'gen', kind: 'metrics', bytes: 0, sha256: 'leak', zone: 'UTC' });
    const memory = store.seriesId('memory_bytes', { service: 'payments' }, 'bytes');
    // Flat at 100 until the deploy at T0 + 60 min, then +1 a minute for 3 h.
    const ts = Float64Array.from({ length: 240 }, (_, i) => T0 + i * MIN);
    store.appendSamples(memory, source, ts, Float64Array.from(ts, (t, i) => (i < 60 ? 100 : 100 + (i - 60))));
    store.refreshSeries(memory, ts[0], ts[ts.length - 1]);
    const effect = changeEffect(store, memory, 'memory_bytes', T0 + 60 * MIN, { onset: T0 + 60 * MIN, end: T0 + 239 * MIN });
    // One-hour windows: before the deploy 100; the first hour after it ~130, the last hour ~250.
    expect(effect).toMatchObject({ before: 100, windowMs: 60 * MIN, unit: 'bytes' });
    expect(effect?.after).toBeGreaterThan(240);
  });

  it('maps the affected services in onset order with their neighbours and the edges that touch them', async () => {
    const { map } = await handlers()['incidents/get']({ id: 'INC-20260306-1402-payments' });
    expect(map.nodes).toEqual([
      { service: 'payments', onsetOrder: 0, onset: ONSET - 3 * MIN, causeRank: 0 },
      { service: 'checkout', onsetOrder: 1, onset: ONSET + MIN, causeRank: 1 },
      { service: 'edge', onsetOrder: 2, onset: ONSET + 4 * MIN, causeRank: null },
      { service: 'postgres', onsetOrder: null, onset: null, causeRank: null },
      { service: 'search', onsetOrder: null, onset: null, causeRank: null },
    ]);
    expect(map.edges.map((e) => `${e.caller}>${e.callee}`).sort()).toEqual(['checkout>payments', 'edge>checkout', 'edge>search', 'payments>postgres']);
    expect(map.edges.every((e) => e.origin === 'imported')).toBe(true);
  });

  it("answers the causes' series ready for the timeline, best cause first", async () => {
    const d = await handlers()['incidents/get']({ id: 'INC-20260306-1402-payments' });
    expect(d.series.map((s) => [s.id, s.name, s.service, s.unit])).toEqual([
      [latency, 'latency_p95', 'payments', 's'],
      [errors, 'errors', 'payments', null],
    ]);
    expect(d.series[0].anomalies).toBe(1);
  });

  it('says "not found" for an incident the last run did not store', async () => {
    const err = await failure(handlers()['incidents/get']({ id: 'INC-nope' }));
    expect(err.code).toBe('not-found');
    expect(err.message).toMatch(/^incidents\/get: no incident INC-nope/);
  });
});

describe('incidents/similar', () => {
  it('answers the earlier incidents the analysis found like this one, with what was done then', async () => {
    expect(await handlers()['incidents/similar']({ id: 'INC-20260306-1402-payments' })).toEqual([
      {
        id: 'INC-20260301-0900-payments',
        origin: 'this workspace',
        start: T0 - 5 * 86_400_000,
        summary: 'Payments latency rose after a pool change. Reverted.',
        similarity: 0.75,
        resolution: 'revert db.pool.max',
      },
    ]);
    expect(await handlers()['incidents/similar']({ id: 'INC-20260306-1700-search' })).toEqual([]);
  });
});

describe('incidents/noise', () => {
  it('lists the chronic-noise alerts, most frequent first, with why', async () => {
    expect(await handlers()['incidents/noise']({})).toEqual([
      { fingerprint: 'fp-watchdog', name: 'Watchdog', service: null, reason: 'always-firing', count: 480 },
      { fingerprint: 'fp-cert', name: 'CertificateExpiresSoon', service: 'edge', reason: 'certificate', count: 12 },
    ]);
  });
});

describe('incidents/feedback', () => {
  it('stores a verdict for the next run and shows the latest one per service on the page', async () => {
    const h = handlers();
    const id = 'INC-20260306-1402-payments';
    await h['incidents/feedback']({ incident: id, service: 'checkout', verdict: 'cause' });
    await h['incidents/feedback']({ incident: id, service: 'payments', verdict: 'not-cause' });
    await h['incidents/feedback']({ incident: id, service: 'checkout', verdict: 'not-cause' });
    expect(loadCauseVerdicts(store).map((v) => [v.incidentKey, v.onset, v.target, v.ref, v.verdict])).toEqual([
      [id, ONSET, 'service', 'checkout', 'cause'],
      [id, ONSET, 'service', 'payments', 'not-cause'],
      [id, ONSET, 'service', 'checkout', 'not-cause'],
    ]);
    expect((await h['incidents/get']({ id })).verdicts).toEqual({ checkout: 'not-cause', payments: 'not-cause' });
    expect((await h['incidents/get']({ id: 'INC-20260306-1700-search' })).verdicts).toEqual({});
  });

  it('refuses a service that is not part of the incident, and an unknown incident', async () => {
    const h = handlers();
    const wrong = await failure(h['incidents/feedback']({ incident: 'INC-20260306-1402-payments', service: 'ledger', verdict: 'cause' }));
    expect([wrong.code, wrong.field]).toEqual(['bad-params', 'service']);
    expect((await failure(h['incidents/feedback']({ incident: 'INC-nope', service: 'payments', verdict: 'cause' }))).code).toBe('not-found');
  });

  it('accepts only the two verdicts at the boundary', () => {
    const params = contract['incidents/feedback'].params;
    expect(params.safeParse({ incident: 'x', service: 'a', verdict: 'cause' }).success).toBe(true);
    expect(params.safeParse({ incident: 'x', service: 'a', verdict: 'maybe' }).success).toBe(false);
    expect(params.safeParse({ incident: '', service: 'a', verdict: 'cause' }).success).toBe(false);
  });
});
