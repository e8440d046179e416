/**
 * A person's notes on the timeline (core/api/annotations.ts): a marker for each in the events strip, on
 * its own row between changes and alerts (a star for a starred note), a bar across a note's range, the start of
 * its text beside it, and a thin line through every series panel at its time, so "rollback started here" reads
 * against every chart. Text a person wrote is HTML-escaped: Plotly renders hover text and labels as HTML.
 */
import type { PlotData } from 'plotly.js-basic-dist-min';
import type { AnnotationInfo } from '../../../../core/api/annotations';
import { escapeHtml } from '../../format';
import { fmtDuration, fmtTime, toWall } from '../../time';
import { memoLayer } from './memo';

/** The notes' colour, and their row in the events strip (changes sit at 0.72, alerts at 0.28). */
export const NOTE_STYLE = { color: '#eab308', row: 0.5, label: 'Note' } as const;
/** Characters of a note's text written beside its marker. */
const LABEL_CHARS = 28;

/** The notes that meet the window [from, to]. */
export function notesInView(notes: readonly AnnotationInfo[], from: number, to: number): AnnotationInfo[] {
  return notes.filter((n) => (n.endTs ?? n.ts) >= from && n.ts <= to);
}

export interface NoteMarkersInput {
  /** The notes to draw (those in the window). */
  notes: AnnotationInfo[];
  zone: string;
  dark: boolean;
}

/** A note's hover text: who, when (and for how long), its tags and its text. */
export function noteHover(n: AnnotationInfo, zone: string): string {
  const when = fmtTime(n.ts, zone, { seconds: true }) + (n.endTs !== null ? ` · for ${fmtDuration(n.endTs - n.ts)}` : '');
  const tags = n.tags.length ? `<br>${n.tags.map((t) => `#${escapeHtml(t)}`).join(' ')}` : '';
  return `<b>${n.starred ? '★ ' : ''}Note</b>${n.author ? ` · ${escapeHtml(n.author)}` : ''}<br>${escapeHtml(clip(n.text, 200))}${tags}<br>${when}`;
}

/**
 * The strip's traces (axis 'y'): one bar trace for the notes that span a range, one marker trace for the
 * plain and one for the starred notes, each marker carrying its note's id (`customdata`) and the start of its text.
 */
export function buildNoteMarkers({ notes, zone, dark }: NoteMarkersInput): PlotData[] {
  if (!notes.length) return [];
  const wall = (ms: number): number => toWall(ms, zone);
  const traces: PlotData[] = [];
  const spans = notes.filter((n) => n.endTs !== null && n.endTs > n.ts);
  if (spans.length) {
    traces.push({
      type: 'scatter',
      mode: 'lines',
      name: 'note-spans',
      x: spans.flatMap((n) => [wall(n.ts), wall(n.endTs as number), null]),
      y: spans.flatMap(() => [NOTE_STYLE.row, NOTE_STYLE.row, null]),
      xaxis: 'x',
      yaxis: 'y',
      line: { color: NOTE_STYLE.color, width: 4 },
      opacity: 0.55,
      hoverinfo: 'skip',
    } as PlotData);
  }
  for (const starred of [false, true]) {
    const list = notes.filter((n) => n.starred === starred);
    if (!list.length) continue;
    traces.push({
      type: 'scatter',
      mode: 'text+markers',
      name: starred ? 'notes-starred' : 'notes',
      x: list.map((n) => wall(n.ts)),
      y: list.map(() => NOTE_STYLE.row),
      xaxis: 'x',
      yaxis: 'y',
      marker: {
        color: NOTE_STYLE.color,
        symbol: starred ? 'star' : 'circle',
        size: starred ? 13 : 9,
        line: { width: 1, color: dark ? '#0f1216' : '#ffffff' },
      },
      text: list.map((n) => escapeHtml(clip(n.text, LABEL_CHARS))),
      textposition: 'middle right',
      textfont: { size: 10, color: dark ? '#f5d565' : '#8a6100' },
      hovertext: list.map((n) => noteHover(n, zone)),
      hovertemplate: '%{hovertext}<extra></extra>',
      customdata: list.map((n) => n.id),
      cliponaxis: false,
    } as unknown as PlotData);
  }
  return traces;
}

export interface NoteLinesInput {
  notes: AnnotationInfo[];
  /** The panel's y axis and range: lines span it. */
  axis: string;
  zone: string;
  lo: number;
  hi: number;
}

/** Thin lines through one series panel at each note's time (and the end of its range). */
export function buildNoteLines({ notes, axis, zone, lo, hi }: NoteLinesInput): PlotData[] {
  if (!notes.length) return [];
  const times = notes.flatMap((n) => (n.endTs !== null && n.endTs > n.ts ? [n.ts, n.endTs] : [n.ts]));
  return [
    {
      type: 'scatter',
      mode: 'lines',
      name: 'note-lines',
      x: times.flatMap((t) => [toWall(t, zone), toWall(t, zone), null]),
      y: times.flatMap(() => [lo, hi, null]),
      xaxis: 'x',
      yaxis: axis,
      line: { color: NOTE_STYLE.color, width: 1, dash: 'dash' },
      opacity: 0.8,
      hoverinfo: 'skip',
    } as PlotData,
  ];
}

/** Layers remembered by the note list they draw. */
export const noteMarkers = memoLayer(buildNoteMarkers, (input) => input.notes);
export const noteLines = memoLayer(buildNoteLines, (input) => input.notes);

function clip(s: string, n: number): string {
  return s.length > n ? `${s.slice(0, n - 1)}…` : s;
}
