/**
 * The renderer's side of the shortcut list (core/api/shortcuts.ts, shared with the desktop menu): the `?`
 * help is drawn from it and `useShortcuts` matches against it, so a key never does something the help does not say.
 */
import { SHORTCUTS, type ShortcutId } from '../../core/api/shortcuts';

export { SHORTCUTS, type Shortcut, type ShortcutId } from '../../core/api/shortcuts';

/** The window event (detail: a ShortcutId) by which a menu command runs a shortcut's action, as its key would. */
export const SHORTCUT_EVENT = 'hindsight:shortcut';

/** Shows a key as a person reads it. */
export function keyLabel(key: string): string {
  return ({ ArrowLeft: '←', ArrowRight: '→', ArrowUp: '↑', ArrowDown: '↓', Escape: 'Esc' } as Record<string, string>)[key] ?? key;
}

/** The shortcut a key press means, if any (modifier chords other than shift are never shortcuts). */
export function shortcutFor(e: KeyboardEvent): ShortcutId | null {
  if (e.ctrlKey || e.metaKey || e.altKey) return null;
  const hit = SHORTCUTS.find((s) => s.keys.includes(e.key));
  return hit ? hit.id : null;
}
