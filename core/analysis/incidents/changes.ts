/**
 * Change attribution: which deploy, config change or flag flip most likely caused an incident, after
 * Gandalf (Li et al., "Gandalf: An Intelligent, End-To-End Analytics Service for Safe Deployment in
 * Cloud-Scale Infrastructure", NSDI 2020), which blames a change from the fit of its time and place to the
 * failure and its before/after effect. Each candidate is scored by
 * - timing: minutes before the onset fit a sudden failure; hours to days fit a failure that builds up
 *   (a leak) from the start of its climb; a change off the root service fits only just before the onset;
 * - place: the root service first, then a service calling it, then one it calls;
 * - what changed: a config key old → new, a version;
 * - effect: a level change on the root service's metrics right after the change.
 * Below a threshold nothing explains the incident, and the answer is "none". Rollbacks, reverts and
 * hotfixes of an affected service after the onset are mitigations. Pure: no store, no I/O.
 */
import type { CallGraph } from './graph';
import type { ChangePointSignal, ChangeSignal, RankedChange } from './types';

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;

export interface AttributionContext {
  onset: number;
  end: number;
  /** Ranked root-cause services, best first. */
  causes: readonly string[];
  /** Every affected service. */
  services: readonly string[];
  /** The failure built up over hours (a leak): changes days before the onset still fit. */
  gradual: boolean;
  /** Change points of the incident's services (for the before/after effect). */
  changePoints: readonly ChangePointSignal[];
  /** How far after the onset a change may still be its cause: the onset is uncertain by this much (default 2 min;
   *  hours when it was estimated from a slow climb). */
  onsetSlackMs?: number;
  /** Changes a person confirmed or rejected as the cause (events ids). */
  confirmed?: ReadonlySet<number>;
  rejected?: ReadonlySet<number>;
}

/** Least score of a change that explains the incident; below it the answer is "none". */
export const CHANGE_THRESHOLD = 0.25;

const MITIGATION = /rollback|roll back|rolled back|revert|hotfix|undo|restore|disable/i;

/** A change that undoes something: a rollback, a revert, a hotfix. */
export function isMitigation(c: ChangeSignal): boolean {
  return c.kind === 'rollback' || MITIGATION.test(c.title);
}

/**
 * How well `leadMs` (onset − change time) fits. On the root service a change may take a while to bite (a config
 * read at the next reload): 1 decaying over ~45 min, and over days when the failure built up. Elsewhere only a
 * change just before the onset fits (decaying over ~5 min): a neighbour's change that hurt the root does so at once.
 */
function timingFit(leadMs: number, gradual: boolean, slackMs: number, onRoot: boolean): number {
  if (leadMs < -slackMs) return 0;
  const lead = Math.max(0, leadMs);
  if (!onRoot) return Math.exp(-lead / (5 * MINUTE));
  const sudden = Math.exp(-lead / (45 * MINUTE));
  const slow = gradual ? 0.9 * Math.exp(-lead / (72 * HOUR)) : 0;
  return Math.max(sudden, slow);
}

/**
 * How well the change's service fits: the root 1; a direct caller of the root (its new behaviour can load or
 * lock the root) 0.5; a direct callee 0.3; a runner-up cause not next to the root 0.2; elsewhere 0.
 */
function placeFit(service: string | null, ctx: AttributionContext, graph: CallGraph): { fit: number; why: string } {
  const [root, ...rest] = ctx.causes;
  if (service === null) return { fit: 0.2, why: 'names no service' };
  if (service === root) return { fit: 1, why: `on the root service ${root}` };
  if (root && graph.callees.get(service)?.has(root)) return { fit: 0.5, why: `on ${service}, which calls ${root}` };
  if (root && graph.callers.get(service)?.has(root)) return { fit: 0.3, why: `on ${service}, which ${root} calls` };
  if (rest.slice(0, 2).includes(service)) return { fit: 0.2, why: `on ${service}, a runner-up cause` };
  return { fit: 0, why: `on ${service}, not next to ${root ?? 'the root'}` };
}

/**
 * Changes ranked by how well they explain the incident (see the file's header), best first, those at least
 * CHANGE_THRESHOLD only (empty: "no change explains this"); and the mitigations after the onset.
 * O(changes · change points).
 * @example attributeChanges(changes, ctx, graph).causes[0].title // 'db.pool.max 50 -> 5'
 */
export function attributeChanges(
  changes: readonly ChangeSignal[],
  ctx: AttributionContext,
  graph: CallGraph,
): { causes: RankedChange[]; mitigations: RankedChange[] } {
  const lookback = ctx.gradual ? 7 * 24 * HOUR : 6 * HOUR;
  const causes: RankedChange[] = [];
  const mitigations: RankedChange[] = [];
  const root = ctx.causes[0];
  for (const c of changes) {
    const lead = ctx.onset - c.ts;
    const slack = ctx.onsetSlackMs ?? 2 * MINUTE;
    if (c.ts > ctx.onset + slack && c.ts <= ctx.end + HOUR) {
      const affected = c.service === null || ctx.services.includes(c.service);
      const undoes = isMitigation(c);
      // A new version of the root service during the incident is its fix, named so or not.
      if (affected && (undoes || (c.kind === 'deploy' && c.service === root))) {
        mitigations.push({ id: c.id, service: c.service, time: c.ts, title: c.title, kind: c.kind, score: undoes ? 1 : 0.7, reasons: [undoes ? 'undoes a change after the onset' : `a new version of ${root} during the incident`] });
      }
      continue;
    }
    if (lead > lookback || isMitigation(c)) continue;
    const place = placeFit(c.service, ctx, graph);
    const timing = timingFit(lead, ctx.gradual, slack, place.fit === 1);
    const reasons = [lead >= 0 ? `${Math.round(lead / MINUTE)} min before the onset` : `${Math.round(-lead / MINUTE)} min after the estimated start of the climb`, place.why];
    let score = timing * place.fit;
    if (c.key && c.oldValue !== undefined && c.newValue !== undefined) {
      score *= 1.15;
      reasons.push(`changed ${c.key} ${c.oldValue} → ${c.newValue}`);
    } else if (c.version) reasons.push(`version ${c.version}`);
    const effect = c.service
      ? ctx.changePoints.find((p) => p.service === c.service && p.kind === 'level' && p.ts >= c.ts - 2 * MINUTE && p.ts <= c.ts + 20 * MINUTE)
      : undefined;
    if (effect) {
      score *= 1.2;
      reasons.push(`${effect.metric} shifted ${effect.before.toPrecision(3)} → ${effect.after.toPrecision(3)} right after it`);
    }
    if (ctx.confirmed?.has(c.id)) score += 1;
    if (ctx.rejected?.has(c.id)) score *= 0.05;
    if (score >= CHANGE_THRESHOLD) {
      causes.push({ id: c.id, service: c.service, time: c.ts, title: c.title, kind: c.kind, score: Number(Math.min(1, score).toFixed(4)), reasons });
    }
  }
  causes.sort((a, b) => b.score - a.score || b.time - a.time);
  mitigations.sort((a, b) => a.time - b.time);
  return { causes, mitigations };
}
