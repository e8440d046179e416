/**
 * Which columns a statement filters, joins and orders on, per table: the only columns an index may be suggested on.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { sqlParsers, statementShape, type SqlParsers } from '../../../../core/analysis/queries/predicates';

let parsers: SqlParsers;
beforeAll(async () => {
  parsers = await sqlParsers();
});

const tables = (sql: string, dialect: 'postgresql' | 'mysql' = 'postgresql') => {
  const s = statementShape(sql, dialect, parsers);
  if (!s.analysed) throw new Error(s.reason);
  return s.tables;
};

describe('statementShape', () => {
  it('resolves aliases and sorts columns into equality, range, join and ORDER BY', () => {
    expect(tables('SELECT o.id FROM orders o JOIN customers AS c ON c.id = o.customer_id WHERE o.status = $1 AND o.created_at > $2 ORDER BY o.created_at DESC')).toEqual([
      { table: 'orders', equality: ['status'], range: ['created_at'], join: ['customer_id'], order: ['created_at'] },
      { table: 'customers', equality: [], range: [], join: ['id'], order: [] },
    ]);
  });

  it('counts IN and IS as equality, BETWEEN and a prefix LIKE as range; a leading-wildcard LIKE, <>, OR branches and wrapped columns not at all', () => {
    expect(tables("select * from t where a in (1,2) and b is null and c between 1 and 2 and d like 'ab%' and e like '%x' and f <> 3 and lower(g) = 'x' and (h = 1 or i = 2)")).toEqual([
      { table: 't', equality: ['a', 'b'], range: ['c', 'd'], join: [], order: [] },
    ]);
  });

  it('walks subqueries with their own tables, and UPDATE / DELETE WHERE clauses', () => {
    expect(tables('select * from items i where i.cart_id in (select id from carts where user_id = 5)').map((t) => [t.table, t.equality])).toEqual([
      ['items', ['cart_id']],
      ['carts', ['user_id']],
    ]);
    expect(tables("UPDATE accounts SET balance = balance - 5 WHERE owner_id = 7 AND kind IN ('a')")[0].equality).toEqual(['owner_id', 'kind']);
    expect(tables('delete from sessions where expires_at < now()')[0].range).toEqual(['expires_at']);
  });

  it('reads MySQL backticks and double-quoted strings', () => {
    expect(tables('SELECT `id` FROM `shop`.`products` WHERE `vendor_id` = 12 AND state = "x" ORDER BY price', 'mysql')).toEqual([
      { table: 'products', equality: ['vendor_id', 'state'], range: [], join: [], order: ['price'] },
    ]);
  });

  it('an unqualified column in a multi-table query is not guessed at', () => {
    expect(tables('select * from a join b on a.id = b.a_id where flag = 1').flatMap((t) => t.equality)).toEqual([]);
  });

  it('a statement the parser cannot read, or one with no index advice, is reported as not analysed with why', () => {
    expect(statementShape('SELEC oops', 'postgresql', parsers)).toMatchObject({ analysed: false, reason: expect.stringMatching(/a SELEC statement: no index advice/) });
    expect(statementShape('VACUUM ANALYZE orders', 'postgresql', parsers)).toMatchObject({ analysed: false, reason: expect.stringMatching(/VACUUM/) });
    expect(statementShape('select * from t where x = = 1', 'postgresql', parsers)).toMatchObject({ analysed: false, reason: expect.stringMatching(/^the SQL parser could not read it/) });
  });
});
