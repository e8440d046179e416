/**
 * The annotation handlers: list, add, change and delete a person's notes on the timeline. A note's author is
 * the OS user name of this machine unless the person wrote another. Every change is announced with
 * `workspace/changed` (the data version is left as it was: notes change no analysis), so every open view of
 * the workspace (other windows, other browser tabs) shows it.
 */
import { userInfo } from 'node:os';
import type { Handlers } from '../api/contract';
import { ApiError } from '../api/errors';
import { addAnnotation, deleteAnnotation, listAnnotations, updateAnnotation } from '../store/annotations';
import type { ServiceContext } from './context';

type AnnotationHandlers = Pick<Handlers, 'annotations/list' | 'annotations/add' | 'annotations/update' | 'annotations/delete'>;

/** The name of the person at this machine (the OS user), or '' when the OS will not say. */
export function osUserName(): string {
  try {
    return userInfo().username;
  } catch {
    return '';
  }
}

export function annotationHandlers(ctx: ServiceContext): AnnotationHandlers {
  const changed = (): void => ctx.emit('workspace/changed', { dataVersion: ctx.store().dataVersion });
  return {
    'annotations/list': async (filter) => listAnnotations(ctx.store(), filter),

    'annotations/add': async (input) => {
      const store = ctx.store();
      const note = await store.writeTransaction(() => addAnnotation(store, { ...input, author: input.author || osUserName() }));
      changed();
      return note;
    },

    'annotations/update': async ({ id, ...patch }) => {
      const store = ctx.store();
      let note;
      try {
        note = await store.writeTransaction(() => updateAnnotation(store, id, patch));
      } catch (err) {
        if (err instanceof RangeError) throw new ApiError('bad-params', err.message, 'endTs');
        throw err;
      }
      if (!note) throw new ApiError('not-found', `no note ${id} in this workspace (deleted meanwhile?)`);
      changed();
      return note;
    },

    'annotations/delete': async ({ id }) => {
      const store = ctx.store();
      const deleted = await store.writeTransaction(() => deleteAnnotation(store, id));
      if (deleted) changed();
      return { deleted };
    },
  };
}
