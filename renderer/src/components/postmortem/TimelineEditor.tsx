/**
 * The postmortem's timeline as an editable table: each line's time (typed in the document's zone), its
 * text and kind, a star; lines can be added and removed. Times are shown with the zone's offset.
 */
import { useState } from 'react';
import type { TimelineEntry, TimelineKind } from '../../../../core/api/contract';
import { fromInputValue, toInputValue, zonedTime } from '../../time';

const KINDS: TimelineKind[] = ['change', 'symptom', 'onset', 'alert', 'mitigation', 'recovery', 'note'];

export function TimelineEditor({ lines, zone, onChange }: { lines: TimelineEntry[]; zone: string; onChange: (lines: TimelineEntry[]) => void }) {
  const [draftTime, setDraftTime] = useState('');
  const [draftText, setDraftText] = useState('');
  const at = fromInputValue(draftTime, zone);
  const edit = (i: number, change: Partial<TimelineEntry>): void => onChange(lines.map((l, k) => (k === i ? { ...l, ...change } : l)));
  const add = (): void => {
    if (!Number.isFinite(at) || !draftText.trim()) return;
    onChange([...lines, { ts: at, kind: 'note' as const, text: draftText.trim(), evidence: [] }].sort((a, b) => a.ts - b.ts));
    setDraftText('');
  };
  return (
    <div className="pm-timeline">
      <table className="grid" data-testid="pm-timeline">
        <thead>
          <tr>
            <th>Time ({zone})</th>
            <th>Kind</th>
            <th>What happened</th>
            <th>Evidence</th>
            <th />
          </tr>
        </thead>
        <tbody>
          {lines.map((l, i) => (
            <tr key={`${i}-${l.ts}`} data-testid="pm-timeline-line">
              <td className="mono nowrap">{zonedTime(l.ts, zone)}</td>
              <td>
                <select value={l.kind} onChange={(e) => edit(i, { kind: e.target.value as TimelineKind })} aria-label="Kind">
                  {KINDS.map((k) => (
                    <option key={k}>{k}</option>
                  ))}
                </select>
              </td>
              <td className="pm-line-text">
                <input value={l.text} onChange={(e) => edit(i, { text: e.target.value })} aria-label="What happened" />
              </td>
              <td className="muted nowrap">{l.evidence.map((n) => `E${n}`).join(', ')}</td>
              <td className="nowrap">
                <button className={l.starred ? 'ghost small on' : 'ghost small'} onClick={() => edit(i, { starred: !l.starred })} title="Star this line">
                  {l.starred ? '★' : '☆'}
                </button>
                <button className="ghost small" onClick={() => onChange(lines.filter((_, k) => k !== i))} title="Remove this line">
                  ✕
                </button>
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      <div className="pm-add-line">
        <input className="mono" placeholder={lines[0] ? toInputValue(lines[0].ts, zone) : 'YYYY-MM-DD HH:MM'} value={draftTime} onChange={(e) => setDraftTime(e.target.value)} aria-label="Time of the new line" />
        <input placeholder="What happened" value={draftText} onChange={(e) => setDraftText(e.target.value)} aria-label="Text of the new line" onKeyDown={(e) => e.key === 'Enter' && add()} />
        <button className="small" onClick={add} disabled={!Number.isFinite(at) || !draftText.trim()}>
          Add line
        </button>
      </div>
    </div>
  );
}
