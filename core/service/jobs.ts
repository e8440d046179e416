/** The job handlers: start an import (which re-analyses when it lands), list jobs, cancel one. */
import { basename, resolve } from 'node:path';
import type { Handlers } from '../api/contract';
import { afterImport } from './analysis-job';
import type { ServiceContext } from './context';

type JobHandlers = Pick<Handlers, 'import/start' | 'job/cancel' | 'job/list'>;

export function jobHandlers(ctx: ServiceContext): JobHandlers {
  return {
    'import/start': async ({ paths, zone, skipBadLines, keepImplausibleTimes, service }) => {
      const s = ctx.store();
      const title = paths.length === 1 ? `Importing ${basename(paths[0])}` : `Importing ${paths.length} inputs`;
      const jobId = ctx.jobs.start(
        'import',
        title,
        { workspace: s.file, paths: paths.map((p) => resolve(p)), zone, skipBadLines, keepImplausibleTimes, service },
        () => afterImport(ctx),
      );
      return { jobId };
    },

    'job/cancel': async ({ jobId }) => ({ cancelled: ctx.jobs.cancel(jobId) }),
    'job/list': async () => ctx.jobs.list(),
  };
}
