/**
 * Statements grouped by fingerprint, as pt-query-digest reports them: calls, total time, mean and p95 (nearest
 * rank over the logged durations). Where a pg_stat_statements export has the fingerprint, its totals (counted by
 * the server, complete) replace the log's counts; the log still gives p95, examples and plans. Without samples,
 * p95 is estimated from the mean and standard deviation as mean + 1.645·σ (normal approximation), and says so.
 */
import type { ExecutedStatement, QueryPlan, SqlDialect, StatementTotals } from './types';
import { fingerprint } from './fingerprint';

export interface FingerprintGroup {
  fingerprint: string;
  dialect: SqlDialect;
  calls: number;
  totalMs: number;
  meanMs: number | null;
  p95Ms: number | null;
  p95Source: 'samples' | 'normal-approximation' | null;
  /** The slowest logged execution (or the pg_stat_statements text). */
  example: string;
  exampleAt: { file: string; line: number };
  /** Plans logged for this fingerprint, slowest first (at most 3). */
  plans: QueryPlan[];
  /** Executions with a time and a session, for N+1 detection. */
  executions: { ts: number; session: string }[];
}

/** Nearest-rank p-quantile of ascending values (p in [0, 1]); NaN for none. */
export function nearestRank(sorted: readonly number[], p: number): number {
  if (!sorted.length) return NaN;
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil(p * sorted.length) - 1))];
}

/** Groups executions and totals by fingerprint, ranked by total time (then calls). O(n log n). */
export function groupByFingerprint(statements: readonly ExecutedStatement[], totals: readonly StatementTotals[]): FingerprintGroup[] {
  const groups = new Map<string, FingerprintGroup & { durations: number[]; slowest: number; planned: { ms: number; plan: QueryPlan }[] }>();
  const group = (fp: string, dialect: SqlDialect, example: string, at: { file: string; line: number }) => {
    let g = groups.get(fp);
    if (!g) {
      g = { fingerprint: fp, dialect, calls: 0, totalMs: 0, meanMs: null, p95Ms: null, p95Source: null, example, exampleAt: at, plans: [], executions: [], durations: [], slowest: -1, planned: [] };
      groups.set(fp, g);
    }
    return g;
  };
  for (const s of statements) {
    const g = group(fingerprint(s.statement, s.dialect), s.dialect, s.statement, s);
    g.calls++;
    if (s.durationMs !== null) {
      g.totalMs += s.durationMs;
      g.durations.push(s.durationMs);
      if (s.durationMs > g.slowest) {
        g.slowest = s.durationMs;
        g.example = s.statement;
        g.exampleAt = { file: s.file, line: s.line };
      }
    }
    if (s.plan) g.planned.push({ ms: s.durationMs ?? 0, plan: s.plan });
    if (s.ts !== null && s.session !== null) g.executions.push({ ts: s.ts, session: s.session });
  }
  const fromTotals = new Map<string, { calls: number; totalMs: number; sumSq: number; anyStddev: boolean }>();
  for (const t of totals) {
    const fp = fingerprint(t.statement, t.dialect);
    const g = group(fp, t.dialect, t.statement, t);
    if (g.slowest < 0 && !g.durations.length) g.example = t.statement;
    const acc = fromTotals.get(fp) ?? { calls: 0, totalMs: 0, sumSq: 0, anyStddev: false };
    acc.calls += t.calls;
    acc.totalMs += t.totalMs;
    if (t.stddevMs !== null) {
      acc.anyStddev = true;
      acc.sumSq += t.calls * t.stddevMs * t.stddevMs;
    }
    fromTotals.set(fp, acc);
  }
  const out: FingerprintGroup[] = [];
  for (const g of groups.values()) {
    const server = fromTotals.get(g.fingerprint);
    if (server) {
      g.calls = server.calls;
      g.totalMs = server.totalMs;
    }
    const timed = server ? g.calls : g.durations.length;
    g.meanMs = timed ? g.totalMs / timed : null;
    if (g.durations.length) {
      g.p95Ms = nearestRank(g.durations.sort((a, b) => a - b), 0.95);
      g.p95Source = 'samples';
    } else if (server?.anyStddev && g.meanMs !== null && g.calls > 0) {
      g.p95Ms = g.meanMs + 1.645 * Math.sqrt(server.sumSq / g.calls);
      g.p95Source = 'normal-approximation';
    }
    g.plans = g.planned.sort((a, b) => b.ms - a.ms).slice(0, 3).map((p) => p.plan);
    const { durations: _d, slowest: _s, planned: _p, ...plain } = g;
    out.push(plain);
  }
  return out.sort((a, b) => b.totalMs - a.totalMs || b.calls - a.calls || (a.fingerprint < b.fingerprint ? -1 : 1));
}
