/**
 * Query and index advice on a generated workload with planted answers (issue 15, item 8).
 *
 * A seeded schema of 20–40 tables (names, keys and columns drawn from word lists with varied spellings) and a
 * few hundred statement templates of eleven shapes (equality, equality + range, equality + ORDER BY, range,
 * join on a foreign key, IN-list, UPDATE/DELETE, IN (subquery), an OR of other columns, a column inside a
 * function, already indexed). Each template but the
 * already-indexed ones has one KNOWN missing index; the existing indexes (primary keys, the indexes the
 * other predicates need, plus a planted duplicate and unused ones) are written as a pg_indexes CSV.
 * Executions vary literals (numbers, negatives, strings with quotes, dates, IN-lists of any length, $n
 * parameters with a DETAIL line), keyword case, whitespace and aliases. About half the templates are
 * written as a PostgreSQL stderr log (some with auto_explain plans, text or JSON), the rest as a MySQL slow
 * log. Some templates run as N+1 bursts (5–40 calls a few ms apart on one connection).
 *
 * Prints: share of planted missing indexes found in the top 3 suggestions for their query (target ≥ 90 %),
 * suggestions on a column the query never filters, joins or orders on (target 0), fingerprints found vs
 * templates, N+1 planted vs found, duplicate/unused indexes planted vs found, and throughput.
 *
 *   npx tsx bench/queries.ts [--seed 7] [--templates 300] [--write DIR]
 *
 * --write DIR keeps the generated files there (postgresql.log, mysql-slow.log, indexes.csv).
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { adviseQueries, fingerprint } from '../core/analysis/queries';
import { readQueryFile } from '../core/ingest/formats/queries/read-file';
import { rng } from './lib/rng';

function arg(name: string, dflt: string): string {
  const i = process.argv.indexOf(`--${name}`);
  return i > 0 && process.argv[i + 1] ? process.argv[i + 1] : dflt;
}

const seed = Number(arg('seed', '7'));
const templateCount = Number(arg('templates', '300'));
const rand = rng(seed);
const pick = <T>(xs: readonly T[]): T => xs[Math.floor(rand() * xs.length)];
const int = (lo: number, hi: number): number => lo + Math.floor(rand() * (hi - lo + 1));
const chance = (p: number): boolean => rand() < p;

// ---- schema ------------------------------------------------------------------------------------------------

const NOUNS = ['account', 'order', 'invoice', 'shipment', 'product', 'vendor', 'review', 'login_session', 'payment', 'cart', 'ticket', 'device', 'member', 'team', 'project', 'task', 'comment', 'message', 'coupon', 'refund', 'subscription', 'warehouse', 'stock', 'route', 'driver', 'tenant', 'audit', 'document', 'folder', 'label', 'discount', 'region', 'store', 'employee', 'shift', 'booking', 'room', 'lesson', 'course', 'claim'];
const TEXT_COLS = ['status', 'state', 'kind', 'type_code', 'email', 'name', 'title', 'sku', 'code', 'country', 'lang', 'region_code', 'external_ref', 'channel', 'source', 'currency', 'category', 'slug', 'phone', 'tier'];
const NUM_COLS = ['amount', 'total', 'price', 'qty', 'priority', 'score', 'weight', 'level', 'version', 'ranking', 'balance', 'attempts', 'size_bytes', 'duration_ms'];
const TIME_COLS = ['created_at', 'updated_at', 'placed_at', 'due_on', 'deleted_at', 'expires_at', 'seen_at', 'opened_at', 'closed_at', 'sent_at', 'starts_at', 'ends_at'];
type Kind = 'text' | 'num' | 'time';

interface Table {
  name: string;
  pk: string;
  fks: { column: string; to: Table }[];
  attrs: { column: string; kind: Kind }[];
}

function tableName(noun: string): string {
  return pick([`${noun}s`, noun, `app_${noun}s`, `${noun}_records`, `tbl_${noun}`, `${noun}_v2`]);
}

const tables: Table[] = [];
for (const noun of [...NOUNS].sort(() => rand() - 0.5).slice(0, int(24, 36))) {
  const name = tableName(noun);
  const t: Table = { name, pk: pick(['id', 'id', `${noun}_id`, 'uid']), fks: [], attrs: [] };
  const attrs = new Set<string>();
  while (attrs.size < int(4, 8)) {
    const kind = pick<Kind>(['text', 'text', 'num', 'time']);
    const col = pick(kind === 'text' ? TEXT_COLS : kind === 'num' ? NUM_COLS : TIME_COLS);
    if (!attrs.has(col)) {
      attrs.add(col);
      t.attrs.push({ column: col, kind });
    }
  }
  tables.push(t);
}
for (const t of tables) {
  for (const to of [...tables].sort(() => rand() - 0.5).slice(0, int(1, 3))) {
    if (to === t) continue;
    const stem = to.name.replace(/^(app_|tbl_)/, '').replace(/(_records|_v2|s)$/, '');
    const column = pick([`${stem}_id`, `${stem}_ref`, `owner_${stem}_id`, `fk_${stem}`]);
    if (!t.fks.some((f) => f.column === column) && !t.attrs.some((a) => a.column === column) && column !== t.pk) t.fks.push({ column, to });
  }
}

/** Existing indexes: table → column lists. */
const existing = new Map<string, string[][]>(tables.map((t) => [t.name, [[t.pk]]]));
const hasIndex = (table: string, cols: string[]): boolean => (existing.get(table) ?? []).some((ix) => cols.every((c) => ix.slice(0, cols.length).includes(c)));
const addIndex = (table: string, cols: string[]): void => {
  if (!hasIndex(table, cols)) existing.get(table)!.push(cols);
};

// Planted duplicate and unused indexes.
const dupTables = tables.slice(0, 3);
for (const t of dupTables) {
  const col = t.attrs[0].column;
  existing.get(t.name)!.push([col], [col, t.attrs[1]?.column ?? t.pk]);
}
const duplicatePlanted = dupTables.map((t) => t.name);
const unusedPlanted = tables.slice(3, 7).map((t) => {
  const cols = [t.attrs[t.attrs.length - 1].column, t.pk];
  existing.get(t.name)!.push(cols);
  return `${t.name}_${cols.join('_')}_unused`;
});

// ---- templates ---------------------------------------------------------------------------------------------

type Lit = () => { pg: string; my: string; param: string };
interface Template {
  shape: string;
  /** Statement text with `{n}` literal slots, per alias/case style (one text: aliases are fixed per template). */
  text: string;
  lits: Lit[];
  /** The index the workload is missing (null: none). */
  planted: { table: string; columns: string[] } | null;
  /** Per table: the columns the statement filters, joins or orders on. */
  used: Map<string, Set<string>>;
  plan: 'none' | 'text' | 'json';
  dialect: 'postgresql' | 'mysql';
  calls: number;
  meanMs: number;
  nPlusOne: boolean;
}

const quoteStr = (s: string): string => `'${s.replace(/'/g, "''")}'`;
const WORDS = ['open', 'paid', "o'neil", 'EU', 'gold', 'x-1', 'new', "it's", 'late', 'ok'];
function literal(kind: Kind): Lit {
  return () => {
    if (kind === 'num') {
      const v = pick([String(int(0, 99999)), String(-int(1, 500)), (rand() * 1000).toFixed(2)]);
      return { pg: v, my: v, param: v };
    }
    if (kind === 'time') {
      const d = new Date(Date.UTC(2024, int(0, 11), int(1, 28), int(0, 23), int(0, 59))).toISOString().replace('T', ' ').slice(0, 19);
      return { pg: quoteStr(d), my: chance(0.5) ? `"${d}"` : quoteStr(d), param: d };
    }
    const w = pick(WORDS) + (chance(0.5) ? String(int(1, 999)) : '');
    return { pg: quoteStr(w), my: chance(0.4) ? `"${w.replace(/'/g, "\\'")}"` : quoteStr(w), param: w };
  };
}
const inList = (kind: Kind): Lit => () => {
  const items = Array.from({ length: int(1, 12) }, () => literal(kind)());
  return { pg: items.map((i) => i.pg).join(', '), my: items.map((i) => i.my).join(', '), param: '' };
};

const attrOf = (t: Table, kinds: Kind[], not: string[] = []): { column: string; kind: Kind } | undefined => {
  const options = t.attrs.filter((a) => kinds.includes(a.kind) && !not.includes(a.column));
  return options.length ? pick(options) : undefined;
};
const selectList = (t: Table, alias: string): string => {
  const cols = [t.pk, ...t.attrs.slice(0, int(1, 3)).map((a) => a.column)];
  return chance(0.2) ? `${alias}*` : chance(0.15) ? `count(*)` : cols.map((c) => `${alias}${c}`).join(', ');
};
const aliasFor = (t: Table): { decl: string; ref: string } => {
  // Aliases as people write them; never an SQL keyword (`in`, `as`, `on` … would not be valid SQL).
  const a = pick(['', 'x', t.name[0], `${t.name[0]}${t.name[1]}`, 't1'].filter((x) => !['in', 'as', 'on', 'or', 'by', 'is', 'to', 'do', 'if', 'of', 'at', 'no'].includes(x)));
  if (!a) return { decl: t.name, ref: '' };
  return { decl: `${t.name}${chance(0.5) ? ' AS ' : ' '}${a}`, ref: `${a}.` };
};

function makeTemplate(k: number): Template | null {
  const t = pick(tables);
  const al = aliasFor(t);
  const used = new Map<string, Set<string>>([[t.name, new Set()]]);
  const use = (table: string, ...cols: string[]): void => {
    const s = used.get(table) ?? new Set();
    cols.forEach((c) => s.add(c));
    used.set(table, s);
  };
  const lits: Lit[] = [];
  const slot = (l: Lit): string => {
    lits.push(l);
    return `{${lits.length - 1}}`;
  };
  const shape = pick(['eq', 'eq', 'eq-range', 'eq-order', 'range', 'join', 'join', 'in-list', 'update', 'delete', 'subquery', 'covered', 'or-branch', 'wrapped']);
  let text = '';
  let planted: Template['planted'] = null;
  const a = attrOf(t, ['text', 'num']);
  const r = attrOf(t, ['time', 'num'], a ? [a.column] : []);
  switch (shape) {
    case 'eq': {
      if (!a) return null;
      const b = chance(0.4) ? attrOf(t, ['text'], [a.column]) : undefined;
      text = `SELECT ${selectList(t, al.ref)} FROM ${al.decl} WHERE ${al.ref}${a.column} = ${slot(literal(a.kind))}${b ? ` AND ${al.ref}${b.column} = ${slot(literal(b.kind))}` : ''}`;
      planted = { table: t.name, columns: b ? [a.column, b.column] : [a.column] };
      use(t.name, ...planted.columns);
      break;
    }
    case 'eq-range': {
      if (!a || !r) return null;
      const between = chance(0.4);
      text = `SELECT ${selectList(t, al.ref)} FROM ${al.decl} WHERE ${al.ref}${r.column} ${between ? `BETWEEN ${slot(literal(r.kind))} AND ${slot(literal(r.kind))}` : `${pick(['>', '>=', '<'])} ${slot(literal(r.kind))}`} AND ${al.ref}${a.column} = ${slot(literal(a.kind))}`;
      planted = { table: t.name, columns: [a.column, r.column] };
      use(t.name, a.column, r.column);
      break;
    }
    case 'eq-order': {
      if (!a || !r) return null;
      text = `SELECT ${selectList(t, al.ref)} FROM ${al.decl} WHERE ${al.ref}${a.column} = ${slot(literal(a.kind))} ORDER BY ${al.ref}${r.column} ${pick(['DESC', 'ASC', ''])} LIMIT ${int(1, 100)}`;
      planted = { table: t.name, columns: [a.column, r.column] };
      use(t.name, a.column, r.column);
      break;
    }
    case 'range': {
      if (!r) return null;
      text = `SELECT ${selectList(t, al.ref)} FROM ${al.decl} WHERE ${al.ref}${r.column} >= ${slot(literal(r.kind))} AND ${al.ref}${r.column} < ${slot(literal(r.kind))}`;
      planted = { table: t.name, columns: [r.column] };
      use(t.name, r.column);
      break;
    }
    case 'join': {
      const child = tables.find((c) => c.fks.some((f) => f.to === t) && c !== t);
      if (!child || !a) return null;
      const fk = child.fks.find((f) => f.to === t)!;
      const cl = aliasFor(child);
      const parentRef = al.ref || `${t.name}.`;
      const childRef = cl.ref || `${child.name}.`;
      if (parentRef === childRef) return null;
      addIndex(t.name, [a.column]); // the parent's filter is served; the child's join key is the missing index
      const on = chance(0.5) ? `${childRef}${fk.column} = ${parentRef}${t.pk}` : `${parentRef}${t.pk} = ${childRef}${fk.column}`;
      text = `SELECT ${parentRef}${t.pk}, ${childRef}${child.pk} FROM ${al.decl} ${pick(['JOIN', 'INNER JOIN', 'join'])} ${cl.decl} ON ${on} WHERE ${parentRef}${a.column} = ${slot(literal(a.kind))}`;
      planted = { table: child.name, columns: [fk.column] };
      use(t.name, a.column, t.pk);
      use(child.name, fk.column);
      break;
    }
    case 'in-list': {
      const b = attrOf(t, ['text'], a ? [a.column] : []);
      if (!a || !b) return null;
      text = `SELECT ${selectList(t, al.ref)} FROM ${al.decl} WHERE ${al.ref}${a.column} IN (${slot(inList(a.kind))}) AND ${al.ref}${b.column} = ${slot(literal(b.kind))}`;
      planted = { table: t.name, columns: [a.column, b.column] };
      use(t.name, a.column, b.column);
      break;
    }
    case 'update': {
      const set = attrOf(t, ['num', 'text', 'time'], a ? [a.column] : []);
      if (!a || !set) return null;
      text = `UPDATE ${t.name} SET ${set.column} = ${slot(literal(set.kind))} WHERE ${a.column} = ${slot(literal(a.kind))}`;
      planted = { table: t.name, columns: [a.column] };
      use(t.name, a.column);
      break;
    }
    case 'delete': {
      if (!r) return null;
      text = `DELETE FROM ${t.name} WHERE ${r.column} < ${slot(literal(r.kind))}`;
      planted = { table: t.name, columns: [r.column] };
      use(t.name, r.column);
      break;
    }
    case 'subquery': {
      const fk = t.fks[0];
      if (!fk) return null;
      const u = fk.to;
      const y = attrOf(u, ['text', 'num']);
      if (!y || u === t) return null;
      addIndex(t.name, [fk.column]);
      text = `SELECT ${selectList(t, al.ref)} FROM ${al.decl} WHERE ${al.ref}${fk.column} IN (SELECT ${u.pk} FROM ${u.name} WHERE ${y.column} = ${slot(literal(y.kind))})`;
      planted = { table: u.name, columns: [y.column] };
      use(t.name, fk.column);
      use(u.name, u.pk, y.column);
      break;
    }
    case 'or-branch': {
      // An OR of two other columns beside the equality: one B-tree cannot serve the OR; the equality is the index.
      const b = attrOf(t, ['text', 'num'], a ? [a.column] : []);
      const c = b && attrOf(t, ['text', 'num'], a ? [a.column, b.column] : [b.column]);
      if (!a || !b || !c) return null;
      text = `SELECT ${selectList(t, al.ref)} FROM ${al.decl} WHERE ${al.ref}${a.column} = ${slot(literal(a.kind))} AND (${al.ref}${b.column} = ${slot(literal(b.kind))} OR ${al.ref}${c.column} = ${slot(literal(c.kind))})`;
      planted = { table: t.name, columns: [a.column] };
      use(t.name, a.column, b.column, c.column);
      break;
    }
    case 'wrapped': {
      // A column inside a function cannot use a plain index on it; the other predicate can.
      const w = attrOf(t, ['text'], a ? [a.column] : []);
      if (!a || !w) return null;
      text = `SELECT ${selectList(t, al.ref)} FROM ${al.decl} WHERE ${pick(['lower', 'upper', 'trim'])}(${al.ref}${w.column}) = ${slot(literal('text'))} AND ${al.ref}${a.column} = ${slot(literal(a.kind))}`;
      planted = { table: t.name, columns: [a.column] };
      use(t.name, a.column, w.column);
      break;
    }
    case 'covered': {
      if (!a) return null;
      addIndex(t.name, [a.column]);
      text = `SELECT ${selectList(t, al.ref)} FROM ${al.decl} WHERE ${al.ref}${a.column} = ${slot(literal(a.kind))}`;
      use(t.name, a.column);
      break;
    }
  }
  const dialect = chance(0.5) ? 'postgresql' : 'mysql';
  const nPlusOne = shape === 'eq' && chance(0.15);
  return {
    shape,
    text,
    lits,
    planted,
    used,
    plan: dialect === 'postgresql' && planted && chance(0.3) ? pick(['text', 'json'] as const) : 'none',
    dialect,
    calls: nPlusOne ? 0 : Math.max(2, Math.round((2000 / Math.pow(k + 1, 0.5)) * rand())),
    meanMs: planted ? 5 + rand() * 200 : 0.3 + rand() * 2,
    nPlusOne,
  };
}

const templates: Template[] = [];
for (let k = 0; templates.length < templateCount && k < templateCount * 20; k++) {
  const t = makeTemplate(templates.length);
  // Two templates of the same text would be one fingerprint: keep the first.
  if (t && !templates.some((o) => o.text === t.text)) templates.push(t);
}
// A planted index may have been made to exist by a later template (a join's parent filter): then it is not missing.
for (const t of templates) {
  if (t.planted && hasIndex(t.planted.table, t.planted.columns)) {
    t.planted = null;
    t.plan = 'none';
  }
}

// ---- executions ------------------------------------------------------------------------------------------

function render(t: Template, dialect: 'postgresql' | 'mysql', params: boolean): { sql: string; values: string[] } {
  const values: string[] = [];
  let sql = t.text.replace(/\{(\d+)\}/g, (_, i: string) => {
    const v = t.lits[Number(i)]();
    if (params && v.param !== '') {
      values.push(v.param);
      return `$${values.length}`;
    }
    return dialect === 'mysql' ? v.my : v.pg;
  });
  if (chance(0.3)) sql = sql.replace(/\b(SELECT|FROM|WHERE|AND|JOIN|INNER|ON|ORDER BY|LIMIT|UPDATE|SET|DELETE|IN|BETWEEN|AS|DESC|ASC)\b/g, (w) => w.toLowerCase());
  if (chance(0.3)) sql = sql.replace(/ (FROM|WHERE|AND|ORDER BY|JOIN) /gi, (m) => `\n    ${m.trim()} `);
  if (dialect === 'mysql' && chance(0.3)) sql = sql.replace(/\b(FROM|JOIN|UPDATE) ([a-z_0-9]+)/gi, (_, kw: string, name: string) => `${kw} \`${name}\``);
  return { sql, values };
}

interface Exec {
  ts: number;
  session: number;
  t: Template;
}
const START = Date.UTC(2024, 4, 1, 10, 0, 0);
const HOUR = 3_600_000;
const execs: Exec[] = [];
for (const t of templates) {
  if (t.nPlusOne) {
    for (let b = int(3, 8); b > 0; b--) {
      const session = int(1, 40);
      let ts = START + rand() * HOUR;
      for (let n = int(5, 40); n > 0; n--) {
        execs.push({ ts, session, t });
        ts += 1 + rand() * 4;
      }
    }
  } else for (let n = 0; n < t.calls; n++) execs.push({ ts: START + rand() * HOUR, session: int(1, 40), t });
}
execs.sort((a, b) => a.ts - b.ts);

function seqPlanText(t: Template, ms: number): string[] {
  const p = t.planted!;
  const removed = int(10_000, 900_000);
  if (t.shape === 'join') {
    return [
      `Hash Join  (cost=10.00..${(removed / 50).toFixed(2)} rows=40 width=16) (actual time=0.500..${ms.toFixed(3)} rows=40 loops=1)`,
      `  Hash Cond: (x.${p.columns[0]} = y.id)`,
      `  ->  Seq Scan on ${p.table}  (cost=0.00..${(removed / 60).toFixed(2)} rows=${removed} width=8) (actual time=0.010..${(ms * 0.9).toFixed(3)} rows=${removed} loops=1)`,
      `  ->  Hash  (cost=8.00..8.00 rows=3 width=8) (actual time=0.100..0.100 rows=3 loops=1)`,
    ];
  }
  return [
    `Seq Scan on ${p.table}  (cost=0.00..${(removed / 50).toFixed(2)} rows=12 width=64) (actual time=0.015..${ms.toFixed(3)} rows=12 loops=1)`,
    `  Filter: (${p.columns[0]} = 'x'::text)`,
    `  Rows Removed by Filter: ${removed}`,
  ];
}

function seqPlanJson(t: Template, ms: number, query: string): string {
  const p = t.planted!;
  const removed = int(10_000, 900_000);
  const scan = { 'Node Type': 'Seq Scan', 'Relation Name': p.table, 'Total Cost': removed / 50, 'Actual Total Time': ms * 0.95, 'Actual Rows': 12, 'Actual Loops': 1, Filter: `(${p.columns[0]} = 'x'::text)`, 'Rows Removed by Filter': removed };
  const plan = t.shape === 'join' ? { 'Node Type': 'Hash Join', 'Total Cost': removed / 40, 'Actual Total Time': ms, 'Actual Rows': 40, 'Actual Loops': 1, Plans: [{ ...scan, Filter: undefined, 'Rows Removed by Filter': undefined, 'Actual Rows': removed }] } : scan;
  return JSON.stringify({ 'Query Text': query, Plan: plan }, null, 2);
}

const pgLines: string[] = [];
const myLines: string[] = ['/usr/sbin/mysqld, Version: 8.0.36 (MySQL Community Server - GPL). started with:', 'Tcp port: 3306  Unix socket: /var/run/mysqld/mysqld.sock', 'Time                 Id Command    Argument'];
const pgTime = (ms: number): string => new Date(ms).toISOString().replace('T', ' ').replace('Z', ' UTC');
for (const e of execs) {
  const t = e.t;
  const ms = Math.max(0.01, t.meanMs * Math.exp((rand() - 0.5) * 1.2));
  if (t.dialect === 'postgresql') {
    const prefix = `${pgTime(e.ts)} [${3000 + e.session}] app@shop `;
    const params = chance(0.3);
    const { sql, values } = render(t, 'postgresql', params);
    if (t.plan !== 'none' && chance(0.5)) {
      const { sql: literal } = params ? render(t, 'postgresql', false) : { sql };
      const planBody = t.plan === 'text' ? [`Query Text: ${literal}`, ...seqPlanText(t, ms)] : seqPlanJson(t, ms, literal).split('\n');
      pgLines.push(`${prefix}LOG:  duration: ${ms.toFixed(3)} ms  plan:`, ...planBody.map((l) => `\t${l}`));
      pgLines.push(`${prefix}LOG:  duration: ${(ms + 0.05).toFixed(3)} ms  statement: ${literal}`);
      continue;
    }
    if (params) {
      pgLines.push(`${prefix}LOG:  duration: ${ms.toFixed(3)} ms  execute S_${int(1, 30)}: ${sql}`);
      pgLines.push(`${prefix}DETAIL:  parameters: ${values.map((v, i) => `$${i + 1} = ${quoteStr(v)}`).join(', ')}`);
    } else pgLines.push(`${prefix}LOG:  duration: ${ms.toFixed(3)} ms  statement: ${sql}`);
  } else {
    const { sql } = render(t, 'mysql', false);
    myLines.push(
      `# Time: ${new Date(e.ts).toISOString().replace(/\.(\d{3})Z$/, '.$1000Z')}`,
      `# User@Host: app[app] @ web-${e.session % 4} [10.0.0.${e.session}]  Id: ${String(100 + e.session).padStart(5)}`,
      `# Query_time: ${(ms / 1000).toFixed(6)}  Lock_time: 0.000010 Rows_sent: ${int(0, 50)}  Rows_examined: ${int(100, 900000)}`,
      `SET timestamp=${Math.floor(e.ts / 1000)};`,
      `${sql};`,
    );
  }
}
const indexLines = ['schemaname,tablename,indexname,indexdef,idx_scan'];
for (const [table, list] of existing) {
  for (const cols of list) {
    const pk = cols.length === 1 && tables.find((t) => t.name === table)!.pk === cols[0];
    const name = pk ? `${table}_pkey` : unusedPlanted.includes(`${table}_${cols.join('_')}_unused`) ? `${table}_${cols.join('_')}_unused` : `${table}_${cols.join('_')}_idx${int(1, 9)}`;
    const scans = name.endsWith('_unused') ? 0 : int(1, 100000);
    indexLines.push(`public,${table},${name},"CREATE ${pk ? 'UNIQUE ' : ''}INDEX ${name} ON public.${table} USING btree (${cols.join(', ')})",${scans}`);
  }
}

const dir = process.argv.includes('--write') ? arg('write', '') : mkdtempSync(join(tmpdir(), 'hindsight-queries-'));
mkdirSync(dir, { recursive: true });
const paths = { pg: join(dir, 'postgresql.log'), my: join(dir, 'mysql-slow.log'), ix: join(dir, 'indexes.csv') };
writeFileSync(paths.pg, `${pgLines.join('\n')}\n`);
writeFileSync(paths.my, `${myLines.join('\n')}\n`);
writeFileSync(paths.ix, `${indexLines.join('\n')}\n`);

// ---- the advisor, timed ----------------------------------------------------------------------------------

const started = performance.now();
const files = [readQueryFile(paths.pg), readQueryFile(paths.my), readQueryFile(paths.ix)];
const readMs = performance.now() - started;
const advice = await adviseQueries(files, { top: templates.length + 50 });
const totalMs = performance.now() - started;
const statements = files.reduce((s, f) => s + f.statements.length, 0);

// ---- scoring ---------------------------------------------------------------------------------------------

const byFingerprint = new Map(advice.queries.map((q) => [q.fingerprint, q]));
let planted = 0;
let found = 0;
let foundTop1 = 0;
let suggestions = 0;
let offColumn = 0;
let missingRow = 0;
const misses: string[] = [];
const templateFingerprints = new Set<string>();
for (const t of templates) {
  const fp = fingerprint(render(t, t.dialect, false).sql, t.dialect);
  templateFingerprints.add(fp);
  const row = byFingerprint.get(fp);
  if (!row) {
    missingRow++;
    continue;
  }
  for (const s of row.indexes) {
    suggestions++;
    const allowed = t.used.get(s.table);
    if (!allowed || s.columns.some((c) => !allowed.has(c))) offColumn++;
  }
  if (!t.planted) continue;
  planted++;
  const p = t.planted;
  const hit = (s: { table: string; columns: string[] }): boolean => s.table === p.table && s.columns.length >= p.columns.length && p.columns.every((c) => s.columns.slice(0, p.columns.length).includes(c));
  const rank = row.indexes.findIndex(hit);
  if (rank >= 0) found++;
  if (rank === 0) foundTop1++;
  if (rank < 0 && misses.length < 5) misses.push(`${t.shape}: wanted ${p.table}(${p.columns.join(', ')}), got ${row.indexes.map((s) => `${s.table}(${s.columns.join(', ')})`).join('; ') || row.note}${process.argv.includes('--verbose') ? `\n    ${row.example}` : ''}`);
}
const nPlanted = templates.filter((t) => t.nPlusOne).map((t) => fingerprint(render(t, t.dialect, false).sql, t.dialect));
const nFound = advice.queries.filter((q) => q.n_plus_one).map((q) => q.fingerprint);
const nHit = nPlanted.filter((fp) => nFound.includes(fp)).length;
const pct = (a: number, b: number): string => (b ? `${((100 * a) / b).toFixed(1)} %` : 'n/a');

console.log(`workload: seed ${seed}, ${tables.length} tables, ${templates.length} templates (${templates.filter((t) => t.dialect === 'postgresql').length} PostgreSQL, ${templates.filter((t) => t.plan !== 'none').length} with auto_explain plans), ${statements} statements`);
console.log(`fingerprints: ${advice.fingerprints} found for ${templateFingerprints.size} templates${missingRow ? ` (${missingRow} templates without a row)` : ''}; not analysed: ${advice.not_analysed}`);
console.log(`planted missing indexes in the top 3 for their query: ${found}/${planted} = ${pct(found, planted)} (target ≥ 90 %); ranked first: ${pct(foundTop1, planted)}`);
console.log(`suggestions on a column the query never filters/joins/orders on: ${offColumn} of ${suggestions} (target 0)`);
console.log(`N+1: planted ${nPlanted.length}, flagged ${nFound.length}, of them planted ${nHit}`);
const dupHit = advice.duplicate_indexes.filter((d) => duplicatePlanted.includes(d.table) && d.columns.length === 1).length;
const unusedHit = advice.unused_indexes.filter((u) => unusedPlanted.includes(u.index)).length;
console.log(`duplicate indexes: planted ${dupTables.length}, found ${dupHit} of them (${advice.duplicate_indexes.length} reported); unused: planted ${unusedPlanted.length}, found ${unusedHit} of them (${advice.unused_indexes.length} reported)`);
console.log(`throughput: ${Math.round(statements / (totalMs / 1000))} statements/s (${statements} in ${(totalMs / 1000).toFixed(2)} s: read ${(readMs / 1000).toFixed(2)} s, advise ${((totalMs - readMs) / 1000).toFixed(2)} s)`);
if (process.argv.includes('--verbose')) {
  for (const q of advice.queries) if (!templateFingerprints.has(q.fingerprint)) console.log(`not a template's fingerprint: ${q.fingerprint}`);
  for (const q of advice.queries) if (!q.analysed) console.log(`${q.note}: ${q.fingerprint}`);
}
if (misses.length) console.log(`first misses:\n  ${misses.join('\n  ')}`);
if (!process.argv.includes('--write')) rmSync(dir, { recursive: true, force: true });
else console.log(`files kept in ${dir}`);
