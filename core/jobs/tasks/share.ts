/**
 * Share a range of a workspace as a smaller one (core/store/extract.ts), its text redacted when asked
 * (core/analysis/redact.ts: one Redactor for the whole export, so a value keeps its placeholder throughout).
 * Runs in a worker: it reads and writes every row of the range, which takes seconds on a large workspace.
 */
import { Redactor } from '../../analysis/redact';
import type { ShareResult } from '../../api/share';
import { extractWorkspace } from '../../store/extract';
import { WorkspaceStore } from '../../store/workspace';
import type { Task } from '../protocol';

export interface ShareInput {
  workspace: string;
  /** The new workspace file (must not exist). */
  out: string;
  from: number;
  to: number;
  redact: boolean;
}

export type ShareCopy = Pick<ShareResult, 'copied' | 'masked' | 'maskedDistinct'>;

/** Writes [from, to] of the workspace to `out`; what it copied and masked. */
export const shareTask: Task<ShareInput, ShareCopy> = async (input) => {
  const store = WorkspaceStore.open(input.workspace, { readonly: true });
  try {
    const redactor = input.redact ? new Redactor() : null;
    const copied = extractWorkspace(store, input.out, {
      from: input.from,
      to: input.to,
      rewrite: redactor ? { text: (s) => redactor.text(s), json: (s) => redactor.json(s) } : undefined,
      sourceNamesOnly: !!redactor,
    });
    return { copied, masked: redactor ? { ...redactor.counts } : null, maskedDistinct: redactor ? redactor.distinct : null };
  } finally {
    store.close();
  }
};
