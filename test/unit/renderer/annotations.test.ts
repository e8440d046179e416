/**
 * Notes on the timeline: the figure layer (a marker per note in the events strip, a star for starred ones, a
 * bar over a range, lines through the panels, text escaped), its place in the whole figure, and the logic of
 * the notes panel and editor (tags as typed, filters, the draft a note starts from).
 */
import { describe, expect, it } from 'vitest';
import type { AnnotationInfo } from '../../../core/api/annotations';
import { buildNoteLines, buildNoteMarkers, noteHover, notesInView, NOTE_STYLE } from '../../../renderer/src/components/figure/annotations';
import { draftOf, filterNotes, newDraft, parseTags, tagsInUse, windowAround } from '../../../renderer/src/components/annotations/notes';
import { buildFigure } from '../../../renderer/src/components/timelineFigure';

const MIN = 60_000;
const T0 = Date.parse('2026-07-01T00:00:00Z');

function note(id: number, ts: number, extra: Partial<AnnotationInfo> = {}): AnnotationInfo {
  return { id, ts, endTs: null, seriesId: null, service: null, text: `note ${id}`, tags: [], starred: false, author: 'alice', createdAt: 0, updatedAt: 0, ...extra };
}

describe('the notes layer', () => {
  const notes = [
    note(1, T0 + MIN, { text: 'rollback started here', starred: true, tags: ['rollback'] }),
    note(2, T0 + 2 * MIN, { endTs: T0 + 5 * MIN, text: 'error budget <b>burning</b> since the deploy' }),
    note(3, T0 + 3 * MIN),
  ];

  it('draws a marker per note on its own strip row (stars for starred notes), a bar over a range, ids for clicks', () => {
    const traces = buildNoteMarkers({ notes, zone: 'UTC', dark: true });
    expect(traces.map((t) => t.name)).toEqual(['note-spans', 'notes', 'notes-starred']);
    const [spans, plain, starred] = traces;
    expect(spans.x).toEqual([T0 + 2 * MIN, T0 + 5 * MIN, null]);
    expect(spans.y).toEqual([NOTE_STYLE.row, NOTE_STYLE.row, null]);
    expect(plain.customdata).toEqual([2, 3]);
    expect(starred.customdata).toEqual([1]);
    expect((starred.marker as { symbol: string }).symbol).toBe('star');
    expect((plain.marker as { symbol: string }).symbol).toBe('circle');
    expect(traces.every((t) => t.yaxis === 'y')).toBe(true);
    expect(buildNoteMarkers({ notes: [], zone: 'UTC', dark: true })).toEqual([]);
  });

  it('escapes what a person wrote in labels and hover text, and shortens long labels', () => {
    const [, plain] = buildNoteMarkers({ notes, zone: 'UTC', dark: false });
    expect(plain.text).toEqual(['error budget &lt;b&gt;burning&lt;/b&gt;…', 'note 3']);
    const hover = noteHover(note(9, T0, { text: '<img src=x onerror=alert(1)>', author: '<script>', tags: ['<t>'] }), 'UTC');
    expect(hover).not.toMatch(/<img|<script|<t>/);
    expect(hover).toContain('&lt;img src=x onerror=alert(1)&gt;');
  });

  it('writes times in the chosen zone', () => {
    const [plain] = buildNoteMarkers({ notes: [note(1, T0)], zone: 'Europe/Berlin', dark: true });
    expect(plain.x).toEqual([T0 + 2 * 60 * MIN]);
  });

  it('draws a line through a panel at each note, and at both ends of a range', () => {
    const [lines] = buildNoteLines({ notes, axis: 'y2', zone: 'UTC', lo: 0, hi: 10 });
    expect(lines.yaxis).toBe('y2');
    expect(lines.x).toEqual([T0 + MIN, T0 + MIN, null, T0 + 2 * MIN, T0 + 2 * MIN, null, T0 + 5 * MIN, T0 + 5 * MIN, null, T0 + 3 * MIN, T0 + 3 * MIN, null]);
    expect(lines.y?.slice(0, 3)).toEqual([0, 10, null]);
  });

  it('keeps the notes that meet the window', () => {
    expect(notesInView(notes, T0 + 4 * MIN, T0 + 10 * MIN).map((n) => n.id)).toEqual([2]);
    expect(notesInView(notes, T0 + 6 * MIN, T0 + 10 * MIN)).toEqual([]);
  });

  it('joins the figure: lines in each panel after its anomaly peaks, markers after the events strip', () => {
    const fig = buildFigure({
      series: [{ id: 1, name: 'm1', labels: {}, service: null, unit: null, firstTs: T0, lastTs: T0 + 60 * MIN, count: 60, anomalies: 0, anomalyScore: 0 }],
      buckets: new Map([[1, { id: 1, t: [T0, T0 + MIN], min: [1, 2], max: [3, 4], avg: [2, 3], source: 'raw' }]]),
      bands: new Map(),
      events: [],
      anomalies: [],
      strip: null,
      window: { from: T0, to: T0 + 10 * MIN },
      selection: null,
      zone: 'UTC',
      theme: 'dark',
      height: 500,
      notes,
    });
    expect(fig.data.map((t) => `${t.name}@${t.yaxis}`)).toEqual(['min@y2', 'max@y2', 'm1@y2', 'note-lines@y2', 'note-spans@y', 'notes@y', 'notes-starred@y']);
  });
});

describe('the notes panel and editor', () => {
  it('reads tags as typed: spaces or commas, # optional, each once', () => {
    expect(parseTags(' #rollback, db  deploy,,#db ')).toEqual(['rollback', 'db', 'deploy']);
    expect(parseTags('')).toEqual([]);
  });

  it('starts a note at a clicked time, or over the selection, and edits a stored one as it is', () => {
    expect(newDraft(T0 + 0.4, 'bob')).toEqual({ ts: T0, endTs: null, text: '', tags: '', starred: false, author: 'bob' });
    expect(newDraft({ from: T0, to: T0 + MIN })).toMatchObject({ ts: T0, endTs: T0 + MIN, author: '' });
    expect(draftOf(note(4, T0, { tags: ['a', 'b'], starred: true }))).toEqual({ id: 4, ts: T0, endTs: null, text: 'note 4', tags: 'a b', starred: true, author: 'alice' });
  });

  it('filters by tag and star, and lists the tags in use, most used first', () => {
    const list = [note(1, T0, { tags: ['db'], starred: true }), note(2, T0, { tags: ['db', 'rollback'] }), note(3, T0, { tags: ['api'] })];
    expect(filterNotes(list, { tag: 'db', starredOnly: false }).map((n) => n.id)).toEqual([1, 2]);
    expect(filterNotes(list, { tag: '', starredOnly: true }).map((n) => n.id)).toEqual([1]);
    expect(tagsInUse(list)).toEqual(['db', 'api', 'rollback']);
  });

  it('shows a note from the list in a window around it', () => {
    expect(windowAround(note(1, T0))).toEqual({ from: T0 - 15 * MIN, to: T0 + 15 * MIN });
    expect(windowAround(note(1, T0, { endTs: T0 + 60 * MIN }))).toEqual({ from: T0 - 60 * MIN, to: T0 + 120 * MIN });
  });
});
