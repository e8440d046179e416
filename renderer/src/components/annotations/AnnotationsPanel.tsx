/**
 * The notes of the workspace under the timeline: time-ordered, filtered by tag or to starred ones; a row shows
 * its time (or range), star, author, text and tags. Clicking a row shows the note on the timeline; the star
 * toggles in place; the pencil edits it.
 */
import { useMemo, useState } from 'react';
import type { AnnotationInfo } from '../../../../core/api/annotations';
import { api } from '../../api';
import type { TimeRange } from '../../nav';
import { fmtDuration, fmtTime } from '../../time';
import { ErrorNote } from '../ErrorNote';
import { filterNotes, tagsInUse, windowAround } from './notes';

export interface AnnotationsPanelProps {
  notes: AnnotationInfo[];
  zone: string;
  onEdit(note: AnnotationInfo): void;
  onShow(window: TimeRange): void;
}

export function AnnotationsPanel({ notes, zone, onEdit, onShow }: AnnotationsPanelProps) {
  const [tag, setTag] = useState('');
  const [starredOnly, setStarredOnly] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const tags = useMemo(() => tagsInUse(notes), [notes]);
  const shown = useMemo(() => filterNotes(notes, { tag, starredOnly }), [notes, tag, starredOnly]);
  const toggleStar = (n: AnnotationInfo): void => {
    setError(null);
    api.invoke('annotations/update', { id: n.id, starred: !n.starred }).catch((e: Error) => setError(e.message));
  };

  return (
    <section className="notes-panel" data-testid="notes-panel" aria-label="Notes">
      <div className="notes-head">
        <h3>
          Notes ({shown.length}
          {shown.length !== notes.length ? ` of ${notes.length}` : ''})
        </h3>
        {tags.length > 0 && (
          <select value={tag} onChange={(e) => setTag(e.target.value)} aria-label="Filter notes by tag">
            <option value="">all tags</option>
            {tags.map((t) => (
              <option key={t} value={t}>
                #{t}
              </option>
            ))}
          </select>
        )}
        <label className="inline" title="Only starred notes">
          <input type="checkbox" checked={starredOnly} onChange={(e) => setStarredOnly(e.target.checked)} /> ★ only
        </label>
        <span className="muted small-text">
          <kbd>n</kbd> adds a note at the selection, or at the next click on the chart
        </span>
      </div>
      <ErrorNote error={error} what="The note" />
      {notes.length === 0 ? (
        <div className="muted small-text">No notes yet.</div>
      ) : (
        <ul className="notes-list" data-testid="notes-list">
          {shown.map((n) => (
            <li key={n.id} className="note-row" data-testid="note-row">
              <button
                className={`ghost icon small star ${n.starred ? 'on' : ''}`}
                onClick={() => toggleStar(n)}
                aria-label={n.starred ? 'Unstar the note' : 'Star the note'}
                title={n.starred ? 'Unstar' : 'Star'}
              >
                {n.starred ? '★' : '☆'}
              </button>
              <button className="note-main" onClick={() => onShow(windowAround(n))} title="Show it on the timeline">
                <span className="mono note-time">
                  {fmtTime(n.ts, zone)}
                  {n.endTs !== null ? ` +${fmtDuration(n.endTs - n.ts)}` : ''}
                </span>
                <span className="note-text">{n.text}</span>
                {n.tags.map((t) => (
                  <span key={t} className="badge">
                    #{t}
                  </span>
                ))}
                {n.author && <span className="muted note-author">{n.author}</span>}
              </button>
              <button className="ghost icon small" onClick={() => onEdit(n)} aria-label={`Edit the note "${n.text}"`} title="Edit or delete">
                ✎
              </button>
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}
