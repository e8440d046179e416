/**
 * The log handlers: patterns (templates) with new/rare badges, families and sparklines; full-text
 * search with filters and parameter highlighting; and the per-bucket pattern strip for the timeline.
 */
import type { Handlers, LogLine, TemplateInfo } from '../api/contract';
import { ApiError } from '../api/errors';
import { templateFamilies } from '../analysis/logs/families';
import { BASELINE_SHARE } from '../analysis/logs/patterns';
import type { LogRow, TemplateRow } from '../store/statements';
import type { WorkspaceStore } from '../store/workspace';
import type { ServiceContext } from './context';

const SPARK_BUCKETS = 40;
/** Matches are counted up to this many (the UI shows "10,000+"): an exact count of millions costs seconds. */
const COUNT_LIMIT = 10_000;
/** The histogram reads at most this many matches' times (about a quarter second on this machine's disk cache). */
const HISTOGRAM_SCAN_LIMIT = 500_000;

type LogHandlers = Pick<Handlers, 'logs/templates' | 'logs/search' | 'logs/histogram' | 'logs/strip'>;

interface Derived {
  version: number;
  families: Map<string, string>;
  /** Source file paths by source id. */
  sources: Map<number, string>;
  patterns: Map<string, RegExp | null>;
}

/**
 * Character ranges of a template's parameters inside a raw line: the template's literal parts are
 * matched in order (white space loosely) and what lies under each `<*>` is a parameter.
 */
export function paramRanges(pattern: string, raw: string, cache?: Map<string, RegExp | null>): [number, number][] {
  let re = cache?.get(pattern);
  if (re === undefined) {
    const parts = pattern.split('<*>').map((p) => p.replace(/[.*+?^${}()|[\]\\]/g, '\\$&').replace(/\s+/g, '\\s+'));
    try {
      re = parts.length > 1 && parts.length < 60 ? new RegExp(parts.join('(.+?)') + (parts[parts.length - 1] ? '' : '$'), 'd') : null;
    } catch {
      re = null;
    }
    cache?.set(pattern, re);
  }
  if (!re) return [];
  const firstLine = raw.split('\n', 1)[0];
  const m = re.exec(firstLine);
  if (!m?.indices) return [];
  const out: [number, number][] = [];
  for (let g = 1; g < m.indices.length; g++) {
    const r = m.indices[g];
    if (r && r[1] > r[0]) out.push([r[0], r[1]]);
  }
  return out;
}

/** An FTS5 query that SQLite accepts: as typed when valid, else each word as a quoted phrase. */
export function safeFtsQuery(q: string): string {
  const words = q.match(/[\p{L}\p{N}_]+/gu) ?? [];
  return words.map((w) => `"${w}"`).join(' ');
}

/** FTS5 syntax a person writes on purpose: double quotes, parentheses, prefix/initial marks, column sets, operators. */
const FTS_SYNTAX_RE = /["()*^{}]|\b(?:AND|OR|NOT|NEAR)\b/;

/** True for an SQLite error raised by an FTS5 MATCH expression (as opposed to any other failure). */
export function isFtsQueryError(err: unknown): boolean {
  return /fts5|syntax error|no such column|unterminated string|unknown special query/i.test(String(err));
}

/**
 * What is wrong with an FTS5 query, in words, from SQLite's error for it. A query with no FTS5 syntax of its
 * own (`pool: exhausted-`) is never judged this way: its words are searched (safeFtsQuery). A query that uses
 * the syntax (quotes, parentheses, AND/OR/NOT/NEAR, `*`) and gets it wrong is told so, never rewritten silently.
 * @example ftsSyntaxMessage('"pool', 'unterminated string') // 'search syntax: a double quote is not closed …'
 */
export function ftsSyntaxMessage(query: string, sqliteMessage: string): string {
  const tail = 'put words in double quotes to search for them as written';
  const column = /no such column: (\S+)/.exec(sqliteMessage);
  if (column) return `search syntax: "${column[1]}:" reads as a column name, but only the line text can be searched; ${tail}`;
  if (/unterminated string/.test(sqliteMessage)) return 'search syntax: a double quote is not closed';
  if (/unknown special query/.test(sqliteMessage)) return `search syntax: "${query}" has no word to search for`;
  const near = /syntax error near "(.*)"/.exec(sqliteMessage);
  if (near && near[1] === '') return 'search syntax: the query ends too early (after an operator, or with a parenthesis left open)';
  if (near) return `search syntax: unexpected "${near[1]}"; ${tail}`;
  return `search syntax: not a valid full-text query; ${tail}`;
}

/**
 * Runs a store read with a person's text query: as typed; when SQLite refuses it and it uses no FTS5
 * syntax on purpose, again with its words as phrases (safeFtsQuery); when it uses the syntax wrongly,
 * fails with what is wrong (ftsSyntaxMessage). `method` names the call in the error.
 */
export function withTextQuery<T>(method: string, query: string | undefined, read: (query: string | undefined) => T): T {
  try {
    return read(query);
  } catch (err) {
    if (!query || !isFtsQueryError(err)) throw err;
    if (FTS_SYNTAX_RE.test(query)) {
      throw new ApiError('bad-params', `${method}: ${ftsSyntaxMessage(query, String((err as Error).message ?? err))}`, 'query');
    }
    const fixed = safeFtsQuery(query);
    if (!fixed) throw new ApiError('bad-params', `${method}: query: nothing to search for in "${query}"`, 'query');
    return read(fixed);
  }
}

export function logHandlers(ctx: Pick<ServiceContext, 'store'>): LogHandlers {
  const store = (): WorkspaceStore => ctx.store();
  let derived: Derived | null = null;
  const derive = (s: WorkspaceStore): Derived => {
    if (derived && derived.version === s.dataVersion) return derived;
    const rows = s.templates();
    const fams = templateFamilies(rows.map((r) => ({ id: r.id, template: r.pattern, count: r.count })));
    const families = new Map<string, string>();
    for (const f of fams) if (f.templateIds.length > 1) for (const id of f.templateIds) families.set(id, f.familyId);
    derived = { version: s.dataVersion, families, sources: new Map(s.sources().map((r) => [r.id, r.path])), patterns: new Map() };
    return derived;
  };

  const toLine = (r: LogRow, patterns: Map<string, string>, d: Derived): LogLine => ({
    id: r.id,
    ts: r.ts,
    source: d.sources.get(r.source_id) ?? null,
    line: r.line,
    service: r.service,
    level: r.level,
    templateId: r.template_id,
    raw: r.raw,
    params: r.template_id && patterns.get(r.template_id) ? paramRanges(patterns.get(r.template_id) as string, r.raw, d.patterns) : [],
  });

  return {
    'logs/templates': async ({ from, to, service, query, sort, limit }) => {
      const s = store();
      const d = derive(s);
      // Novelty is judged against the logs' own span, not the workspace's (an early alert must not move it).
      const range = s.logSpan();
      const first = range.first ?? 0;
      const last = range.last ?? 0;
      const baselineEnd = first + (last - first) * BASELINE_SHARE;
      const windowed = from !== undefined || to !== undefined ? s.templateTotals(from ?? -Infinity, to ?? Infinity) : null;
      const totalLines = s.templates().reduce((n, t) => n + t.count, 0);
      const q = query?.trim().toLowerCase();
      let rows: (TemplateRow & { n: number })[] = s
        .templates()
        .filter((t) => (!service || t.service === service) && (!q || t.pattern.toLowerCase().includes(q)))
        .map((t) => ({ ...t, n: windowed ? (windowed.get(t.id) ?? 0) : t.count }))
        .filter((t) => t.n > 0);
      const rare = (t: TemplateRow): boolean => t.count <= Math.max(3, totalLines * 1e-4);
      const isNew = (t: TemplateRow): boolean => last > first && (t.first_seen ?? 0) > baselineEnd;
      rows = rows.sort((a, b) => {
        if (sort === 'new') return Number(isNew(b)) - Number(isNew(a)) || (b.first_seen ?? 0) - (a.first_seen ?? 0);
        if (sort === 'rare') return a.count - b.count;
        if (sort === 'first') return (b.first_seen ?? 0) - (a.first_seen ?? 0);
        return b.n - a.n;
      });
      rows = rows.slice(0, limit ?? 500);
      // Sparklines: the shown templates' counts over the workspace range.
      const span = Math.max(1, last - first);
      const spark = new Map(rows.map((r) => [r.id, new Array<number>(SPARK_BUCKETS).fill(0)]));
      for (const c of s.templateCounts(first, last + 1)) {
        const arr = spark.get(c.template_id);
        if (arr) arr[Math.min(SPARK_BUCKETS - 1, Math.floor(((c.bucket_ts - first) / span) * SPARK_BUCKETS))] += c.count;
      }
      return rows.map(
        (t): TemplateInfo => ({
          id: t.id,
          service: t.service,
          pattern: t.pattern,
          count: t.n,
          firstSeen: t.first_seen,
          lastSeen: t.last_seen,
          levels: JSON.parse(t.levels) as Record<string, number>,
          examples: JSON.parse(t.examples) as string[],
          isNew: isNew(t),
          isRare: rare(t),
          familyId: d.families.get(t.id) ?? null,
          spark: spark.get(t.id) ?? [],
        }),
      );
    },

    'logs/search': async ({ from, to, query, service, level, templateId, offset, limit, order }) => {
      const s = store();
      const d = derive(s);
      const filter = { from, to, service, level, templateId, order };
      const found = withTextQuery('logs/search', query?.trim() || undefined, (q) =>
        s.searchLogs({ ...filter, query: q }, offset ?? 0, limit ?? 200, COUNT_LIMIT),
      );
      const patterns = new Map(s.templates().map((t) => [t.id, t.pattern]));
      return {
        rows: found.rows.map((r) => toLine(r, patterns, d)),
        total: found.total,
        more: found.total >= COUNT_LIMIT,
      };
    },

    'logs/histogram': async ({ from, to, query, service, level, templateId, buckets }) => {
      const s = store();
      const range = s.timeRange();
      const lo = from ?? range.first ?? 0;
      const hi = to ?? (range.last ?? 0) + 1;
      if (!(hi > lo)) return { t: [], step: 0, counts: [], total: 0, capped: false };
      const step = (hi - lo) / buckets;
      // The last bucket ends at hi (exclusive of what lies past it): the filter's `to` is inclusive.
      const filter = { from: lo, to: hi - (to === undefined ? 1 : 0), service, level, templateId };
      const { counts, scanned } = withTextQuery('logs/histogram', query?.trim() || undefined, (q) =>
        s.logHistogram({ ...filter, query: q }, lo, step, buckets, HISTOGRAM_SCAN_LIMIT),
      );
      return {
        t: Array.from({ length: buckets }, (_, i) => lo + i * step),
        step,
        counts,
        total: scanned,
        capped: scanned >= HISTOGRAM_SCAN_LIMIT,
      };
    },

    'logs/strip': async ({ from, to, buckets, top }) => {
      const s = store();
      const range = s.timeRange();
      const lo = from ?? range.first ?? 0;
      const hi = to ?? (range.last ?? 0) + 1;
      if (!(hi > lo)) return { t: [], patterns: [] };
      const totals = [...s.templateTotals(lo, hi)].sort((a, b) => b[1] - a[1]).slice(0, top ?? 8);
      const width = (hi - lo) / buckets;
      const counts = totals.map(([id]) => {
        const row = new Array<number>(buckets).fill(0);
        for (const c of s.templateCountsOf(id, lo, hi)) row[Math.min(buckets - 1, Math.max(0, Math.floor((c.bucket_ts - lo) / width)))] += c.count;
        return row;
      });
      return {
        t: Array.from({ length: buckets }, (_, i) => lo + i * width),
        patterns: totals.map(([id], i) => {
          const t = s.template(id);
          return { templateId: id, pattern: t?.pattern ?? id, service: t?.service ?? null, counts: counts[i] };
        }),
      };
    },
  };
}
