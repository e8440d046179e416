/** Shared inputs of the advice tests: an incident like the demo's bad deploy, and the shipped runbooks. */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseRunbook } from '../../../../core/analysis/advice/runbooks';
import type { Runbook } from '../../../../core/analysis/advice/types';
import type { Incident } from '../../../../core/analysis/incidents/types';

const MIN = 60_000;
export const ONSET = Date.UTC(2026, 2, 6, 15, 18);

/** The shipped starter runbooks (runbooks/*.md but README.md). */
export const RUNBOOKS_DIR = fileURLToPath(new URL('../../../../runbooks', import.meta.url));
export function starterRunbooks(): Runbook[] {
  return readdirSync(RUNBOOKS_DIR)
    .filter((f) => f.endsWith('.md') && f !== 'README.md')
    .map((f) => parseRunbook(readFileSync(join(RUNBOOKS_DIR, f), 'utf8'), f, 'built-in'));
}

/** A bad deploy on inventory (as the demo plants it): the release 1 min before the onset, rolled back later. */
export function badDeploy(over: Partial<Incident> = {}): Incident {
  return {
    id: 'INC-20260306-1518-inventory',
    start: ONSET,
    end: ONSET + 180 * MIN,
    onset: ONSET,
    severity: 'critical',
    services: ['inventory', 'orders', 'search'],
    blastRadius: 0.5,
    kind: 'bad-deploy',
    kindProbability: 0.72,
    summary: 'At 15:18 UTC errors of inventory rose from 0.38 to 29.',
    rootCauses: [
      {
        service: 'inventory',
        score: 0.85,
        evidence: [{ kind: 'anomaly', ref: 11, service: 'inventory', ts: ONSET, text: 'errors of inventory 0.383 → 29 (331 robust σ)' }],
        metrics: [
          { metric: 'http_errors_per_second', seriesId: 38, score: 331 },
          { metric: 'http_request_duration_seconds_p99', seriesId: 41, score: 45 },
        ],
        patterns: [],
      },
      { service: 'orders', score: 0.4, evidence: [], metrics: [{ metric: 'http_errors_per_second', seriesId: 54, score: 100 }], patterns: [] },
    ],
    changes: [{ id: 47, service: 'inventory', time: ONSET - MIN, title: 'Release 2.18.0: unit-aware stock reservations', kind: 'deploy', score: 1, reasons: ['1 min before the onset'] }],
    mitigations: [{ id: 49, service: 'inventory', time: ONSET + 175 * MIN, title: 'Rollback to 2.17.1', kind: 'rollback', score: 1, reasons: [] }],
    alerts: [],
    logPatterns: [{ templateId: 't1', template: 'reservation rejected: unsupported quantity_unit "<*>"', service: 'inventory', kind: 'new' }],
    members: { anomalies: [11], changePoints: [], patterns: [], alerts: [] },
    fingerprint: ['kind:bad-deploy'],
    ...over,
  };
}
