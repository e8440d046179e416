/**
 * The root-cause kind: the shipped random forest loads and names kinds with a probability; a model made for
 * other features is refused (the rules answer); the rules name the resource that moved before the change.
 */
import { describe, expect, it } from 'vitest';
import { KIND_FEATURES, kindByRules, loadKindModel, type KindFeatures, type KindModel } from '../../../../core/analysis/incidents/classify';
import shipped from '../../../../core/analysis/incidents/kind-model.json';
import { ROOT_CAUSE_KINDS } from '../../../../core/analysis/incidents/types';

/** Features of an incident where nothing moved, with `over` set. */
function features(over: Partial<KindFeatures>): KindFeatures {
  return { ...(Object.fromEntries(KIND_FEATURES.map((k) => [k, 0])) as KindFeatures), ...over };
}

describe('kind classifier', () => {
  it('ships a forest over this code’s features that answers a known kind with a probability', () => {
    const model = loadKindModel(shipped as unknown as KindModel);
    expect(model).not.toBeNull();
    const leak = model?.predict(features({ memoryZ: 4, buildUpHours: 10, durationHours: 10, changeDeploy: 1, changeScore: 1, wordsMemory: 1, errorZ: 5 }));
    expect(ROOT_CAUSE_KINDS).toContain(leak?.kind);
    expect(leak?.kind).toBe('memory-leak');
    expect(leak?.probability).toBeGreaterThan(0.5);
    expect(leak?.probability).toBeLessThanOrEqual(1);
  });

  it('refuses a model made for other features, so the rules answer', () => {
    expect(loadKindModel({ ...(shipped as unknown as KindModel), features: ['memoryZ'] })).toBeNull();
    expect(loadKindModel(null)).toBeNull();
  });

  it('names the resource that moved before the change behind it', () => {
    expect(kindByRules(features({ locksZ: 5, changeDeploy: 1, changeScore: 0.9 })).kind).toBe('lock-contention');
    expect(kindByRules(features({ hitRatioDownZ: 4, changeConfig: 1, changeScore: 1 })).kind).toBe('cache-eviction');
    expect(kindByRules(features({ retransmitsZ: 6, latencyZ: 1.5 })).kind).toBe('network-delay');
    expect(kindByRules(features({ errorZ: 5, latencyZ: 4, changeConfig: 1, changeScore: 1 })).kind).toBe('config-change');
    expect(kindByRules(features({ errorZ: 5, latencyZ: 4, changeDeploy: 1, changeScore: 1 })).kind).toBe('bad-deploy');
    expect(kindByRules(features({})).kind).toBe('unknown');
  });
});
