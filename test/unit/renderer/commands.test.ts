/**
 * The page's command bus (renderer/src/commands.ts): each desktop command goes to the newest handler
 * of its kind, and waits, in order, for one while none is mounted.
 */
import { describe, expect, it } from 'vitest';
import type { MenuCommand } from '../../../core/api/desktop';
import { CommandBus } from '../../../renderer/src/commands';

describe('CommandBus', () => {
  it('sends a command to the newest handler of its kind only', () => {
    const bus = new CommandBus();
    const seen: string[] = [];
    bus.on('import', (c) => seen.push(`old:${c.paths.join()}`));
    const off = bus.on('import', (c) => seen.push(`new:${c.paths.join()}`));
    bus.on('open', (c) => seen.push(`open:${c.path}`));
    bus.dispatch({ kind: 'import', paths: ['/a.log'] });
    off();
    bus.dispatch({ kind: 'import', paths: ['/b.log'] });
    bus.dispatch({ kind: 'open', path: '/c.hindsight' });
    expect(seen).toEqual(['new:/a.log', 'old:/b.log', 'open:/c.hindsight']);
  });

  it('holds commands no one handles yet, and hands them over in order to the first handler of their kind', () => {
    const bus = new CommandBus();
    const held: MenuCommand[] = [
      { kind: 'open', path: '/a.hindsight' },
      { kind: 'import', paths: ['/x.zip'] },
      { kind: 'open', path: '/b.hindsight' },
    ];
    for (const c of held) bus.dispatch(c);
    const opened: string[] = [];
    bus.on('open', (c) => opened.push(c.path));
    expect(opened).toEqual(['/a.hindsight', '/b.hindsight']);
    const imported: string[][] = [];
    bus.on('import', (c) => imported.push(c.paths));
    expect(imported).toEqual([['/x.zip']]);
    bus.on('open', (c) => opened.push(`again ${c.path}`));
    expect(opened).toHaveLength(2);
  });
});
