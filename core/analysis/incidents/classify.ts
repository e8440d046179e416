/**
 * The root-cause kind of an incident (bad deploy, config change, memory leak, …) from features of the ranked
 * incident: which metric family of the root moved most and which way, how the failure built up, the change
 * that explains it, the words of its new log patterns, its place in the call graph. A random forest
 * (Breiman, "Random Forests", Machine Learning 2001; ml-random-forest) trained on the project's scenario
 * suite (scripts/train-incident-kind.ts writes `kind-model.json` next to this file) answers with a
 * probability; where no model is shipped or it cannot be loaded, rules over the same features answer.
 * Pure: no store, no I/O (the model arrives as parsed JSON).
 */
import { RandomForestClassifier } from 'ml-random-forest';
import type { ServiceFacts } from './ranking';
import { ROOT_CAUSE_KINDS, type RankedChange, type RootCauseKind } from './types';

/** The features, in the model's column order. */
export const KIND_FEATURES = [
  'memoryZ',
  'cpuZ',
  'latencyZ',
  'errorZ',
  'requestsZ',
  'diskZ',
  'requestsDown',
  'retransmitsZ',
  'locksZ',
  'hitRatioDownZ',
  'queueZ',
  'buildUpHours',
  'durationHours',
  'affected',
  'rootHasCallers',
  'rootExplainsShare',
  'changeDeploy',
  'changeConfig',
  'changeScore',
  'wordsLock',
  'wordsCache',
  'wordsMemory',
  'wordsDisk',
  'wordsTimeout',
  'wordsConnection',
  'newPatterns',
] as const;
export type KindFeatures = Record<(typeof KIND_FEATURES)[number], number>;

/** Features of an incident from its root's facts and its best change. */
export function kindFeatures(root: ServiceFacts | undefined, all: readonly ServiceFacts[], change: RankedChange | undefined, onset: number, end: number): KindFeatures {
  const z = (re: RegExp, dir?: 'up' | 'down'): number => {
    const m = root?.metrics.find((x) => re.test(x.metric) && (!dir || x.direction === dir));
    // Clipped: a flat baseline gives astronomic z-scores that say no more than a large one.
    return m ? Math.log1p(Math.min(m.z, 1e4)) : 0;
  };
  const words = (root?.patterns ?? []).map((p) => p.template.toLowerCase()).join(' ');
  const has = (re: RegExp): number => (re.test(words) ? 1 : 0);
  const others = Math.max(1, all.length - 1);
  const peak = root?.metrics[0]?.extremeTs ?? onset;
  return {
    memoryZ: z(/memory|resident|heap/, 'up'),
    cpuZ: z(/cpu/, 'up'),
    latencyZ: z(/duration|latency/, 'up'),
    errorZ: z(/error|5xx|fail/, 'up'),
    requestsZ: z(/requests?_per_second|requests_total|rps|throughput/, 'up'),
    diskZ: z(/disk|filesystem|volume|inode/, 'up'),
    requestsDown: z(/requests?_per_second|requests_total|rps|throughput/, 'down'),
    retransmitsZ: z(/retrans|packet_loss|dropped_packets|tcp_.*(timeouts|resets)/, 'up'),
    locksZ: z(/lock|deadlock|blocked/, 'up'),
    hitRatioDownZ: Math.max(z(/hit_ratio|hit_rate|hits_ratio/, 'down'), z(/evict|misses/, 'up')),
    queueZ: z(/queue|backlog|lag|messages_ready/, 'up'),
    buildUpHours: Math.max(0, (peak - onset) / 3_600_000),
    durationHours: Math.max(0, (end - onset) / 3_600_000),
    affected: all.length,
    rootHasCallers: root && root.upstream.length ? 1 : 0,
    rootExplainsShare: root ? root.upstream.length / others : 0,
    changeDeploy: change?.kind === 'deploy' ? 1 : 0,
    changeConfig: change?.kind === 'config' || change?.kind === 'flag' ? 1 : 0,
    changeScore: change?.score ?? 0,
    wordsLock: has(/lock|deadlock|contention|wait timeout/),
    wordsCache: has(/cache|evict|miss/),
    wordsMemory: has(/outofmemory|oom|heap|gc overhead|memory/),
    wordsDisk: has(/no space|disk|enospc|filesystem/),
    wordsTimeout: has(/timeout|timed out|deadline/),
    wordsConnection: has(/connection refused|unreachable|reset by peer|unavailable|503/),
    newPatterns: (root?.patterns ?? []).filter((p) => p.kind === 'new').length,
  };
}

/**
 * The kind from rules over the features, with a modest confidence. Sizes are log(1 + robust z): 3 is a z of
 * about 20. A named resource that moved (memory climbing for hours, retransmits, lock waits, a hit ratio
 * falling, traffic, CPU) names the kind before a change does; a change names it when no resource stands out.
 */
export function kindByRules(f: KindFeatures): { kind: RootCauseKind; probability: number } {
  const pick = (kind: RootCauseKind, probability: number): { kind: RootCauseKind; probability: number } => ({ kind, probability });
  if ((f.memoryZ >= 3 && f.buildUpHours + f.durationHours >= 3) || (f.wordsMemory && f.memoryZ >= 2)) return pick('memory-leak', 0.6);
  if (f.diskZ >= 3 || f.wordsDisk) return pick('disk-full', 0.6);
  if (f.retransmitsZ >= 4) return pick('network-delay', 0.55);
  if (f.locksZ >= 3 || f.wordsLock) return pick('lock-contention', 0.55);
  if (f.hitRatioDownZ >= 3 || f.wordsCache) return pick('cache-eviction', 0.55);
  if (f.requestsZ >= 3) return pick('traffic-surge', 0.5);
  if (f.cpuZ >= 2.45 && f.cpuZ >= f.errorZ - 1.5) return pick('cpu-saturation', 0.5);
  if (f.changeConfig && f.changeScore >= 0.5) return pick('config-change', 0.6);
  if (f.changeDeploy && f.changeScore >= 0.5) return pick('bad-deploy', 0.6);
  if (f.errorZ >= 3 || f.wordsConnection) return pick('dependency-failure', 0.45);
  if (f.latencyZ >= 3) return pick('network-delay', 0.35);
  return pick('unknown', 0.3);
}

/** A trained model as scripts/train-incident-kind.ts writes it. */
export interface KindModel {
  features: string[];
  classes: string[];
  forest: unknown;
}

/** Loads a model's JSON; null when it does not match this code's features. */
export function loadKindModel(json: KindModel | null | undefined): { predict(f: KindFeatures): { kind: RootCauseKind; probability: number } } | null {
  if (!json || json.features.join() !== KIND_FEATURES.join()) return null;
  let forest: RandomForestClassifier;
  try {
    forest = RandomForestClassifier.load(json.forest as Parameters<typeof RandomForestClassifier.load>[0]);
  } catch {
    return null;
  }
  return {
    predict(f) {
      const row = KIND_FEATURES.map((k) => f[k]);
      const label = forest.predict([row])[0];
      const probability = forest.predictProbability([row], label)[0] ?? 0;
      const kind = json.classes[label] as RootCauseKind;
      return { kind: (ROOT_CAUSE_KINDS as readonly string[]).includes(kind) ? kind : 'unknown', probability };
    },
  };
}
