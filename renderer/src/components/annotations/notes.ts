/**
 * The logic of the notes panel and editor, kept apart from React so it is tested alone: tags as a person types
 * them, the list filtered by tag and star, the tags in use, and the draft a new note starts from (a clicked
 * time, or the brushed selection).
 */
import type { AnnotationInfo } from '../../../../core/api/annotations';
import type { TimeRange } from '../../nav';

/** What the editor edits: a stored note (with its id) or a new one. */
export interface NoteDraft {
  id?: number;
  ts: number;
  endTs: number | null;
  text: string;
  /** As typed: words separated by spaces or commas, `#` optional. */
  tags: string;
  starred: boolean;
  author: string;
}

/** Tags as typed ("#rollback, db  deploy") to the stored list: each once, without `#`, in the order typed. */
export function parseTags(typed: string): string[] {
  return [...new Set(typed.split(/[\s,]+/).map((t) => t.replace(/^#+/, '')).filter(Boolean))];
}

/** A new note's draft: at a moment, or over the selection. `author`: the name last used here ('' = the OS user). */
export function newDraft(at: number | TimeRange, author = ''): NoteDraft {
  const range = typeof at === 'number' ? { from: at, to: null } : { from: at.from, to: at.to };
  return { ts: Math.round(range.from), endTs: range.to === null ? null : Math.round(range.to), text: '', tags: '', starred: false, author };
}

/** A stored note's draft. */
export function draftOf(n: AnnotationInfo): NoteDraft {
  return { id: n.id, ts: n.ts, endTs: n.endTs, text: n.text, tags: n.tags.join(' '), starred: n.starred, author: n.author };
}

export interface NoteFilter {
  /** Only notes with this tag ('' for any). */
  tag: string;
  starredOnly: boolean;
}

/** The notes a filter keeps, in their order. */
export function filterNotes(notes: readonly AnnotationInfo[], f: NoteFilter): AnnotationInfo[] {
  return notes.filter((n) => (!f.tag || n.tags.includes(f.tag)) && (!f.starredOnly || n.starred));
}

/** Every tag in use, most used first (then by name). */
export function tagsInUse(notes: readonly AnnotationInfo[]): string[] {
  const counts = new Map<string, number>();
  for (const n of notes) for (const t of n.tags) counts.set(t, (counts.get(t) ?? 0) + 1);
  return [...counts].sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0])).map(([t]) => t);
}

/** The window a note is shown in when picked from the list: its range (or moment) in the middle third. */
export function windowAround(n: AnnotationInfo, minSpanMs = 30 * 60_000): TimeRange {
  const end = n.endTs ?? n.ts;
  const span = Math.max(minSpanMs, (end - n.ts) * 3);
  const middle = (n.ts + end) / 2;
  return { from: Math.round(middle - span / 2), to: Math.round(middle + span / 2) };
}
