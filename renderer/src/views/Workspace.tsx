/** A workspace: the series list beside the timeline, an import box, and the workspace's counts. */
import { useEffect, useState } from 'react';
import type { SeriesInfo, WorkspaceInfo } from '../../../core/api/contract';
import { api } from '../api';
import { SeriesList } from '../components/SeriesList';
import { loadPlotly } from '../components/Plot';
import { Timeline } from '../components/Timeline';
import { fmtCount, fmtTime } from '../format';

export interface WorkspaceProps {
  ws: WorkspaceInfo;
  theme: 'dark' | 'light';
}

export function Workspace({ ws, theme }: WorkspaceProps) {
  const [chosen, setChosen] = useState<SeriesInfo[]>([]);
  const [importPath, setImportPath] = useState('');
  const [importError, setImportError] = useState<string | null>(null);
  const c = ws.counts;
  // Start fetching the chart library while the person picks a series.
  useEffect(() => {
    void loadPlotly();
  }, []);

  const toggle = (s: SeriesInfo): void =>
    setChosen((list) => (list.some((x) => x.id === s.id) ? list.filter((x) => x.id !== s.id) : [...list, s].slice(-8)));

  return (
    <div className="workspace">
      <div className="ws-summary" data-testid="ws-summary">
        <span>
          <b>{fmtCount(c.series)}</b> series
        </span>
        <span>
          <b>{fmtCount(c.samples)}</b> samples
        </span>
        <span>
          <b>{fmtCount(c.logs)}</b> log events
        </span>
        <span>
          <b>{fmtCount(c.events)}</b> events
        </span>
        <span className="muted">
          {fmtTime(ws.timeRange.first)} → {fmtTime(ws.timeRange.last)}
        </span>
        <form
          className="import-box"
          onSubmit={(e) => {
            e.preventDefault();
            setImportError(null);
            api
              .invoke('import/start', { paths: [importPath] })
              .then(() => setImportPath(''))
              .catch((err: Error) => setImportError(err.message));
          }}
        >
          <input
            type="text"
            placeholder="Import a file, folder or archive by path"
            value={importPath}
            onChange={(e) => setImportPath(e.target.value)}
            aria-label="Path to import"
          />
          <button disabled={!importPath}>Import</button>
          {importError && <span className="error">{importError}</span>}
        </form>
      </div>
      <div className="ws-body">
        <SeriesList dataVersion={ws.dataVersion} selected={chosen.map((s) => s.id)} onToggle={toggle} />
        <Timeline series={chosen} dataVersion={ws.dataVersion} theme={theme} />
      </div>
    </div>
  );
}
