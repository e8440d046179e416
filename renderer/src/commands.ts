/**
 * Commands from the desktop shell (core/api/desktop.ts): its menus, its dialogs, the files the OS gave
 * it. A shortcut command runs exactly what its key runs (useShortcuts hears both); an `open` or `import`
 * goes to the one component that handles it now (the newest to subscribe), and waits for one while
 * none is mounted (a file given at launch arrives before the page has drawn). Browser mode has no
 * shell and so no commands, but a drop of a workspace file goes through the same bus.
 */
import { useEffect, useRef } from 'react';
import type { MenuCommand } from '../../core/api/desktop';
import { SHORTCUT_EVENT } from './shortcuts';

type Kind = MenuCommand['kind'];
type CommandOf<K extends Kind> = Extract<MenuCommand, { kind: K }>;
type Handler = (command: MenuCommand) => void;

/** Routes each command to the newest handler of its kind; holds it (in order) until one exists. */
export class CommandBus {
  private readonly handlers = new Map<Kind, Handler[]>();
  private held: MenuCommand[] = [];

  dispatch(command: MenuCommand): void {
    const newest = this.handlers.get(command.kind)?.at(-1);
    if (newest) newest(command);
    else this.held.push(command);
  }

  /** Subscribes to one kind (held commands of that kind are delivered now); returns its own unsubscribe. */
  on<K extends Kind>(kind: K, cb: (command: CommandOf<K>) => void): () => void {
    const handler = cb as Handler;
    this.handlers.set(kind, [...(this.handlers.get(kind) ?? []), handler]);
    const mine = this.held.filter((c) => c.kind === kind);
    this.held = this.held.filter((c) => c.kind !== kind);
    for (const command of mine) handler(command);
    return () => this.handlers.set(kind, (this.handlers.get(kind) ?? []).filter((h) => h !== handler));
  }
}

/** The page's one bus, fed by the shell's menu channel where there is one. */
export const commands = new CommandBus();

if (typeof window !== 'undefined') {
  // A menu's shortcut runs through the same listeners as the key (see useShortcuts).
  commands.on('shortcut', (c) => window.dispatchEvent(new CustomEvent(SHORTCUT_EVENT, { detail: c.id, cancelable: true })));
  window.hindsight?.onMenu((command) => commands.dispatch(command));
}

/** Handles one kind of command while the component is mounted (the newest mounted handler wins). */
export function useCommand<K extends Kind>(kind: K, cb: (command: CommandOf<K>) => void): void {
  const ref = useRef(cb);
  useEffect(() => {
    ref.current = cb;
  });
  useEffect(() => commands.on(kind, (c) => ref.current(c)), [kind]);
}
