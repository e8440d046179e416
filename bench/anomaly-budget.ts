// The anomaly budget (issue #12 item 4): how many "high" anomaly ranges and episodes a workspace run reports per day
// on a 100-series, 10-day dump with no incident, and where planted incidents' root services rank.
//
//   npx tsx bench/anomaly-budget.ts [--code DIR] [--seeds 1,2,3] [--incidents 3]
//
// Each series goes through the workspace's `anomalies` step itself (its run and save, with a store that records what
// it would write); the ranges are then merged by `mergeEpisodes` (what the `episodes` step stores). `--code DIR` runs
// the step of another checkout's core/ (e.g. main's, unpacked with `git archive main core | tar -x -C DIR`): there
// is no episode step there, so its ranking is the ranges' own rank (the default view before).
// Rank of a planted incident: the first item on the incident's root service that overlaps the incident (+/- 15
// minutes), as its 1-based position in the whole dump's ranked list counting only items that overlap no planted
// incident (so the other incidents and the callers they slow down do not push it down); the raw position follows
// in brackets.

import { resolve } from 'node:path';
import { mergeEpisodes, type EpisodeMember } from '../core/analysis/timeseries/episodes';
import type { AnomalyInput } from '../core/store/workspace';
import type { SeriesStep } from '../core/jobs/steps/step';
import { rootRank } from './lib/budget';
import { generateOpsDump, type OpsDump } from './lib/ops-dump';

interface Ranked {
  service: string | null;
  start: number;
  end: number;
  severity: string;
  score: number;
}

/** Runs the `anomalies` step of `code` on every series; returns the stored ranges with their series and service. */
async function stepRanges(dump: OpsDump, code: string): Promise<Array<AnomalyInput & { id: number; seriesId: number; service: string }>> {
  const mod = (await import(resolve(code, 'core/jobs/steps/anomalies.ts'))) as { anomaliesStep: SeriesStep };
  const out: Array<AnomalyInput & { id: number; seriesId: number; service: string }> = [];
  dump.series.forEach((s, k) => {
    const row = { id: k + 1, name: s.name, service: s.service, labels: '{}' } as unknown as Parameters<SeriesStep['run']>[0]['row'];
    const store = {
      expectedRanges: () => [],
      replaceAnomalies: (_id: number, _svc: string | null, ranges: readonly AnomalyInput[]) => {
        for (const r of ranges) out.push({ ...r, id: out.length + 1, seriesId: k + 1, service: s.service });
      },
    };
    const ctx = { store, params: {}, deps: {}, signal: new AbortController().signal } as unknown as Parameters<SeriesStep['run']>[1];
    mod.anomaliesStep.run({ row, ts: s.ts, values: s.values }, ctx).save(store as never);
  });
  return out;
}

/** The ranked list a person sees: episodes (this checkout) or ranges by rank (`before`). */
function ranked(ranges: Awaited<ReturnType<typeof stepRanges>>, before: boolean): Ranked[] {
  if (before) {
    return ranges
      .map((r) => ({ service: r.service, start: r.start, end: r.end, severity: r.severity, score: r.rank }))
      .sort((a, b) => b.score - a.score || a.start - b.start);
  }
  const members: EpisodeMember[] = ranges.map((r) => ({ id: r.id, seriesId: r.seriesId, service: r.service, start: r.start, end: r.end, sigmas: r.sigmas, points: r.points }));
  return mergeEpisodes(members).map((e) => ({ service: e.service, start: e.start, end: e.end, severity: e.severity, score: e.score }));
}

async function main(): Promise<void> {
  const args = process.argv.slice(2);
  const at = (flag: string): string | undefined => (args.includes(flag) ? args[args.indexOf(flag) + 1] : undefined);
  const code = resolve(at('--code') ?? resolve(import.meta.dirname, '..'));
  const before = at('--code') !== undefined;
  const seeds = (at('--seeds') ?? '1,2,3').split(',').map(Number);
  const planted = Number(at('--incidents') ?? 3);
  console.log(`anomaly budget: code ${code}${before ? ' (ranges ranked by rank: no episode step)' : ' (episodes)'}`);
  console.log('seed  series days | ranges/day  high ranges/day | items/day  high items/day | planted root ranks');
  for (const seed of seeds) {
    const t0 = performance.now();
    const quiet = generateOpsDump({ seed, incidents: 0 });
    const qr = await stepRanges(quiet, code);
    const qItems = ranked(qr, before);
    const noisy = generateOpsDump({ seed, incidents: planted });
    const nItems = ranked(await stepRanges(noisy, code), before);
    const ranks = noisy.incidents.map((inc) => rootRank(nItems, inc, noisy.incidents));
    const d = quiet.days;
    const high = (xs: Array<{ severity: string }>): number => xs.filter((x) => x.severity === 'high').length;
    console.log(
      `${String(seed).padStart(4)}  ${String(quiet.series.length).padStart(6)} ${String(d).padStart(4)} | ${(qr.length / d).toFixed(1).padStart(10)}  ` +
        `${(high(qr) / d).toFixed(1).padStart(15)} | ${(qItems.length / d).toFixed(1).padStart(9)}  ${(high(qItems) / d).toFixed(1).padStart(14)} | ` +
        `${ranks.join(', ')}   (${((performance.now() - t0) / 1000).toFixed(0)} s)`,
    );
  }
}

await main();
