/**
 * A scaling plan: replicas per hour from a demand forecast and what one replica carries within the SLO,
 * started early enough for slow starts, exported as a Kubernetes HPA with KEDA cron triggers (YAML) and as
 * CSV, with its cost against a fixed replica count. The idea follows predictive autoscaling as KEDA's cron
 * scaler and AWS/GCP predictive scaling do it: provision for the forecast's upper bound, one lead time ahead.
 */

const HOUR_MS = 3_600_000;

export interface PlanInput {
  /** Hourly demand forecast (e.g. requests/s): start of each hour, and the upper bound to provision for. */
  hours: readonly { ts: number; demand: number; upper: number }[];
  /** Demand one replica serves within the SLO. */
  perReplica: number;
  /** Hours a new replica needs before it serves (scale this far ahead). */
  leadHours?: number;
  minReplicas?: number;
  maxReplicas?: number;
}

export interface PlanHour {
  ts: number;
  replicas: number;
  demand: number;
  upper: number;
}

export interface Plan {
  hours: PlanHour[];
  perReplica: number;
  leadHours: number;
  minReplicas: number;
  maxReplicas: number;
  /** Hours whose upper demand needed more than maxReplicas (the plan is capped there). */
  capped: number;
}

/** Replicas needed for a demand: never fewer than one, never a fraction. */
export function replicasFor(demand: number, perReplica: number): number {
  return Math.max(1, Math.ceil(demand / perReplica - 1e-9));
}

/** The plan: each hour provisions for the highest upper demand from that hour to `leadHours` later. O(hours × lead). */
export function scalingPlan(inp: PlanInput): Plan {
  const lead = Math.max(0, Math.round(inp.leadHours ?? 1));
  const min = Math.max(1, inp.minReplicas ?? 1);
  const max = Math.max(min, inp.maxReplicas ?? 1000);
  let capped = 0;
  const hours = inp.hours.map((h, i) => {
    let need = 0;
    for (let k = i; k <= Math.min(inp.hours.length - 1, i + lead); k++) need = Math.max(need, inp.hours[k].upper);
    const r = replicasFor(need, inp.perReplica);
    if (r > max) capped++;
    return { ts: h.ts, replicas: Math.min(max, Math.max(min, r)), demand: h.demand, upper: h.upper };
  });
  return { hours, perReplica: inp.perReplica, leadHours: lead, minReplicas: min, maxReplicas: max, capped };
}

/** Hours in which actual demand exceeded what the plan provisioned (a backtest: 0 is the goal). */
export function shortfalls(plan: Plan, actual: readonly { ts: number; demand: number }[]): { ts: number; demand: number; capacity: number }[] {
  const byHour = new Map(plan.hours.map((h) => [Math.floor(h.ts / HOUR_MS), h.replicas]));
  return actual.flatMap((a) => {
    const replicas = byHour.get(Math.floor(a.ts / HOUR_MS));
    if (replicas === undefined) return [];
    const capacity = replicas * plan.perReplica;
    return a.demand > capacity ? [{ ts: a.ts, demand: a.demand, capacity }] : [];
  });
}

export interface PlanCost {
  planReplicaHours: number;
  fixedReplicaHours: number;
  planCost: number;
  fixedCost: number;
  /** fixedCost − planCost (negative when the plan costs more). */
  saving: number;
}

/** The plan's replica-hours and cost against `fixedReplicas` all the time, at `pricePerReplicaHour`. */
export function planCost(plan: Plan, fixedReplicas: number, pricePerReplicaHour: number): PlanCost {
  const planReplicaHours = plan.hours.reduce((a, h) => a + h.replicas, 0);
  const fixedReplicaHours = fixedReplicas * plan.hours.length;
  const planCostValue = planReplicaHours * pricePerReplicaHour;
  const fixedCost = fixedReplicaHours * pricePerReplicaHour;
  return { planReplicaHours, fixedReplicaHours, planCost: planCostValue, fixedCost, saving: fixedCost - planCostValue };
}

/** The plan as CSV: hour (ISO, UTC), replicas, forecast demand, upper demand, capacity. */
export function planCsv(plan: Plan): string {
  const rows = plan.hours.map((h) =>
    [new Date(h.ts).toISOString(), h.replicas, round(h.demand), round(h.upper), round(h.replicas * plan.perReplica)].join(','),
  );
  return ['hour,replicas,demand,upper_demand,capacity', ...rows].join('\n') + '\n';
}

const round = (x: number): number => Math.round(x * 1000) / 1000;

/** Runs of consecutive hours with the same replica count: each becomes one KEDA cron trigger. */
export function planBlocks(plan: Plan): { start: number; end: number; replicas: number }[] {
  const out: { start: number; end: number; replicas: number }[] = [];
  for (const h of plan.hours) {
    const last = out.at(-1);
    if (last && last.replicas === h.replicas && last.end === h.ts) last.end = h.ts + HOUR_MS;
    else out.push({ start: h.ts, end: h.ts + HOUR_MS, replicas: h.replicas });
  }
  return out;
}

/** A cron expression (minute hour day month weekday, UTC) firing once at `ms`. */
function cronAt(ms: number): string {
  const d = new Date(ms);
  return `${d.getUTCMinutes()} ${d.getUTCHours()} ${d.getUTCDate()} ${d.getUTCMonth() + 1} *`;
}

/** Quotes a YAML scalar that is not a plain safe word. */
function yamlString(s: string): string {
  return /^[A-Za-z0-9._/-]+$/.test(s) ? s : JSON.stringify(s);
}

/**
 * The plan as Kubernetes objects: a KEDA ScaledObject whose cron triggers set each block's replicas (KEDA
 * creates and drives the HPA; min/max bound it) for `deployment` in `namespace`. One trigger per block.
 */
export function planYaml(plan: Plan, deployment: string, namespace = 'default'): string {
  const name = yamlString(`${deployment}-plan`);
  const lines = [
    '# Generated by Hindsight: a predictive scaling plan (KEDA cron triggers; KEDA manages the HPA).',
    `# ${plan.hours.length} hours from ${new Date(plan.hours[0]?.ts ?? 0).toISOString()}, lead time ${plan.leadHours} h, ${round(plan.perReplica)} per replica.`,
    'apiVersion: keda.sh/v1alpha1',
    'kind: ScaledObject',
    'metadata:',
    `  name: ${name}`,
    `  namespace: ${yamlString(namespace)}`,
    'spec:',
    '  scaleTargetRef:',
    '    apiVersion: apps/v1',
    '    kind: Deployment',
    `    name: ${yamlString(deployment)}`,
    `  minReplicaCount: ${plan.minReplicas}`,
    `  maxReplicaCount: ${plan.maxReplicas}`,
    '  advanced:',
    '    horizontalPodAutoscalerConfig:',
    `      name: ${yamlString(`${deployment}-hpa`)}`,
    '      behavior:',
    '        scaleDown:',
    '          stabilizationWindowSeconds: 300',
    '  triggers:',
  ];
  for (const b of planBlocks(plan)) {
    lines.push(
      '    - type: cron',
      '      metadata:',
      '        timezone: Etc/UTC',
      `        start: ${JSON.stringify(cronAt(b.start))}`,
      `        end: ${JSON.stringify(cronAt(b.end))}`,
      `        desiredReplicas: "${b.replicas}"`,
    );
  }
  return lines.join('\n') + '\n';
}
