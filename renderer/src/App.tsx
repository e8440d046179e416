/** The app shell: header, jobs, and either Home or the open workspace. */
import { useCallback, useEffect, useState } from 'react';
import type { AppInfo, WorkspaceInfo } from '../../core/api/contract';
import { api } from './api';
import { JobBar } from './components/JobBar';
import { Home } from './views/Home';
import { Workspace } from './views/Workspace';

export function App() {
  const [info, setInfo] = useState<AppInfo | null>(null);
  const [ws, setWs] = useState<WorkspaceInfo | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [theme, setTheme] = useState<'dark' | 'light'>(() =>
    localStorage.getItem('hindsight.theme') === 'light' ? 'light' : 'dark',
  );

  const refresh = useCallback(
    () =>
      api
        .invoke('app/info', {})
        .then((i) => {
          setInfo(i);
          setWs(i.workspace);
        })
        .catch((e: Error) => setError(e.message)),
    [],
  );

  const openDemo = useCallback(() => {
    setError(null);
    api
      .invoke('workspace/openDemo', {})
      .then((r) => setWs(r.workspace))
      .catch((e: Error) => setError(e.message));
  }, []);

  useEffect(() => {
    void refresh();
    const offs = [
      api.on('workspace/changed', () => void refresh()),
      api.on('job/done', () => void refresh()),
    ];
    return () => offs.forEach((off) => off());
  }, [refresh]);

  useEffect(() => {
    document.documentElement.dataset.theme = theme;
    localStorage.setItem('hindsight.theme', theme);
  }, [theme]);

  return (
    <div className="app">
      <header className="topbar">
        <button className="brand link" onClick={() => setWs(null)} title="Home">
          Hindsight
        </button>
        {ws && <span className="ws-name" data-testid="ws-name">{ws.name}</span>}
        <span className="spacer" />
        {info && <span className="muted">{info.shell === 'electron' ? 'desktop' : 'browser mode'}</span>}
        <button className="ghost" onClick={() => setTheme(theme === 'dark' ? 'light' : 'dark')}>
          {theme === 'dark' ? 'Light' : 'Dark'} theme
        </button>
      </header>
      <JobBar />
      {error && <div className="error banner">{error}</div>}
      {ws ? <Workspace key={ws.path} ws={ws} theme={theme} /> : <Home onOpened={setWs} onDemo={openDemo} />}
    </div>
  );
}
