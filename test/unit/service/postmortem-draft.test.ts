import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { draftFromStore } from '../../../core/service/postmortem';
import { addAnnotation } from '../../../core/store/annotations';
import { ONSET } from '../analysis/advice/fixtures';
import { badDeployWorkspace } from './advice-workspace';

const MIN = 60_000;
const dirs: string[] = [];
afterEach(() => dirs.splice(0).forEach((d) => rmSync(d, { recursive: true, force: true })));

function workspace() {
  const dir = mkdtempSync(join(tmpdir(), 'hindsight-pm-'));
  dirs.push(dir);
  return { dir, ...badDeployWorkspace(join(dir, 'w.hindsight')) };
}

describe('a postmortem drafted from a stored incident', () => {
  it("carries the workspace's notes around the incident into its timeline, and leaves notes from other days out", () => {
    const { store, incident } = workspace();
    addAnnotation(store, { ts: ONSET + 20 * MIN, text: 'rollback started here', tags: ['rollback'], starred: true, author: 'ana' });
    addAnnotation(store, { ts: ONSET - 3 * 24 * 60 * MIN, text: 'unrelated note from three days before', author: 'bo' });
    const doc = draftFromStore(store, incident.id);
    const notes = doc.timeline.filter((e) => e.kind === 'note');
    expect(notes.map((n) => n.text.includes('rollback started here'))).toEqual([true]);
    expect(notes[0]).toMatchObject({ starred: true, author: 'ana' });
    store.close();
  });

  it("seeds the action items with the incident's recommendations when the data folder is known", () => {
    const { dir, store, incident } = workspace();
    const items = (d: ReturnType<typeof draftFromStore>) => d.sections.find((s) => s.id === 'action-items')?.text ?? '';
    expect(items(draftFromStore(store, incident.id, { dataDir: dir }))).toMatch(/Roll back Release 2\.18\.0.*\(advice: /);
    expect(items(draftFromStore(store, incident.id))).not.toMatch(/\(advice: /);
    store.close();
  });
});
