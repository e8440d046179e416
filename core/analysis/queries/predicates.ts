/**
 * Which columns a statement filters, joins and orders on, per table (aliases resolved), from its syntax tree
 * (node-sql-parser). Only predicates an ordinary B-tree index can serve count: `col = x`, `col IN (…)`,
 * `col IS NULL` (equality); `<`, `>`, `BETWEEN`, `LIKE` (range); `a.x = b.y` across tables (join keys, both
 * sides); ORDER BY columns of one table. Terms under OR, negations (`<>`, `NOT IN`) and columns wrapped in a
 * function are left out. Subqueries and CTEs are walked with their own aliases (outer ones stay visible).
 * A statement the parser rejects is reported as not analysed, never guessed at.
 */
import type postgresBuild from 'node-sql-parser/build/postgresql.js';

/** A parser per dialect (node-sql-parser's one-dialect builds: about 300 kB each rather than every dialect's). */
export type SqlParsers = Record<'postgresql' | 'mysql', InstanceType<typeof postgresBuild.Parser>>;

let loading: Promise<SqlParsers> | null = null;

/**
 * The SQL parsers, loaded on first use (loading takes up to a second, so nothing that merely imports this
 * module pays for it: the CLI's start, the worker's task registry).
 */
export function sqlParsers(): Promise<SqlParsers> {
  loading ??= Promise.all([import('node-sql-parser/build/postgresql.js'), import('node-sql-parser/build/mysql.js')]).then(([pg, my]) => ({
    postgresql: new (pg.default ?? pg).Parser(),
    mysql: new (my.default ?? my).Parser(),
  }));
  return loading;
}

/** How one table is used by a statement, columns in order of first appearance. */
export interface TableUse {
  table: string;
  equality: string[];
  range: string[];
  join: string[];
  order: string[];
}

export type StatementShape = { analysed: true; kind: string; tables: TableUse[] } | { analysed: false; reason: string };

type Node = Record<string, unknown> & { type?: string };

interface Scope {
  /** Alias or name (lower case) → table. */
  names: Map<string, string>;
  /** Tables of this scope in FROM order (for an unqualified column when there is just one). */
  tables: string[];
  parent: Scope | null;
}

const EQUALITY = new Set(['=', 'IN', 'IS', '<=>']);
const RANGE = new Set(['<', '>', '<=', '>=', 'BETWEEN', 'LIKE', 'ILIKE']);


function isNode(v: unknown): v is Node {
  return typeof v === 'object' && v !== null;
}

function name(v: unknown): string | null {
  if (typeof v === 'string') return v;
  if (isNode(v) && isNode(v.expr) && typeof v.expr.value === 'string') return v.expr.value;
  if (isNode(v) && typeof v.value === 'string') return v.value;
  return null;
}

function bare(table: string): string {
  return (table.split('.').pop() ?? table).replace(/^["`]|["`]$/g, '').toLowerCase();
}

class Collector {
  readonly uses = new Map<string, TableUse>();

  use(table: string): TableUse {
    let u = this.uses.get(table);
    if (!u) {
      u = { table, equality: [], range: [], join: [], order: [] };
      this.uses.set(table, u);
    }
    return u;
  }

  add(table: string, kind: 'equality' | 'range' | 'join' | 'order', column: string): void {
    const list = this.use(table)[kind];
    if (!list.includes(column)) list.push(column);
  }

  /** The table a column reference belongs to (alias → table through the scopes), or null when unknown. */
  resolve(ref: Node, scope: Scope): { table: string; column: string } | null {
    const column = name(ref.column);
    if (!column || column === '*') return null;
    const qualifier = typeof ref.table === 'string' && ref.table ? ref.table.toLowerCase() : null;
    for (let s: Scope | null = scope; s; s = s.parent) {
      if (qualifier) {
        const t = s.names.get(qualifier);
        if (t) return { table: t, column: column.toLowerCase() };
      } else if (s.tables.length === 1) return { table: s.tables[0], column: column.toLowerCase() };
      else if (s.tables.length > 1) return null;
    }
    return null;
  }

  /** Walks a statement (select/update/delete/insert … select) in a new scope under `parent`. */
  statement(ast: Node, parent: Scope | null): void {
    const scope: Scope = { names: new Map(), tables: [], parent };
    const withs = Array.isArray(ast.with) ? ast.with : [];
    for (const w of withs) if (isNode(w) && isNode(w.stmt)) this.statement((w.stmt.ast ?? w.stmt) as Node, scope);
    const sources = [ast.from, ast.type === 'update' || ast.type === 'delete' ? ast.table : null].flatMap((f) => (Array.isArray(f) ? f : []));
    const joins: Node[] = [];
    for (const f of sources) {
      if (!isNode(f)) continue;
      if (typeof f.table === 'string' && f.table) {
        const table = bare(f.table);
        if (withs.some((w) => isNode(w) && name(w.name)?.toLowerCase() === table)) continue;
        if (!scope.tables.includes(table)) scope.tables.push(table);
        scope.names.set(table, table);
        if (typeof f.as === 'string' && f.as) scope.names.set(f.as.toLowerCase(), table);
        this.use(table);
      } else if (isNode(f.expr) && isNode(f.expr.ast)) this.statement(f.expr.ast, scope);
      if (isNode(f.on)) joins.push(f.on);
    }
    for (const on of joins) this.predicate(on, scope, false);
    if (isNode(ast.where)) this.predicate(ast.where, scope, false);
    if (Array.isArray(ast.orderby)) this.orderBy(ast.orderby, scope);
    if (isNode(ast._next)) this.statement(ast._next, parent);
    if (isNode(ast.values) && isNode(ast.values.ast)) this.statement(ast.values.ast, parent);
    if (Array.isArray(ast.columns)) for (const c of ast.columns) if (isNode(c)) this.subqueries(c, scope);
  }

  /** Subqueries inside an expression (scalar subquery, EXISTS, IN (SELECT …)). */
  subqueries(expr: unknown, scope: Scope): void {
    if (!isNode(expr)) return;
    if (isNode(expr.ast)) {
      this.statement(expr.ast, scope);
      return;
    }
    for (const v of Object.values(expr)) {
      if (Array.isArray(v)) for (const x of v) this.subqueries(x, scope);
      else if (isNode(v)) this.subqueries(v, scope);
    }
  }

  predicate(expr: Node, scope: Scope, underOr: boolean): void {
    if (expr.type !== 'binary_expr') {
      this.subqueries(expr, scope);
      return;
    }
    const op = String(expr.operator).toUpperCase();
    if (op === 'AND' || op === 'OR') {
      if (isNode(expr.left)) this.predicate(expr.left, scope, underOr || op === 'OR');
      if (isNode(expr.right)) this.predicate(expr.right, scope, underOr || op === 'OR');
      return;
    }
    const left = isNode(expr.left) ? expr.left : null;
    const right = isNode(expr.right) ? expr.right : null;
    this.subqueries(left, scope);
    this.subqueries(right, scope);
    if (underOr || !left || !right) return;
    const l = left.type === 'column_ref' ? this.resolve(left, scope) : null;
    const r = right.type === 'column_ref' ? this.resolve(right, scope) : null;
    if (l && r) {
      if (op === '=' && l.table !== r.table) {
        this.add(l.table, 'join', l.column);
        this.add(r.table, 'join', r.column);
      }
      return;
    }
    const col = l ?? r;
    const other = l ? right : left;
    if (!col || containsColumn(other)) return;
    if (EQUALITY.has(op)) this.add(col.table, 'equality', col.column);
    else if (RANGE.has(op)) {
      const pattern = other.type === 'single_quote_string' || other.type === 'string' ? String(other.value) : null;
      if ((op === 'LIKE' || op === 'ILIKE') && pattern !== null && /^[%_]/.test(pattern)) return;
      this.add(col.table, 'range', col.column);
    }
  }

  orderBy(items: unknown[], scope: Scope): void {
    const cols = items.map((i) => (isNode(i) && isNode(i.expr) && i.expr.type === 'column_ref' ? this.resolve(i.expr, scope) : null));
    if (!cols.length || cols.some((c) => c === null)) return;
    const table = cols[0]!.table;
    if (cols.some((c) => c!.table !== table)) return;
    for (const c of cols) this.add(table, 'order', c!.column);
  }
}

/** True when an expression refers to any column (so it is not a constant the index could look up). */
function containsColumn(expr: unknown): boolean {
  if (!isNode(expr)) return false;
  if (expr.type === 'column_ref') return true;
  if (isNode(expr.ast)) return false;
  for (const v of Object.values(expr)) {
    if (Array.isArray(v) ? v.some(containsColumn) : isNode(v) && containsColumn(v)) return true;
  }
  return false;
}

/**
 * The shape of one statement: per table, its equality, range, join and ORDER BY columns. Never throws: a
 * statement the parser cannot read comes back `{ analysed: false, reason }`.
 * @example statementShape('SELECT * FROM orders o WHERE o.status = $1 ORDER BY o.created_at', 'postgresql', await sqlParsers())
 *   // → { analysed: true, kind: 'select', tables: [{ table: 'orders', equality: ['status'], order: ['created_at'], … }] }
 */
export function statementShape(sql: string, dialect: 'postgresql' | 'mysql', parsers: SqlParsers): StatementShape {
  const verb = /^\s*(?:\(\s*)*(\w+)/.exec(sql)?.[1]?.toLowerCase() ?? '';
  if (!['select', 'with', 'update', 'delete', 'insert', 'replace'].includes(verb)) return { analysed: false, reason: `${verb ? `a ${verb.toUpperCase()} statement` : 'not a statement'}: no index advice for it` };
  const parser = parsers[dialect];
  let ast: unknown;
  const database = dialect === 'mysql' ? 'MySQL' : 'PostgresQL';
  try {
    ast = parser.astify(sql, { database });
  } catch (err) {
    // `?` placeholders (a prepared statement, or a fingerprint) are read as numbered parameters.
    let n = 0;
    const numbered = sql.replace(/\?/g, () => (dialect === 'mysql' ? '0' : `$${++n}`));
    try {
      ast = numbered === sql ? null : parser.astify(numbered, { database });
    } catch {
      ast = null;
    }
    if (!ast) {
      const message = err instanceof Error ? err.message.split('\n')[0] : String(err);
      return { analysed: false, reason: `the SQL parser could not read it (${message.slice(0, 120)})` };
    }
  }
  const first = Array.isArray(ast) ? ast[0] : ast;
  if (!isNode(first)) return { analysed: false, reason: 'empty statement' };
  const kind = String(first.type ?? 'unknown');
  if (!['select', 'update', 'delete', 'insert', 'replace'].includes(kind)) return { analysed: false, reason: `a ${kind} statement (no index advice for it)` };
  const c = new Collector();
  c.statement(first, null);
  return { analysed: true, kind, tables: [...c.uses.values()] };
}
