/** The series list: search by name, label or service; grouped by service; click to add to the timeline. */
import { useEffect, useMemo, useState } from 'react';
import type { SeriesInfo } from '../../../core/api/contract';
import { api } from '../api';
import { fmtCount, fmtLabels } from '../format';

export interface SeriesListProps {
  dataVersion: number;
  selected: number[];
  onToggle(s: SeriesInfo): void;
}

export function SeriesList({ dataVersion, selected, onToggle }: SeriesListProps) {
  const [query, setQuery] = useState('');
  const [series, setSeries] = useState<SeriesInfo[]>([]);
  const [error, setError] = useState<string | null>(null);

  useEffect(() => {
    let stale = false;
    const t = setTimeout(() => {
      api
        .invoke('series/list', { query, limit: 5000 })
        .then((s) => {
          if (!stale) {
            setSeries(s);
            setError(null);
          }
        })
        .catch((e: Error) => !stale && setError(e.message));
    }, 120);
    return () => {
      stale = true;
      clearTimeout(t);
    };
  }, [query, dataVersion]);

  const groups = useMemo(() => {
    const m = new Map<string, SeriesInfo[]>();
    for (const s of series) {
      const k = s.service ?? '(no service)';
      m.set(k, [...(m.get(k) ?? []), s]);
    }
    return [...m.entries()];
  }, [series]);

  return (
    <aside className="series-list">
      <input
        className="search"
        type="search"
        placeholder="Search series, labels, services"
        value={query}
        onChange={(e) => setQuery(e.target.value)}
        aria-label="Search series"
      />
      <div className="series-count">{series.length} series</div>
      {error && <div className="error">{error}</div>}
      <div className="series-scroll">
        {groups.map(([service, list]) => (
          <section key={service}>
            <h4>{service}</h4>
            <ul>
              {list.map((s) => (
                <li key={s.id}>
                  <button
                    className={`series-item ${selected.includes(s.id) ? 'selected' : ''}`}
                    onClick={() => onToggle(s)}
                    title={`${s.name} ${fmtLabels(s.labels)}`}
                    data-testid="series-item"
                  >
                    <span className="series-name">{s.name}</span>
                    <span className="series-meta">
                      {fmtLabels(s.labels, ['service'])} · {fmtCount(s.count)} pts
                    </span>
                  </button>
                </li>
              ))}
            </ul>
          </section>
        ))}
      </div>
    </aside>
  );
}
