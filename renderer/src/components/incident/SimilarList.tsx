/**
 * Earlier incidents like this one (by fingerprint), most similar first, with what was done then; one
 * of this workspace opens its page.
 */
import type { SimilarIncidentInfo } from '../../../../core/api/contract';
import { fmtShare } from '../../incidents';
import { fmtTime } from '../../time';

export function SimilarList({ similar, zone, onOpen }: { similar: SimilarIncidentInfo[]; zone: string; onOpen(id: string): void }) {
  if (!similar.length) return <div className="muted">No earlier incident like this one.</div>;
  return (
    <ul className="plain-list similar-list" data-testid="similar">
      {similar.map((s) => (
        <li key={s.id}>
          <button className="link" onClick={() => onOpen(s.id)} title={s.summary}>
            {fmtTime(s.start, zone, { bare: true })}
          </button>
          <span className="muted small-text">{fmtShare(s.similarity)} alike</span>
          <span className="ellipsis">{s.summary}</span>
          {s.resolution && <span className="muted small-text ellipsis">then: {s.resolution}</span>}
        </li>
      ))}
    </ul>
  );
}
