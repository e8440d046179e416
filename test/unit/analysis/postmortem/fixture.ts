/**
 * A planted incident for the postmortem tests: a config change at 13:40 UTC on payments, onset at 14:02,
 * alerts at 14:04 (3 firings) and 14:06, a revert at 14:31, the end at 14:42, on 2026-07-01 (Berlin is
 * on summer time, UTC+02:00). `payload` puts an XSS string into a service name, a log line and a title.
 */
import type { Incident } from '../../../../core/analysis/incidents/types';

export const MIN = 60_000;
export const CHANGE_AT = Date.UTC(2026, 6, 1, 13, 40);
export const ONSET = Date.UTC(2026, 6, 1, 14, 2);
export const END = ONSET + 40 * MIN;
export const XSS = '<img src=x onerror=alert(1)></script><script>alert(2)</script>';

export function plantedIncident(opts: { payload?: boolean } = {}): Incident {
  const bad = opts.payload ? XSS : '';
  const root = `payments${bad}`;
  return {
    id: 'INC-20260701-1402-payments',
    start: ONSET - 2 * MIN,
    end: END,
    onset: ONSET,
    severity: 'high',
    services: [root, 'checkout', 'edge'],
    blastRadius: 0.4,
    kind: 'config-change',
    kindProbability: 0.81,
    summary: 'At 14:02 UTC p95 latency of payments rose from 120 ms to 4.80 s. Most likely cause: the config change at 13:40 on payments.',
    rootCauses: [
      {
        service: root,
        score: 0.92,
        evidence: [
          { kind: 'anomaly', ref: 7, service: root, ts: ONSET, text: 'first abnormal at 14:02, at the incident\'s onset' },
          { kind: 'pattern', ref: 8, service: root, ts: ONSET - MIN, text: `new log pattern at 14:01: pool exhausted for ${bad || 'user'}` },
          { kind: 'change', ref: 11, service: root, ts: CHANGE_AT, text: 'config change db.pool.max 50 -> 5 at 13:40' },
        ],
        metrics: [{ metric: 'http_request_duration_seconds_p95', seriesId: 1, score: 0.9 }],
        patterns: [],
      },
    ],
    changes: [
      { id: 11, service: root, time: CHANGE_AT, title: `db.pool.max 50 -> 5${bad}`, kind: 'config', score: 0.9, reasons: ['22 min before the onset'] },
      { id: 12, service: 'search', time: ONSET - 6 * MIN, title: 'search v2.14', kind: 'deploy', score: 0.1, reasons: [] },
    ],
    mitigations: [{ id: 13, service: root, time: ONSET + 29 * MIN, title: 'revert db.pool.max', kind: 'rollback', score: 0.8, reasons: [] }],
    alerts: [
      { fingerprint: 'a', name: 'PaymentsLatencyHigh', service: root, startsAt: ONSET + 2 * MIN, count: 3 },
      { fingerprint: 'b', name: 'PaymentsLatencyHigh', service: 'checkout', startsAt: ONSET + 5 * MIN, count: 1 },
      { fingerprint: 'c', name: 'Edge5xx', service: 'edge', startsAt: ONSET + 4 * MIN, count: 1 },
    ],
    logPatterns: [{ templateId: 't1', template: `stock sync refused ${bad || 'item'} id=<*>`, service: root, kind: 'new' }],
    members: { anomalies: [7], changePoints: [], patterns: [8], alerts: [] },
    fingerprint: ['kind:config-change', 'root:payments', 'service:payments', 'metric:p95 latency'],
  };
}
