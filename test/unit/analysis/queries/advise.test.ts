/**
 * The advice on the fixture logs, and its parts: totals and p95 per fingerprint, pg_stat_statements totals,
 * N+1 bursts, and statements that are counted but not analysed.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { adviseQueries, groupByFingerprint, nearestRank, nPlusOne } from '../../../../core/analysis/queries';
import type { ExecutedStatement, QueryAdvice } from '../../../../core/analysis/queries/types';
import { readQueryText } from '../../../../core/ingest/formats/queries';

const FIXTURES = join(__dirname, '../../../fixtures/queries');
const read = (name: string) => readQueryText(name, readFileSync(join(FIXTURES, name), 'utf8'));
const exec = (statement: string, durationMs: number | null, ts: number | null = null, session: string | null = null): ExecutedStatement => ({
  statement,
  dialect: 'postgresql',
  durationMs,
  ts,
  session,
  parameters: null,
  plan: null,
  file: 'f.log',
  line: 1,
});

describe('groupByFingerprint', () => {
  it('sums calls and time per fingerprint, ranks by total time, p95 by nearest rank; the slowest execution is the example', () => {
    const runs = Array.from({ length: 20 }, (_, k) => exec(`select * from t where id = ${k}`, k + 1));
    const groups = groupByFingerprint([...runs, exec('select 1', 500)], []);
    expect(groups.map((g) => [g.fingerprint, g.calls, g.totalMs])).toEqual([
      ['select ?', 1, 500],
      ['select * from t where id = ?', 20, 210],
    ]);
    expect(groups[1].p95Ms).toBe(19);
    expect(groups[1].example).toBe('select * from t where id = 19');
    expect(nearestRank([1, 2, 3, 4], 0.5)).toBe(2);
  });

  it('a statement logged without a duration counts as a call but adds no time', () => {
    const [g] = groupByFingerprint([exec('select 2', null), exec('select 3', 4)], []);
    expect([g.calls, g.totalMs, g.meanMs]).toEqual([2, 4, 4]);
  });

  it('pg_stat_statements totals replace the log counts of the same fingerprint; without samples p95 ≈ mean + 1.645 σ, marked as such', () => {
    const [g] = groupByFingerprint([], read('pg_stat_statements.csv').totals);
    expect([g.calls, g.totalMs, g.p95Source]).toEqual([5000, 40000.5, 'normal-approximation']);
    expect(g.p95Ms).toBeCloseTo(8.0001 + 1.645 * 2.5, 3);
  });
});

describe('nPlusOne', () => {
  it('finds bursts of one fingerprint on one connection and reports the typical repeats', () => {
    const burst = (session: string, start: number, n: number) => Array.from({ length: n }, (_, k) => ({ session, ts: start + k * 3 }));
    expect(nPlusOne([...burst('a', 0, 12), ...burst('b', 0, 8), ...burst('a', 60_000, 10)])).toEqual({ bursts: 3, typicalRepeats: 10, largestBurst: 12, sessions: 2 });
  });

  it('the same query spread out over time, or a single burst, is not N+1', () => {
    expect(nPlusOne(Array.from({ length: 50 }, (_, k) => ({ session: 'a', ts: k * 5000 })))).toBeNull();
    expect(nPlusOne(Array.from({ length: 30 }, (_, k) => ({ session: 'a', ts: k })))).toBeNull();
  });
});

describe('adviseQueries on the fixtures', () => {
  let advice: QueryAdvice;
  beforeAll(async () => {
    advice = await adviseQueries(['pg-stderr.log', 'mysql-slow.log', 'pg-autoexplain-json.log', 'pg_stat_statements.csv', 'indexes.csv'].map(read));
  });

  it('ranks fingerprints by total time', () => {
    const totals = advice.queries.map((q) => q.total_ms);
    expect(totals).toEqual([...totals].sort((a, b) => b - a));
    expect(advice.queries[0].fingerprint).toBe('select * from reviews where product_id = ? and rating >= ?');
  });

  it('suggests the missing composite index for the top query, equality before range', () => {
    expect(advice.queries[0].indexes[0]).toMatchObject({ table: 'reviews', columns: ['product_id', 'rating'] });
  });

  it('uses the plan where auto_explain logged one', () => {
    const shipments = advice.queries.find((q) => q.fingerprint.includes('shipments'))!;
    expect(shipments.has_plan).toBe(true);
    expect(shipments.indexes[0]).toMatchObject({ table: 'shipments', columns: ['carrier', 'shipped_at'], benefit_source: 'plan' });
    const invoices = advice.queries.find((q) => q.fingerprint.includes('invoice_lines'))!;
    expect(invoices.indexes[0]).toMatchObject({ table: 'invoice_lines', columns: ['invoice_id'], benefit_source: 'plan' });
  });

  it('does not suggest what the index listing already has, and lists duplicate and unused indexes', () => {
    const orders = advice.queries.find((q) => q.fingerprint.startsWith('select id, total from orders'))!;
    expect(orders.calls).toBe(2);
    expect(orders.indexes.map((i) => i.columns)).toEqual([['customer_id', 'status', 'created_at']]);
    expect(advice.duplicate_indexes.map((d) => d.index)).toEqual(['orders_customer_idx']);
    expect(advice.unused_indexes.map((u) => u.index)).toEqual(['orders_customer_status_idx', 'reviews_legacy_idx']);
  });

  it('flags the planted N+1 (12 cart_items lookups per cart, twice) and nothing else', () => {
    expect(advice.queries.filter((q) => q.n_plus_one).map((q) => [q.fingerprint, q.n_plus_one!.typicalRepeats])).toEqual([['select * from cart_items where cart_id = ?', 12]]);
  });

  it('counts a statement it cannot analyse and says why', () => {
    const vacuum = advice.queries.find((q) => q.fingerprint.startsWith('vacuum'))!;
    expect(vacuum).toMatchObject({ calls: 1, analysed: false, indexes: [] });
    expect(vacuum.note).toMatch(/not analysed: a VACUUM statement/);
  });
});
