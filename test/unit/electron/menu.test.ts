/**
 * The native menus (electron/menu.ts) built from plain data: File, Edit, View, Help on Windows and
 * Linux, plus the app and Window menus on macOS; the View menu shows the web UI's keys (one shared
 * list, core/api/shortcuts.ts) and sends their ids; dev-only items only in development.
 */
import type { MenuItemConstructorOptions } from 'electron';
import { describe, expect, it } from 'vitest';
import type { MenuCommand } from '../../../core/api/desktop';
import { SHORTCUTS } from '../../../core/api/shortcuts';
import { buildMenuTemplate, TIMELINE_SHORTCUTS, toAccelerator, VIEW_SHORTCUTS, type MenuActions, type MenuContext } from '../../../electron/menu';

type Item = MenuItemConstructorOptions;

function recorder() {
  const calls: string[] = [];
  const commands: MenuCommand[] = [];
  const actions: MenuActions = {
    command: (c) => commands.push(c),
    openWorkspace: () => calls.push('openWorkspace'),
    importFiles: (what) => calls.push(`importFiles:${what}`),
    saveWorkspaceAs: () => calls.push('saveWorkspaceAs'),
    openDocs: () => calls.push('openDocs'),
    about: () => calls.push('about'),
  };
  return { calls, commands, actions };
}

const context = (over: Partial<MenuContext> = {}): MenuContext => ({
  platform: 'linux',
  dev: false,
  appName: 'Hindsight',
  recent: [],
  hasWorkspace: true,
  ...over,
});

/** Every item of a template, submenus walked. */
function allItems(template: Item[]): Item[] {
  return template.flatMap((i) => [i, ...(Array.isArray(i.submenu) ? allItems(i.submenu) : [])]);
}
const byId = (template: Item[], id: string): Item => {
  const hit = allItems(template).find((i) => i.id === id);
  if (!hit) throw new Error(`no menu item ${id}`);
  return hit;
};
const click = (item: Item): void => (item.click as () => void)();
const submenuOf = (template: Item[], label: string): Item[] => template.find((m) => m.label?.replace('&', '') === label)?.submenu as Item[];

describe('menu bar', () => {
  it('is File, Edit, View, Help on Windows and Linux', () => {
    for (const platform of ['linux', 'win32'] as const) {
      expect(buildMenuTemplate(context({ platform }), recorder().actions).map((m) => m.label)).toEqual(['&File', '&Edit', '&View', '&Help']);
    }
  });

  it('starts with the app menu and has a Window menu on macOS (Quit and About live in the app menu)', () => {
    const t = buildMenuTemplate(context({ platform: 'darwin' }), recorder().actions);
    expect(t.map((m) => m.label ?? m.role)).toEqual(['Hindsight', '&File', '&Edit', '&View', 'windowMenu', '&Help']);
    expect((t[0].submenu as Item[]).map((i) => i.role).filter(Boolean)).toEqual(['about', 'services', 'hide', 'hideOthers', 'unhide', 'quit']);
    expect(submenuOf(t, 'File').some((i) => i.role === 'quit')).toBe(false);
  });
});

describe('File', () => {
  it('opens, imports and saves through the shell, and closes and quits by role', () => {
    const r = recorder();
    const t = buildMenuTemplate(context(), r.actions);
    click(byId(t, 'file:open'));
    click(byId(t, 'file:import'));
    click(byId(t, 'file:import-folder'));
    click(byId(t, 'file:save-as'));
    expect(r.calls).toEqual(['openWorkspace', 'importFiles:files', 'importFiles:folder', 'saveWorkspaceAs']);
    expect(byId(t, 'file:open').accelerator).toBe('CmdOrCtrl+O');
    expect(submenuOf(t, 'File').map((i) => i.role).filter(Boolean)).toEqual(['close', 'quit']);
  });

  it("macOS's one import panel takes files and folders together", () => {
    const r = recorder();
    const t = buildMenuTemplate(context({ platform: 'darwin' }), r.actions);
    click(byId(t, 'file:import'));
    expect(r.calls).toEqual(['importFiles:files-or-folders']);
    expect(allItems(t).some((i) => i.id === 'file:import-folder')).toBe(false);
  });

  it('greys out Save As with no workspace open', () => {
    expect(byId(buildMenuTemplate(context({ hasWorkspace: false }), recorder().actions), 'file:save-as').enabled).toBe(false);
    expect(byId(buildMenuTemplate(context({ hasWorkspace: true }), recorder().actions), 'file:save-as').enabled).toBe(true);
  });

  it('lists recent workspaces newest first; choosing one sends it to the page to open', () => {
    const r = recorder();
    const recent = [
      { path: '/cases/checkout.hindsight', name: 'checkout' },
      { path: '/cases/leak.hindsight', name: 'leak' },
    ];
    const items = byId(buildMenuTemplate(context({ recent }), r.actions), 'file:recent').submenu as Item[];
    expect(items.map((i) => i.label)).toEqual(['checkout', 'leak']);
    click(items[1]);
    expect(r.commands).toEqual([{ kind: 'open', path: '/cases/leak.hindsight' }]);
    const none = byId(buildMenuTemplate(context({ recent: [] }), r.actions), 'file:recent').submenu as Item[];
    expect(none).toEqual([{ label: 'No recent workspaces', enabled: false }]);
  });
});

describe('Edit', () => {
  it('has the system roles and Find, which runs the search shortcut like /', () => {
    const r = recorder();
    const t = buildMenuTemplate(context(), r.actions);
    expect(submenuOf(t, 'Edit').map((i) => i.role).filter(Boolean)).toEqual(['undo', 'redo', 'cut', 'copy', 'paste', 'selectAll']);
    const find = byId(t, 'edit:find');
    expect(find.accelerator).toBe('CmdOrCtrl+F');
    click(find);
    expect(r.commands).toEqual([{ kind: 'shortcut', id: 'search' }]);
  });
});

describe('View: the same keys as the web UI', () => {
  it('lists the views in key order (i, 1–7) with the labels of the ? help', () => {
    const view = submenuOf(buildMenuTemplate(context(), recorder().actions), 'View');
    const shortcutItems = view.filter((i) => i.id?.startsWith('shortcut:view') || i.id === 'shortcut:incidents');
    expect(shortcutItems.map((i) => i.accelerator)).toEqual(['I', '1', '2', '3', '4', '5', '6', '7']);
    expect(shortcutItems.map((i) => i.label)).toEqual(VIEW_SHORTCUTS.map((id) => SHORTCUTS.find((s) => s.id === id)?.label));
  });

  it("every view, timeline, zone and theme shortcut is in View, shows its key, and sends its id", () => {
    const r = recorder();
    const t = buildMenuTemplate(context(), r.actions);
    for (const id of [...VIEW_SHORTCUTS, ...TIMELINE_SHORTCUTS, 'zone', 'theme'] as const) {
      const item = byId(t, `shortcut:${id}`);
      const s = SHORTCUTS.find((x) => x.id === id)!;
      expect(item.accelerator, id).toBe(toAccelerator(s.keys[0]));
      click(item);
      expect(r.commands.at(-1), id).toEqual({ kind: 'shortcut', id });
    }
  });

  it('every Anywhere and Timeline shortcut but search, help and Escape is in View (the list and the menu cannot drift apart)', () => {
    const inView = new Set([...VIEW_SHORTCUTS, ...TIMELINE_SHORTCUTS, 'zone', 'theme']);
    const wanted = SHORTCUTS.filter((s) => s.group !== 'Lists' && !['search', 'help', 'escape'].includes(s.id)).map((s) => s.id);
    expect(wanted.filter((id) => !inView.has(id))).toEqual([]);
  });

  it('shows single keys without registering them (a 1 typed in a search box stays a 1)', () => {
    const t = buildMenuTemplate(context({ platform: 'win32' }), recorder().actions);
    const singles = allItems(t).filter((i) => i.id?.startsWith('shortcut:'));
    expect(singles.length).toBeGreaterThan(15);
    for (const i of singles) expect(i.registerAccelerator, i.id).toBe(false);
  });

  it('on macOS writes the key into the label instead of an accelerator it could not leave unregistered', () => {
    const item = byId(buildMenuTemplate(context({ platform: 'darwin' }), recorder().actions), 'shortcut:view2');
    expect(item.accelerator).toBeUndefined();
    expect(item.label).toMatch(/^Timeline\s+2$/);
  });

  it('spells web keys as Electron accelerators', () => {
    expect(['+', '-', '0', 'h', 'ArrowLeft', '?', 'Escape'].map(toAccelerator)).toEqual(['Plus', '-', '0', 'H', 'Left', '?', 'Esc']);
  });

  it('has page zoom and full screen always, Reload and the developer tools only in development', () => {
    const roles = (dev: boolean) =>
      submenuOf(buildMenuTemplate(context({ dev }), recorder().actions), 'View')
        .map((i) => i.role)
        .filter(Boolean);
    expect(roles(false)).toEqual(['resetZoom', 'zoomIn', 'zoomOut', 'togglefullscreen']);
    expect(roles(true)).toEqual(['reload', 'forceReload', 'toggleDevTools', 'resetZoom', 'zoomIn', 'zoomOut', 'togglefullscreen']);
  });
});

describe('Help', () => {
  it('shows the keyboard shortcuts (like ?), opens the documentation, and About off macOS', () => {
    const r = recorder();
    const t = buildMenuTemplate(context(), r.actions);
    click(byId(t, 'shortcut:help'));
    click(byId(t, 'help:docs'));
    click(byId(t, 'help:about'));
    expect(r.commands).toEqual([{ kind: 'shortcut', id: 'help' }]);
    expect(r.calls).toEqual(['openDocs', 'about']);
    expect(byId(t, 'shortcut:help').accelerator).toBe('?');
  });
});
