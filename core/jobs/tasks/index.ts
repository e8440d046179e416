/**
 * Every task a worker can run, by name. A task is an async function (input, ctx) with progress
 * through ctx.progress and cancel through ctx.signal; it must name its input in any error.
 */
import type { Task } from '../protocol';
import { analyseTask } from './analyse';
import { forecastTask } from './forecast';
import { demoTask, importTask } from './import';
import { selfCheck } from './self-check';

export const tasks = {
  'self-check': selfCheck,
  import: importTask,
  demo: demoTask,
  analyse: analyseTask,
  forecast: forecastTask,
} satisfies Record<string, Task<never, unknown>>;

export type TaskName = keyof typeof tasks;
