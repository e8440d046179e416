/**
 * Capacity handlers: the overview is computed in the worker pool (forecasts) and kept for the open
 * workspace's data version and params; what-if and the plan are arithmetic on that overview's baseline,
 * answered here (well under a millisecond per series), so a slider gets its answer at once.
 */
import { loadModelFrom } from '../analysis/capacity/load-model';
import { planCost, planCsv, planYaml, scalingPlan } from '../analysis/capacity/plan';
import { whatIf, type Baseline } from '../analysis/capacity/whatif';
import type { CapacityOverview, Handlers, ServiceLoadModel } from '../api/contract';
import { ApiError } from '../api/errors';
import { INTERACTIVE, type ServiceContext } from './context';

type CapacityHandlers = Pick<Handlers, 'capacity/overview' | 'capacity/whatif' | 'capacity/plan'>;

export function capacityHandlers(ctx: ServiceContext): CapacityHandlers {
  let last: { file: string; version: number; key: string; overview: CapacityOverview } | null = null;

  /** The overview for these params, from the cache when the data did not change. */
  async function overview(params: Parameters<CapacityHandlers['capacity/overview']>[0], signal?: AbortSignal): Promise<CapacityOverview> {
    const store = ctx.store();
    const key = JSON.stringify(params);
    if (last && last.file === store.file && last.version === store.dataVersion && last.key === key) return last.overview;
    const result = await ctx.pool.run('capacity', { workspace: store.file, ...params }, { signal, ...INTERACTIVE });
    last = { file: store.file, version: store.dataVersion, key, overview: result };
    return result;
  }

  /** The last overview's load model of a service (computing a default overview when there is none yet). */
  async function serviceModel(service: string): Promise<{ model: ServiceLoadModel; overview: CapacityOverview }> {
    const store = ctx.store();
    const o = last && last.file === store.file && last.version === store.dataVersion ? last.overview : await overview({});
    const model = o.services.find((s) => s.service === service);
    if (!model) {
      const known = o.services.map((s) => s.service).join(', ') || 'none';
      throw new ApiError('not-found', `capacity: no load model for service "${service}" (it needs a request-rate and a p95 latency series; services with one: ${known})`, 'service');
    }
    return { model, overview: o };
  }

  return {
    'capacity/overview': (p, call) => overview(p, call?.signal),

    'capacity/whatif': async ({ service, scenario }) => {
      const started = performance.now();
      const { model, overview: o } = await serviceModel(service);
      const baseline: Baseline = {
        service,
        hours: model.demand,
        level: o.level,
        replicas: model.replicas,
        model: loadModelFrom(model.kind, model.params, model.rmseLog),
        sloSeconds: model.sloSeconds,
        resources: o.resources
          .filter((r) => r.service === service)
          .map((r) => ({
            resource: r.resource,
            series: r.series,
            limit: r.limit,
            values: r.forecast.value,
            trend: r.method === 'trend' ? { current: r.current, slopePerHour: r.slopePerHour } : undefined,
          })),
      };
      const base = whatIf(baseline, {});
      const scen = whatIf(baseline, scenario);
      return { service, baseline: base, scenario: scen, ms: performance.now() - started };
    },

    'capacity/plan': async (p) => {
      const { model } = await serviceModel(p.service);
      const perReplica = p.perReplica ?? model.capacityPerReplica;
      if (!(perReplica > 0)) throw new ApiError('bad-params', `capacity/plan: the load model of ${p.service} gives no capacity at its SLO; set perReplica`, 'perReplica');
      const hours = model.demand.slice(0, (p.days ?? 7) * 24);
      const plan = scalingPlan({ hours, perReplica, leadHours: p.leadHours ?? 1, minReplicas: p.minReplicas, maxReplicas: p.maxReplicas });
      const fixed = p.fixedReplicas ?? model.replicas;
      return {
        service: p.service,
        ...plan,
        cost: planCost(plan, fixed, p.pricePerReplicaHour ?? 0),
        yaml: planYaml(plan, p.service, p.namespace ?? 'default'),
        csv: planCsv(plan),
      };
    },
  };
}
