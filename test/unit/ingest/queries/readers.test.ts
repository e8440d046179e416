/**
 * The query-log readers on the fixtures in test/fixtures/queries (written for these tests): what each format
 * yields, how auto_explain plans join their statement, and the errors a bad file gets (file, line, what was
 * expected).
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { detectQueryFormat, parseIndexDef, QueryFormatError, readQueryText } from '../../../../core/ingest/formats/queries';

const FIXTURES = join(__dirname, '../../../fixtures/queries');
const read = (name: string) => readQueryText(name, readFileSync(join(FIXTURES, name), 'utf8'));

describe('PostgreSQL stderr log', () => {
  const log = read('pg-stderr.log');

  it('is detected by its LOG:  duration lines, whatever the prefix', () => {
    expect(log.format).toBe('postgresql-log');
  });

  it('keeps statements and executes with their durations, session (pid) and time; parse/bind steps and other messages are not statements', () => {
    const first = log.statements[0];
    expect(first).toMatchObject({ durationMs: 120.5, session: '4101', ts: Date.UTC(2024, 2, 5, 10, 0, 1), line: 2 });
    expect(first.statement).toMatch(/^SELECT id, total FROM orders WHERE customer_id = 42/);
    expect(log.statements.some((s) => /SELECT 1/.test(s.statement))).toBe(false);
    expect(log.statements.some((s) => /nope/.test(s.statement))).toBe(false);
  });

  it('joins a multi-line statement from its continuation lines', () => {
    const multi = log.statements.find((s) => s.session === '4102')!;
    expect(multi.statement.split('\n')).toHaveLength(4);
    expect(multi.statement).toMatch(/order by created_at desc limit 20;$/);
  });

  it('attaches the parameters DETAIL line to its execute', () => {
    const exec = log.statements.find((s) => s.session === '4103')!;
    expect(exec.statement).toBe('SELECT name FROM customers WHERE email = $1');
    expect(exec.parameters).toEqual({ $1: 'ann@example.com' });
  });

  it('attaches an auto_explain plan to the statement it explains: one execution, with the plan', () => {
    const shipments = log.statements.filter((s) => /shipments/.test(s.statement));
    expect(shipments).toHaveLength(1);
    expect(shipments[0].durationMs).toBe(250.4);
    const scan = shipments[0].plan!.nodes[0];
    expect(scan).toMatchObject({ nodeType: 'Seq Scan', relation: 'shipments', alias: 's', rowsRemovedByFilter: 199870, actualMs: 248, actualRows: 130, loops: 1 });
    expect(scan.filter).toMatch(/carrier = 'dhl'/);
  });
});

describe('auto_explain JSON plans', () => {
  it('a plan logged alone stands for its execution, with its nodes flattened in plan order', () => {
    const log = read('pg-autoexplain-json.log');
    expect(log.statements).toHaveLength(1);
    const s = log.statements[0];
    expect(s.statement).toMatch(/^SELECT i.sku FROM invoices i JOIN invoice_lines l/);
    expect(s.durationMs).toBe(80);
    expect(s.plan!.nodes.map((n) => [n.nodeType, n.relation, n.depth])).toEqual([
      ['Hash Join', null, 0],
      ['Seq Scan', 'invoice_lines', 1],
      ['Index Scan', 'invoices', 1],
    ]);
    expect(s.plan!.nodes[2]).toMatchObject({ indexName: 'invoices_account_id_idx', indexCond: '(account_id = 9)' });
  });
});

describe('PostgreSQL csvlog', () => {
  it('reads the message column (quoted, multi-line) and the parameters from the detail column; the session is the session id', () => {
    const log = read('pg-csvlog.csv');
    expect(log.format).toBe('postgresql-csvlog');
    expect(log.statements.map((s) => [s.durationMs, s.session, s.line])).toEqual([
      [45.5, '65e6f000.1771', 1],
      [12, '65e6f000.1771', 3],
    ]);
    expect(log.statements[0].statement).toBe('SELECT * FROM payments\nWHERE order_id = 17');
    expect(log.statements[1].parameters).toEqual({ $1: '18' });
  });
});

describe('MySQL slow query log', () => {
  it('reads each entry: Query_time in ms, the thread Id as session, # Time as time; banner, use and SET timestamp lines are not statements', () => {
    const log = read('mysql-slow.log');
    expect(log.format).toBe('mysql-slow');
    expect(log.statements.map((s) => [s.durationMs, s.session, s.ts])).toEqual([
      [1500, '31', Date.UTC(2024, 2, 5, 13, 0, 0, 250)],
      [900, '31', Date.UTC(2024, 2, 5, 13, 0, 1)],
      [50, '32', Date.UTC(2024, 2, 5, 13, 0, 2)],
    ]);
    expect(log.statements[1].statement).toBe('SELECT id, title\n  FROM products\n WHERE vendor_id = 44 AND price BETWEEN 5 AND 9');
  });
});

describe('statistics exports', () => {
  it('pg_stat_statements: calls, total and mean time, stddev and rows by column name', () => {
    const f = read('pg_stat_statements.csv');
    expect(f.format).toBe('pg-stat-statements');
    expect(f.totals[0]).toMatchObject({ statement: 'SELECT * FROM reviews WHERE product_id = $1 AND rating >= $2', calls: 5000, totalMs: 40000.5, meanMs: 8.0001, stddevMs: 2.5, rows: 25000 });
  });

  it('index listings: columns from indexdef, unique and primary keys recognised, idx_scan kept', () => {
    const f = read('indexes.csv');
    expect(f.indexes.map((i) => [i.table, i.name, i.columns, i.unique, i.primary, i.scans])).toEqual([
      ['orders', 'orders_pkey', ['id'], true, true, 9000],
      ['orders', 'orders_customer_idx', ['customer_id'], false, false, 120],
      ['orders', 'orders_customer_status_idx', ['customer_id', 'status'], false, false, 0],
      ['reviews', 'reviews_legacy_idx', ['created_at'], false, false, 0],
      ['users', 'users_pkey', ['id'], true, true, 0],
    ]);
  });

  it('an index definition keeps expressions whole and drops sort order, INCLUDE and WHERE', () => {
    expect(parseIndexDef('CREATE INDEX ix ON ONLY app.t USING btree (lower(email), created_at DESC NULLS LAST) INCLUDE (x) WHERE (deleted_at IS NULL)')).toEqual({
      name: 'ix',
      table: 't',
      unique: false,
      columns: ['lower(email)', 'created_at'],
    });
    expect(parseIndexDef('not an index')).toBeNull();
  });
});

describe('bad input', () => {
  it('a file that is no query log is refused naming the file, the line and the formats expected', () => {
    expect(() => read('not-a-query-log.txt')).toThrow(QueryFormatError);
    expect(() => read('not-a-query-log.txt')).toThrow(/^not-a-query-log\.txt:1: a query log: a PostgreSQL log .* MySQL slow query log .* pg_stat_statements CSV/);
  });

  it('a bad value names its line and column', () => {
    expect(() => read('bad-stat-statements.csv')).toThrow('bad-stat-statements.csv:2: a number ≥ 0 in column "total_exec_time", found "many"');
  });

  it('an auto_explain JSON plan that is not JSON names its line', () => {
    const text = '2024-01-01 00:00:00 UTC [1] LOG:  duration: 5.000 ms  plan:\n\t{ "Query Text": "select 1", "Plan": {\n2024-01-01 00:00:01 UTC [1] LOG:  duration: 1.000 ms  statement: select 2\n';
    expect(() => readQueryText('x.log', text)).toThrow(/^x\.log:1: an auto_explain JSON plan/);
  });

  it('a slow-log statement with no Query_time header before it names its line', () => {
    expect(() => readQueryText('slow.log', '# Time: 2024-01-01T00:00:00Z\n# User@Host: a[a] @ h []  Id: 1\n# Time: bogus\n')).toThrow('slow.log:3: a time after "# Time:"');
  });

  it('detection looks at content, not names: an empty text is nothing', () => {
    expect(detectQueryFormat([])).toBeNull();
  });
});
