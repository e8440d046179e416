/** Recently opened workspaces: a small JSON list in the data folder, newest first, missing files left out. */
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { RecentWorkspace } from '../api/contract';

/** How many recent workspaces are kept. */
export const RECENT_MAX = 12;

function recentFile(dataDir: string): string {
  return join(dataDir, 'recent.json');
}

/** The recent workspaces whose files still exist, newest first; an unreadable list reads as empty. */
export function recentWorkspaces(dataDir: string): RecentWorkspace[] {
  try {
    const list = JSON.parse(readFileSync(recentFile(dataDir), 'utf8')) as RecentWorkspace[];
    return Array.isArray(list) ? list.filter((r) => existsSync(r.path)) : [];
  } catch {
    return [];
  }
}

/** Puts a workspace first in the recent list (once), keeping at most RECENT_MAX. */
export function rememberWorkspace(dataDir: string, workspace: { path: string; name: string }, openedAt = Date.now()): void {
  const list = [{ path: workspace.path, name: workspace.name, openedAt }, ...recentWorkspaces(dataDir).filter((r) => r.path !== workspace.path)].slice(
    0,
    RECENT_MAX,
  );
  writeFileSync(recentFile(dataDir), JSON.stringify(list, null, 2));
}
