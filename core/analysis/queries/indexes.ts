/**
 * Candidate indexes for a statement and their estimated benefit, after Dexter and pganalyze's Index Advisor,
 * without hypothetical-index planning (no database here): for each table, the equality columns first (WHERE
 * `=`/`IN`/`IS`, then join keys), then the first range column, or the ORDER BY columns when there is no range
 * (one B-tree serves equality, then one range or the order). Only columns the statement filters, joins or
 * orders on are ever suggested. An existing index whose leading columns are the candidate's skips it.
 *
 * Benefit, in ms of execution time over the log: with a plan (auto_explain), the share of the plan's time
 * spent scanning that table sequentially × the share of rows the filter removed × the fingerprint's total
 * time; without one, a selectivity guess (equality 0.9, join 0.7, range 0.6, order 0.3, combined as
 * 1 − Π(1 − s)) × the total time split evenly over the tables with candidates. Guesses rank, not promise.
 */
import type { DuplicateIndex, IndexInfo, QueryPlan, UnusedIndex } from './types';
import type { TableUse } from './predicates';

export interface IndexCandidate {
  table: string;
  columns: string[];
  /** Estimated execution time saved over the log, ms. */
  benefit: number;
  benefitSource: 'plan' | 'guess';
  /** Why, in one line: what the plan showed or which predicates it serves. */
  reason: string;
  create: string;
}

const SELECTIVITY = { equality: 0.9, join: 0.7, range: 0.6, order: 0.3 } as const;
type Role = keyof typeof SELECTIVITY;

/** Column lists to try for one table, each with the role of every column. */
export function tableCandidates(use: TableUse): { columns: string[]; roles: Role[] }[] {
  const eq = use.equality;
  const eqJoin = [...eq, ...use.join.filter((c) => !eq.includes(c))];
  const firstRange = use.range.find((c) => !eqJoin.includes(c));
  const order = use.order.filter((c) => !eqJoin.includes(c));
  const role = (c: string): Role => (eq.includes(c) ? 'equality' : use.join.includes(c) ? 'join' : use.range.includes(c) ? 'range' : 'order');
  const lists: string[][] = [];
  if (firstRange) lists.push([...eqJoin, firstRange]);
  if (order.length && (!firstRange || order[0] === firstRange)) lists.push([...eqJoin, ...order]);
  if (eqJoin.length) lists.push(eqJoin);
  if (eq.length && use.join.some((c) => !eq.includes(c))) {
    lists.push(firstRange ? [...eq, firstRange] : [...eq]);
    lists.push(use.join.filter((c) => !eq.includes(c)));
  }
  if (!eqJoin.length && order.length) lists.push(order);
  const seen = new Set<string>();
  const out: { columns: string[]; roles: Role[] }[] = [];
  for (const l of lists) {
    const cols = [...new Set(l)].slice(0, 5);
    const key = cols.join(',');
    if (!cols.length || seen.has(key)) continue;
    seen.add(key);
    out.push({ columns: cols, roles: cols.map(role) });
  }
  return out;
}

/** True when an existing index starts with the candidate's columns (the equality part in any order). */
export function coveredBy(columns: readonly string[], existing: readonly string[]): boolean {
  if (existing.length < columns.length) return false;
  const head = new Set(existing.slice(0, columns.length));
  return columns.every((c) => head.has(c));
}

/** `CREATE INDEX orders_customer_id_status_idx ON orders (customer_id, status);` */
export function createIndexSql(table: string, columns: readonly string[]): string {
  const name = `${table}_${columns.join('_')}_idx`.replace(/[^A-Za-z0-9_]/g, '_').slice(0, 63);
  return `CREATE INDEX ${name} ON ${table} (${columns.join(', ')});`;
}

/** What the plans say about one table: its share of the time in sequential scans and the share of rows filtered out. */
export interface TableEvidence {
  seqScanShare: number;
  removedShare: number;
  /** Already read through an index in the plan. */
  indexed: boolean;
  /** Columns of the plan's Index Cond on this table: an index that exists, though no listing was given. */
  indexCondColumns: string[];
  filter: string | null;
}

/** Plan evidence per table (lower case), from the slowest plan that mentions it. */
export function planEvidence(plans: readonly QueryPlan[]): Map<string, TableEvidence> {
  const out = new Map<string, TableEvidence>();
  for (const plan of plans) {
    const total = plan.totalMs ?? plan.totalCost;
    for (const node of plan.nodes) {
      if (!node.relation) continue;
      const table = node.relation.toLowerCase();
      if (out.has(table)) continue;
      const own = plan.totalMs !== null && node.actualMs !== null ? node.actualMs * (node.loops ?? 1) : node.totalCost;
      const share = total && own !== null ? Math.min(1, own / total) : 0.5;
      const returned = node.actualRows !== null ? node.actualRows * (node.loops ?? 1) : null;
      const removed = node.rowsRemovedByFilter !== null ? node.rowsRemovedByFilter * (node.loops ?? 1) : null;
      const removedShare = removed !== null && returned !== null && removed + returned > 0 ? removed / (removed + returned) : node.filter ? 0.5 : 0;
      const seq = node.nodeType === 'Seq Scan' || node.nodeType === 'Parallel Seq Scan';
      const indexCondColumns = [...(node.indexCond ?? '').matchAll(/(\w+)\)?\s*(?:=|<|>|<=|>=)\s/g)].map((m) => m[1].toLowerCase());
      out.set(table, { seqScanShare: seq ? share : 0, removedShare, indexed: /Index/.test(node.nodeType), indexCondColumns, filter: node.filter });
    }
  }
  return out;
}

/**
 * Ranked candidate indexes (most benefit first, at most `limit`) for one fingerprint.
 * @param tables how the statement uses each table (statementShape)
 * @param totalMs the fingerprint's total time
 * @param plans its logged plans (may be empty)
 * @param existing known indexes (may be empty)
 */
export function suggestIndexes(tables: readonly TableUse[], totalMs: number, plans: readonly QueryPlan[], existing: readonly IndexInfo[], limit = 3): IndexCandidate[] {
  const evidence = planEvidence(plans);
  const perTable = tables.map((t) => ({ use: t, lists: tableCandidates(t) })).filter((t) => t.lists.length);
  const out: IndexCandidate[] = [];
  for (const { use, lists } of perTable) {
    const ev = evidence.get(use.table);
    const indexes = existing.filter((i) => i.table.toLowerCase() === use.table);
    for (const { columns, roles } of lists) {
      if (indexes.some((i) => coveredBy(columns, i.columns)) || (ev?.indexCondColumns.length && coveredBy(columns, ev.indexCondColumns))) continue;
      const guess = 1 - roles.reduce((keep, r) => keep * (1 - SELECTIVITY[r]), 1);
      let benefit: number;
      let benefitSource: IndexCandidate['benefitSource'];
      let reason: string;
      const served = roles.map((r, k) => `${columns[k]} (${r})`).join(', ');
      if (ev && ev.seqScanShare > 0) {
        // A scan with a filter gains what the filter throws away; one without (a join's inner side) the join's guess.
        benefit = totalMs * ev.seqScanShare * (ev.filter ? Math.max(ev.removedShare, 0.05) * guess : guess);
        benefitSource = 'plan';
        reason = `plan: Seq Scan on ${use.table} takes ${Math.round(ev.seqScanShare * 100)}% of the time${ev.filter ? `, Filter ${ev.filter.slice(0, 80)}` : ''}, ${Math.round(ev.removedShare * 100)}% of rows removed; serves ${served}`;
      } else if (ev && ev.indexed) {
        benefit = (totalMs / perTable.length) * guess * 0.1;
        benefitSource = 'plan';
        reason = `plan: ${use.table} is already read through an index; a better-fitting one may help a little; serves ${served}`;
      } else {
        benefit = (totalMs / perTable.length) * guess;
        benefitSource = 'guess';
        reason = `selectivity guess; serves ${served}`;
      }
      out.push({ table: use.table, columns, benefit, benefitSource, reason, create: createIndexSql(use.table, columns) });
    }
  }
  // A candidate that a better-ranked one on the same table starts with adds nothing: left out.
  const chosen: IndexCandidate[] = [];
  for (const c of out.sort((a, b) => b.benefit - a.benefit || a.columns.length - b.columns.length)) {
    if (chosen.length >= limit) break;
    if (!chosen.some((k) => k.table === c.table && coveredBy(c.columns, k.columns))) chosen.push(c);
  }
  return chosen;
}

/**
 * Indexes another index on the same table makes redundant: same columns, or a prefix of the other's (a
 * unique or primary-key index is kept: it enforces something). For identical indexes the later name is reported.
 */
export function duplicateIndexes(indexes: readonly IndexInfo[]): DuplicateIndex[] {
  const out: DuplicateIndex[] = [];
  for (const a of indexes) {
    if (a.unique || a.primary || !a.columns.length) continue;
    const cover = indexes.find(
      (b) =>
        b !== a &&
        b.table === a.table &&
        b.columns.length >= a.columns.length &&
        a.columns.every((c, k) => b.columns[k] === c) &&
        (b.columns.length > a.columns.length || b.unique || b.name < a.name),
    );
    if (cover) out.push({ table: a.table, index: a.name, columns: a.columns, coveredBy: cover.name, coveredByColumns: cover.columns });
  }
  return out;
}

/** Indexes never scanned since statistics were reset (idx_scan = 0), primary keys and unique indexes left out. */
export function unusedIndexes(indexes: readonly IndexInfo[]): UnusedIndex[] {
  return indexes.filter((i) => i.scans === 0 && !i.primary && !i.unique).map((i) => ({ table: i.table, index: i.name, columns: i.columns, scans: 0 }));
}
