/** The `?` dialog: every shortcut, from the one list in shortcuts.ts. */
import { keyLabel, SHORTCUTS } from '../shortcuts';
import { Modal } from './Modal';

export function ShortcutHelp({ onClose }: { onClose(): void }) {
  const groups = [...new Set(SHORTCUTS.map((s) => s.group))];
  return (
    <Modal title="Keyboard shortcuts" onClose={onClose} testId="shortcut-help">
      <div className="shortcut-groups">
        {groups.map((g) => (
          <section key={g}>
            <h3>{g}</h3>
            <table className="shortcuts">
              <tbody>
                {SHORTCUTS.filter((s) => s.group === g).map((s) => (
                  <tr key={s.id}>
                    <td className="keys">
                      {s.keys.map((k) => (
                        <kbd key={k}>{keyLabel(k)}</kbd>
                      ))}
                    </td>
                    <td>{s.label}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </section>
        ))}
      </div>
      <p className="muted">Timeline mouse: drag to zoom, shift-drag to select a range, double-click to show all, wheel to zoom.</p>
    </Modal>
  );
}
