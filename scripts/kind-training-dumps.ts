// Writes extra scenario dumps for training the root-cause kind classifier: every scenario of the suite's tuned
// systems again with another seed (same systems, same planted kinds, other times, noise and distractors).
// Held-out systems are never written.
//
//   npx tsx scripts/kind-training-dumps.ts /tmp/suite-train [SEED_OFFSET=1000]
import { join } from 'node:path';
import { HELD_OUT_SYSTEMS, SUITE, generateScenario } from '../core/demo/suite/generate';

const [dir, offset = '1000'] = process.argv.slice(2);
if (!dir) {
  console.error('usage: npx tsx scripts/kind-training-dumps.ts DIR [SEED_OFFSET]');
  process.exit(2);
}
for (const def of SUITE.filter((d) => !HELD_OUT_SYSTEMS.includes(d.system))) {
  const name = `${def.name}-t${offset}`;
  await generateScenario(join(dir, name), { ...def, name, seed: def.seed + Number(offset) });
  console.log(`wrote ${join(dir, name)}`);
}
