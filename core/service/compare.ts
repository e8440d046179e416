/**
 * Compare a selected range with a baseline, BubbleUp-style (Honeycomb): which series moved most
 * (robust z of the selected mean against the baseline's bucket means), which label values those
 * series share, and which log patterns changed rate most.
 */
import { mad, median } from '../analysis/stats';
import type { CompareResult, Handlers } from '../api/contract';
import { ApiError } from '../api/errors';
import type { WorkspaceStore } from '../store/workspace';
import type { ServiceContext } from './context';

const BUCKETS = 120;

/** Robust z of `x` against `base`: (x − median) / (1.4826·MAD), with a floor so flat baselines do not explode. */
export function robustShift(x: number, base: number[]): number {
  const m = median(base);
  const scale = mad(base, m);
  const floor = Math.max(1e-9, Math.abs(m) * 0.01);
  return (x - m) / Math.max(scale, floor);
}

export function compareRanges(
  s: WorkspaceStore,
  p: { from: number; to: number; baselineFrom: number; baselineTo: number; limit?: number },
): CompareResult {
  if (!(p.to > p.from)) throw new ApiError('bad-params', 'compare/ranges: to: must be after from', 'to');
  if (!(p.baselineTo > p.baselineFrom)) throw new ApiError('bad-params', 'compare/ranges: baselineTo: must be after baselineFrom', 'baselineTo');
  const limit = p.limit ?? 50;
  const series = s.listSeries('', 1_000_000).flatMap((r) => {
    const base = s.readBuckets(r.id, p.baselineFrom, p.baselineTo, BUCKETS);
    const sel = s.readBuckets(r.id, p.from, p.to, BUCKETS);
    if (base.avg.length < 3 || sel.avg.length < 1) return [];
    const baseline = median(base.avg);
    const selected = median(sel.avg);
    const z = robustShift(selected, [...base.avg]);
    return [
      {
        id: r.id,
        name: r.name,
        service: r.service,
        labels: JSON.parse(r.labels) as Record<string, string>,
        baseline,
        selected,
        change: baseline !== 0 ? (selected - baseline) / Math.abs(baseline) : 0,
        score: Math.abs(z),
      },
    ];
  });
  series.sort((a, b) => b.score - a.score);

  // Label values: how far the series carrying them moved, on average (mean of the top three scores).
  const byLabel = new Map<string, number[]>();
  for (const x of series) {
    const labels = { ...x.labels, ...(x.service ? { service: x.service } : {}), __name__: x.name };
    for (const [k, v] of Object.entries(labels)) {
      const key = `${k}\u0000${v}`;
      byLabel.set(key, [...(byLabel.get(key) ?? []), x.score]);
    }
  }
  const labels = [...byLabel]
    .map(([key, scores]) => {
      const [k, v] = key.split('\u0000');
      const top = [...scores].sort((a, b) => b - a).slice(0, 3);
      return { key: k, value: v, score: top.reduce((a, b) => a + b, 0) / top.length, series: scores.length };
    })
    .filter((l) => l.series < series.length) // a value every series shares explains nothing
    .sort((a, b) => b.score - a.score)
    .slice(0, limit);

  // Log patterns: change in lines per minute, scored by a log ratio weighted by volume.
  const selMin = (p.to - p.from) / 60_000;
  const baseMin = (p.baselineTo - p.baselineFrom) / 60_000;
  const sel = s.templateTotals(p.from, p.to);
  const base = s.templateTotals(p.baselineFrom, p.baselineTo);
  const ids = new Set([...sel.keys(), ...base.keys()]);
  const patterns = [...ids]
    .map((id) => {
      const a = (base.get(id) ?? 0) / baseMin;
      const b = (sel.get(id) ?? 0) / selMin;
      const t = s.template(id);
      return {
        templateId: id,
        pattern: t?.pattern ?? id,
        service: t?.service ?? null,
        baseline: a,
        selected: b,
        score: Math.abs(Math.log((b + 0.05) / (a + 0.05))) * Math.sqrt((sel.get(id) ?? 0) + (base.get(id) ?? 0)),
      };
    })
    .sort((x, y) => y.score - x.score)
    .slice(0, limit);

  return { series: series.slice(0, limit), labels, patterns };
}

export function compareHandlers(ctx: ServiceContext): Pick<Handlers, 'compare/ranges'> {
  return {
    'compare/ranges': async (p) => compareRanges(ctx.store(), p),
  };
}
