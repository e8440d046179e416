/**
 * What an incident absorbed besides metrics: its alerts (de-duplicated by fingerprint, repeats
 * counted) and its top log patterns (new, bursting or surging), a pattern opening the Logs view.
 */
import type { Incident } from '../../../../core/api/contract';
import { clockNear } from '../../incidents';

export function AlertList({ alerts, zone, onset }: { alerts: Incident['alerts']; zone: string; onset: number }) {
  if (!alerts.length) return <div className="muted">No alert fired for this incident.</div>;
  return (
    <table className="grid" data-testid="alerts">
      <tbody>
        {alerts.map((a) => (
          <tr key={a.fingerprint} className="static">
            <td className="mono small-text nowrap">{clockNear(a.startsAt, onset, zone)}</td>
            <td className="mono">{a.name}</td>
            <td>{a.service && <span className="svc">{a.service}</span>}</td>
            <td className="num muted">{a.count > 1 ? `×${a.count}` : ''}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

export function PatternList({ patterns, onOpen }: { patterns: Incident['logPatterns']; onOpen(templateId: string): void }) {
  if (!patterns.length) return <div className="muted">No unusual log pattern.</div>;
  return (
    <table className="grid" data-testid="log-patterns">
      <tbody>
        {patterns.map((p) => (
          <tr key={p.templateId} onClick={() => onOpen(p.templateId)} title="Show these lines in Logs">
            <td>
              <span className={`badge ${p.kind === 'new' ? 'new' : 'rare'}`}>{p.kind}</span>
            </td>
            <td>{p.service && <span className="svc">{p.service}</span>}</td>
            <td className="pattern-cell mono" title={p.template}>
              {p.template}
            </td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
