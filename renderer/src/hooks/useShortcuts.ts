/**
 * Binds shortcut ids (from shortcuts.ts) to actions while the component is mounted. Keys typed
 * into a text field are left alone, except Escape, which leaves the field. `capture` handlers
 * (dialogs) run first and stop the key from reaching the others.
 */
import { useEffect, useRef } from 'react';
import { shortcutFor, type ShortcutId } from '../shortcuts';

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
    const onKey = (e: KeyboardEvent): void => {
      if (e.defaultPrevented) return;
      const id = shortcutFor(e);
      if (!id) return;
      if (typing(e.target)) {
        if (id !== 'escape') return;
        (e.target as HTMLElement).blur();
      }
      const run = ref.current[id];
      if (!run) return;
      e.preventDefault();
      if (capture) e.stopImmediatePropagation();
      run();
    };
    window.addEventListener('keydown', onKey, capture);
    return () => window.removeEventListener('keydown', onKey, capture);
  }, [capture, enabled]);
}
