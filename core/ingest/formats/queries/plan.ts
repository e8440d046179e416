/**
 * auto_explain plans (PostgreSQL `auto_explain.log_format = text | json`), read into a flat list of nodes:
 * node type, table, index, Filter / Index Cond, Rows Removed by Filter, cost and actual time. Only what the
 * index advice uses is kept; unknown properties are ignored. O(lines of the plan).
 */
import type { PlanNode, QueryPlan } from './types';

/** `Seq Scan on orders o  (cost=0.00..1834.00 rows=10 width=64) (actual time=0.015..12.345 rows=10 loops=1)` */
const NODE_LINE =
  /^(\s*)(?:->\s+)?([A-Z][A-Za-z ]*?)(?:\s+Backward)?(?: using (\S+))?(?: on (\S+)(?: (\S+))?)?\s+\(cost=([\d.]+)\.\.([\d.]+) rows=\d+ width=\d+\)(?: \(actual time=([\d.]+)\.\.([\d.]+) rows=(\d+) loops=(\d+)\)| \(never executed\))?/;

/** The table name without its schema or quotes. */
export function bareTable(name: string): string {
  const last = name.split('.').pop() ?? name;
  return last.replace(/^"|"$/g, '');
}

function emptyNode(nodeType: string, depth: number): PlanNode {
  return { nodeType, relation: null, alias: null, indexName: null, filter: null, indexCond: null, rowsRemovedByFilter: null, totalCost: null, actualMs: null, actualRows: null, loops: null, depth };
}

function planOf(nodes: PlanNode[]): QueryPlan {
  const top = nodes[0];
  return {
    nodes,
    totalMs: top && top.actualMs !== null ? top.actualMs * (top.loops ?? 1) : null,
    totalCost: top?.totalCost ?? null,
  };
}

/** True when a line opens a text plan node (the first line after `Query Text:` that does). */
export function isPlanNodeLine(line: string): boolean {
  return NODE_LINE.test(line);
}

/**
 * A text-format plan from its lines (the `Query Text:` part already taken off). Depth is the node's
 * indentation rank. Returns null when no line is a plan node.
 * @example parseTextPlan(['Seq Scan on orders  (cost=0.00..18.50 rows=1 width=8)', '  Filter: (id = 42)'])
 *   // → { nodes: [{ nodeType: 'Seq Scan', relation: 'orders', filter: '(id = 42)', … }], … }
 */
export function parseTextPlan(lines: readonly string[]): QueryPlan | null {
  const nodes: PlanNode[] = [];
  const indents: number[] = [];
  for (const line of lines) {
    const m = NODE_LINE.exec(line);
    if (m) {
      const indent = m[1].length;
      while (indents.length && indents[indents.length - 1] >= indent) indents.pop();
      const node = emptyNode(m[2].trim(), indents.length);
      indents.push(indent);
      node.indexName = m[3] ?? null;
      node.relation = m[4] ? bareTable(m[4]) : null;
      node.alias = m[5] ?? null;
      node.totalCost = Number(m[7]);
      if (m[9] !== undefined) {
        node.actualMs = Number(m[9]);
        node.actualRows = Number(m[10]);
        node.loops = Number(m[11]);
      }
      nodes.push(node);
      continue;
    }
    const node = nodes[nodes.length - 1];
    if (!node) continue;
    const prop = /^\s*([A-Za-z ]+):\s+(.*)$/.exec(line);
    if (!prop) continue;
    const [, key, value] = prop;
    if (key === 'Filter') node.filter = value;
    else if (key === 'Index Cond' || key === 'Recheck Cond') node.indexCond ??= value;
    else if (key === 'Rows Removed by Filter') node.rowsRemovedByFilter = Number(value);
  }
  return nodes.length ? planOf(nodes) : null;
}

type JsonPlan = Record<string, unknown>;

function num(v: unknown): number | null {
  return typeof v === 'number' && Number.isFinite(v) ? v : null;
}
function str(v: unknown): string | null {
  return typeof v === 'string' ? v : null;
}

function walkJson(plan: JsonPlan, depth: number, out: PlanNode[]): void {
  const node = emptyNode(str(plan['Node Type']) ?? 'Unknown', depth);
  const relation = str(plan['Relation Name']);
  node.relation = relation ? bareTable(relation) : null;
  node.alias = str(plan['Alias']);
  node.indexName = str(plan['Index Name']);
  node.filter = str(plan['Filter']);
  node.indexCond = str(plan['Index Cond']) ?? str(plan['Recheck Cond']);
  node.rowsRemovedByFilter = num(plan['Rows Removed by Filter']);
  node.totalCost = num(plan['Total Cost']);
  node.actualMs = num(plan['Actual Total Time']);
  node.actualRows = num(plan['Actual Rows']);
  node.loops = num(plan['Actual Loops']);
  out.push(node);
  const children = plan['Plans'];
  if (Array.isArray(children)) for (const c of children) if (c && typeof c === 'object') walkJson(c as JsonPlan, depth + 1, out);
}

/**
 * A JSON-format auto_explain entry (`{"Query Text": "...", "Plan": {...}}`, or EXPLAIN's `[{"Plan": …}]`):
 * its query text and plan. Throws SyntaxError on text that is not JSON, Error when there is no "Plan".
 */
export function parseJsonPlan(text: string): { queryText: string | null; plan: QueryPlan } {
  let doc = JSON.parse(text) as unknown;
  if (Array.isArray(doc)) doc = doc[0];
  if (!doc || typeof doc !== 'object' || !('Plan' in doc)) throw new Error('a JSON plan with a "Plan" object');
  const entry = doc as JsonPlan;
  const nodes: PlanNode[] = [];
  walkJson(entry['Plan'] as JsonPlan, 0, nodes);
  return { queryText: str(entry['Query Text']), plan: planOf(nodes) };
}
