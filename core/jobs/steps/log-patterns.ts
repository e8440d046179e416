/**
 * Step `log-patterns`, over the workspace: new patterns after the baseline, bursts and drops of a pattern's
 * share of the lines, error surges (core/analysis/logs/patterns), each stored as a typed pattern event.
 */
import { BASELINE_SHARE, patternEvents } from '../../analysis/logs/patterns';
import { TEMPLATE_BUCKET_MS } from '../../ingest/templates';
import type { PatternEventInput } from '../../store/workspace';
import type { WorkspaceStep } from './step';

/** The level most of a template's lines have ('error', 'info', …), from its stored level counts. */
function dominantLevel(levels: string): string | undefined {
  return Object.entries(JSON.parse(levels) as Record<string, number>).sort((a, b) => b[1] - a[1])[0]?.[0];
}

export const logPatternsStep: WorkspaceStep = {
  kind: 'log-patterns',
  version: 3,
  scope: 'workspace',
  dependsOn: [],
  noun: 'log-pattern event(s)',
  run({ store }) {
    const none = { output: { count: 0 }, save: (s: typeof store) => s.replacePatternEvents([]) };
    const { first, last } = store.timeRange();
    if (first === null || last === null || last <= first) return none;
    const start = Math.floor(first / TEMPLATE_BUCKET_MS) * TEMPLATE_BUCKET_MS;
    const n = Math.floor((last - start) / TEMPLATE_BUCKET_MS) + 1;
    const templates = store.templates();
    if (!templates.length) return none;
    const index = new Map(templates.map((t, i) => [t.id, i]));
    const counts = templates.map(() => new Float64Array(n));
    for (const c of store.templateCounts(start, last + 1)) {
      const i = index.get(c.template_id);
      const b = Math.floor((c.bucket_ts - start) / TEMPLATE_BUCKET_MS);
      if (i !== undefined && b >= 0 && b < n) counts[i][b] += c.count;
    }
    // A pattern that rises with all traffic (the daily cycle) is not a burst: judge each pattern's share
    // of the lines in its bucket, rescaled to the typical bucket volume, so only shifts in the mix stand out.
    const total = new Float64Array(n);
    for (const c of counts) for (let b = 0; b < n; b++) total[b] += c[b];
    const busy = [...total].filter((x) => x > 0).sort((a, b) => a - b);
    const typical = busy.length ? busy[busy.length >> 1] : 1;
    for (const c of counts) for (let b = 0; b < n; b++) c[b] = total[b] > 0 ? (c[b] / total[b]) * typical : 0;
    const found = patternEvents(
      templates.map((t, i) => ({ templateId: t.id, counts: counts[i], level: dominantLevel(t.levels) })),
      { baselineEnd: Math.floor(n * BASELINE_SHARE) },
    ).filter((e) => e.kind !== 'rare');
    const byId = new Map(templates.map((t) => [t.id, t]));
    const events: PatternEventInput[] = found.map((e) => {
      const t = byId.get(e.templateId);
      const what = e.kind === 'error-surge' ? 'Error lines surge' : `${e.kind === 'new' ? 'New' : e.kind === 'burst' ? 'Burst of' : 'Drop of'} log pattern`;
      return {
        templateId: e.templateId,
        service: t?.service ?? null,
        start: start + e.start * TEMPLATE_BUCKET_MS,
        end: start + (e.end + 1) * TEMPLATE_BUCKET_MS,
        kind: e.kind,
        magnitude: e.magnitude,
        score: Math.min(1, Math.log10(1 + e.magnitude) / 3),
        title: t ? `${what}: ${t.pattern.slice(0, 160)}` : what,
        severity: e.kind === 'new' || e.kind === 'error-surge' ? 'medium' : 'low',
      };
    });
    return { output: { count: events.length }, save: (s) => s.replacePatternEvents(events) };
  },
};
