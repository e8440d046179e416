/**
 * What the desktop shell tells the renderer outside the request/response contract: commands from its
 * native menus, its open dialogs, the files the OS asked it to open ("open with", a second launch,
 * macOS `open-file`). They travel over one IPC event channel and the renderer runs each by the same
 * action a key or a drop would run. Plain data, so both sides and their tests share it.
 */
import type { ShortcutId } from './shortcuts';

/** The file extension of a workspace (one SQLite file per investigation). */
export const WORKSPACE_EXTENSION = 'hindsight';

export type MenuCommand =
  /** Runs the action of a keyboard shortcut (View → Timeline runs what key 2 runs). */
  | { kind: 'shortcut'; id: ShortcutId }
  /** Opens this workspace file (File → Open, Recent, a file association, a dropped `.hindsight`). */
  | { kind: 'open'; path: string }
  /** Starts an import of these paths (File → Import, files given to the app that are not workspaces). */
  | { kind: 'import'; paths: string[] }
  /** The shell saved the open workspace under a new path and opened that copy. */
  | { kind: 'saved'; path: string };

/** True for a path that names a workspace file (`*.hindsight`, any case). */
export function isWorkspacePath(path: string): boolean {
  return path.toLowerCase().endsWith(`.${WORKSPACE_EXTENSION}`);
}

/**
 * What a batch of paths given to the app means (a drop, "open with", a second launch): the first
 * workspace file among them is opened and the rest are left alone (a person drops data files on the
 * opened workspace next); with no workspace file, all of them are imported. Empty input: nothing.
 */
export function commandsForPaths(paths: readonly string[]): MenuCommand[] {
  const workspace = paths.find(isWorkspacePath);
  if (workspace) return [{ kind: 'open', path: workspace }];
  return paths.length ? [{ kind: 'import', paths: [...paths] }] : [];
}
