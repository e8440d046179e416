/**
 * Log templates while importing: each service's messages go through a Drain-family miner
 * (core/analysis/logs/miner); per template we keep counts per time bucket, first/last seen, the level
 * mix and a few example lines. Memory grows with templates × buckets, never with lines.
 * At the end of a source, provisional ids that generalised are remapped and the stats are merged
 * into the workspace's templates tables (ids are content hashes, so they are stable across re-imports).
 */
import { TemplateMiner } from '../analysis/logs/miner';
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
}

export class SourceTemplates {
  private readonly miners = new Map<string, TemplateMiner>();
  private readonly stats = new Map<string, Stat>();

  /** Mines one log event; returns its (provisional) template id. */
  add(service: string | null | undefined, level: string | null | undefined, ts: number, message: string, raw: string): string {
    const svc = service ?? '';
    let miner = this.miners.get(svc);
    if (!miner) {
      miner = new TemplateMiner({ service: svc });
      this.miners.set(svc, miner);
    }
    const id = miner.add(message).templateId;
    let st = this.stats.get(id);
    if (!st) {
      st = { service: service ?? null, count: 0, first: ts, last: ts, levels: new Map(), examples: [], buckets: new Map() };
      this.stats.set(id, st);
    }
    st.count++;
    if (ts < st.first) st.first = ts;
    if (ts > st.last) st.last = ts;
    const lv = (level ?? 'unknown').toLowerCase();
    st.levels.set(lv, (st.levels.get(lv) ?? 0) + 1);
    if (st.examples.length < EXAMPLES) st.examples.push(raw.length > 2000 ? `${raw.slice(0, 2000)}…` : raw);
    const b = Math.floor(ts / TEMPLATE_BUCKET_MS) * TEMPLATE_BUCKET_MS;
    st.buckets.set(b, (st.buckets.get(b) ?? 0) + 1);
    return id;
  }

  /** Remaps generalised ids on the source's log rows and merges the stats into the store (caller's transaction). */
  flush(store: WorkspaceStore, sourceId: number): { templates: number } {
    const finalOf = new Map<string, { id: string; pattern: string }>();
    for (const miner of this.miners.values()) {
      const { templates, idMap } = miner.finalize();
      const text = new Map(templates.map((t) => [t.id, t.template]));
      for (const [from, to] of idMap) finalOf.set(from, { id: to, pattern: text.get(to) ?? '' });
      for (const t of templates) if (!finalOf.has(t.id)) finalOf.set(t.id, { id: t.id, pattern: t.template });
    }
    const merged = new Map<string, Stat & { pattern: string }>();
    for (const [id, st] of this.stats) {
      const f = finalOf.get(id) ?? { id, pattern: '' };
      if (f.id !== id) store.remapLogTemplate(sourceId, id, f.id);
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
