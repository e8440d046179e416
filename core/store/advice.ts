/**
 * A person's decisions on advice (migration v7): plain rows; the service turns them into the shared
 * `AdviceVerdict` shape. Also the rows the track record counts: anomalies flagged and marked expected.
 */
import type { WorkspaceStore } from './workspace';

export interface AdviceDecisionRow {
  recommendation: string;
  incidentKey: string | null;
  action: string;
  target: string;
  decision: 'accepted' | 'rejected';
  note: string;
  createdAt: number;
}

/** Stores one decision; returns its id. */
export function recordAdviceDecision(store: WorkspaceStore, d: Omit<AdviceDecisionRow, 'createdAt' | 'note'> & { note?: string; at?: number }): number {
  return Number(
    store.db
      .prepare('INSERT INTO advice_feedback(recommendation, incident_key, action, target, decision, note, created_at) VALUES (?, ?, ?, ?, ?, ?, ?)')
      .run(d.recommendation, d.incidentKey, d.action, d.target, d.decision, d.note ?? '', Math.round(d.at ?? Date.now())).lastInsertRowid,
  );
}

/** Every decision, oldest first. */
export function loadAdviceDecisions(store: WorkspaceStore): AdviceDecisionRow[] {
  return store.db
    .prepare(
      `SELECT recommendation, incident_key AS incidentKey, action, target, decision, note, created_at AS createdAt
       FROM advice_feedback ORDER BY created_at, id`,
    )
    .all() as AdviceDecisionRow[];
}

/** Every anomaly range flagged: its start and whether a person marked it expected. */
export function loadAnomalyOutcomes(store: WorkspaceStore): { ts: number; expected: boolean }[] {
  return (store.db.prepare('SELECT start_ts AS ts, state FROM anomaly_ranges').all() as { ts: number; state: string }[]).map((r) => ({
    ts: r.ts,
    expected: r.state === 'expected',
  }));
}
