/** Home: the demo, recent workspaces, and create/open by path. */
import { useEffect, useState } from 'react';
import type { RecentWorkspace, WorkspaceInfo } from '../../../core/api/contract';
import { api } from '../api';

export interface HomeProps {
  onOpened(ws: WorkspaceInfo): void;
  onDemo(): void;
}

export function Home({ onOpened, onDemo }: HomeProps) {
  const [recent, setRecent] = useState<RecentWorkspace[]>([]);
  const [path, setPath] = useState('');
  const [error, setError] = useState<string | null>(null);

  useEffect(() => {
    void api.invoke('workspace/recent', {}).then(setRecent).catch(() => setRecent([]));
  }, []);

  const run = (p: Promise<WorkspaceInfo>): void => {
    setError(null);
    p.then(onOpened).catch((e: Error) => setError(e.message));
  };

  return (
    <main className="home">
      <h1>Hindsight</h1>
      <p className="muted">Open an exported dump — metrics, logs, alerts, deploys — and see what was abnormal. Nothing leaves this machine.</p>
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
          <p className="muted">A workspace is one <code>*.hindsight</code> file.</p>
          <input
            type="text"
            placeholder="/path/to/investigation.hindsight"
            value={path}
            onChange={(e) => setPath(e.target.value)}
            aria-label="Workspace path"
          />
          <div className="row">
            <button disabled={!path} onClick={() => run(api.invoke('workspace/open', { path }))}>
              Open
            </button>
            <button disabled={!path} onClick={() => run(api.invoke('workspace/create', { path }))}>
              Create
            </button>
          </div>
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
                <span className="muted"> {new Date(r.openedAt).toISOString().slice(0, 10)}</span>
              </li>
            ))}
          </ul>
        </section>
      </div>
    </main>
  );
}
