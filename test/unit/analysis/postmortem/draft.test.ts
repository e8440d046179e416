/**
 * The postmortem draft: the SRE template's sections, a timeline from the incident's evidence in time
 * order (changes, first symptom, onset, alerts grouped by name, mitigation, recovery, a person's notes),
 * times written in the chosen zone with the offset, and every citation pointing at its evidence.
 */
import { describe, expect, it } from 'vitest';
import { cite, draftPostmortem, rezoneClocks } from '../../../../core/analysis/postmortem/draft';
import { computeImpact } from '../../../../core/analysis/postmortem/impact';
import { SECTION_IDS } from '../../../../core/analysis/postmortem/types';
import { CHANGE_AT, END, MIN, ONSET, plantedIncident } from './fixture';

const incident = plantedIncident();
const impact = computeImpact({ onset: ONSET, end: END, services: incident.services, series: [], meanRequestRate: {} });
const draft = (zone = 'Europe/Berlin') =>
  draftPostmortem({ incident, impact, zone, notes: [{ ts: ONSET + 20 * MIN, text: 'rollback started here', author: 'ana', starred: true, tags: ['mitigation'] }], fixes: ['Cap db.pool.max changes at 20 %'] });

describe('draftPostmortem', () => {
  it('has every section of the template, in order, each with text', () => {
    const doc = draft();
    expect(doc.sections.map((s) => s.id)).toEqual([...SECTION_IDS]);
    for (const s of doc.sections) expect(s.text.length).toBeGreaterThan(5);
    expect(doc.status).toBe('draft');
    expect(doc.fingerprint).toEqual(incident.fingerprint);
  });

  it('drafts the timeline in time order: change, other change, symptom, onset, grouped alerts, note, mitigation, recovery', () => {
    const doc = draft();
    expect(doc.timeline.map((t) => t.kind)).toEqual(['change', 'change', 'symptom', 'onset', 'alert', 'alert', 'note', 'mitigation', 'recovery']);
    expect(doc.timeline.map((t) => t.ts)).toEqual([...doc.timeline.map((t) => t.ts)].sort((a, b) => a - b));
    expect(doc.timeline[0]).toMatchObject({ ts: CHANGE_AT, text: expect.stringMatching(/^Likely trigger: the config "db.pool.max 50 -> 5"/) });
    // Two firings of one alert name on two services are one line, counted.
    const latency = doc.timeline.find((t) => t.text.startsWith('Alert PaymentsLatencyHigh'));
    expect(latency?.text).toBe('Alert PaymentsLatencyHigh first fired (payments, checkout; 4 firings).');
    expect(latency?.evidence).toHaveLength(2);
    const note = doc.timeline.find((t) => t.kind === 'note');
    expect(note).toMatchObject({ text: 'Note (ana): rollback started here', starred: true, tags: ['mitigation'], author: 'ana' });
    expect(doc.timeline.at(-1)).toMatchObject({ kind: 'recovery', ts: END });
  });

  it('writes times in the zone with its offset, and rewrites the analysis\' UTC clock times', () => {
    const doc = draft();
    const text = (id: string) => doc.sections.find((s) => s.id === id)?.text ?? '';
    expect(text('trigger')).toContain('at 2026-07-01 15:40 CEST (UTC+02:00)');
    expect(text('detection')).toMatch(/^Alert PaymentsLatencyHigh \(payments\) fired at 2026-07-01 16:04 CEST \(UTC\+02:00\), 2 min after the onset\. \[E\d+\]$/);
    expect(text('summary')).toContain('At 16:02 CEST (UTC+02:00) p95 latency');
    expect(text('summary')).toContain('the config change at 15:40 CEST (UTC+02:00) on payments');
    expect(text('root-causes')).toContain('first abnormal at 16:02 CEST (UTC+02:00)');
    expect(draft('UTC').sections.find((s) => s.id === 'trigger')?.text).toContain('at 2026-07-01 13:40 UTC');
  });

  it('numbers the evidence in time order, each cited number existing, each signal once', () => {
    const doc = draft();
    expect(doc.evidence.map((e) => e.n)).toEqual(doc.evidence.map((_, i) => i + 1));
    expect(doc.evidence.map((e) => e.ts)).toEqual([...doc.evidence.map((e) => e.ts)].sort((a, b) => a - b));
    const cited = [...doc.sections.flatMap((s) => [...s.text.matchAll(/E(\d+)/g)].map((m) => Number(m[1]))), ...doc.timeline.flatMap((t) => t.evidence)];
    expect(cited.length).toBeGreaterThan(5);
    for (const n of cited) expect(n >= 1 && n <= doc.evidence.length).toBe(true);
    const keys = doc.evidence.filter((e) => e.ref !== null).map((e) => `${e.kind}:${e.ref}`);
    expect(new Set(keys).size).toBe(keys.length);
    // The trigger cites the change itself.
    const trigger = doc.sections.find((s) => s.id === 'trigger')?.text ?? '';
    const n = Number(/\[E(\d+)\]/.exec(trigger)?.[1]);
    expect(doc.evidence[n - 1]).toMatchObject({ kind: 'change', ref: 11 });
  });

  it('seeds the action items with the recommended fixes, then what the data points at', () => {
    const items = draft().sections.find((s) => s.id === 'action-items')?.text.split('\n') ?? [];
    expect(items[0]).toBe('- [ ] Cap db.pool.max changes at 20 % (owner: _?_, due: _?_)');
    expect(items[1]).toContain('Review the config "db.pool.max 50 -> 5" on payments');
  });

  it('says so when nothing explains or detected the incident', () => {
    const quiet = draftPostmortem({ incident: { ...incident, changes: [], alerts: [], mitigations: [] }, impact, zone: 'UTC' });
    const text = (id: string) => quiet.sections.find((s) => s.id === id)?.text ?? '';
    expect(text('trigger')).toMatch(/^No recorded change/);
    expect(text('detection')).toMatch(/^No alert fired/);
    expect(text('resolution')).toMatch(/^No rollback or revert was recorded/);
    expect(text('action-items')).toContain('Add an alert on p95 latency of payments');
  });
});

describe('rezoneClocks and cite', () => {
  it('reads each HH:MM as the UTC time nearest the signal and writes it in the zone', () => {
    const at = Date.UTC(2026, 2, 6, 23, 50);
    expect(rezoneClocks('burst at 23:55: x, then 00:10', at, 'Europe/Berlin')).toBe('burst at 00:55 CET (UTC+01:00): x, then 01:10 CET (UTC+01:00)');
    expect(rezoneClocks('At Mar 6 15:18 UTC errors rose', Date.UTC(2026, 2, 6, 15, 18), 'Asia/Kolkata')).toBe('At 2026-03-06 20:48 (UTC+05:30) errors rose');
    expect(rezoneClocks('version 2.18:01 at 15:18', Date.UTC(2026, 2, 6, 15, 18), 'Europe/Berlin')).toBe('version 2.18:01 at 16:18 CET (UTC+01:00)');
    expect(rezoneClocks('at 15:18', Date.UTC(2026, 2, 6, 15, 18), 'UTC')).toBe('at 15:18');
  });

  it('cites numbers sorted and once', () => {
    expect(cite([5, 3, 5])).toBe(' [E3, E5]');
    expect(cite([])).toBe('');
  });
});
