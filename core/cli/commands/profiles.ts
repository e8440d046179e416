/**
 * `hindsight profiles FILE... [--top N] [--diff] [--json]`: the hottest frames of CPU profiles (folded stacks,
 * .cpuprofile, pprof; format by content, gzip allowed) by self and by total time, several files merged into one
 * tree; with two files and --diff, the functions ranked by the change of their share from the first (before) to
 * the second (after). Reads the files directly: no workspace needed.
 */
import { readFile } from 'node:fs/promises';
import { basename } from 'node:path';
import type { Command } from 'commander';
import { diffProfiles, type FrameChange } from '../../analysis/profiles/diff';
import { topFrames, type FrameStat } from '../../analysis/profiles/top';
import { frameLabel, mergeTrees, type CallTree } from '../../analysis/profiles/tree';
import { fmtProfileValue, fmtShare as pct, fmtSharePoints as signedPct } from '../../api/profiles';
import { readProfile } from '../../ingest/formats/profiles/index';
import { intOption } from './detect';

interface ProfilesCliOptions {
  top?: string;
  diff?: boolean;
  json?: boolean;
  sampleType?: string;
}


async function load(files: string[], sampleType?: string): Promise<CallTree[]> {
  return Promise.all(files.map(async (f) => readProfile(await readFile(f), basename(f), sampleType).tree));
}

function statJson(s: FrameStat) {
  return { name: s.frame.name, file: s.frame.file ?? null, line: s.frame.line ?? null, self: s.self, self_share: s.selfShare, total: s.total, total_share: s.totalShare };
}

function changeJson(c: FrameChange) {
  return {
    name: c.frame.name,
    file: c.frame.file ?? null,
    status: c.status,
    before_self_share: c.before.selfShare,
    after_self_share: c.after.selfShare,
    self_delta: c.selfDelta,
    before_total_share: c.before.totalShare,
    after_total_share: c.after.totalShare,
    total_delta: c.totalDelta,
  };
}

/** The text table of top frames. */
export function topTable(tree: CallTree, n: number): string {
  const { bySelf, byTotal } = topFrames(tree, n);
  const lines = [`total ${fmtProfileValue(tree.total[0], tree.unit)} (${tree.unit}), ${tree.parent.length - 1} call-tree nodes`, '', 'by self:'];
  for (const s of bySelf) lines.push(`  ${pct(s.selfShare).padStart(8)}  ${fmtProfileValue(s.self, tree.unit).padStart(12)}  ${frameLabel(s.frame)}`);
  lines.push('', 'by total (recursion counted once):');
  for (const s of byTotal) lines.push(`  ${pct(s.totalShare).padStart(8)}  ${fmtProfileValue(s.total, tree.unit).padStart(12)}  ${frameLabel(s.frame)}`);
  return lines.join('\n');
}

/** The text table of a diff's ranked changes. */
export function diffTable(changes: FrameChange[], n: number): string {
  const lines = [`${'self Δ'.padStart(12)}  ${'self before → after'.padStart(22)}  ${'total Δ'.padStart(12)}  function`];
  for (const c of changes.slice(0, n)) {
    const tag = c.status === 'changed' ? '' : ` [${c.status}]`;
    lines.push(
      `${signedPct(c.selfDelta).padStart(12)}  ${`${pct(c.before.selfShare)} → ${pct(c.after.selfShare)}`.padStart(22)}  ${signedPct(c.totalDelta).padStart(12)}  ${frameLabel(c.frame)}${tag}`,
    );
  }
  return lines.join('\n');
}

export function registerProfilesCommand(p: Command): void {
  p.command('profiles')
    .summary('Hot frames of CPU profiles; --diff ranks what changed between two')
    .description(
      'Top frames by self and by total time (recursion counted once) of folded stacks (Brendan Gregg\'s format), ' +
        'Chrome/Node .cpuprofile or pprof files (recognised by content; gzip allowed); several files are merged. ' +
        'With two files and --diff: both normalised to shares of their totals, functions ranked by the change of ' +
        'their self share from the first (before) to the second (after), new and gone ones marked.',
    )
    .argument('<files...>', 'profile files (with --diff: BEFORE AFTER)')
    .option('--top <n>', 'how many frames to list', '20')
    .option('--diff', 'compare two profiles: the first is before, the second after')
    .option('--sample-type <type>', 'pprof: the sample type to read (e.g. cpu, samples, alloc_space; default the profile\'s default)')
    .option('--json', 'print JSON: {unit, total, by_self, by_total}; with --diff a ranked list of {name, status, self_delta, …}')
    .addHelpText('after', '\nExamples:\n  hindsight profiles cpu.pb.gz --top 10\n  hindsight profiles before.folded after.folded --diff --json')
    .action(async (files: string[], o: ProfilesCliOptions) => {
      const top = intOption('--top', o.top, 1) as number;
      if (o.diff && files.length !== 2) throw new Error(`--diff compares two profiles: give BEFORE AFTER (found ${files.length} file${files.length === 1 ? '' : 's'})`);
      const trees = await load(files, o.sampleType);
      if (o.diff) {
        const changes = diffProfiles(trees[0], trees[1]);
        if (o.json) console.log(JSON.stringify(changes.slice(0, top).map(changeJson), null, 2));
        else console.log(`${basename(files[0])} → ${basename(files[1])}: ${changes.length} functions\n${diffTable(changes, top)}`);
        return;
      }
      const tree = trees.length === 1 ? trees[0] : mergeTrees(trees);
      if (o.json) {
        const { bySelf, byTotal } = topFrames(tree, top);
        console.log(JSON.stringify({ unit: tree.unit, total: tree.total[0], by_self: bySelf.map(statJson), by_total: byTotal.map(statJson) }, null, 2));
      } else console.log(topTable(tree, top));
    });
}
