/**
 * Step `log-patterns`, over the workspace: new patterns after the baseline, bursts and drops of a pattern's
 * share of the lines, error surges (core/analysis/logs/patterns), each stored as a typed pattern event.
 */
import { BASELINE_SHARE, patternEvents, templateCountMatrix } from '../../analysis/logs/patterns';
import { TEMPLATE_BUCKET_MS } from '../../ingest/templates';
import type { PatternEventInput } from '../../store/workspace';
import type { WorkspaceStep } from './step';

/** Trailing buckets of a pattern's history (4 hours of 5-minute buckets); longer gaps are skipped. */
const PATTERN_WINDOW = 48;

/** The level most of a template's lines have ('error', 'info', …), from its stored level counts. */
function dominantLevel(levels: string): string | undefined {
  return Object.entries(JSON.parse(levels) as Record<string, number>).sort((a, b) => b[1] - a[1])[0]?.[0];
}

export const logPatternsStep: WorkspaceStep = {
  kind: 'log-patterns',
  version: 4,
  scope: 'workspace',
  dependsOn: [],
  noun: 'log-pattern event(s)',
  run({ store }) {
    const none = { output: { count: 0 }, save: (s: typeof store) => s.replacePatternEvents([]) };
    const templates = store.templates();
    if (!templates.length) return none;
    // Buckets where there are lines, not every bucket of the span: one stray row years away costs one bucket.
    const { starts, counts } = templateCountMatrix(
      store.templateCounts(-Infinity, Infinity),
      templates.map((t) => t.id),
      TEMPLATE_BUCKET_MS,
      PATTERN_WINDOW,
    );
    const n = starts.length;
    if (n < 2) return none;
    // A pattern that rises with all traffic (the daily cycle) is not a burst: judge each pattern's share
    // of the lines in its bucket, rescaled to the typical bucket volume, so only shifts in the mix stand out.
    const total = new Float64Array(n);
    for (const c of counts) for (let b = 0; b < n; b++) total[b] += c[b];
    const busy = [...total].filter((x) => x > 0).sort((a, b) => a - b);
    const typical = busy.length ? busy[busy.length >> 1] : 1;
    for (const c of counts) for (let b = 0; b < n; b++) c[b] = total[b] > 0 ? (c[b] / total[b]) * typical : total[b] === 0 ? 0 : Number.NaN;
    const found = patternEvents(
      templates.map((t, i) => ({ templateId: t.id, counts: counts[i], level: dominantLevel(t.levels) })),
      { baselineEnd: Math.floor(n * BASELINE_SHARE), window: PATTERN_WINDOW },
    ).filter((e) => e.kind !== 'rare');
    const byId = new Map(templates.map((t) => [t.id, t]));
    const events: PatternEventInput[] = found.map((e) => {
      const t = byId.get(e.templateId);
      const what = e.kind === 'error-surge' ? 'Error lines surge' : `${e.kind === 'new' ? 'New' : e.kind === 'burst' ? 'Burst of' : 'Drop of'} log pattern`;
      return {
        templateId: e.templateId,
        service: t?.service ?? null,
        start: starts[e.start],
        end: starts[e.end] + TEMPLATE_BUCKET_MS,
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
