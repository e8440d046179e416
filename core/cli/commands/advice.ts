/**
 * `hindsight advice WORKSPACE`: the recommendations for the workspace's stored incidents (run
 * `hindsight incidents WORKSPACE` first), grouped by stage under the policy in
 * $HINDSIGHT_HOME/advice-policy.json (the shipped default otherwise), with the runbooks of
 * $HINDSIGHT_HOME/runbooks beside the built-in ones; `--plan FILE.md` writes an incident's remediation
 * plan. Nothing is ever executed: commands are printed as text.
 */
import { writeFileSync } from 'node:fs';
import type { Command } from 'commander';
import type { Recommendation } from '../../analysis/advice/types';
import { adviceList, remediationPlan, storedIncidents } from '../../service/advice';
import { WorkspaceStore } from '../../store/workspace';
import { dataDir } from '../paths';

/** One recommendation as readable text: title and numbers, then evidence, effect and commands, indented. */
function recommendationText(r: Recommendation): string {
  const lines = [
    `  - ${r.title}  [${r.action} ${r.target}]  confidence ${Math.round(r.confidence * 100)} %, risk ${r.risk}${r.incident ? `  (${r.incident})` : ''}`,
    ...r.evidence.slice(0, 3).map((e) => `      because ${e.text}`),
    `      expect: ${r.expectedEffect.text}`,
  ];
  if (r.alreadyDone) lines.push(`      already done: ${r.alreadyDone.text}`);
  if (r.learned.length) lines.push(`      learned: ${r.learned.join('; ')}`);
  for (const c of r.commands) lines.push(`      $ ${c.text}${c.verify ? `\n        verify: ${c.verify}` : ''}`);
  if (!r.commands.length) lines.push('      (no runbook of this action)');
  return lines.join('\n');
}

export function registerAdviceCommand(p: Command): void {
  p.command('advice')
    .summary("Recommendations for a workspace's incidents, by stage (never executed)")
    .description(
      "Recommendations for the workspace's stored incidents (run `hindsight incidents WORKSPACE` first): what to do, the evidence, " +
        'the level the metric should return to, confidence, risk and the stage the policy gives it (eligible for automation, canary / A-B first, ' +
        `ticket for a person, noted). Policy: ${'$'}HINDSIGHT_HOME/advice-policy.json; your runbooks: ${'$'}HINDSIGHT_HOME/runbooks/. ` +
        'Nothing is ever executed: commands are text.',
    )
    .argument('<workspace>', 'workspace file (*.hindsight)')
    .option('--incident <id>', "only this incident's recommendations")
    .option('--json', 'print as JSON: { policy, groups: [{ stage, label, recommendations }], problems }')
    .option('--plan <file.md>', "write the remediation plan (Markdown) of --incident, or of the most urgent incident")
    .action(async (workspace: string, o: { incident?: string; json?: boolean; plan?: string }) => {
      const store = WorkspaceStore.open(workspace);
      try {
        const home = dataDir();
        const list = adviceList(store, home, o.incident);
        for (const problem of list.problems) process.stderr.write(`runbook skipped: ${problem}\n`);
        if (!list.incidents) process.stderr.write(`${workspace}: no stored incidents: run \`hindsight incidents ${workspace}\` first\n`);
        if (o.plan) {
          const target = o.incident ?? storedIncidents(store)[0]?.id;
          if (!target) throw new Error('--plan: the workspace has no incident to plan for');
          const plan = remediationPlan(store, home, target);
          writeFileSync(o.plan, plan.markdown);
          process.stderr.write(`${o.plan}: remediation plan of ${target} (never executed)\n`);
        }
        if (o.json) {
          process.stdout.write(`${JSON.stringify(list, null, 2)}\n`);
          return;
        }
        const text = list.groups.map((g) => `${g.label.toUpperCase()} (${g.recommendations.length})\n${g.recommendations.map(recommendationText).join('\n')}`);
        process.stdout.write(text.length ? `${text.join('\n\n')}\n` : 'no recommendations\n');
      } finally {
        store.close();
      }
    });
}
