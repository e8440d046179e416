/** A search box over the knowledge base: saved postmortems of every workspace, with what was done then. */
import { useState } from 'react';
import { ErrorNote } from '../ErrorNote';
import { useCall } from '../../queries';
import { fmtTime } from '../../time';

export function KnowledgeSearch({ zone }: { zone: string }) {
  const [text, setText] = useState('');
  const [query, setQuery] = useState('');
  const q = useCall('postmortem/search', query ? { query } : null);
  return (
    <section className="pm-knowledge" data-testid="knowledge-search">
      <h3>Knowledge base</h3>
      <form
        onSubmit={(e) => {
          e.preventDefault();
          setQuery(text.trim());
        }}
      >
        <input value={text} onChange={(e) => setText(e.target.value)} placeholder="Search saved postmortems of every workspace" aria-label="Search saved postmortems" />
        <button className="small" type="submit">
          Search
        </button>
      </form>
      <ErrorNote error={q.error} what="Knowledge search" />
      {query && q.data && q.data.length === 0 && <p className="muted">No saved postmortem holds “{query}”.</p>}
      <ul className="pm-hits">
        {(q.data ?? []).map((h) => (
          <li key={h.entry.id} data-testid="knowledge-hit">
            <strong>{h.entry.title}</strong> <span className="muted">{fmtTime(h.entry.onset, zone)} · {h.entry.workspace}</span>
            <div className="muted">{h.snippet}</div>
            {h.entry.resolution && <div>Done then: {h.entry.resolution.split('\n').slice(0, 2).join('; ')}</div>}
          </li>
        ))}
      </ul>
    </section>
  );
}
