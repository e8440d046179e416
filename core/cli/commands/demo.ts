import type { Command } from 'commander';
import { generateDemo } from '../../demo/generate';
import { HELD_OUT_SYSTEMS, SUITE, generateScenario, generateSuite, scenarioDef } from '../../demo/suite/generate';

/** Total bytes of a manifest's files, in MB with one decimal. */
function megabytes(files: readonly { bytes: number }[]): string {
  return (files.reduce((s, f) => s + f.bytes, 0) / 1e6).toFixed(1);
}

function seconds(t0: number): string {
  return ((performance.now() - t0) / 1000).toFixed(1);
}

export function registerDemoCommand(p: Command): void {
  p.command('demo')
    .description('Write the demo export folder (Prometheus JSON, logs, alerts, deploys, topology, ground truth).')
    .argument('<dir>', 'folder to write')
    .option('--seed <n>', 'random seed (same seed, same files); with --scenario, instead of the scenario\'s own', (v) => Number.parseInt(v, 10))
    .option('--scenario <name>', `write one scenario of the suite instead (${SUITE.map((s) => s.name).join(', ')})`)
    .action(async (dir: string, o: { seed?: number; scenario?: string }) => {
      const t0 = performance.now();
      if (o.scenario) {
        const def = scenarioDef(o.scenario);
        const m = await generateScenario(dir, o.seed === undefined ? def : { ...def, seed: o.seed });
        console.log(`wrote ${m.files.length} files (${megabytes(m.files)} MB) to ${m.dir} in ${seconds(t0)} s; ` +
          `${m.truth.incidents.length} planted incidents in ground-truth.json`);
        return;
      }
      const m = await generateDemo(dir, { seed: o.seed });
      console.log(
        `wrote ${m.files.length} files (${megabytes(m.files)} MB) to ${m.dir} in ${seconds(t0)} s; ` +
          `${m.incidents.length} planted incidents in ground-truth.json`,
      );
    });

  p.command('scenarios')
    .description('Write the scenario suite: one dump per scenario (export files + ground-truth.json) under <dir>/<scenario>/.')
    .argument('<dir>', 'folder to write')
    .option('--only <names>', 'comma-separated scenario names')
    .action(async (dir: string, o: { only?: string }) => {
      const t0 = performance.now();
      const only = (o.only ?? '').split(',').map((s) => s.trim()).filter(Boolean);
      const ms = await generateSuite(dir, only);
      for (const m of ms) {
        const t = m.truth;
        console.log(`${m.scenario.padEnd(12)} ${t.system.padEnd(9)} ${t.heldOut ? 'held-out' : 'tuning  '} ` +
          `${t.incidents.length} incidents (${t.incidents.map((i) => i.kind).join(', ')}), ${megabytes(m.files)} MB`);
      }
      const incidents = ms.reduce((s, m) => s + m.truth.incidents.length, 0);
      console.log(`wrote ${ms.length} scenarios, ${incidents} planted incidents, to ${dir} in ${seconds(t0)} s; ` +
        `held-out systems: ${HELD_OUT_SYSTEMS.join(', ')}`);
    });
}
