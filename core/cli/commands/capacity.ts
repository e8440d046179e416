/**
 * `hindsight capacity` (runway of every resource to its limit, ranked) and `hindsight plan` (replicas per hour
 * for a service, as KEDA cron YAML or CSV, with its cost). Both ask the same contract methods the Capacity view
 * asks, so what the CLI prints is what the app shows.
 */
import { writeFileSync } from 'node:fs';
import type { Command } from 'commander';
import type { CapacityOverview, CapacityPlan } from '../../api/contract';
import { cliService } from './detect';

/** "14d", "36h", "2w" or a number of hours. */
export function parseHours(raw: string, flag: string): number {
  const m = /^(\d+(?:\.\d+)?)\s*([hdw]?)$/i.exec(raw.trim());
  if (!m) throw new Error(`${flag}: expected a duration like 36h, 14d or 2w, found "${raw}"`);
  const n = Number(m[1]) * ({ '': 1, h: 1, d: 24, w: 168 } as Record<string, number>)[m[2].toLowerCase()];
  if (!(n >= 1)) throw new Error(`${flag}: at least an hour, found "${raw}"`);
  return Math.round(n);
}

/** "30%", "30" or "-10%" as percent. */
export function parsePercent(raw: string, flag: string): number {
  const m = /^([+-]?\d+(?:\.\d+)?)\s*%?$/.exec(raw.trim());
  if (!m) throw new Error(`${flag}: expected a percentage like 30%, found "${raw}"`);
  return Number(m[1]);
}

/** SERIES=VALUE pairs; SERIES is a series id, or a name (optionally `service/name`) matched against the overview. */
export function parseLimits(raw: readonly string[]): { key: string; value: number }[] {
  return raw.map((r) => {
    const i = r.lastIndexOf('=');
    const value = Number(r.slice(i + 1));
    if (i <= 0 || !Number.isFinite(value)) throw new Error(`--limit: expected SERIES=VALUE (e.g. process_resident_memory_bytes=2147483648), found "${r}"`);
    return { key: r.slice(0, i), value };
  });
}

const hours = (h: number | null): string => (h === null ? '-' : h < 48 ? `${h.toFixed(1)} h` : `${(h / 24).toFixed(1)} d`);

export function registerCapacityCommands(p: Command): void {
  p.command('capacity')
    .summary('Runway of every resource to its limit, ranked')
    .description(
      'For CPU, memory, connections, disk, queue lag and request rate: the forecast, the limit (from the dump, ' +
        'implied by the unit, the load model\'s capacity at the SLO, or --limit) and the runway with its interval and ' +
        'the probability of reaching the limit within the horizon. Soonest first.',
    )
    .argument('<workspace>', 'workspace file (*.hindsight)')
    .option('--horizon <d>', 'how far ahead: 36h, 14d, 2w', '14d')
    .option('--growth <pct>', 'traffic growth applied to resources that follow load, e.g. 30%')
    .option('--limit <series=value...>', 'set a limit: a series id or name (or service/name) = value in the series\' unit')
    .option('--slo <seconds>', 'latency SLO for the load models (default 3× each service\'s median p95)')
    .option('--as-of <time>', 'judge as of this ISO time (data after it ignored)')
    .option('--json', 'print [{service, resource, series, limit, runway_hours, runway_low_hours, runway_high_hours, p_cross}]')
    .action(async (workspace: string, o: { horizon: string; growth?: string; limit?: string[]; slo?: string; asOf?: string; json?: boolean }) => {
      const horizonHours = parseHours(o.horizon, '--horizon');
      const growthPct = o.growth === undefined ? undefined : parsePercent(o.growth, '--growth');
      const slo = o.slo === undefined ? undefined : Number(o.slo);
      if (slo !== undefined && !(slo > 0)) throw new Error(`--slo: expected seconds > 0, found "${o.slo}"`);
      const asOf = o.asOf === undefined ? undefined : Date.parse(o.asOf);
      if (asOf !== undefined && !Number.isFinite(asOf)) throw new Error(`--as-of: expected an ISO time like 2026-03-10T12:00:00Z, found "${o.asOf}"`);
      const service = cliService();
      try {
        service.openWorkspace(workspace);
        const base = { horizonHours, growthPct, sloSeconds: slo, asOf };
        let overview = (await service.invoke('capacity/overview', base)) as CapacityOverview;
        if (o.limit?.length) {
          const limits: Record<string, number> = {};
          for (const { key, value } of parseLimits(o.limit)) {
            const hits = overview.resources.filter((r) => String(r.seriesId) === key || r.series === key || `${r.service}/${r.series}` === key);
            if (!hits.length) throw new Error(`--limit: no resource series matches "${key}" (known: ${[...new Set(overview.resources.map((r) => `${r.service}/${r.series}`))].slice(0, 12).join(', ')}…)`);
            for (const h of hits) limits[String(h.seriesId)] = value;
          }
          overview = (await service.invoke('capacity/overview', { ...base, limits })) as CapacityOverview;
        }
        if (o.json) {
          const rows = overview.resources.map((r) => ({
            service: r.service,
            resource: r.resource,
            series: r.series,
            labels: r.labels,
            limit: r.limit,
            limit_source: r.limitSource,
            current: r.current,
            method: r.method,
            runway_hours: r.runwayHours,
            runway_low_hours: r.runwayLowHours,
            runway_high_hours: r.runwayHighHours,
            p_cross: r.pCross,
            sentence: r.sentence,
          }));
          console.log(JSON.stringify(rows, null, 2));
          return;
        }
        console.log(`${'service'.padEnd(16)}${'resource'.padEnd(14)}${'runway'.padStart(9)}${'80 % interval'.padStart(20)}${'p(cross)'.padStart(10)}  sentence`);
        for (const r of overview.resources) {
          const band = r.runwayHours === null ? '' : `${hours(r.runwayLowHours)} – ${hours(r.runwayHighHours)}`;
          const pc = r.pCross === null ? '-' : `${Math.round(r.pCross * 100)} %`;
          console.log(`${(r.service ?? '-').padEnd(16)}${r.resource.padEnd(14)}${hours(r.runwayHours).padStart(9)}${band.padStart(20)}${pc.padStart(10)}  ${r.sentence}`);
        }
        for (const n of overview.notes) console.error(`note: ${n}`);
      } finally {
        await service.close();
      }
    });

  p.command('plan')
    .summary('Replicas per hour for a service, as KEDA cron YAML or CSV, with its cost')
    .description(
      'From the service\'s demand forecast and its load model\'s capacity per replica at the SLO: replicas per hour ' +
        'for the next days, raised one lead time ahead. --out plan.yaml writes a KEDA ScaledObject with cron ' +
        'triggers, --out plan.csv the hourly table; the cost against today\'s fixed count goes to stderr.',
    )
    .argument('<workspace>', 'workspace file (*.hindsight)')
    .requiredOption('--service <name>', 'the service to plan for')
    .option('--days <n>', 'days ahead', '7')
    .option('--lead <hours>', 'hours a new replica needs before it serves', '1')
    .option('--per-replica <load>', 'load one replica serves (default: the load model\'s capacity at the SLO)')
    .option('--min <n>', 'fewest replicas', '1')
    .option('--max <n>', 'most replicas')
    .option('--price <per-replica-hour>', 'price of one replica-hour, for the cost', '0')
    .option('--namespace <ns>', 'Kubernetes namespace for the YAML', 'default')
    .option('--out <file>', 'write plan.yaml (KEDA) or plan.csv; default: the YAML on stdout')
    .action(async (workspace: string, o: { service: string; days: string; lead: string; perReplica?: string; min: string; max?: string; price: string; namespace: string; out?: string }) => {
      const int = (raw: string, flag: string, min: number): number => {
        const n = Number(raw);
        if (!Number.isInteger(n) || n < min) throw new Error(`${flag}: expected a whole number ≥ ${min}, found "${raw}"`);
        return n;
      };
      const service = cliService();
      try {
        service.openWorkspace(workspace);
        const plan = (await service.invoke('capacity/plan', {
          service: o.service,
          days: int(o.days, '--days', 1),
          leadHours: int(o.lead, '--lead', 0),
          perReplica: o.perReplica === undefined ? undefined : Number(o.perReplica),
          minReplicas: int(o.min, '--min', 1),
          maxReplicas: o.max === undefined ? undefined : int(o.max, '--max', 1),
          pricePerReplicaHour: Number(o.price),
          namespace: o.namespace,
        })) as CapacityPlan;
        const text = o.out?.toLowerCase().endsWith('.csv') ? plan.csv : plan.yaml;
        if (o.out) writeFileSync(o.out, text);
        else process.stdout.write(text);
        const c = plan.cost;
        console.error(
          `plan: ${plan.hours.length} h, ${Math.min(...plan.hours.map((h) => h.replicas))}–${Math.max(...plan.hours.map((h) => h.replicas))} replicas at ${+plan.perReplica.toPrecision(3)} per replica; ` +
            `${c.planReplicaHours} replica-hours against ${c.fixedReplicaHours} fixed` +
            (c.planCost || c.fixedCost ? ` (cost ${c.planCost.toFixed(2)} against ${c.fixedCost.toFixed(2)}, saving ${c.saving.toFixed(2)})` : '') +
            (plan.capped ? `; ${plan.capped} h capped at --max` : '') +
            (o.out ? `; written to ${o.out}` : ''),
        );
      } finally {
        await service.close();
      }
    });
}
