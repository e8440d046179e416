/**
 * An incident's evidence in time order: every anomaly, change point, log-pattern event, alert and
 * change behind its claims, one sentence each, with the time and the service. A row opens the
 * timeline at that moment (or, for a log pattern, the Logs view on it).
 */
import { useState } from 'react';
import type { Evidence } from '../../../../core/api/contract';
import { clockNear } from '../../incidents';

/** Rows shown before "Show all". */
const FIRST_ROWS = 20;

const KIND_LABEL: Record<Evidence['kind'], string> = {
  anomaly: 'anomaly',
  'change-point': 'shift',
  pattern: 'log',
  alert: 'alert',
  change: 'change',
  topology: 'call graph',
  metric: 'metric',
};

export interface EvidenceListProps {
  evidence: Evidence[];
  zone: string;
  onset: number;
  onOpen?(e: Evidence): void;
}

export function EvidenceList({ evidence, zone, onset, onOpen }: EvidenceListProps) {
  const [all, setAll] = useState(false);
  if (!evidence.length) return <div className="muted">No evidence stored.</div>;
  const shown = all ? evidence : evidence.slice(0, FIRST_ROWS);
  return (
    <>
      <table className="grid evidence-table" data-testid="evidence">
        <tbody>
          {shown.map((e, i) => (
            <tr key={`${e.kind}-${e.ref ?? i}-${e.ts}`} className={e.ts < onset ? 'before-onset' : ''} onClick={() => onOpen?.(e)}>
              <td className="mono small-text nowrap">{clockNear(e.ts, onset, zone)}</td>
              <td>
                <span className={`ev-kind ev-${e.kind}`}>{KIND_LABEL[e.kind] ?? e.kind}</span>
              </td>
              <td>{e.service && <span className="svc">{e.service}</span>}</td>
              <td className="ev-text">{e.text}</td>
            </tr>
          ))}
        </tbody>
      </table>
      {evidence.length > shown.length && (
        <button className="link" onClick={() => setAll(true)}>
          Show all {evidence.length} pieces of evidence
        </button>
      )}
    </>
  );
}
