// Trains the root-cause kind classifier (core/analysis/incidents/classify.ts) on scenario-suite dumps that were
// imported and analysed, and writes core/analysis/incidents/kind-model.json. Only systems the suite does not hold
// out may be used (the script refuses a held-out one): their figures must stay honest.
//
//   npx hindsight scenarios /tmp/suite --only shop-a,shop-b,pipeline-a,pipeline-b,small-a,small-b
//   for s in shop-a …; do npx hindsight import /tmp/suite/$s.hindsight /tmp/suite/$s; npx hindsight detect --workspace /tmp/suite/$s.hindsight --limit 1; done
//   npx tsx scripts/train-incident-kind.ts /tmp/suite shop-a shop-b pipeline-a pipeline-b small-a small-b
//
// Each planted incident is matched to the found incident that overlaps it and names its root service among its
// services, nearest onset first; its features are labelled with the planted kind.
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { RandomForestClassifier } from 'ml-random-forest';
import { KIND_FEATURES, type KindFeatures } from '../core/analysis/incidents/classify';
import { investigate } from '../core/analysis/incidents/investigate';
import { investigationInput } from '../core/jobs/steps/incidents';
import { WorkspaceStore } from '../core/store/workspace';

interface Truth {
  heldOut: boolean;
  incidents: { id: string; kind: string; onsetMs: number; endMs: number; rootService: string }[];
}

const [dir, ...names] = process.argv.slice(2);
if (!dir || !names.length) {
  console.error('usage: npx tsx scripts/train-incident-kind.ts SUITE_DIR SCENARIO...');
  process.exit(2);
}
const rows: number[][] = [];
const labels: string[] = [];
for (const name of names) {
  const truth = JSON.parse(readFileSync(join(dir, name, 'ground-truth.json'), 'utf8')) as Truth;
  if (truth.heldOut) throw new Error(`${name} is held out of all tuning: leave it out of training`);
  const store = WorkspaceStore.open(join(dir, `${name}.hindsight`), { readonly: true });
  try {
    const { incidents, features } = investigate({ ...investigationInput(store), kindModel: null });
    for (const t of truth.incidents) {
      const found = incidents
        .filter((i) => i.start <= t.endMs && i.end >= t.onsetMs - 30 * 60_000)
        .sort((a, b) => Number(!a.services.includes(t.rootService)) - Number(!b.services.includes(t.rootService)) || Math.abs(a.onset - t.onsetMs) - Math.abs(b.onset - t.onsetMs))[0];
      const f = found && features.get(found.id);
      if (!f) {
        console.log(`${name} ${t.id} (${t.kind}): not found, left out`);
        continue;
      }
      rows.push(KIND_FEATURES.map((k) => (f as KindFeatures)[k]));
      labels.push(t.kind);
    }
  } finally {
    store.close();
  }
}
const classes = [...new Set(labels)].sort();
const y = labels.map((l) => classes.indexOf(l));
const options = { seed: 13, nEstimators: 60, maxFeatures: 0.5, replacement: true, useSampleBagging: true, noOOB: false, treeOptions: { minNumSamples: 2 } };
const forest = new RandomForestClassifier(options);
forest.train(rows, y);
// Out-of-bag accuracy: each incident judged by the trees that did not see it.
const oob = forest.predictOOB();
const oobHits = oob.filter((p, i) => p === y[i]).length;
const out = join(import.meta.dirname, '..', 'core', 'analysis', 'incidents', 'kind-model.json');
writeFileSync(out, `${JSON.stringify({ features: [...KIND_FEATURES], classes, trainedOn: names, samples: rows.length, forest: forest.toJSON() })}\n`);
console.log(`${rows.length} incidents of ${classes.length} kinds from ${names.join(', ')}; out-of-bag accuracy ${oobHits}/${rows.length}; wrote ${out}`);
