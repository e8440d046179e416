/** Home: the demo, recent workspaces, create/open by path, and a drop zone to import a dump. */
import { useEffect, useState } from 'react';
import type { RecentWorkspace, WorkspaceInfo } from '../../../core/api/contract';
import { api } from '../api';
import { DropTarget } from '../components/DropTarget';
import { ImportDialog, type ImportRequest } from '../components/ImportDialog';
import { fmtTime } from '../time';
import { pickedFiles } from '../upload';

export interface HomeProps {
  current: WorkspaceInfo | null;
  onOpened(ws: WorkspaceInfo): void;
  onDemo(): void;
  onBack?(): void;
}

export function Home({ current, onOpened, onDemo, onBack }: HomeProps) {
  const [recent, setRecent] = useState<RecentWorkspace[]>([]);
  const [path, setPath] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [importing, setImporting] = useState<ImportRequest | null>(null);

  useEffect(() => {
    void api.invoke('workspace/recent', {}).then(setRecent).catch(() => setRecent([]));
  }, []);

  const run = (p: Promise<WorkspaceInfo>): void => {
    setError(null);
    p.then(onOpened).catch((e: Error) => setError(e.message));
  };

  return (
    <DropTarget label="Drop files, folders or archives to import them" onDrop={setImporting} className="home-drop">
      <main className="home">
        <h1>Hindsight</h1>
        <p className="muted">
          Open an exported dump — metrics, logs, alerts, deploys — and see what was abnormal. Nothing leaves this machine.
        </p>
        {current && onBack && (
          <p>
            <button className="link" onClick={onBack}>
              ← Back to {current.name}
            </button>
          </p>
        )}
        <div className="home-grid">
          <section className="card">
            <h3>Try the demo</h3>
            <p className="muted">14 days of 10 services with three planted incidents: a bad deploy, a memory leak, a cascading saturation.</p>
            <button className="primary" onClick={onDemo} data-testid="open-demo">
              Open the demo workspace
            </button>
          </section>
          <section className="card">
            <h3>Create or open a workspace</h3>
            <p className="muted">
              A workspace is one <code>*.hindsight</code> file.
            </p>
            <form
              onSubmit={(e) => {
                e.preventDefault();
                if (path) run(api.invoke('workspace/open', { path }));
              }}
            >
              <input
                type="text"
                placeholder="/path/to/investigation.hindsight"
                value={path}
                onChange={(e) => setPath(e.target.value)}
                aria-label="Workspace path"
              />
              <div className="row">
                <button disabled={!path}>Open</button>
                <button type="button" disabled={!path} onClick={() => run(api.invoke('workspace/create', { path }))}>
                  Create
                </button>
              </div>
            </form>
            {error && <div className="error">{error}</div>}
          </section>
          <section className="card">
            <h3>Recent</h3>
            {recent.length === 0 && <p className="muted">No recent workspaces.</p>}
            <ul className="recent">
              {recent.map((r) => (
                <li key={r.path}>
                  <button className="link" onClick={() => run(api.invoke('workspace/open', { path: r.path }))} title={r.path}>
                    {r.name}
                  </button>
                  <span className="muted small-text"> {fmtTime(r.openedAt)}</span>
                  <div className="muted small-text mono ellipsis">{r.path}</div>
                </li>
              ))}
            </ul>
          </section>
        </div>
        <section className="card dropzone" data-testid="home-dropzone">
          <h3>Import a dump</h3>
          <p className="muted">
            Drop files, folders or archives (.zip, .tar.gz) anywhere on this page: Prometheus and Grafana exports, CloudWatch
            CSV, logs (plain, JSON lines, nginx, kubectl), Alertmanager dumps, deploy lists.
            {' They go into a new workspace'}
            {current ? ` (to add to ${current.name}, use Import… inside it).` : '.'}
          </p>
          <div className="row">
            <label className="button-like">
              Pick files…
              <input type="file" multiple hidden onChange={(e) => setImporting({ paths: [], files: pickedFiles(e.target.files) })} />
            </label>
            <button onClick={() => setImporting({ paths: [], files: [] })}>Import by path…</button>
          </div>
        </section>
      </main>
      {importing && (
        <ImportDialog
          workspace={null}
          request={importing}
          onClose={() => setImporting(null)}
          onOpened={onOpened}
        />
      )}
    </DropTarget>
  );
}
