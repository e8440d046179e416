/**
 * `hindsight regressions WORKSPACE`: every production deploy with its verdict (regressed, improved, no change, not
 * enough data), its confidence and worst metrics, before → after at the same hours, with p-value and effect. It asks
 * the contract method the Advice view asks, so what the CLI prints is what the app shows.
 */
import type { Command } from 'commander';
import type { RegressionsOverview } from '../../api/contract';
import { formatQuantity, inferUnit } from '../../api/units';
import { cliService } from './detect';

/** A value for a table cell: in the unit its series name implies. */
const valueText = (value: number, series: string): string => formatQuantity(value, series.includes(' / ') ? 'ratio' : inferUnit(series.split('{')[0]));

export function registerRegressionsCommand(p: Command): void {
  p.command('regressions')
    .summary('Release regressions: every production deploy judged before vs after at the same hours')
    .description(
      'For each production deploy (rollbacks included), its service\'s latency (p95, p99, mean), error ratio, traffic, ' +
        'CPU and memory up to 24 h after it (until the next deploy of that service) against the same hours on ' +
        'earlier days of the same kind (weekday/weekend), traffic taken out of CPU and latency; a Mann–Whitney U test ' +
        'with Cliff\'s delta per metric, Holm-adjusted per release. Verdict: regressed, improved, no-change or ' +
        'not-enough-data, with a confidence and the worst metrics.',
    )
    .argument('<workspace>', 'workspace file (*.hindsight)')
    .option('--service <name>', 'only this service\'s releases')
    .option('--as-of <time>', 'judge as of this ISO time (data and releases after it ignored)')
    .option('--json', 'print {releases: [{event_id, ts, ts_iso, service, title, version, verdict, confidence, rolled_back_by, worst: [...], sentence}], counts}')
    .action(async (workspace: string, o: { service?: string; asOf?: string; json?: boolean }) => {
      const asOf = o.asOf === undefined ? undefined : Date.parse(o.asOf);
      if (asOf !== undefined && !Number.isFinite(asOf)) throw new Error(`--as-of: expected an ISO time like 2026-03-10T12:00:00Z, found "${o.asOf}"`);
      const service = cliService();
      try {
        service.openWorkspace(workspace);
        const overview = (await service.invoke('regressions/list', { service: o.service, asOf })) as RegressionsOverview;
        if (o.json) {
          const releases = overview.releases.map((r) => ({
            event_id: r.eventId,
            ts: r.ts,
            ts_iso: new Date(r.ts).toISOString(),
            service: r.service,
            title: r.title,
            version: r.version,
            verdict: r.verdict,
            confidence: r.confidence,
            rolled_back_by: r.rolledBackBy,
            worst: r.worst.map((m) => ({
              series_id: m.seriesId,
              series: m.series,
              bad_direction: m.badDirection,
              before: m.beforeMedian,
              after: m.afterMedian,
              rel_change: m.relChange,
              p_value: m.pValue,
              effect: m.effect,
              verdict: m.verdict,
            })),
            sentence: r.sentence,
          }));
          console.log(JSON.stringify({ releases, counts: overview.counts }, null, 2));
          return;
        }
        console.log(`${'time (UTC)'.padEnd(18)}${'service'.padEnd(15)}${'version'.padEnd(12)}${'verdict'.padEnd(17)}${'conf'.padStart(5)}  worst metrics (before → after, Holm p, Cliff's δ)`);
        for (const r of overview.releases) {
          const shown = r.worst.filter((m) => m.verdict === r.verdict && (r.verdict === 'regressed' || r.verdict === 'improved')).slice(0, 3);
          const worst = shown.map((m) => `${m.series} ${valueText(m.beforeMedian, m.series)} → ${valueText(m.afterMedian, m.series)} (p ${m.pValue.toExponential(1)}, δ ${m.effect.toFixed(2)})`).join('; ');
          const back = r.rolledBackBy === null ? '' : ` [undone by event ${r.rolledBackBy}]`;
          console.log(`${new Date(r.ts).toISOString().slice(0, 16).replace('T', ' ').padEnd(18)}${(r.service ?? '-').padEnd(15)}${(r.version ?? '-').padEnd(12)}${r.verdict.padEnd(17)}${r.confidence.toFixed(2).padStart(5)}  ${worst || '-'}${back}`);
        }
        const c = overview.counts;
        console.error(`${overview.releases.length} release(s): ${c.regressed} regressed, ${c.improved} improved, ${c['no-change']} no change, ${c['not-enough-data']} not enough data`);
      } finally {
        await service.close();
      }
    });
}
