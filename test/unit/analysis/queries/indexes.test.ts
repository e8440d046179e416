/**
 * Candidate indexes: equality columns first, then one range column or the ORDER BY; never a column the statement
 * does not filter, join or order on; nothing an existing index already starts with; benefit from the plan when
 * there is one. Duplicate and unused indexes from index statistics.
 */
import { describe, expect, it } from 'vitest';
import { duplicateIndexes, suggestIndexes, tableCandidates, unusedIndexes } from '../../../../core/analysis/queries/indexes';
import type { IndexInfo, QueryPlan } from '../../../../core/analysis/queries/types';
import type { TableUse } from '../../../../core/analysis/queries/predicates';

const use = (table: string, u: Partial<TableUse>): TableUse => ({ table, equality: [], range: [], join: [], order: [], ...u });
const index = (table: string, name: string, columns: string[], extra: Partial<IndexInfo> = {}): IndexInfo => ({ table, name, columns, unique: false, primary: false, scans: null, definition: null, file: 'i.csv', line: 1, ...extra });

describe('tableCandidates', () => {
  it('puts equality columns first, then the first range column; ORDER BY only when there is no other range', () => {
    expect(tableCandidates(use('t', { equality: ['a', 'b'], range: ['r', 's'], order: ['o'] })).map((c) => c.columns)).toEqual([['a', 'b', 'r'], ['a', 'b']]);
    expect(tableCandidates(use('t', { equality: ['a'], order: ['o'] })).map((c) => c.columns)).toEqual([['a', 'o'], ['a']]);
  });

  it('offers join keys with and without the filter', () => {
    expect(tableCandidates(use('t', { equality: ['a'], join: ['fk'] })).map((c) => c.columns)).toEqual([['a', 'fk'], ['a'], ['fk']]);
  });
});

describe('suggestIndexes', () => {
  it('ranks by benefit, drops a candidate a better one on the same table starts with, and names the index', () => {
    const s = suggestIndexes([use('orders', { equality: ['customer_id'], range: ['created_at'] })], 1000, [], []);
    expect(s.map((c) => [c.table, c.columns, c.benefitSource])).toEqual([['orders', ['customer_id', 'created_at'], 'guess']]);
    expect(s[0].create).toBe('CREATE INDEX orders_customer_id_created_at_idx ON orders (customer_id, created_at);');
    expect(s[0].benefit).toBeCloseTo(1000 * (1 - 0.1 * 0.4));
  });

  it('skips what an existing index already starts with (equality columns in any order)', () => {
    const existing = [index('t', 't_b_a', ['b', 'a', 'z'])];
    expect(suggestIndexes([use('t', { equality: ['a', 'b'] })], 100, [], existing)).toEqual([]);
  });

  it('uses the plan: the table scanned sequentially with a filter gets the benefit, an index-scanned one little', () => {
    const plan: QueryPlan = {
      totalMs: 100,
      totalCost: 1000,
      nodes: [
        { nodeType: 'Hash Join', relation: null, alias: null, indexName: null, filter: null, indexCond: null, rowsRemovedByFilter: null, totalCost: 1000, actualMs: 100, actualRows: 10, loops: 1, depth: 0 },
        { nodeType: 'Seq Scan', relation: 'lines', alias: 'l', indexName: null, filter: '(sku = 1)', indexCond: null, rowsRemovedByFilter: 9990, totalCost: 900, actualMs: 80, actualRows: 10, loops: 1, depth: 1 },
        { nodeType: 'Index Scan', relation: 'heads', alias: 'h', indexName: 'heads_pkey', filter: null, indexCond: '(id = 3)', rowsRemovedByFilter: null, totalCost: 8, actualMs: 0.1, actualRows: 1, loops: 1, depth: 1 },
      ],
    };
    const s = suggestIndexes([use('lines', { equality: ['sku'] }), use('heads', { equality: ['kind'] })], 1000, [plan], []);
    expect(s[0]).toMatchObject({ table: 'lines', columns: ['sku'], benefitSource: 'plan' });
    expect(s[0].benefit).toBeCloseTo(1000 * 0.8 * 0.999 * 0.9);
    expect(s[1]).toMatchObject({ table: 'heads', benefitSource: 'plan' });
    expect(s[1].benefit).toBeLessThan(s[0].benefit / 10);
  });

  it('never suggests a column the statement does not use', () => {
    const tables = [use('a', { equality: ['x'], range: ['y'], order: ['z'] }), use('b', { join: ['a_id'] })];
    const used = new Set(['a.x', 'a.y', 'a.z', 'b.a_id']);
    for (const s of suggestIndexes(tables, 500, [], [], 10)) for (const c of s.columns) expect(used.has(`${s.table}.${c}`)).toBe(true);
  });
});

describe('duplicate and unused indexes', () => {
  const list = [
    index('orders', 'orders_pkey', ['id'], { unique: true, primary: true, scans: 0 }),
    index('orders', 'by_customer', ['customer_id'], { scans: 5 }),
    index('orders', 'by_customer_status', ['customer_id', 'status'], { scans: 0 }),
    index('orders', 'by_customer_again', ['customer_id'], { scans: 3 }),
    index('users', 'by_email', ['email'], { unique: true, scans: 0 }),
  ];

  it('an index whose columns start another index on the same table is a duplicate (unique ones kept)', () => {
    expect(duplicateIndexes(list).map((d) => [d.index, d.coveredBy])).toEqual([
      ['by_customer', 'by_customer_status'],
      ['by_customer_again', 'by_customer'],
    ]);
  });

  it('unused: never scanned, primary keys and unique indexes left out', () => {
    expect(unusedIndexes(list).map((u) => u.index)).toEqual(['by_customer_status']);
  });
});
