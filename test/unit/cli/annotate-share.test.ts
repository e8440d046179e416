/**
 * `hindsight annotate` / `hindsight annotations` (notes on a workspace's timeline from the command line) and
 * `hindsight share` (a range written as a smaller, optionally redacted workspace).
 */
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { listAnnotations } from '../../../core/store/annotations';
import { WorkspaceStore } from '../../../core/store/workspace';
import { runCli } from './run-cli';

let dir: string;
let ws: string;
const T0 = Date.parse('2026-03-06T12:00:00Z');
const MIN = 60_000;

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'hindsight-annotate-cli-'));
  process.env.HINDSIGHT_HOME = join(dir, 'home');
  ws = join(dir, 'ws.hindsight');
  const s = WorkspaceStore.open(ws, { create: true });
  s.transaction(() => {
    const src = s.addSource({ path: 'app.log', format: 'text', kind: 'logs', bytes: 1, sha256: 'x', zone: 'UTC' });
    s.insertLogs(
      src,
      Array.from({ length: 120 }, (_, i) => ({ ts: T0 + i * MIN, line: i + 1, lines: 1, raw: `login bob@example.com from 10.1.2.${i % 3} user_id=${i % 5}` })),
    );
    s.indexLogs(src);
  });
  s.close();
});
afterAll(() => {
  delete process.env.HINDSIGHT_HOME;
  rmSync(dir, { recursive: true, force: true });
});

const run = runCli;

describe('hindsight annotate / annotations', () => {
  it('adds a note at a moment and one over a range, with tags, star and author, and lists them in time order', async () => {
    const a = await run('annotate', ws, '--at', '2026-03-06T12:30:00Z', '--to', '2026-03-06T12:45:00Z', '--text', 'error budget burning', '--tag', 'impact', '--author', 'carol');
    expect(a.code).toBe(0);
    expect(a.out).toMatch(/^added #\d+ 2026-03-06T12:30:00.000Z \.\. 2026-03-06T12:45:00.000Z carol: error budget burning \[impact\]/);
    const b = await run('annotate', ws, '--at', '2026-03-06T12:10:00Z', '--text', 'rollback started here', '--tag', 'rollback', '--tag', 'deploy', '--star', '--json');
    expect(JSON.parse(b.out)).toMatchObject({ at: '2026-03-06T12:10:00.000Z', to: null, text: 'rollback started here', tags: ['rollback', 'deploy'], starred: true });
    // Without --author, the OS user name.
    expect((JSON.parse(b.out) as { author: string }).author.length).toBeGreaterThan(0);

    const list = await run('annotations', ws, '--json');
    expect((JSON.parse(list.out) as { text: string }[]).map((n) => n.text)).toEqual(['rollback started here', 'error budget burning']);
    expect((await run('annotations', ws, '--starred')).out).toMatch(/^#\d+ 2026-03-06T12:10:00.000Z ★ .*rollback started here/);
    expect((await run('annotations', ws, '--tag', 'impact', '--json')).out).toContain('error budget burning');
    expect((await run('annotations', ws, '--from', '2026-03-06T12:40:00Z', '--json')).out).not.toContain('rollback');
  });

  it('refuses an unreadable time, an empty note and a range that ends before it starts, writing nothing', async () => {
    const before = (() => {
      const s = WorkspaceStore.open(ws);
      try {
        return listAnnotations(s).length;
      } finally {
        s.close();
      }
    })();
    expect((await run('annotate', ws, '--at', 'yesterday', '--text', 'x')).err).toMatch(/--at: cannot read "yesterday"/);
    expect((await run('annotate', ws, '--at', '2026-03-06T12:00:00Z', '--text', '  ')).code).not.toBe(0);
    expect((await run('annotate', ws, '--at', '2026-03-06T12:00:00Z', '--to', '2026-03-06T11:00:00Z', '--text', 'x')).err).toMatch(/end after it starts/);
    const s = WorkspaceStore.open(ws);
    try {
      expect(listAnnotations(s).length).toBe(before);
    } finally {
      s.close();
    }
  });
});

describe('hindsight share', () => {
  it('writes a range as a smaller redacted workspace and prints what it copied and masked', async () => {
    const out = join(dir, 'shared.hindsight');
    const r = await run('share', ws, '--from', '2026-03-06T12:30:00Z', '--to', '2026-03-06T12:59:00Z', '--margin', '0', '--redact', '--out', out);
    expect(r.err).toBe('');
    expect(r.code).toBe(0);
    expect(r.out).toContain(`wrote ${out}`);
    expect(r.out).toMatch(/copied 0 series \(0 samples\), 30 log lines, 0 templates, 0 events, 0 incidents, 1 notes, from 1 sources/);
    expect(r.out).toMatch(/masked 30 e-mail addresses \(1 distinct\), 30 IP addresses \(3\), 0 tokens \(0\), 30 user ids \(5\)/);
    const s = WorkspaceStore.open(out);
    try {
      const lines = s.searchLogs({ query: 'login' }, 0, 100, 100);
      expect(lines.total).toBe(30);
      expect(lines.rows[0].raw).toMatch(/^login <email-1> from <ip-\d> user_id=<user-\d>$/);
    } finally {
      s.close();
    }
  });

  it('refuses to overwrite a file, and needs an incident or a whole range', async () => {
    const out = join(dir, 'shared.hindsight');
    expect((await run('share', ws, '--from', '2026-03-06T12:30:00Z', '--to', '2026-03-06T12:59:00Z', '--out', out)).err).toMatch(/exists already/);
    expect((await run('share', ws, '--from', '2026-03-06T12:30:00Z', '--out', join(dir, 'x.hindsight'))).err).toMatch(/--incident, or a range/);
    expect((await run('share', ws, '--incident', 'INC-nope', '--out', join(dir, 'y.hindsight'))).err).toMatch(/no incident "INC-nope"/);
    expect(existsSync(join(dir, 'x.hindsight')) || existsSync(join(dir, 'y.hindsight'))).toBe(false);
  });
});
