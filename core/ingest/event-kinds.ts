/**
 * The kind of an imported event, decided in one place for every reader: a deploy is a rollout of a new
 * version or revision, shown once; Kubernetes scaling, restarts, OOM kills and probe failures are
 * Kubernetes events of their own kinds; config changes and feature flags are kinds of their own; the
 * environment (`environment`, `env`, `namespace`, a GitHub deployment's environment) is kept in
 * attrs.environment, and events of a non-production environment are marked so production views leave
 * them out.
 *
 * ScalingReplicaSet events of one source are grouped (RolloutGrouper): the steps of one deployment less
 * than ROLLOUT_GAP_MS apart are one rollout — a deploy from the first step to the last — when they scale
 * up a replica set other than the one(s) they scale down (a new revision); otherwise each step is scaling.
 * Deploys of one service, version and environment minutes apart (DeployMerger) are one rollout too.
 * Pure; classify() O(attrs); the grouper and the merger O(n log n) in the events they hold.
 */
import type { EventRecord } from './types';

/** Event kinds the importer writes (readers' 'deploy', 'config', 'alert', … plus these). */
export const K8S_KINDS = ['k8s-scale', 'k8s-restart', 'k8s-oom', 'k8s-probe', 'k8s'] as const;

/** Steps of one rollout further apart than this start a new rollout. */
export const ROLLOUT_GAP_MS = 10 * 60_000;

/** Environment words that are not production (lower case, matched whole or as a `-`/`_` part: `staging-eu`). */
const NON_PRODUCTION = new Set([
  'staging', 'stage', 'stg', 'dev', 'develop', 'development', 'qa', 'test', 'testing', 'tst', 'sandbox', 'preview',
  'uat', 'int', 'integration', 'review', 'local', 'demo', 'perf', 'loadtest', 'ci', 'nonprod', 'non-prod', 'pre-prod', 'preprod',
]);

/** True when `environment` names a non-production environment (`staging`, `dev`, `qa`, `staging-eu`, `pr-123` …). */
export function isNonProduction(environment: string | undefined): boolean {
  if (!environment) return false;
  const env = environment.trim().toLowerCase();
  if (NON_PRODUCTION.has(env) || /^pr-?\d+$/.test(env)) return true;
  return env.split(/[-_./\s]+/).some((part) => NON_PRODUCTION.has(part));
}

/** The environment an event names (attrs environment, env, namespace, stage), or undefined. */
export function environmentOf(attrs: Record<string, string> | undefined): string | undefined {
  if (!attrs) return undefined;
  for (const k of ['environment', 'env', 'deployment.environment', 'stage', 'original_environment']) {
    const v = attrs[k]?.trim();
    if (v) return v;
  }
  const ns = attrs.namespace?.trim();
  // A namespace is an environment only when it names one; `payments` or `default` say nothing.
  return ns && (isNonProduction(ns) || /^(?:prod|production|prd|live)(?:[-_].*)?$/i.test(ns)) ? ns : undefined;
}

/** Kubernetes reasons by kind. */
const K8S_REASONS: Record<string, (typeof K8S_KINDS)[number]> = {
  ScalingReplicaSet: 'k8s-scale', SuccessfulRescale: 'k8s-scale', ScaledUpGroup: 'k8s-scale', ScaleDown: 'k8s-scale',
  BackOff: 'k8s-restart', Killing: 'k8s-restart', CrashLoopBackOff: 'k8s-restart', Restarted: 'k8s-restart',
  Started: 'k8s', Evicted: 'k8s-restart', Preempting: 'k8s-restart',
  OOMKilling: 'k8s-oom', OOMKilled: 'k8s-oom', SystemOOM: 'k8s-oom',
  Unhealthy: 'k8s-probe', ProbeWarning: 'k8s-probe',
};

/** Words that make a free-form kind or title a feature flag. */
const FLAG_RE = /\b(?:feature[-_ ]?flag|flag|toggle|launchdarkly|unleash|flipper)\b/i;

/**
 * The event as it should be stored: its kind (see the top), attrs.environment when one is known, and
 * attrs.nonprod = 'true' for a non-production environment. Returns a new record; `rec` is not changed.
 */
export function classifyEvent(rec: EventRecord): EventRecord {
  const attrs = { ...rec.attrs };
  let kind: string = rec.type;
  const reason = attrs.reason;
  if (rec.type === 'k8s' || (rec.type === 'deploy' && reason === 'ScalingReplicaSet') || (reason && K8S_REASONS[reason])) {
    kind = (reason && K8S_REASONS[reason]) || 'k8s';
    if (kind === 'k8s' && /OOMKilled|out of memory/i.test(rec.title)) kind = 'k8s-oom';
    else if (kind === 'k8s' && /Liveness|Readiness|Startup probe failed/i.test(rec.title)) kind = 'k8s-probe';
    else if (kind === 'k8s' && /Back-off restarting|restart/i.test(rec.title)) kind = 'k8s-restart';
  } else if (rec.type === 'config' || (rec.type === 'other' && /^(?:config|configuration)/i.test(attrs.kind ?? ''))) {
    kind = FLAG_RE.test(`${attrs.kind ?? ''} ${attrs.type ?? ''} ${attrs.category ?? ''}`) || FLAG_RE.test(rec.title) ? 'flag' : 'config';
  } else if (rec.type === 'other' && FLAG_RE.test(attrs.kind ?? attrs.type ?? '')) {
    kind = 'flag';
  }
  const environment = environmentOf(attrs);
  if (environment) {
    attrs.environment = environment;
    if (isNonProduction(environment)) attrs.nonprod = 'true';
  }
  const out: EventRecord = { ...rec, type: kind as EventRecord['type'], attrs };
  if (kind === 'deploy') {
    const version = attrs.version ?? attrs.revision ?? attrs.ref ?? attrs.sha;
    if (version && !attrs.version) attrs.version = version;
  }
  return out;
}

/** `Scaled up replica set web-5d4f8b7c9 to 3` / `Scaled down replica set web-6c7d9f to 0 from 1`. */
const SCALED_RE = /Scaled (up|down) replica set (\S+?) to (\d+)/;

interface Step {
  rec: EventRecord;
  direction: 'up' | 'down';
  replicaSet: string;
  replicas: number;
}

/**
 * Buffers one source's ScalingReplicaSet events and, at the end, gives them back as rollouts (one deploy
 * each, attrs.steps, attrs.replicaset = the new one, attrs.previous = the old one) and plain scaling steps.
 */
export class RolloutGrouper {
  private readonly steps = new Map<string, Step[]>();

  /** Takes `rec` when it is a ScalingReplicaSet step (true), else leaves it to the caller (false). */
  add(rec: EventRecord): boolean {
    if (rec.attrs?.reason !== 'ScalingReplicaSet') return false;
    const m = SCALED_RE.exec(rec.title);
    if (!m) return false;
    const key = `${rec.attrs.namespace ?? ''}\u0000${rec.service ?? rec.attrs.object ?? ''}`;
    const list = this.steps.get(key) ?? [];
    list.push({ rec, direction: m[1] as 'up' | 'down', replicaSet: m[2], replicas: Number(m[3]) });
    this.steps.set(key, list);
    return true;
  }

  /** The buffered steps as events: rollouts (deploy) and scaling steps (k8s-scale), by time. */
  result(): EventRecord[] {
    const out: EventRecord[] = [];
    for (const list of this.steps.values()) {
      list.sort((a, b) => a.rec.ts - b.rec.ts);
      let group: Step[] = [];
      const close = (): void => {
        if (group.length) out.push(...rolloutOrSteps(group));
        group = [];
      };
      for (const step of list) {
        const last = group[group.length - 1];
        if (last && step.rec.ts - (last.rec.endTs ?? last.rec.ts) > ROLLOUT_GAP_MS) close();
        group.push(step);
      }
      close();
    }
    return out.sort((a, b) => a.ts - b.ts);
  }
}

/** One deploy for a group of steps that brings up a new replica set while an old one goes down; else the steps. */
function rolloutOrSteps(group: Step[]): EventRecord[] {
  const up = new Set(group.filter((s) => s.direction === 'up').map((s) => s.replicaSet));
  const down = new Set(group.filter((s) => s.direction === 'down').map((s) => s.replicaSet));
  const fresh = [...up].filter((rs) => !down.has(rs));
  const old = [...down].filter((rs) => !up.has(rs));
  if (!fresh.length || !old.length) return group.map((s) => classifyEvent({ ...s.rec, type: 'k8s' }));
  const first = group[0].rec;
  const end = Math.max(...group.map((s) => s.rec.endTs ?? s.rec.ts));
  const replicaSet = fresh[fresh.length - 1];
  const revision = /-([a-z0-9]{6,10})$/.exec(replicaSet)?.[1] ?? replicaSet;
  const attrs: Record<string, string> = {
    ...first.attrs,
    reason: 'Rollout',
    replicaset: replicaSet,
    previous: old.join(','),
    revision,
    steps: String(group.length),
  };
  const deploy: EventRecord = {
    kind: 'event',
    type: 'deploy',
    ts: first.ts,
    title: `Rollout of ${first.service ?? attrs.object ?? 'a deployment'} to replica set ${replicaSet} (${group.length} steps)`,
    service: first.service,
    severity: 'info',
    attrs,
  };
  if (end > first.ts) deploy.endTs = end;
  return [classifyEvent(deploy)];
}

/**
 * Buffers one source's deploys that name their version and, at the end, gives each rollout back once: the
 * deploys of one service, version and environment less than ROLLOUT_GAP_MS apart (`started`, `finished`
 * rows, or one row per step) become one deploy from the first to the last, with attrs.steps when merged.
 */
export class DeployMerger {
  private readonly byKey = new Map<string, EventRecord[]>();

  /** Takes `rec` when it is a deploy with a version (true), else leaves it to the caller (false). */
  add(rec: EventRecord): boolean {
    const version = rec.attrs?.version;
    if (rec.type !== 'deploy' || !version) return false;
    const key = `${rec.service ?? ''}\u0000${version}\u0000${rec.attrs?.environment ?? ''}`;
    const list = this.byKey.get(key) ?? [];
    list.push(rec);
    this.byKey.set(key, list);
    return true;
  }

  /** The buffered deploys, one per rollout, by time. */
  result(): EventRecord[] {
    const out: EventRecord[] = [];
    for (const list of this.byKey.values()) {
      list.sort((a, b) => a.ts - b.ts);
      let cur: EventRecord | undefined;
      let steps = 0;
      const close = (): void => {
        if (!cur) return;
        if (steps > 1) cur.attrs = { ...cur.attrs, steps: String(steps) };
        out.push(cur);
      };
      for (const rec of list) {
        const end = cur ? (cur.endTs ?? cur.ts) : -Infinity;
        if (cur && rec.ts - end <= ROLLOUT_GAP_MS) {
          const last = Math.max(end, rec.endTs ?? rec.ts);
          if (last > cur.ts) cur.endTs = last;
          steps++;
          continue;
        }
        close();
        cur = { ...rec };
        steps = 1;
      }
      close();
    }
    return out.sort((a, b) => a.ts - b.ts);
  }
}
