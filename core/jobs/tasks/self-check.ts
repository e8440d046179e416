import { throwIfCancelled, type Task, type TaskContext } from '../protocol';

/**
 * A self-check of the pool itself (used by the tests): counts to `n`,
 * reporting progress, and fails with a message naming its input when asked to.
 * With `spinMs` it first computes without yielding for that long, like a detection that cannot hear
 * a cancel, so the pool must terminate its worker.
 */
export const selfCheck: Task<{ n: number; stepMs?: number; failAt?: number; label?: string; spinMs?: number }, { counted: number }> = async (
  input,
  ctx: TaskContext,
) => {
  if (input.spinMs) {
    ctx.progress({ done: 0, total: input.n, unit: 'items', message: 'spinning' });
    const until = performance.now() + input.spinMs;
    while (performance.now() < until) {
      // busy on purpose
    }
  }
  for (let i = 1; i <= input.n; i++) {
    throwIfCancelled(ctx.signal);
    if (input.failAt === i) throw new Error(`${input.label ?? 'self-check'}: failed at item ${i} of ${input.n}`);
    if (input.stepMs) await new Promise((r) => setTimeout(r, input.stepMs));
    ctx.progress({ done: i, total: input.n, unit: 'items', message: `item ${i}` });
  }
  return { counted: input.n };
};

