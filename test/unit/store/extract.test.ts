/**
 * Sharing a range as a smaller workspace: the copy is a valid workspace (opens, migrates, passes SQLite's and
 * the full-text index's integrity checks) holding exactly what the range holds, with text rewritten when asked,
 * and a failed write leaves no file behind.
 */
import { existsSync, mkdtempSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { addAnnotation, listAnnotations } from '../../../core/store/annotations';
import { extractWorkspace, removePartials } from '../../../core/store/extract';
import { loadIncidents, saveIncidents } from '../../../core/store/incidents';
import { WorkspaceStore, type LogInput } from '../../../core/store/workspace';

let dir: string;
let store: WorkspaceStore;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'hindsight-extract-'));
  store = WorkspaceStore.open(join(dir, 'full.hindsight'), { create: true });
  fillWorkspace(store);
});
afterEach(() => {
  store.close();
  rmSync(dir, { recursive: true, force: true });
});

const T0 = Date.parse('2026-03-06T12:00:00Z');
const MIN = 60_000;
const HOURS = 6;
/** The shared range: the fourth hour. */
const FROM = T0 + 3 * 60 * MIN;
const TO = T0 + 4 * 60 * MIN - 1;

/**
 * Six hours of one-minute samples of two series (one source), a log line a minute (another source: "login"
 * lines naming a user by e-mail and address, "served" lines), a deploy in the shared hour and an alert outside
 * it, an incident in the shared hour with the deploy as its change, and a note inside and one outside.
 */
function fillWorkspace(s: WorkspaceStore): void {
  s.transaction(() => {
    const metrics = s.addSource({ path: '/home/alice/dumps/metrics.json', format: 'prometheus', kind: 'metrics', bytes: 1, sha256: 'm', zone: 'UTC' });
    const n = HOURS * 60;
    const ts = Float64Array.from({ length: n }, (_, i) => T0 + i * MIN);
    for (const [name, scale] of [['http_requests', 10], ['cpu', 0.5]] as const) {
      const id = s.seriesId(name, { service: 'checkout', instance: '10.0.0.7:9100' });
      s.appendSamples(id, metrics, ts, ts.map((_, i) => scale * (1 + (i % 7))));
      s.refreshSeries(id, ts[0], ts[n - 1]);
    }
    const logs = s.addSource({ path: '/home/alice/dumps/app.log', format: 'text', kind: 'logs', bytes: 1, sha256: 'l', zone: 'UTC' });
    const lines: LogInput[] = Array.from({ length: n }, (_, i) => ({
      ts: T0 + i * MIN,
      line: i + 1,
      lines: 1,
      service: 'checkout',
      level: 'info',
      templateId: i % 2 ? 'served' : 'login',
      raw: i % 2 ? `request served in ${i} ms` : `login user${i % 4}@example.com from 192.168.1.${i % 4}`,
    }));
    s.insertLogs(logs, lines);
    s.indexLogs(logs);
    for (const id of ['served', 'login']) {
      const mine = lines.filter((l) => l.templateId === id);
      s.mergeTemplate({
        id,
        service: 'checkout',
        pattern: id === 'login' ? 'login <*> from <*>' : 'request served in <*> ms',
        count: mine.length,
        first: mine[0].ts,
        last: mine[mine.length - 1].ts,
        levels: { info: mine.length },
        examples: mine.slice(0, 2).map((l) => l.raw),
        buckets: new Map(mine.map((l) => [l.ts, 1])),
      });
    }
    const deploy = s.insertEvent(null, { ts: FROM + 10 * MIN, kind: 'deploy', service: 'checkout', title: 'checkout v2.3.1 by alice@example.com' });
    s.insertEvent(null, { ts: T0 + 30 * MIN, kind: 'alert', service: 'checkout', title: 'HighLatency', attrs: { instance: '10.0.0.7:9100' } });
    saveIncidents(
      s,
      [
        {
          key: 'INC-1',
          title: 'checkout latency',
          start: FROM + 12 * MIN,
          end: FROM + 40 * MIN,
          onset: FROM + 12 * MIN,
          severity: 'high',
          summary: 'after the deploy',
          kind: 'deploy',
          rootService: 'checkout',
          detail: JSON.stringify({ evidence: ['user_id=4711 saw errors'] }),
          members: [{ eventId: deploy, role: 'change' }],
          findings: [{ kind: 'root-cause', service: 'checkout', score: 0.9, title: 'checkout', detail: '{}' }],
        },
      ],
      [],
    );
  });
  addAnnotation(s, { ts: FROM + 15 * MIN, text: 'rollback started here', tags: ['rollback'], starred: true, author: 'alice' });
  addAnnotation(s, { ts: T0 + 5 * MIN, text: 'quiet morning', author: 'alice' });
}

const filesIn = (d: string): string[] => readdirSync(d).sort();

describe('extractWorkspace', () => {
  it('writes a valid smaller workspace holding exactly the range: samples, logs, templates, events, incidents, notes', () => {
    const out = join(dir, 'shared.hindsight');
    const counts = extractWorkspace(store, out, { from: FROM, to: TO });
    expect(counts).toEqual({ sources: 2, series: 2, samples: 120, logs: 60, templates: 2, events: 1, incidents: 1, annotations: 1 });
    expect(statSync(out).mode & 0o777).toBe(0o600);
    expect(filesIn(dir)).toEqual(['full.hindsight', 'full.hindsight-shm', 'full.hindsight-wal', 'shared.hindsight']);

    const copy = WorkspaceStore.open(out);
    try {
      expect(copy.db.pragma('integrity_check', { simple: true })).toBe('ok');
      expect(copy.counts()).toMatchObject({ sources: 2, series: 2, samples: 120, logs: 60, events: 1 });
      expect(copy.timeRange()).toEqual({ first: FROM, last: TO - MIN + 1 });
      const cpu = copy.listSeries('cpu')[0];
      const samples = copy.readSamples(cpu.id);
      expect(samples.ts[0]).toBe(FROM);
      expect(samples.ts.length).toBe(60);
      // Full-text search works in the copy, and only finds the range's lines.
      const found = copy.searchLogs({ query: 'login' }, 0, 100, 1000);
      expect(found.total).toBe(30);
      expect(found.rows.every((r) => r.ts >= FROM && r.ts <= TO)).toBe(true);
      expect(copy.searchLogs({ templateId: 'served' }, 0, 100, 1000).total).toBe(30);
      expect(copy.template('login')).toMatchObject({ count: 30, first_seen: FROM, last_seen: FROM + 58 * MIN });
      const [incident] = loadIncidents(copy);
      expect(incident).toMatchObject({ key: 'INC-1', title: 'checkout latency' });
      expect(copy.db.prepare('SELECT COUNT(*) AS n FROM incident_events').get()).toEqual({ n: 1 });
      expect(listAnnotations(copy).map((n) => n.text)).toEqual(['rollback started here']);
      // Analysed at the same data version as the original: opening it does not start a fresh analysis.
      expect(copy.dataVersion).toBe(store.dataVersion);
      // Each source says what the copy holds of it, not what the original file held.
      const sources = Object.fromEntries(copy.sources().map((s) => [s.path, [s.rows_accepted, s.first_ts, s.last_ts]]));
      expect(sources).toEqual({
        '/home/alice/dumps/metrics.json': [120, FROM, TO - MIN + 1],
        '/home/alice/dumps/app.log': [60, FROM, TO - MIN + 1],
      });
    } finally {
      copy.close();
    }
  });

  it('rewrites shared text when asked (log lines, examples, titles, labels, incident detail) and keeps source file names only', () => {
    const out = join(dir, 'redacted.hindsight');
    const mask = (s: string): string => s.replace(/[\w.]+@example\.com/g, '<email>').replace(/\d+\.\d+\.\d+\.\d+/g, '<ip>').replace(/user_id=\d+/g, 'user_id=<user>');
    extractWorkspace(store, out, { from: FROM, to: TO, rewrite: { text: mask, json: mask }, sourceNamesOnly: true });
    const copy = WorkspaceStore.open(out);
    try {
      const all = copy.searchLogs({}, 0, 1000, 1000).rows.map((r) => r.raw).join('\n');
      expect(all).not.toMatch(/example\.com|192\.168/);
      expect(all).toContain('login <email> from <ip>');
      expect(copy.template('login')?.examples).not.toMatch(/example\.com/);
      expect(copy.events(FROM, TO)[0].title).toBe('checkout v2.3.1 by <email>');
      expect(copy.listSeries()[0].labels).toContain('<ip>');
      expect(loadIncidents(copy)[0].detail).toContain('user_id=<user>');
      expect(copy.sources().map((s) => s.path).sort()).toEqual(['app.log', 'metrics.json']);
      // The lines are searchable by what they say now.
      expect(copy.searchLogs({ query: 'example' }, 0, 10, 10).total).toBe(0);
    } finally {
      copy.close();
    }
  });

  it('leaves nothing behind when the write fails half-way, and never overwrites a file', () => {
    const out = join(dir, 'broken.hindsight');
    let calls = 0;
    const failing = (s: string): string => {
      if (++calls > 20) throw new Error('disk full (simulated)');
      return s;
    };
    expect(() => extractWorkspace(store, out, { from: FROM, to: TO, rewrite: { text: failing, json: failing } })).toThrow(/disk full/);
    expect(existsSync(out)).toBe(false);
    expect(filesIn(dir)).toEqual(['full.hindsight', 'full.hindsight-shm', 'full.hindsight-wal']);

    const first = join(dir, 'once.hindsight');
    extractWorkspace(store, first, { from: FROM, to: TO });
    const size = statSync(first).size;
    expect(() => extractWorkspace(store, first, { from: T0, to: TO })).toThrow(/exists already/);
    expect(statSync(first).size).toBe(size);
    expect(() => extractWorkspace(store, store.file, { from: T0, to: TO })).toThrow(/being shared/);
  });

  it('clears what a write stopped from outside (a terminated worker) left beside its destination, and only that', () => {
    const out = join(dir, 'stopped.hindsight');
    for (const f of ['stopped.hindsight.partial-12-ab12', 'stopped.hindsight.partial-12-ab12-wal', 'stopped.hindsight.notes', 'other.hindsight.partial-1-ff']) {
      writeFileSync(join(dir, f), 'x');
    }
    expect(removePartials(out)).toBe(2);
    expect(filesIn(dir)).toEqual(['full.hindsight', 'full.hindsight-shm', 'full.hindsight-wal', 'other.hindsight.partial-1-ff', 'stopped.hindsight.notes']);
  });
});
