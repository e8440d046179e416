// Profile hotspots with a planted answer: a generated before/after pair of CPU profiles (a few hundred functions,
// multinomial sampling noise, ordinary drift of every function between runs) where one function's self time grows
// in "after"; the differential ranking should put it first. Cases over several seeds: a mid-depth function
// (+3 points of the profile), a deep one (depth ≥ 8, +2 and +1 points) whose name shares its prefix with its
// siblings (encodeJson beside encodeJsonField …), and one of the five hottest functions growing (+3 points).
// Each is ranked two ways: diffProfiles' square-root-scale change (the shipped ranking) and the plain change of
// self share |Δ| (for comparison). Then the parse speed of a large folded file (200k stacks).
//
//   npx tsx bench/profiles.ts [--seeds 20] [--stacks 200000] [--out DIR]
//   --out DIR writes seed 1's deep pair as DIR/before.folded and DIR/after.folded (to import and look at).
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { diffProfiles } from '../core/analysis/profiles/diff';
import { topFrames } from '../core/analysis/profiles/top';
import { readFolded } from '../core/ingest/formats/profiles/folded';
import { largeFolded, profilePair, type PairOptions } from './lib/profile-pair';

function arg(name: string, fallback: string): string {
  const i = process.argv.indexOf(name);
  return i > 0 && process.argv[i + 1] ? process.argv[i + 1] : fallback;
}

const seeds = Number(arg('--seeds', '20'));
const stacks = Number(arg('--stacks', '200000'));
const out = arg('--out', '');

const CASES: { label: string; options: Omit<PairOptions, 'seed'> }[] = [
  { label: 'mid-depth, +3 pts', options: { plantedGrowth: 0.03 } },
  { label: 'deep, shared prefix, +2 pts', options: { plantedGrowth: 0.02, deep: true } },
  { label: 'deep, shared prefix, +1 pt', options: { plantedGrowth: 0.01, deep: true } },
  { label: 'already hot (top 5), +3 pts', options: { plantedGrowth: 0.03, hot: true } },
];

/** How many seeds put the planted function first, the median and worst rank. */
function summary(ranks: number[]): string {
  const sorted = [...ranks].sort((a, b) => a - b);
  return `first in ${ranks.filter((r) => r === 1).length}/${ranks.length}, median rank ${sorted[Math.floor(ranks.length / 2)]}, worst ${sorted[ranks.length - 1]}`;
}

for (const c of CASES) {
  const ranks: number[] = [];
  const plainRanks: number[] = [];
  let depthSum = 0;
  let ms = 0;
  for (let seed = 1; seed <= seeds; seed++) {
    const pair = profilePair({ seed, ...c.options });
    const t0 = performance.now();
    const diff = diffProfiles(readFolded(pair.before, 'before.folded'), readFolded(pair.after, 'after.folded'));
    ms += performance.now() - t0;
    ranks.push(diff.findIndex((d) => d.frame.name === pair.planted.name) + 1);
    const plain = [...diff].sort((a, b) => Math.abs(b.selfDelta) - Math.abs(a.selfDelta));
    plainRanks.push(plain.findIndex((d) => d.frame.name === pair.planted.name) + 1);
    depthSum += pair.planted.depth;
  }
  console.log(
    `${c.label.padEnd(28)} √-scale: ${summary(ranks)} | plain |Δ|: ${summary(plainRanks)} | ` +
      `mean planted depth ${(depthSum / seeds).toFixed(1)}; read both + diff ${(ms / seeds).toFixed(1)} ms per pair`,
  );
}

const example = profilePair({ seed: 1, plantedGrowth: 0.02, deep: true });
console.log(
  `seed 1 deep pair: ${example.nodes} functions, planted ${example.planted.name} at depth ${example.planted.depth}, ` +
    `true self share ${(100 * example.planted.shareBefore).toFixed(2)} % → ${(100 * example.planted.shareAfter).toFixed(2)} %`,
);
if (out) {
  mkdirSync(out, { recursive: true });
  writeFileSync(join(out, 'before.folded'), example.before);
  writeFileSync(join(out, 'after.folded'), example.after);
  console.log(`wrote ${join(out, 'before.folded')} and ${join(out, 'after.folded')}`);
}

const text = largeFolded(7, stacks);
const mb = Buffer.byteLength(text) / 1e6;
const runs: number[] = [];
let nodes = 0;
for (let r = 0; r < 3; r++) {
  const t0 = performance.now();
  const tree = readFolded(text, 'large.folded');
  runs.push(performance.now() - t0);
  nodes = tree.parent.length;
  if (r === 0) topFrames(tree, 10);
}
const best = Math.min(...runs);
console.log(
  `parse ${stacks} folded stacks (${mb.toFixed(1)} MB, ${nodes} nodes): best of 3 ${best.toFixed(0)} ms ` +
    `(${(stacks / (best / 1000) / 1e6).toFixed(2)} M stacks/s, ${(mb / (best / 1000)).toFixed(0)} MB/s)`,
);
