/**
 * Incidents in the store (migration v6): the derived incidents of the last `incidents` analysis step, their
 * members (events rows: anomaly ranges, change points, pattern events, alerts, changes), their findings (ranked
 * root-cause services and changes), the alerts recognised as chronic noise, and a person's verdicts on causes.
 * Plain rows and JSON text only: the store knows nothing of core/analysis; the service layer and the CLI parse
 * `detail` into the shared `Incident` shape.
 */
import type { WorkspaceStore } from './workspace';

/** One incident to store. `detail` is the full incident as JSON (opaque here). */
export interface IncidentInput {
  /** Stable key ("INC-20260306-1517-inventory"): derived from onset and root service. */
  key: string;
  title: string;
  start: number;
  end: number;
  onset: number;
  severity: string;
  summary: string;
  kind: string;
  rootService: string | null;
  detail: string;
  /** events rows the incident absorbed, with their role ('member', 'alert', 'change', 'mitigation'). */
  members: { eventId: number; role: string }[];
  /** Ranked findings: kind 'root-cause' (service) or 'change' (events id in detail), best first. */
  findings: { kind: string; service: string | null; score: number; title: string; detail: string }[];
}

/** A stored incident as lists read it: its columns and its `detail` JSON. */
export interface IncidentRow extends Omit<IncidentInput, 'members' | 'findings'> {
  id: number;
  status: string;
}

/** An alert recognised as chronic noise (kept visible, kept out of incidents). */
export interface NoiseAlertRow {
  fingerprint: string;
  name: string;
  service: string | null;
  reason: string;
  count: number;
}

/** A person's verdict on a cause: `target` 'service' (ref = service name) or 'change' (ref = events id). */
export interface CauseVerdict {
  incidentKey: string;
  onset: number;
  target: 'service' | 'change';
  ref: string;
  verdict: 'cause' | 'not-cause';
  note?: string;
}

export interface CauseVerdictRow extends CauseVerdict {
  id: number;
  createdAt: number;
}

const INCIDENT_COLUMNS = `id, key, title, start_ts AS start, COALESCE(end_ts, start_ts) AS end, COALESCE(onset_ts, start_ts) AS onset,
  COALESCE(severity, 'low') AS severity, summary, COALESCE(kind, 'unknown') AS kind, root_service AS rootService, status, detail`;

/**
 * Replaces every derived incident (and with them their memberships and findings) and the noise alerts with
 * these, in one transaction (the caller's, when inside one). Incidents a person created (derived = 0) stay.
 */
export function saveIncidents(store: WorkspaceStore, incidents: readonly IncidentInput[], noise: readonly NoiseAlertRow[]): void {
  const db = store.db;
  const write = (): void => {
    db.prepare('DELETE FROM incidents WHERE derived = 1').run();
    db.prepare('DELETE FROM noise_alerts').run();
    const insert = db.prepare(
      `INSERT INTO incidents(title, start_ts, end_ts, status, summary, created_at, severity, key, onset_ts, root_service, kind, derived, detail)
       VALUES (?, ?, ?, 'open', ?, ?, ?, ?, ?, ?, ?, 1, ?)`,
    );
    const member = db.prepare('INSERT OR IGNORE INTO incident_events(incident_id, event_id, role) SELECT ?, id, ? FROM events WHERE id = ?');
    const finding = db.prepare('INSERT INTO findings(incident_id, kind, service, score, title, detail) VALUES (?, ?, ?, ?, ?, ?)');
    const now = Date.now();
    for (const inc of incidents) {
      const id = Number(
        insert.run(inc.title, inc.start, inc.end, inc.summary, now, inc.severity, inc.key, inc.onset, inc.rootService, inc.kind, inc.detail).lastInsertRowid,
      );
      for (const m of inc.members) member.run(id, m.role, m.eventId);
      for (const f of inc.findings) finding.run(id, f.kind, f.service, f.score, f.title, f.detail);
    }
    const noiseInsert = db.prepare('INSERT OR REPLACE INTO noise_alerts(fingerprint, name, service, reason, count) VALUES (?, ?, ?, ?, ?)');
    for (const n of noise) noiseInsert.run(n.fingerprint, n.name, n.service, n.reason, n.count);
  };
  if (db.inTransaction) write();
  else db.transaction(write)();
}

/** Stored incidents overlapping [from, to], newest onset first. */
export function loadIncidents(store: WorkspaceStore, from = Number.MIN_SAFE_INTEGER, to = Number.MAX_SAFE_INTEGER): IncidentRow[] {
  return store.db
    .prepare(`SELECT ${INCIDENT_COLUMNS} FROM incidents WHERE key IS NOT NULL AND start_ts <= ? AND COALESCE(end_ts, start_ts) >= ? ORDER BY onset DESC`)
    .all(Math.round(to), Math.round(from)) as IncidentRow[];
}

/** One stored incident by its key, or undefined. */
export function loadIncident(store: WorkspaceStore, key: string): IncidentRow | undefined {
  return store.db.prepare(`SELECT ${INCIDENT_COLUMNS} FROM incidents WHERE key = ?`).get(key) as IncidentRow | undefined;
}

/** The events ids an incident absorbed, with their roles. */
export function loadIncidentMembers(store: WorkspaceStore, key: string): { eventId: number; role: string }[] {
  return store.db
    .prepare('SELECT e.event_id AS eventId, e.role FROM incident_events e JOIN incidents i ON i.id = e.incident_id WHERE i.key = ? ORDER BY e.event_id')
    .all(key) as { eventId: number; role: string }[];
}

/** The alerts the last run recognised as chronic noise, most frequent first. */
export function loadNoiseAlerts(store: WorkspaceStore): NoiseAlertRow[] {
  return store.db.prepare('SELECT fingerprint, name, service, reason, count FROM noise_alerts ORDER BY count DESC, name').all() as NoiseAlertRow[];
}

/**
 * Records a person's verdict on a cause; the next analysis re-runs the `incidents` step (its cached run is
 * dropped), which ranks a confirmed cause first and a rejected one last. Returns the verdict's id.
 */
export function recordCauseVerdict(store: WorkspaceStore, v: CauseVerdict): number {
  const db = store.db;
  return db.transaction(() => {
    const id = Number(
      db
        .prepare('INSERT INTO cause_feedback(incident_key, onset_ts, target, ref, verdict, note, created_at) VALUES (?, ?, ?, ?, ?, ?, ?)')
        .run(v.incidentKey, Math.round(v.onset), v.target, v.ref, v.verdict, v.note ?? '', Date.now()).lastInsertRowid,
    );
    db.prepare("DELETE FROM step_runs WHERE step = 'incidents'").run();
    return id;
  })();
}

/** Every verdict, oldest first (a later verdict on the same target overrides an earlier one). */
export function loadCauseVerdicts(store: WorkspaceStore): CauseVerdictRow[] {
  return store.db
    .prepare(
      `SELECT id, incident_key AS incidentKey, onset_ts AS onset, target, ref, verdict, note, created_at AS createdAt
       FROM cause_feedback ORDER BY created_at, id`,
    )
    .all() as CauseVerdictRow[];
}
