import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openDatabase } from '../../../core/store/db';
import { MIGRATIONS } from '../../../core/store/migrations';
import { WorkspaceStore, type LogInput } from '../../../core/store/workspace';

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'hindsight-log-index-'));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

const file = (): string => join(dir, 'ws.hindsight');

/** Two sources whose times interleave: template "a" (timeouts) and "b" (served requests), one line without any. */
const SOURCE_1: LogInput[] = [
  { ts: 1000, line: 1, lines: 1, templateId: 'a', raw: 'payment gateway timeout after 3000 ms' },
  { ts: 3000, line: 2, lines: 1, templateId: 'b', raw: 'request served in 12 ms' },
  { ts: 5000, line: 3, lines: 1, templateId: 'a', raw: 'payment gateway timeout after 5000 ms' },
  { ts: 6000, line: 4, lines: 1, templateId: null, raw: 'gateway timeout, then a line nobody mined' },
];
const SOURCE_2: LogInput[] = [
  { ts: 2000, line: 1, lines: 1, templateId: 'a', raw: 'payment gateway timeout after 2000 ms' },
  { ts: 4000, line: 2, lines: 1, templateId: 'a', raw: 'retry: gateway timeout after 4000 ms' },
  { ts: 4000, line: 3, lines: 1, templateId: 'b', raw: 'request served in 7 ms' },
];

/** Writes both sources as the importer does: source 1 indexed by its row range, source 2 by its source id. */
function writeSources(s: WorkspaceStore): void {
  s.transaction(() => {
    const first = s.insertLogs(1, SOURCE_1);
    s.indexLogs(1, { first, last: first + SOURCE_1.length - 1 });
  });
  s.transaction(() => {
    s.insertLogs(2, SOURCE_2);
    s.indexLogs(2);
  });
}

const rawOf = (r: { rows: { raw: string }[] }): string[] => r.rows.map((x) => x.raw);

describe('log lines by template and by text', () => {
  it("lists a template's lines in time order across sources, either way, paged, within a range, with a text query", () => {
    const s = WorkspaceStore.open(file(), { create: true });
    writeSources(s);
    const all = s.searchLogs({ templateId: 'a' }, 0, 10, 100);
    expect(all.rows.map((r) => r.ts)).toEqual([1000, 2000, 4000, 5000]);
    expect(all.total).toBe(4);
    expect(all.rows.every((r) => r.template_id === 'a')).toBe(true);
    expect(s.searchLogs({ templateId: 'a', order: 'desc' }, 0, 10, 100).rows.map((r) => r.ts)).toEqual([5000, 4000, 2000, 1000]);
    expect(s.searchLogs({ templateId: 'a' }, 1, 2, 100).rows.map((r) => r.ts)).toEqual([2000, 4000]);
    expect(s.searchLogs({ templateId: 'a', from: 1500, to: 4500 }, 0, 10, 100).rows.map((r) => r.ts)).toEqual([2000, 4000]);
    expect(rawOf(s.searchLogs({ templateId: 'a', query: 'retry' }, 0, 10, 100))).toEqual(['retry: gateway timeout after 4000 ms']);
    expect(s.searchLogs({ templateId: 'b', query: 'timeout' }, 0, 10, 100).total).toBe(0);
    expect(s.searchLogs({ templateId: 'missing' }, 0, 10, 100).total).toBe(0);
    // Phrases need positions in the full-text index.
    expect(s.searchLogs({ query: '"gateway timeout after"' }, 0, 10, 100).total).toBe(4);
    expect(s.searchLogs({ query: '"timeout gateway"' }, 0, 10, 100).total).toBe(0);
    s.close();
  });

  it("brings a v2 workspace's logs over: the same template lines and search hits, no per-row column sizes", () => {
    // Written as v2 wrote logs: rows, then the full-text index over them.
    const old = openDatabase(file(), { create: true, migrations: MIGRATIONS.filter((m) => m.version <= 2) });
    const add = old.prepare('INSERT INTO logs(source_id, ts, line, lines, template_id, raw) VALUES (?, ?, ?, ?, ?, ?)');
    for (const [sourceId, rows] of [[1, SOURCE_1], [2, SOURCE_2]] as const) {
      for (const l of rows) add.run(sourceId, l.ts, l.line, l.lines, l.templateId ?? null, l.raw);
    }
    old.exec('INSERT INTO logs_fts(rowid, raw) SELECT id, raw FROM logs');
    old.close();
    const s = WorkspaceStore.open(file());
    const docsize = s.db.prepare("SELECT COUNT(*) AS n FROM sqlite_master WHERE name = 'logs_fts_docsize'").get() as { n: number };
    expect(docsize.n).toBe(0);
    expect(s.searchLogs({ templateId: 'a' }, 0, 10, 100).rows.map((r) => r.ts)).toEqual([1000, 2000, 4000, 5000]);
    expect(s.searchLogs({ templateId: 'b' }, 0, 10, 100).rows.map((r) => r.ts)).toEqual([3000, 4000]);
    expect(s.searchLogs({ query: 'timeout' }, 0, 10, 100).total).toBe(5);
    expect(s.searchLogs({ query: '"request served"' }, 0, 10, 100).total).toBe(2);
    // New sources land on top of the migrated ones.
    s.transaction(() => {
      const first = s.insertLogs(3, [{ ts: 7000, line: 1, lines: 1, templateId: 'b', raw: 'request served in 3 ms' }]);
      s.indexLogs(3, { first, last: first });
    });
    expect(s.searchLogs({ templateId: 'b' }, 0, 10, 100).rows.map((r) => r.ts)).toEqual([3000, 4000, 7000]);
    expect(s.searchLogs({ query: '"request served"' }, 0, 10, 100).total).toBe(3);
    s.close();
  });
});
