/**
 * The knowledge base of postmortems: entries from saved documents, search across them (every word
 * required, BM25 order), and entries as past incidents whose resolution "similar incidents" shows.
 */
import { describe, expect, it } from 'vitest';
import { asKnownIncident, knowledgeEntry, searchKnowledge, words } from '../../../../core/analysis/postmortem/knowledge';
import { draftPostmortem } from '../../../../core/analysis/postmortem/draft';
import { computeImpact } from '../../../../core/analysis/postmortem/impact';
import { similarIncidents } from '../../../../core/analysis/incidents/similar';
import { END, ONSET, plantedIncident } from './fixture';

const incident = plantedIncident();
const doc = draftPostmortem({ incident, impact: computeImpact({ onset: ONSET, end: END, services: incident.services, series: [], meanRequestRate: {} }), zone: 'UTC' });
const other = { ...doc, title: 'Postmortem: disk full on logging', incidentKey: 'INC-2', fingerprint: ['kind:disk-full', 'root:logging'], sections: doc.sections.map((s) => ({ ...s, text: s.id === 'summary' ? 'The logging disk filled up; payments was fine.' : '' })), timeline: [] };
const entries = [knowledgeEntry(doc, '/w/a.hindsight', 1, 10), knowledgeEntry(other, '/w/b.hindsight', 4, 20)];

describe('knowledge base', () => {
  it('splits words on anything but letters and digits', () => {
    expect(words('db.pool.max payments-api')).toEqual(['db', 'pool', 'max', 'payments', 'api']);
  });

  it('finds the postmortems holding every query word, best first, across workspaces', () => {
    expect(searchKnowledge(entries, 'revert pool').map((h) => h.entry.id)).toEqual(['/w/a.hindsight#1']);
    const both = searchKnowledge(entries, 'payments');
    expect(both.map((h) => h.entry.workspace).sort()).toEqual(['/w/a.hindsight', '/w/b.hindsight']);
    // The postmortem about payments outranks the one that mentions it once.
    expect(both[0].entry.id).toBe('/w/a.hindsight#1');
    expect(both[0].snippet.toLowerCase()).toContain('payments');
    expect(searchKnowledge(entries, 'payments nonexistentword')).toEqual([]);
    expect(searchKnowledge(entries, '  ')).toEqual([]);
  });

  it('keeps what was done then, and joins "similar incidents" with it', () => {
    expect(entries[0].resolution).toContain('revert db.pool.max');
    const found = similarIncidents({ id: 'INC-new', fingerprint: incident.fingerprint }, entries.map(asKnownIncident));
    expect(found).toHaveLength(1);
    expect(found[0]).toMatchObject({ id: incident.id, similarity: 1, origin: `postmortem: ${doc.title}` });
    expect(found[0].resolution).toContain('revert db.pool.max');
    // The incident the postmortem tells of does not find itself.
    expect(similarIncidents(incident, entries.map(asKnownIncident))).toEqual([]);
  });
});
