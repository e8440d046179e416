/** The app shell: theme, zone, the shortcut help, and either Home or the open workspace. */
import { QueryClientProvider } from '@tanstack/react-query';
import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import type { AppInfo, WorkspaceInfo } from '../../core/api/contract';
import { api } from './api';
import { JobBar } from './components/JobBar';
import { ShortcutHelp } from './components/ShortcutHelp';
import { TopBar } from './components/TopBar';
import { useApiEvent } from './hooks/useApiEvent';
import { useCommand } from './commands';
import { useShortcuts } from './hooks/useShortcuts';
import { newQueryClient } from './queries';
import { isValidZone, UTC } from './time';
import { readUrlState, writeUrlState } from './address';
import { Home } from './views/Home';
import { Workspace } from './views/Workspace';

type Theme = 'dark' | 'light';

/** The zone of the person's clock: the browser's (the same machine in both shells), else the backend's. */
function localZone(info: AppInfo | null): string {
  for (const z of [Intl.DateTimeFormat().resolvedOptions().timeZone, info?.localZone]) if (z && isValidZone(z)) return z;
  return UTC;
}

export function App() {
  const [info, setInfo] = useState<AppInfo | null>(null);
  const [ws, setWs] = useState<WorkspaceInfo | null>(null);
  const [home, setHome] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [help, setHelp] = useState(false);
  const [theme, setTheme] = useState<Theme>(() => (localStorage.getItem('hindsight.theme') === 'light' ? 'light' : 'dark'));
  // The address (a reload, a copied link) says which workspace and zone; else the last used zone.
  const [url] = useState(readUrlState);
  const [useLocal, setUseLocal] = useState(() => (url.zone ?? localStorage.getItem('hindsight.zone')) === 'local');
  const wanted = useRef(url.ws);
  const zone = useLocal ? localZone(info) : UTC;
  // One answer cache per open workspace: opening another starts empty.
  const wsPath = ws?.path;
  const queries = useMemo(() => newQueryClient(wsPath), [wsPath]);

  const refresh = useCallback(
    () =>
      api
        .invoke('app/info', {})
        .then(async (i) => {
          setInfo(i);
          // Once: the workspace the address names, when another one is open.
          const path = wanted.current;
          wanted.current = undefined;
          setWs(path && path !== i.workspace?.path ? await api.invoke('workspace/open', { path }).catch(() => i.workspace) : i.workspace);
          setError(null);
        })
        .catch((e: Error) => setError(e.message)),
    [],
  );

  useEffect(() => {
    void refresh();
  }, [refresh]);
  useApiEvent('workspace/changed', () => void refresh());
  useApiEvent('job/done', () => void refresh());

  useEffect(() => {
    document.documentElement.dataset.theme = theme;
    localStorage.setItem('hindsight.theme', theme);
  }, [theme]);
  useEffect(() => {
    localStorage.setItem('hindsight.zone', useLocal ? 'local' : 'utc');
    writeUrlState({ ...readUrlState(), zone: useLocal ? 'local' : 'utc' });
  }, [useLocal]);

  const toggleTheme = (): void => setTheme((t) => (t === 'dark' ? 'light' : 'dark'));
  const toggleZone = (): void => setUseLocal((l) => !l);
  useShortcuts({ help: () => setHelp(true), theme: toggleTheme, zone: toggleZone });

  const opened = (w: WorkspaceInfo): void => {
    setWs(w);
    setHome(false);
  };
  // The desktop shell's File → Open, Open Recent, a file association, a dropped `.hindsight`.
  useCommand('open', ({ path }) => {
    setError(null);
    api
      .invoke('workspace/open', { path })
      .then(opened)
      .catch((e: Error) => setError(e.message));
  });
  const openDemo = (): void => {
    setError(null);
    api
      .invoke('workspace/openDemo', {})
      .then((r) => r.workspace && opened(r.workspace))
      .catch((e: Error) => setError(e.message));
  };

  const bar = {
    shell: info?.shell,
    zone,
    theme,
    onHome: () => setHome(true),
    onZone: toggleZone,
    onTheme: toggleTheme,
    onHelp: () => setHelp(true),
  };
  return (
    <div className="app">
      {ws && !home ? (
        <QueryClientProvider client={queries}>
          <Workspace key={ws.path} ws={ws} zone={zone} theme={theme} bar={bar} />
        </QueryClientProvider>
      ) : (
        <>
          <TopBar {...bar} wsName={ws?.name} />
          <JobBar />
          {error && <div className="error banner">{error}</div>}
          <Home current={ws} onOpened={opened} onBack={ws ? () => setHome(false) : undefined} onDemo={openDemo} />
        </>
      )}
      {help && <ShortcutHelp onClose={() => setHelp(false)} />}
    </div>
  );
}
