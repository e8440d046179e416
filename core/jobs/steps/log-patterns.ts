/**
 * Step `log-patterns`, over the workspace: new patterns after the baseline of the LOG span (not the
 * workspace's), bursts and drops of a pattern's share of the lines judged against its trailing history and
 * the same hour on previous days (a daily batch is routine), surges of existing patterns, error surges
 * (core/analysis/logs/patterns), each stored as a typed pattern event ranked by `patternScore`.
 */
import { BASELINE_SHARE, baselineIndex, isErrorLevel, patternEvents, patternScore, templateCountMatrix } from '../../analysis/logs/patterns';
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
  version: 5,
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
    // The log span (first and last line; store.logSpan), whatever else the workspace holds: a pattern seen in its first
    // hour or first quarter was there before the window and is not new.
    const span = store.logSpan();
    const firstTs = span.first ?? starts[0];
    const lastTs = span.last ?? starts[n - 1];
    // A pattern that rises with all traffic (the daily cycle) is not a burst: judge each pattern's share
    // of the lines in its bucket, rescaled to the typical bucket volume, so only shifts in the mix stand out.
    const total = new Float64Array(n);
    for (const c of counts) for (let b = 0; b < n; b++) total[b] += c[b];
    const busy = [...total].filter((x) => x > 0).sort((a, b) => a - b);
    const typical = busy.length ? busy[busy.length >> 1] : 1;
    for (const c of counts) for (let b = 0; b < n; b++) c[b] = total[b] > 0 ? (c[b] / total[b]) * typical : total[b] === 0 ? 0 : Number.NaN;
    const levels = templates.map((t) => dominantLevel(t.levels));
    const found = patternEvents(
      templates.map((t, i) => ({ templateId: t.id, counts: counts[i], level: levels[i] })),
      { baselineEnd: baselineIndex(starts, firstTs, lastTs, BASELINE_SHARE), window: PATTERN_WINDOW, starts },
    ).filter((e) => e.kind !== 'rare');
    const byId = new Map(templates.map((t, i) => [t.id, { ...t, level: levels[i] }]));
    const titles: Record<string, string> = {
      'error-surge': 'Error lines surge', new: 'New log pattern', burst: 'Burst of log pattern', surge: 'Surge of log pattern',
      drop: 'Drop of log pattern',
    };
    const events: PatternEventInput[] = found.map((e) => {
      const t = byId.get(e.templateId);
      const what = titles[e.kind];
      return {
        templateId: e.templateId,
        service: t?.service ?? null,
        start: starts[e.start],
        end: starts[e.end] + TEMPLATE_BUCKET_MS,
        kind: e.kind,
        magnitude: e.magnitude,
        score: patternScore(e, isErrorLevel(t?.level)),
        title: t ? `${what}: ${t.pattern.slice(0, 160)}` : what,
        severity: e.kind === 'surge' && isErrorLevel(t?.level) ? 'high' : e.kind === 'new' || e.kind === 'error-surge' || e.kind === 'surge' ? 'medium' : 'low',
      };
    });
    return { output: { count: events.length }, save: (s) => s.replacePatternEvents(events) };
  },
};
