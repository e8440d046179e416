/**
 * Files handed to the app (electron/launch.ts, core/api/desktop.ts, electron/recent.ts): the paths in a
 * first or second launch's argv, what a batch of them does (a workspace opens, the rest import),
 * bringing the window forward, the outbox that holds commands until the page has loaded, and
 * which calls opened a workspace (for the OS's recent documents).
 */
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { commandsForPaths, isWorkspacePath, type MenuCommand } from '../../../core/api/desktop';
import { bringToFront, CommandOutbox, pathsFromArgv } from '../../../electron/launch';
import { workspaceOpenedBy } from '../../../electron/recent';

const everything = (): boolean => true;

describe('pathsFromArgv', () => {
  it('skips the packaged executable and the switches Chromium and the OS add', () => {
    const argv = ['/opt/Hindsight/hindsight', '--no-sandbox', '--original-process-start-time=1234', '-psn_0_1234', '/cases/checkout.hindsight'];
    expect(pathsFromArgv(argv, { defaultApp: false, cwd: '/home/me', exists: everything })).toEqual(['/cases/checkout.hindsight']);
  });

  it('skips electron and the app path in a development run (`electron .`)', () => {
    expect(pathsFromArgv(['/x/electron', '.', 'dump.zip'], { defaultApp: true, cwd: '/work', exists: everything })).toEqual([resolve('/work', 'dump.zip')]);
    expect(pathsFromArgv(['/x/electron', '/work/app'], { defaultApp: true, cwd: '/work', exists: everything })).toEqual([]);
  });

  it("resolves relative paths against the launching shell's folder (a second instance's cwd)", () => {
    expect(pathsFromArgv(['hindsight', 'case.hindsight', '../logs'], { defaultApp: false, cwd: '/home/me/cases', exists: everything })).toEqual([
      resolve('/home/me/cases/case.hindsight'),
      resolve('/home/me/logs'),
    ]);
  });

  it('takes everything after -- as a path, leaves URLs out, drops missing files and repeats', () => {
    const exists = (p: string): boolean => !p.endsWith('missing.log');
    const argv = ['hindsight', '--', '--weird-name.log', 'https://example.com/x', 'missing.log', '/a.log', '/a.log'];
    expect(pathsFromArgv(argv, { defaultApp: false, cwd: '/c', exists })).toEqual([resolve('/c', '--weird-name.log'), '/a.log']);
  });
});

describe('commandsForPaths (a drop, "open with", a second launch)', () => {
  it('opens the first workspace file and leaves the rest', () => {
    expect(commandsForPaths(['/d/app.log', '/c/Case.HINDSIGHT', '/c/other.hindsight'])).toEqual([{ kind: 'open', path: '/c/Case.HINDSIGHT' }]);
  });

  it('imports anything else, all together; nothing for nothing', () => {
    expect(commandsForPaths(['/d/dump.zip', '/d/logs'])).toEqual([{ kind: 'import', paths: ['/d/dump.zip', '/d/logs'] }]);
    expect(commandsForPaths([])).toEqual([]);
  });

  it('knows a workspace by its extension only', () => {
    expect(isWorkspacePath('/x/a.hindsight')).toBe(true);
    expect(isWorkspacePath('/x/a.hindsight.zip')).toBe(false);
    expect(isWorkspacePath('/x/hindsight')).toBe(false);
  });
});

describe('bringToFront', () => {
  it('restores a minimised window, then shows and focuses it', () => {
    const calls: string[] = [];
    const win = (minimised: boolean) => ({
      isMinimized: () => minimised,
      restore: () => calls.push('restore'),
      show: () => calls.push('show'),
      focus: () => calls.push('focus'),
    });
    bringToFront(win(true));
    expect(calls).toEqual(['restore', 'show', 'focus']);
    calls.length = 0;
    bringToFront(win(false));
    expect(calls).toEqual(['show', 'focus']);
  });
});

describe('CommandOutbox', () => {
  const open = (path: string): MenuCommand => ({ kind: 'open', path });

  it('holds commands until the page has loaded, then sends them in order, and later ones at once', () => {
    const outbox = new CommandOutbox();
    const sent: MenuCommand[] = [];
    outbox.post(open('/a.hindsight'));
    outbox.post({ kind: 'import', paths: ['/b.log'] });
    expect(outbox.pending).toBe(2);
    outbox.open((c) => sent.push(c));
    expect(sent).toEqual([open('/a.hindsight'), { kind: 'import', paths: ['/b.log'] }]);
    outbox.post({ kind: 'shortcut', id: 'view2' });
    expect(sent.at(-1)).toEqual({ kind: 'shortcut', id: 'view2' });
    expect(outbox.pending).toBe(0);
  });

  it('holds again while the page is gone (reloading, window closed)', () => {
    const outbox = new CommandOutbox();
    const first: MenuCommand[] = [];
    const second: MenuCommand[] = [];
    outbox.open((c) => first.push(c));
    outbox.close();
    outbox.post(open('/c.hindsight'));
    expect(first).toEqual([]);
    outbox.open((c) => second.push(c));
    expect(second).toEqual([open('/c.hindsight')]);
  });
});

describe('workspaceOpenedBy', () => {
  const info = { path: '/cases/a.hindsight', name: 'a' };
  it('finds the workspace that open, create and the demo opened', () => {
    expect(workspaceOpenedBy('workspace/open', info)).toBe('/cases/a.hindsight');
    expect(workspaceOpenedBy('workspace/create', info)).toBe('/cases/a.hindsight');
    expect(workspaceOpenedBy('workspace/openDemo', { jobId: 'j1', workspace: info })).toBe('/cases/a.hindsight');
  });

  it('finds none for other calls or answers without a workspace', () => {
    expect(workspaceOpenedBy('series/list', info)).toBeNull();
    expect(workspaceOpenedBy('workspace/openDemo', { jobId: null, workspace: null })).toBeNull();
    expect(workspaceOpenedBy('workspace/open', null)).toBeNull();
  });
});
