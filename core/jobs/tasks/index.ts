/**
 * Every kind of job a worker can run, by name: the registry is the one place a kind is declared, and
 * its input and result types are read from the task itself. A task is an async function (input, ctx)
 * with progress through ctx.progress and cancel through ctx.signal; it must name its input in any error.
 * Adding a kind is one file and one line here.
 */
import type { Task } from '../protocol';
import { analyseTask } from './analyse';
import { bandTask } from './band';
import { capacityTask } from './capacity';
import { compareTask } from './compare';
import { forecastTask } from './forecast';
import { demoTask, importTask } from './import';
import { queriesTask } from './queries';
import { regressionsTask } from './regressions';
import { selfCheck } from './self-check';
import { shareTask } from './share';

export const tasks = {
  'self-check': selfCheck,
  import: importTask,
  demo: demoTask,
  analysis: analyseTask,
  forecast: forecastTask,
  band: bandTask,
  compare: compareTask,
  capacity: capacityTask,
  share: shareTask,
  queries: queriesTask,
  regressions: regressionsTask,
} satisfies Record<string, Task<never, unknown>>;

/** The kinds of job: `import`, `demo`, `analysis`, `forecast`, `band`, `compare`, `capacity`, `self-check`. */
export type JobKind = keyof typeof tasks;
/** What a job of kind K is given. */
export type JobInput<K extends JobKind> = Parameters<(typeof tasks)[K]>[0];
/** What a job of kind K resolves with. */
export type JobResult<K extends JobKind> = Awaited<ReturnType<(typeof tasks)[K]>>;

/** Whether `name` is a registered kind (the worker checks what it is sent). */
export function isJobKind(name: string): name is JobKind {
  return Object.hasOwn(tasks, name);
}
