/**
 * The changes that may explain an incident, best fit first: when (relative to the onset), where, what
 * changed (version, config key old → new), the metric's level before and after, and why it was
 * ranked. "No change explains this" is an answer too. Mitigations (rollbacks, reverts after the
 * onset) are listed apart.
 */
import type { IncidentChange, RankedChange } from '../../../../core/api/contract';
import { fmtValue } from '../../format';
import { clockNear, relativeToOnset } from '../../incidents';
import { fmtDuration } from '../../time';

/** What the change changed, unless its title already says so. */
function What({ change }: { change: IncidentChange }) {
  if (change.key && !change.title.includes(change.key)) {
    return (
      <span className="mono">
        {change.key} {change.oldValue ?? '?'} → {change.newValue ?? '?'}
      </span>
    );
  }
  if (change.version && !change.title.includes(change.version)) return <span className="mono">version {change.version}</span>;
  return null;
}

export function ChangeList({ changes, onset, zone }: { changes: IncidentChange[]; onset: number; zone: string }) {
  if (!changes.length) return <div className="muted" data-testid="no-change">No change explains this incident.</div>;
  return (
    <ol className="change-list" data-testid="changes">
      {changes.map((c, i) => (
        <li key={c.id} className="change">
          <div className="change-head">
            <span className="cause-rank">{i + 1}</span>
            <span className={`badge kind-${c.kind}`}>{c.kind}</span>
            <b className="ellipsis">{c.title}</b>
            {c.service && <span className="svc">{c.service}</span>}
            <span className="spacer" />
            <span className="mono small-text">{clockNear(c.time, onset, zone)}</span>
            <span className="muted small-text">{relativeToOnset(c.time, onset)}</span>
          </div>
          <div className="change-body">
            <What change={c} />
            {c.effect && (
              <span className="effect" title={`median over ${fmtDuration(c.effect.windowMs)} before the change, and over as long in the incident (its start or its end, whichever moved further)`}>
                <span className="mono small-text">{c.effect.metric}</span> <span className="muted small-text">before it</span>{' '}
                {fmtValue(c.effect.before, c.effect.unit)} → <span className="muted small-text">in the incident</span>{' '}
                <b>{fmtValue(c.effect.after, c.effect.unit)}</b>
              </span>
            )}
          </div>
          {c.reasons.length > 0 && <div className="muted small-text">{c.reasons.join(' · ')}</div>}
        </li>
      ))}
    </ol>
  );
}

export function MitigationList({ changes, onset, zone }: { changes: RankedChange[]; onset: number; zone: string }) {
  if (!changes.length) return null;
  return (
    <ul className="plain-list" data-testid="mitigations">
      {changes.map((c) => (
        <li key={c.id}>
          <span className={`badge kind-${c.kind}`}>{c.kind}</span> {c.title}
          {c.service && <span className="svc">{c.service}</span>}
          <span className="mono small-text">{clockNear(c.time, onset, zone)}</span> <span className="muted small-text">{relativeToOnset(c.time, onset)}</span>
        </li>
      ))}
    </ul>
  );
}
