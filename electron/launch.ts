/**
 * The files the OS hands the app, and where they go. Windows and Linux pass them on the command line
 * (a double-clicked `*.hindsight`, "Open with", a second launch while one runs: the single-instance
 * lock forwards its argv to the first); macOS sends `open-file` events, possibly before the window
 * exists. Menu commands wait in an outbox until the window's page has loaded. No Electron import.
 */
import { isAbsolute, resolve } from 'node:path';
import type { MenuCommand } from '../core/api/desktop';

/**
 * The file paths among a process's arguments: the executable (and, when run as `electron <app>`, the
 * app's own path) skipped, Chromium and app switches (`--flag`, `-psn_…`) left out until a `--`,
 * URLs left out, relative paths resolved against `cwd` (the launching shell's, for a second instance),
 * and only paths that `exists` says are there.
 * @example pathsFromArgv(['/opt/Hindsight/hindsight', '--no-sandbox', 'case.hindsight'], { defaultApp: false, cwd: '/home/me', exists: () => true })
 *   // → ['/home/me/case.hindsight']
 */
export function pathsFromArgv(argv: readonly string[], opts: { defaultApp: boolean; cwd: string; exists(path: string): boolean }): string[] {
  const args = argv.slice(opts.defaultApp ? 2 : 1);
  const out: string[] = [];
  let switches = true;
  for (const arg of args) {
    if (switches && arg === '--') {
      switches = false;
      continue;
    }
    if (!arg || (switches && arg.startsWith('-'))) continue;
    if (/^[a-z][a-z0-9+.-]+:\/\//i.test(arg)) continue; // a URL, not a file (a drive letter has one letter before ':')
    const path = isAbsolute(arg) ? arg : resolve(opts.cwd, arg);
    if (opts.exists(path) && !out.includes(path)) out.push(path);
  }
  return out;
}

/** The parts of a BrowserWindow that bringing it to the front needs. */
export interface FocusableWindow {
  isMinimized(): boolean;
  restore(): void;
  show(): void;
  focus(): void;
}

/** Brings a window to the front (restored first when minimised): what a second launch does to the first. */
export function bringToFront(win: FocusableWindow): void {
  if (win.isMinimized()) win.restore();
  win.show();
  win.focus();
}

/**
 * Menu commands on their way to the page: sent at once while the page is loaded, held (in order)
 * while it is not — before the first load, during a reload, with no window (macOS) — and sent when
 * `open` is called after the next load. `close` marks the page gone again.
 */
export class CommandOutbox {
  private held: MenuCommand[] = [];
  private send: ((command: MenuCommand) => void) | null = null;

  /** Sends a command now, or holds it until the page is there. */
  post(command: MenuCommand): void {
    if (this.send) this.send(command);
    else this.held.push(command);
  }

  /** The page has loaded: held commands go out in order, and later ones go straight through `send`. */
  open(send: (command: MenuCommand) => void): void {
    this.send = send;
    const held = this.held;
    this.held = [];
    for (const command of held) send(command);
  }

  /** The page is gone (closed, reloading): commands are held again. */
  close(): void {
    this.send = null;
  }

  /** How many commands wait for the page. */
  get pending(): number {
    return this.held.length;
  }
}
