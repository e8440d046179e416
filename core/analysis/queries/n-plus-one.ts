/**
 * N+1 patterns: the same fingerprint executed many times in a burst on one connection (pid, session id or
 * thread id), as an ORM does when it loads a list and then each item's relation one query at a time. A burst
 * is a run of a fingerprint's executions on one session with at most `gapMs` between neighbours (other
 * statements may come between them). Reported when at least `minBursts` bursts reach `minRepeats`.
 * O(n log n) in the executions.
 */
import type { NPlusOne } from './types';

export interface NPlusOneOptions {
  gapMs?: number;
  minRepeats?: number;
  minBursts?: number;
}

/**
 * The N+1 pattern of one fingerprint's executions, or null when there is none.
 * @example nPlusOne([{ ts: 0, session: 'a' }, …10 executions 2 ms apart…, { ts: 5000, session: 'a' }, …]) // → { bursts: 2, typicalRepeats: 10, … }
 */
export function nPlusOne(executions: readonly { ts: number; session: string }[], opts: NPlusOneOptions = {}): NPlusOne | null {
  const gapMs = opts.gapMs ?? 1000;
  const minRepeats = opts.minRepeats ?? 5;
  const minBursts = opts.minBursts ?? 2;
  const bySession = new Map<string, number[]>();
  for (const e of executions) {
    const list = bySession.get(e.session);
    if (list) list.push(e.ts);
    else bySession.set(e.session, [e.ts]);
  }
  const sizes: number[] = [];
  const sessions = new Set<string>();
  for (const [session, times] of bySession) {
    times.sort((a, b) => a - b);
    let run = 1;
    for (let i = 1; i <= times.length; i++) {
      if (i < times.length && times[i] - times[i - 1] <= gapMs) {
        run++;
        continue;
      }
      if (run >= minRepeats) {
        sizes.push(run);
        sessions.add(session);
      }
      run = 1;
    }
  }
  if (sizes.length < minBursts) return null;
  sizes.sort((a, b) => a - b);
  return { bursts: sizes.length, typicalRepeats: sizes[Math.floor((sizes.length - 1) / 2)], largestBurst: sizes[sizes.length - 1], sessions: sessions.size };
}
