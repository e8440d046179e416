import type { Command } from 'commander';
import { generateDemo } from '../../demo/generate';

export function registerDemoCommand(p: Command): void {
  p.command('demo')
    .description('Write the demo export folder (Prometheus JSON, logs, alerts, deploys, topology, ground truth).')
    .argument('<dir>', 'folder to write')
    .option('--seed <n>', 'random seed (same seed, same files)', (v) => Number.parseInt(v, 10))
    .action(async (dir: string, o: { seed?: number }) => {
      const t0 = performance.now();
      const m = await generateDemo(dir, { seed: o.seed });
      const bytes = m.files.reduce((s, f) => s + f.bytes, 0);
      console.log(
        `wrote ${m.files.length} files (${(bytes / 1e6).toFixed(1)} MB) to ${m.dir} in ${((performance.now() - t0) / 1000).toFixed(1)} s; ` +
          `${m.incidents.length} planted incidents in ground-truth.json`,
      );
    });
}
