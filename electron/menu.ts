/**
 * The native menus — File, Edit, View, Help (and macOS's app and Window menus) — as a template built
 * from plain data. The View menu lists the views and timeline actions with the SAME keys as the web
 * UI (core/api/shortcuts.ts) and sends their shortcut ids, so a menu item runs exactly what its key runs.
 * Single keys stay the renderer's: the menu shows them but does not register them (a `1` typed into a
 * search box must stay a `1`). Electron's `Menu` is imported as a type only; main.ts builds it.
 */
import type { MenuItemConstructorOptions } from 'electron';
import type { MenuCommand } from '../core/api/desktop';
import { SHORTCUTS, type ShortcutId } from '../core/api/shortcuts';

/** What the menus are built from. */
export interface MenuContext {
  platform: NodeJS.Platform;
  /** A development run: View gets Reload and the developer tools. */
  dev: boolean;
  appName: string;
  /** Recent workspaces, newest first. */
  recent: readonly { path: string; name: string }[];
  /** A workspace is open (Save as… needs one). */
  hasWorkspace: boolean;
}

/** What the menu items do, given by main.ts (dialogs, the browser, the page). */
export interface MenuActions {
  /** Sends a command to the page (shortcut ids, a recent workspace to open). */
  command(command: MenuCommand): void;
  openWorkspace(): void;
  importFiles(what: 'files' | 'folder' | 'files-or-folders'): void;
  saveWorkspaceAs(): void;
  openDocs(): void;
  about(): void;
}

/** The views, in the order of their keys (i, 1–7). */
export const VIEW_SHORTCUTS: readonly ShortcutId[] = ['incidents', 'view1', 'view2', 'view3', 'view4', 'view5', 'view6', 'view7'];

/** The timeline's actions, in the View → Timeline submenu. */
export const TIMELINE_SHORTCUTS: readonly ShortcutId[] = ['zoomIn', 'zoomOut', 'panLeft', 'panRight', 'resetZoom', 'selectMode', 'compare', 'annotate'];

/** Key names the web UI uses that Electron's accelerators spell differently. */
const ACCELERATOR_KEYS: Record<string, string> = { '+': 'Plus', ArrowLeft: 'Left', ArrowRight: 'Right', ArrowUp: 'Up', ArrowDown: 'Down', Escape: 'Esc', Enter: 'Return' };

/** A web UI key (`KeyboardEvent.key`) as an Electron accelerator: letters upper-cased, named keys renamed. */
export function toAccelerator(key: string): string {
  return ACCELERATOR_KEYS[key] ?? (key.length === 1 ? key.toUpperCase() : key);
}

/** The shortcut of an id (the one list's entry); throws for an id the list lacks. */
function shortcut(id: ShortcutId): (typeof SHORTCUTS)[number] {
  const hit = SHORTCUTS.find((s) => s.id === id);
  if (!hit) throw new Error(`menu: no shortcut "${id}" in core/api/shortcuts.ts`);
  return hit;
}

/**
 * A menu item that runs a shortcut's action, labelled as the `?` help labels it and showing its first
 * key. Windows and Linux show the key as the accelerator without registering it; macOS cannot leave a
 * key unregistered, so there the key is written into the label instead.
 */
export function shortcutItem(id: ShortcutId, ctx: Pick<MenuContext, 'platform'>, actions: Pick<MenuActions, 'command'>, label?: string): MenuItemConstructorOptions {
  const s = shortcut(id);
  const text = label ?? s.label;
  const click = (): void => actions.command({ kind: 'shortcut', id });
  if (ctx.platform === 'darwin') return { id: `shortcut:${id}`, label: `${text}    ${s.keys[0]}`, click };
  return { id: `shortcut:${id}`, label: text, accelerator: toAccelerator(s.keys[0]), registerAccelerator: false, click };
}

const separator: MenuItemConstructorOptions = { type: 'separator' };

/** File: open, import, save as, recent workspaces, close, quit. */
function fileMenu(ctx: MenuContext, actions: MenuActions): MenuItemConstructorOptions {
  const mac = ctx.platform === 'darwin';
  const recent: MenuItemConstructorOptions[] = ctx.recent.length
    ? ctx.recent.map((r) => ({ label: r.name, toolTip: r.path, click: () => actions.command({ kind: 'open', path: r.path }) }))
    : [{ label: 'No recent workspaces', enabled: false }];
  return {
    label: '&File',
    submenu: [
      { id: 'file:open', label: 'Open Workspace…', accelerator: 'CmdOrCtrl+O', click: () => actions.openWorkspace() },
      { id: 'file:import', label: 'Import Files…', accelerator: 'CmdOrCtrl+I', click: () => actions.importFiles(mac ? 'files-or-folders' : 'files') },
      ...(mac ? [] : [{ id: 'file:import-folder', label: 'Import Folder…', click: () => actions.importFiles('folder') }]),
      separator,
      { id: 'file:save-as', label: 'Save Workspace As…', accelerator: 'CmdOrCtrl+Shift+S', enabled: ctx.hasWorkspace, click: () => actions.saveWorkspaceAs() },
      separator,
      { id: 'file:recent', label: 'Open Recent', submenu: recent },
      separator,
      { role: 'close' },
      ...(mac ? [] : [{ role: 'quit' } as const]),
    ],
  };
}

/** Edit: the system's own undo/redo/clipboard roles, and Find (the view's search box, like `/`). */
function editMenu(ctx: MenuContext, actions: MenuActions): MenuItemConstructorOptions {
  return {
    label: '&Edit',
    submenu: [
      { role: 'undo' },
      { role: 'redo' },
      separator,
      { role: 'cut' },
      { role: 'copy' },
      { role: 'paste' },
      { role: 'selectAll' },
      separator,
      { id: 'edit:find', label: 'Find…', accelerator: 'CmdOrCtrl+F', click: () => actions.command({ kind: 'shortcut', id: 'search' }) },
    ],
  };
}

/** View: the views and the timeline's actions (web UI keys), zone and theme, page zoom, full screen; Reload and devtools in development only. */
function viewMenu(ctx: MenuContext, actions: MenuActions): MenuItemConstructorOptions {
  const item = (id: ShortcutId): MenuItemConstructorOptions => shortcutItem(id, ctx, actions);
  const dev: MenuItemConstructorOptions[] = ctx.dev ? [{ role: 'reload' }, { role: 'forceReload' }, { role: 'toggleDevTools' }, separator] : [];
  return {
    label: '&View',
    submenu: [
      ...VIEW_SHORTCUTS.map(item),
      separator,
      { id: 'view:timeline', label: 'Timeline Actions', submenu: TIMELINE_SHORTCUTS.map(item) },
      separator,
      item('zone'),
      item('theme'),
      separator,
      ...dev,
      { role: 'resetZoom', label: 'Actual Text Size' },
      { role: 'zoomIn', label: 'Larger Text' },
      { role: 'zoomOut', label: 'Smaller Text' },
      separator,
      { role: 'togglefullscreen' },
    ],
  };
}

/** Help: the keyboard shortcuts (like `?`), the documentation in the browser, About. */
function helpMenu(ctx: MenuContext, actions: MenuActions): MenuItemConstructorOptions {
  const mac = ctx.platform === 'darwin';
  return {
    label: '&Help',
    role: 'help',
    submenu: [
      shortcutItem('help', ctx, actions, 'Keyboard Shortcuts'),
      { id: 'help:docs', label: 'Documentation', click: () => actions.openDocs() },
      ...(mac ? [] : [separator, { id: 'help:about', label: `About ${ctx.appName}`, click: () => actions.about() }]),
    ],
  };
}

/** The whole menu bar: macOS adds its app menu first and the Window menu before Help. */
export function buildMenuTemplate(ctx: MenuContext, actions: MenuActions): MenuItemConstructorOptions[] {
  const menus = [fileMenu(ctx, actions), editMenu(ctx, actions), viewMenu(ctx, actions)];
  if (ctx.platform !== 'darwin') return [...menus, helpMenu(ctx, actions)];
  const appMenu: MenuItemConstructorOptions = {
    label: ctx.appName,
    submenu: [{ role: 'about' }, separator, { role: 'services' }, separator, { role: 'hide' }, { role: 'hideOthers' }, { role: 'unhide' }, separator, { role: 'quit' }],
  };
  return [appMenu, ...menus, { role: 'windowMenu' }, helpMenu(ctx, actions)];
}
