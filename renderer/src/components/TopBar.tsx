/** The top bar: home, the workspace's name, the view tabs (when a workspace is open), zone, theme, help. */
import type { ReactNode } from 'react';
import { zoneLabel } from '../time';

export interface TopBarProps {
  wsName?: string;
  shell?: 'electron' | 'browser';
  zone: string;
  theme: 'dark' | 'light';
  onHome(): void;
  onZone(): void;
  onTheme(): void;
  onHelp(): void;
  children?: ReactNode;
}

export function TopBar(p: TopBarProps) {
  return (
    <header className="topbar">
      <button className="brand link" onClick={p.onHome} title="Home: recent workspaces, import">
        Hindsight
      </button>
      {p.wsName && (
        <span className="ws-name" data-testid="ws-name">
          {p.wsName}
        </span>
      )}
      {p.children}
      <span className="spacer" />
      {p.shell === 'browser' && <span className="muted small-text">browser mode</span>}
      <button className="zone-badge" onClick={p.onZone} title="Times are shown in this zone; click (or z) to switch UTC / local" data-testid="zone">
        {zoneLabel(p.zone)}
      </button>
      <button className="ghost" onClick={p.onTheme} title="Switch theme (t)">
        {p.theme === 'dark' ? 'Light' : 'Dark'}
      </button>
      <button className="ghost icon" onClick={p.onHelp} title="Keyboard shortcuts (?)" aria-label="Keyboard shortcuts">
        ?
      </button>
    </header>
  );
}
