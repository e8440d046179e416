/**
 * `hindsight report` and `hindsight knowledge search`, and the postmortem handlers they share: a planted
 * incident in a small workspace becomes a Markdown, HTML (and, where Chromium exists, PDF) postmortem
 * with its impact computed from the stored series; a saved postmortem is what later reports and
 * knowledge searches (across workspaces) find.
 */
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import type { Incident } from '../../../core/analysis/incidents/types';
import { main } from '../../../core/cli/main';
import { chromiumCandidates } from '../../../core/report/pdf';
import { incidentHandlers } from '../../../core/service/incidents';
import { postmortemHandlers } from '../../../core/service/postmortem';
import { addAnnotation } from '../../../core/store/annotations';
import { saveIncidents, type IncidentInput } from '../../../core/store/incidents';
import { WorkspaceStore } from '../../../core/store/workspace';
import { END, MIN, ONSET, plantedIncident } from '../analysis/postmortem/fixture';

let dir: string;
let ws: string;
const home = () => join(dir, 'home');
const previousHome = process.env.HINDSIGHT_HOME;

/** Runs `hindsight ...args` in this process; returns the exit code, stdout and errors. */
async function run(...args: string[]): Promise<{ code: number; out: string; err: string }> {
  let out = '';
  let err = '';
  const o = vi.spyOn(process.stdout, 'write').mockImplementation(((c: string) => ((out += c), true)) as typeof process.stdout.write);
  const e = vi.spyOn(process.stderr, 'write').mockImplementation(((c: string) => ((err += c), true)) as typeof process.stderr.write);
  const c = vi.spyOn(console, 'error').mockImplementation((...a: unknown[]) => void (err += `${a.join(' ')}\n`));
  try {
    return { code: await main(['node', 'hindsight', ...args]), out, err };
  } finally {
    o.mockRestore();
    e.mockRestore();
    c.mockRestore();
  }
}

/** What the incidents step stores for an incident. */
function stored(i: Incident): IncidentInput {
  return { key: i.id, title: i.summary, start: i.start, end: i.end, onset: i.onset, severity: i.severity, summary: i.summary, kind: i.kind, rootService: i.services[0], detail: JSON.stringify(i), members: [], findings: [] };
}

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'hindsight-report-'));
  process.env.HINDSIGHT_HOME = home();
  ws = join(dir, 'ws.hindsight');
  const store = WorkspaceStore.open(ws, { create: true });
  store.transaction(() => {
    const source = store.addSource({ path: 'gen', format: 'gen', kind: 'metrics', bytes: 0, sha256: 'gen', zone: 'UTC' });
    // A day of minutes: payments serves 50 req/s; during the incident 5 of them fail, p95 4.8 s.
    const ts = Float64Array.from({ length: 1440 }, (_, i) => ONSET - 720 * MIN + i * MIN);
    const during = (t: number) => t >= ONSET && t < END;
    const put = (name: string, value: (t: number) => number): number => {
      const id = store.seriesId(name, { service: 'payments' });
      store.appendSamples(id, source, ts, Float64Array.from(ts, value));
      store.refreshSeries(id, ts[0], ts[ts.length - 1]);
      return id;
    };
    const latency = put('http_request_duration_seconds_p95', (t) => (during(t) ? 4.8 : 0.12));
    put('http_errors_per_second', (t) => (during(t) ? 5 : 0));
    put('http_requests_per_second', () => 50);
    const planted = plantedIncident();
    planted.rootCauses[0].metrics = [{ metric: 'http_request_duration_seconds_p95', seriesId: latency, score: 1 }];
    const payload = { ...plantedIncident({ payload: true }), id: 'INC-xss', severity: 'low' as const };
    saveIncidents(store, [stored(planted), stored(payload)], []);
    addAnnotation(store, { ts: ONSET + 25 * MIN, text: 'rollback started here', tags: ['mitigation'], starred: true, author: 'ana' });
  });
  store.close();
});

afterAll(() => {
  if (previousHome === undefined) delete process.env.HINDSIGHT_HOME;
  else process.env.HINDSIGHT_HOME = previousHome;
  rmSync(dir, { recursive: true, force: true });
});

describe('hindsight report', () => {
  it('writes the most severe incident as Markdown, impact computed from the series, times in the zone', async () => {
    const out = join(dir, 'pm.md');
    const r = await run('report', ws, '--format', 'md', '--out', out, '--zone', 'Europe/Berlin', '--slo', '99.5');
    expect(r.code, r.err).toBe(0);
    const md = readFileSync(out, 'utf8');
    expect(md).toMatch(/^# Postmortem: config change on payments, 2026-07-01 16:02 CEST \(UTC\+02:00\)/);
    // 5 failed a second for 40 min of 50 a second.
    expect(md).toContain('- **Affected requests:** 12 000 failed of 120 000 (10 %), counted on payments.');
    // Budget: 0.5 % of 50/s over 30 days = 648 000 requests.
    expect(md).toContain(`- **Error budget burnt (SLO 99.5 % over 30 days):** ${Number(((12_000 / 648_000) * 100).toPrecision(3))} % of the budget`);
    expect(md).toContain('- **Peak latency:** 4.80 s (p95 latency of payments at 16:02 CEST (UTC+02:00)).');
    expect(md).toMatch(/<img alt="p95 latency of payments \(http_request_duration_seconds_p95\)" src="data:image\/svg\+xml;base64,/);
    expect(md).toContain('| 2026-07-01 15:40 CEST (UTC+02:00) | Likely trigger: the config "db.pool.max 50 -&gt; 5" on payments');
    // The annotation on the incident's range is a line of the timeline.
    expect(md).toMatch(/\| 2026-07-01 16:27 CEST \(UTC\+02:00\) \| ★ Note \(ana\): rollback started here \(#mitigation\) \| \[E\d+\]\(#e\d+\) \|/);
  });

  it('writes HTML in which the payload of a log line, service and title stays text', async () => {
    const out = join(dir, 'xss.html');
    const r = await run('report', ws, '--incident', 'INC-xss', '--format', 'html', '--out', out);
    expect(r.code, r.err).toBe(0);
    const html = readFileSync(out, 'utf8');
    expect(html).toContain('stock sync refused &lt;img src=x onerror=alert(1)&gt;&lt;/script&gt;&lt;script&gt;alert(2)&lt;/script&gt;');
    expect(html).not.toMatch(/<script|<img/i);
    expect(html).toContain("default-src 'none'");
  });

  const chromium = chromiumCandidates().find((p) => existsSync(p));
  it.skipIf(!chromium)(`prints a PDF with Chromium (${chromium ?? 'skipped: no Chromium found; set HINDSIGHT_CHROMIUM'})`, async () => {
    const out = join(dir, 'pm.pdf');
    const r = await run('report', ws, '--format', 'pdf', '--out', out);
    expect(r.code, r.err).toBe(0);
    expect(readFileSync(out).subarray(0, 5).toString()).toBe('%PDF-');
  }, 60_000);

  it('refuses a missing Chromium, an unknown format, zone or incident with a sentence', async () => {
    const prev = process.env.HINDSIGHT_CHROMIUM;
    process.env.HINDSIGHT_CHROMIUM = join(dir, 'no-chromium');
    try {
      expect((await run('report', ws, '--format', 'pdf', '--out', join(dir, 'x.pdf'))).err).toMatch(/HINDSIGHT_CHROMIUM=.*no-chromium: no such file/);
    } finally {
      if (prev === undefined) delete process.env.HINDSIGHT_CHROMIUM;
      else process.env.HINDSIGHT_CHROMIUM = prev;
    }
    expect((await run('report', ws, '--format', 'docx', '--out', 'x')).err).toMatch(/--format: expected md, html or pdf/);
    expect((await run('report', ws, '--format', 'md', '--out', join(dir, 'z.md'), '--zone', 'Mars/Olympus')).err).toMatch(/unknown time zone "Mars\/Olympus"/);
    expect((await run('report', ws, '--incident', 'INC-nope', '--format', 'md', '--out', join(dir, 'z.md'))).err).toMatch(/no incident INC-nope/);
    expect((await run('report', ws, '--format', 'md', '--out', join(dir, 'z.md'), '--slo', '100')).err).toMatch(/--slo: expected a percentage/);
  });
});

describe('saved postmortems and the knowledge base', () => {
  it('saves an edited draft, lists it, exports it, and reports it from then on', async () => {
    const store = WorkspaceStore.open(ws);
    try {
      const h = postmortemHandlers({ store: () => store, dataDir: home() });
      const draft = await h['postmortem/draft']({ incident: 'INC-20260701-1402-payments', zone: 'Europe/Berlin' });
      const edited = {
        ...draft,
        title: 'Pool shrink took payments down',
        sections: draft.sections.map((s) => (s.id === 'lucky' ? { ...s, text: '- The revert script was already written.' } : s)),
        timeline: draft.timeline.map((t, i) => (i === 0 ? { ...t, text: 'Config push by the release bot' } : t)),
      };
      const saved = await h['postmortem/save']({ doc: edited });
      expect(saved.id).toBeGreaterThan(0);
      expect((await h['postmortem/list']({})).map((r) => r.title)).toEqual(['Pool shrink took payments down']);
      const again = await h['postmortem/get']({ id: saved.id });
      expect(again.doc.timeline[0].text).toBe('Config push by the release bot');
      const md = await h['postmortem/export']({ id: saved.id, format: 'md' });
      expect(md).toMatchObject({ fileName: 'postmortem-INC-20260701-1402-payments.md', mediaType: 'text/markdown' });
      expect(md.text).toContain('- The revert script was already written.');
      const pdf = await h['postmortem/export']({ doc: edited, format: 'pdf' });
      expect(pdf.text).toMatch(/^<!doctype html>/);
      await expect(h['postmortem/get']({ id: 999 })).rejects.toThrow(/no postmortem 999/);
    } finally {
      store.close();
    }
    const out = join(dir, 'saved.md');
    expect((await run('report', ws, '--format', 'md', '--out', out)).code).toBe(0);
    expect(readFileSync(out, 'utf8')).toMatch(/^# Pool shrink took payments down/);
  });

  it('finds the saved postmortem by words from any workspace, with what was done then', async () => {
    const r = await run('knowledge', 'search', 'revert', 'script', '--json');
    expect(r.code, r.err).toBe(0);
    const hits = JSON.parse(r.out) as { entry: { title: string; workspace: string; resolution: string }; snippet: string }[];
    expect(hits).toHaveLength(1);
    expect(hits[0].entry).toMatchObject({ title: 'Pool shrink took payments down', workspace: ws });
    expect(hits[0].entry.resolution).toContain('revert db.pool.max');
    expect((await run('knowledge', 'search', 'kubernetes')).out).toMatch(/^no saved postmortem holds "kubernetes"/);
  });

  it('offers the saved postmortem to "similar incidents" of a like incident, with what was done then', async () => {
    const store = WorkspaceStore.open(ws);
    try {
      const similar = await incidentHandlers({ store: () => store, dataDir: home() })['incidents/similar']({ id: 'INC-xss' });
      expect(similar.find((s) => s.origin === 'postmortem: Pool shrink took payments down')).toMatchObject({ id: 'INC-20260701-1402-payments', resolution: expect.stringContaining('revert db.pool.max') });
    } finally {
      store.close();
    }
  });
});
