/**
 * `hindsight queries FILE... [--json]` on the fixture logs (test/fixtures/queries): the JSON list
 * ranked by total time, the whole report with --full, the readable table, and a file that is not a query log.
 */
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCli } from './run-cli';

const FIX = join(resolve(__dirname, '../../..'), 'test/fixtures/queries');
const f = (name: string): string => join(FIX, name);

describe('hindsight queries', () => {
  it('--json prints a list of {fingerprint, calls, total_ms, p95_ms, indexes: [{table, columns, benefit}]} ranked by total time', async () => {
    const r = await runCli('queries', f('mysql-slow.log'), f('pg-stderr.log'), '--json');
    expect(r.code).toBe(0);
    const list = JSON.parse(r.out) as { fingerprint: string; calls: number; total_ms: number; p95_ms: number; indexes: { table: string; columns: string[]; benefit: number }[] }[];
    expect(Array.isArray(list)).toBe(true);
    expect(list.map((q) => q.total_ms)).toEqual(list.map((q) => q.total_ms).sort((a, b) => b - a));
    expect(list[0]).toMatchObject({ fingerprint: 'select id, title from products where vendor_id = ? and price between ? and ?', calls: 2, total_ms: 2400, p95_ms: 1500 });
    expect(list[0].indexes[0]).toMatchObject({ table: 'products', columns: ['vendor_id', 'price'] });
    expect(list[0].indexes[0].benefit).toBeGreaterThan(0);
  });

  it('--json --full prints the whole report, duplicate and unused indexes included', async () => {
    const r = await runCli('queries', f('pg-stderr.log'), f('indexes.csv'), '--json', '--full');
    const report = JSON.parse(r.out) as { queries: unknown[]; duplicate_indexes: { index: string }[]; unused_indexes: { index: string }[] };
    expect(report.queries.length).toBeGreaterThan(3);
    expect(report.duplicate_indexes.map((d) => d.index)).toEqual(['orders_customer_idx']);
    expect(report.unused_indexes.map((u) => u.index)).toEqual(['orders_customer_status_idx', 'reviews_legacy_idx']);
  });

  it('without --json prints a table with CREATE INDEX lines, the N+1 flag, and the index lists', async () => {
    const r = await runCli('queries', f('pg-stderr.log'), f('indexes.csv'));
    expect(r.out).toMatch(/→ CREATE INDEX shipments_carrier_shipped_at_idx ON shipments \(carrier, shipped_at\);.*from the plan/);
    expect(r.out).toMatch(/select \* from cart_items where cart_id = \?\s+\[N\+1: ~12× per burst, 2 bursts\]/);
    expect(r.out).toMatch(/Duplicate indexes[^\n]*\n\s+orders\.orders_customer_idx \(customer_id\) is covered by orders_customer_status_idx/);
  });

  it('a file that is not a query log is named with its line; the others are still analysed and the exit code is 1', async () => {
    const r = await runCli('queries', f('not-a-query-log.txt'), f('mysql-slow.log'), '--json');
    expect(r.code).toBe(1);
    expect(r.err).toMatch(/not-a-query-log\.txt:1: a query log/);
    expect(JSON.parse(r.out)).toHaveLength(2);
  });
});
