/**
 * Log templates while importing: each service's messages go through a Drain-family miner
 * (core/analysis/logs/miner, run by source-batches.ts in the importing thread or the ingest worker); here, per
 * template, we keep counts per time bucket, first/last seen, the level mix and a few example lines. Memory
 * grows with templates × buckets, never with lines. At the end of a source, provisional ids that generalised
 * are renamed on the source's rows in one pass and the stats are merged into the workspace's templates tables
 * (ids are content hashes, so they are stable across re-imports).
 */
import type { FinalizeResult } from '../analysis/logs/miner';
import type { WorkspaceStore } from '../store/workspace';

/** Width of a template-count bucket: the resolution of log-pattern strips and burst detection. */
export const TEMPLATE_BUCKET_MS = 300_000;
const EXAMPLES = 3;

interface Stat {
  service: string | null;
  count: number;
  first: number;
  last: number;
  levels: Map<string, number>;
  examples: string[];
  buckets: Map<number, number>;
  /** Index (0-based, in add order) of the first and last event given this id. */
  firstSeq: number;
  lastSeq: number;
}

export class SourceTemplates {
  private readonly stats = new Map<string, Stat>();
  private seq = 0;
  private readonly lower = new Map<string, string>();

  /** Counts one log event under its (provisional) template id `id`, as mined in file order. O(1). */
  record(
    id: string,
    service: string | null | undefined,
    level: string | null | undefined,
    ts: number,
    raw: string,
  ): void {
    const seq = this.seq++;
    let st = this.stats.get(id);
    if (!st) {
      st = {
        service: service ?? null,
        count: 0,
        first: ts,
        last: ts,
        levels: new Map(),
        examples: [],
        buckets: new Map(),
        firstSeq: seq,
        lastSeq: seq,
      };
      this.stats.set(id, st);
    }
    st.lastSeq = seq;
    st.count++;
    if (ts < st.first) st.first = ts;
    if (ts > st.last) st.last = ts;
    const lvRaw = level ?? 'unknown';
    let lv = this.lower.get(lvRaw);
    if (lv === undefined) {
      lv = lvRaw.toLowerCase();
      if (this.lower.size < 1000) this.lower.set(lvRaw, lv);
    }
    st.levels.set(lv, (st.levels.get(lv) ?? 0) + 1);
    if (st.examples.length < EXAMPLES) st.examples.push(raw.length > 2000 ? `${raw.slice(0, 2000)}…` : raw);
    const b = Math.floor(ts / TEMPLATE_BUCKET_MS) * TEMPLATE_BUCKET_MS;
    st.buckets.set(b, (st.buckets.get(b) ?? 0) + 1);
  }

  /**
   * Remaps generalised ids on the source's log rows and merges the stats into the store (caller's transaction).
   * `finals`: the source's miners' final results (TemplateMiners.finalize), by service.
   * `firstRow`: the row id of the first event added, when the events were stored as consecutive rows in add
   * order (then only the rows between the first and last event of a renamed id are visited); else undefined.
   */
  flush(
    store: WorkspaceStore,
    sourceId: number,
    finals: ReadonlyMap<string, FinalizeResult>,
    firstRow?: number,
  ): { templates: number } {
    const finalOf = new Map<string, { id: string; pattern: string }>();
    for (const { templates, idMap } of finals.values()) {
      const text = new Map(templates.map((t) => [t.id, t.template]));
      for (const [from, to] of idMap) finalOf.set(from, { id: to, pattern: text.get(to) ?? '' });
      for (const t of templates) if (!finalOf.has(t.id)) finalOf.set(t.id, { id: t.id, pattern: t.template });
    }
    const merged = new Map<string, Stat & { pattern: string }>();
    const renamed: [string, string][] = [];
    let lo = Infinity;
    let hi = -Infinity;
    for (const [id, st] of this.stats) {
      const f = finalOf.get(id) ?? { id, pattern: '' };
      if (f.id !== id) {
        renamed.push([id, f.id]);
        lo = Math.min(lo, st.firstSeq);
        hi = Math.max(hi, st.lastSeq);
      }
      const m = merged.get(f.id);
      if (!m) {
        merged.set(f.id, { ...st, pattern: f.pattern, levels: new Map(st.levels), buckets: new Map(st.buckets), examples: [...st.examples] });
        continue;
      }
      m.count += st.count;
      m.first = Math.min(m.first, st.first);
      m.last = Math.max(m.last, st.last);
      for (const [k, v] of st.levels) m.levels.set(k, (m.levels.get(k) ?? 0) + v);
      for (const [k, v] of st.buckets) m.buckets.set(k, (m.buckets.get(k) ?? 0) + v);
      for (const e of st.examples) if (m.examples.length < EXAMPLES) m.examples.push(e);
    }
    if (firstRow === undefined) store.remapLogTemplates(sourceId, renamed);
    else store.remapLogTemplates(sourceId, renamed, firstRow + lo, firstRow + hi);
    for (const [id, m] of merged) {
      store.mergeTemplate({
        id,
        service: m.service,
        pattern: m.pattern,
        count: m.count,
        first: m.first,
        last: m.last,
        levels: Object.fromEntries(m.levels),
        examples: m.examples,
        buckets: m.buckets,
      });
    }
    return { templates: merged.size };
  }
}
