/**
 * The note editor: the text, tags, a star and the author of a note at a moment or over a range. Saving stores
 * it in the workspace (the backend then tells every open view, which re-read their notes); a stored note can
 * be deleted here too. The author name typed is remembered on this machine; empty means the OS user name.
 */
import { useState } from 'react';
import { api } from '../../api';
import { fmtDuration, fmtRange, fmtTime } from '../../time';
import { ErrorNote } from '../ErrorNote';
import { Modal } from '../Modal';
import { parseTags, type NoteDraft } from './notes';

const AUTHOR_KEY = 'hindsight.author';

/** The author name last used on this machine ('' when none: the backend then uses the OS user name). */
export function rememberedAuthor(): string {
  try {
    return localStorage.getItem(AUTHOR_KEY) ?? '';
  } catch {
    return '';
  }
}

function rememberAuthor(name: string): void {
  try {
    localStorage.setItem(AUTHOR_KEY, name);
  } catch {
    // Storage disabled: the name is asked for again next time.
  }
}

export interface AnnotationEditorProps {
  draft: NoteDraft;
  zone: string;
  onClose(): void;
}

export function AnnotationEditor({ draft, zone, onClose }: AnnotationEditorProps) {
  const [text, setText] = useState(draft.text);
  const [tags, setTags] = useState(draft.tags);
  const [starred, setStarred] = useState(draft.starred);
  const [author, setAuthor] = useState(draft.author);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const stored = draft.id !== undefined;

  const run = (work: Promise<unknown>): void => {
    setBusy(true);
    setError(null);
    work.then(onClose, (e: Error) => {
      setError(e.message);
      setBusy(false);
    });
  };
  const save = (): void => {
    const fields = { text, tags: parseTags(tags), starred, author: author.trim() || undefined };
    rememberAuthor(author.trim());
    run(
      draft.id !== undefined
        ? api.invoke('annotations/update', { id: draft.id, ...fields })
        : api.invoke('annotations/add', { ts: draft.ts, endTs: draft.endTs, ...fields }),
    );
  };
  const remove = (): void => {
    if (draft.id !== undefined) run(api.invoke('annotations/delete', { id: draft.id }));
  };

  const when =
    draft.endTs !== null ? `${fmtRange(draft.ts, draft.endTs, zone)} (${fmtDuration(draft.endTs - draft.ts)})` : fmtTime(draft.ts, zone, { seconds: true });
  const footer = (
    <>
      {stored && (
        <button className="danger" onClick={remove} disabled={busy} data-testid="note-delete">
          Delete
        </button>
      )}
      <span className="spacer" />
      <button onClick={onClose} disabled={busy}>
        Cancel
      </button>
      <button className="primary" onClick={save} disabled={busy || !text.trim()} data-testid="note-save">
        {stored ? 'Save' : 'Add note'}
      </button>
    </>
  );
  return (
    <Modal title={stored ? 'Edit note' : 'Add a note'} onClose={onClose} footer={footer} testId="note-editor">
      <div className="muted note-when" data-testid="note-when">
        {draft.endTs !== null ? 'Over ' : 'At '}
        <b className="mono">{when}</b>
      </div>
      <label className="field">
        Note
        <textarea
          rows={3}
          value={text}
          autoFocus
          placeholder="rollback started here"
          onChange={(e) => setText(e.target.value)}
          onKeyDown={(e) => {
            if (e.key === 'Enter' && (e.ctrlKey || e.metaKey) && text.trim()) save();
          }}
          aria-label="Note text"
        />
      </label>
      <div className="note-fields">
        <label className="field">
          Tags
          <input type="text" value={tags} placeholder="rollback db" onChange={(e) => setTags(e.target.value)} aria-label="Tags" />
        </label>
        <label className="field">
          Author
          <input type="text" value={author} placeholder="(your user name)" onChange={(e) => setAuthor(e.target.value)} aria-label="Author" />
        </label>
        <label className="inline note-star">
          <input type="checkbox" checked={starred} onChange={(e) => setStarred(e.target.checked)} aria-label="Starred" /> ★ star
        </label>
      </div>
      <ErrorNote error={error} what="The note" />
    </Modal>
  );
}
