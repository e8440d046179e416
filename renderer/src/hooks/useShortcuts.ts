/**
 * Binds shortcut ids (from shortcuts.ts) to actions while the component is mounted. Keys typed
 * into a text field are left alone, except Escape, which leaves the field. `capture` handlers
 * (dialogs) run first and stop the key from reaching the others. The desktop menu's commands
 * (SHORTCUT_EVENT, from commands.ts) run the same actions the same way.
 */
import { useEffect, useRef } from 'react';
import { SHORTCUT_EVENT, shortcutFor, type ShortcutId } from '../shortcuts';

export type ShortcutActions = Partial<Record<ShortcutId, () => void>>;

function typing(target: EventTarget | null): boolean {
  const el = target as HTMLElement | null;
  if (!el || !el.tagName) return false;
  if (el.isContentEditable) return true;
  if (el.tagName === 'TEXTAREA' || el.tagName === 'SELECT') return true;
  if (el.tagName !== 'INPUT') return false;
  const type = (el as HTMLInputElement).type;
  return !['checkbox', 'radio', 'button', 'submit', 'range'].includes(type);
}

export function useShortcuts(actions: ShortcutActions, opts: { capture?: boolean; enabled?: boolean } = {}): void {
  const ref = useRef(actions);
  useEffect(() => {
    ref.current = actions;
  });
  const { capture = false, enabled = true } = opts;
  useEffect(() => {
    if (!enabled) return;
    const handle = (e: Event, id: ShortcutId): void => {
      const run = ref.current[id];
      if (!run) return;
      e.preventDefault();
      if (capture) e.stopImmediatePropagation();
      run();
    };
    const onKey = (e: KeyboardEvent): void => {
      if (e.defaultPrevented) return;
      const id = shortcutFor(e);
      if (!id) return;
      if (typing(e.target)) {
        if (id !== 'escape') return;
        (e.target as HTMLElement).blur();
      }
      handle(e, id);
    };
    const onMenu = (e: Event): void => {
      if (!e.defaultPrevented) handle(e, (e as CustomEvent<ShortcutId>).detail);
    };
    window.addEventListener('keydown', onKey, capture);
    window.addEventListener(SHORTCUT_EVENT, onMenu, capture);
    return () => {
      window.removeEventListener('keydown', onKey, capture);
      window.removeEventListener(SHORTCUT_EVENT, onMenu, capture);
    };
  }, [capture, enabled]);
}
