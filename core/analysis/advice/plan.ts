/**
 * The remediation plan of an incident as Markdown: the recommendations in stage order (eligible for
 * automation, canary / A-B first, ticket for a person, noted), each with its commands as text, the effect
 * expected, how to verify it, and the runbooks that fit with why. It says, at the top and on every
 * eligible step, that Hindsight executed nothing: an eligible step is exported for a person, or for
 * automation a person allowed, never run.
 */
import type { Incident } from '../incidents/types';
import { STAGE_LABELS, STAGES, type Recommendation, type RunbookMatchResult } from './types';

export const NEVER_EXECUTED =
  'Nothing in this plan was executed by Hindsight. Commands are text for a person to review; a step marked "eligible for automation" may be handed to automation a person allowed, but Hindsight never runs it.';

export interface PlanInput {
  incident: Pick<Incident, 'id' | 'summary' | 'kind' | 'kindProbability' | 'severity'>;
  recommendations: readonly Recommendation[];
  runbooks: readonly RunbookMatchResult[];
  /** When the plan was written (ms), printed in its header. */
  writtenAt: number;
}

/** A code span that survives backticks inside the text. */
function code(text: string): string {
  const fence = text.includes('`') ? '``' : '`';
  return `${fence}${text}${fence}`;
}

/**
 * The plan as Markdown.
 *
 * @example planMarkdown({ incident, recommendations, runbooks: [], writtenAt: Date.now() }).startsWith('# Remediation plan')
 */
export function planMarkdown(input: PlanInput): string {
  const { incident } = input;
  const out: string[] = [
    `# Remediation plan: ${incident.id}`,
    '',
    `> **${NEVER_EXECUTED}**`,
    '',
    `- Incident: ${incident.id} (${incident.severity}), looks like ${incident.kind} (${Math.round(incident.kindProbability * 100)} %)`,
    `- Written: ${new Date(input.writtenAt).toISOString()}`,
    '',
    incident.summary,
    '',
  ];
  let step = 0;
  for (const stage of STAGES) {
    const recs = input.recommendations.filter((r) => r.stage === stage);
    if (!recs.length) continue;
    out.push(`## ${STAGE_LABELS[stage][0].toUpperCase()}${STAGE_LABELS[stage].slice(1)}`, '');
    for (const r of recs) {
      step++;
      out.push(`### ${step}. ${r.title}`, '');
      out.push(`- Stage: **${STAGE_LABELS[r.stage]}**${r.stage === 'eligible' ? ' (exported, never run by Hindsight)' : ''}`);
      out.push(`- Confidence ${Math.round(r.confidence * 100)} %, risk ${r.risk}: ${r.riskReason}`);
      out.push(`- Expected effect: ${r.expectedEffect.text}`);
      if (r.alreadyDone) out.push(`- Already done: ${r.alreadyDone.text} (${new Date(r.alreadyDone.time).toISOString()}): check that it holds`);
      if (r.learned.length) out.push(`- Your earlier decisions: ${r.learned.join('; ')}`);
      out.push('- Evidence:');
      for (const e of r.evidence) out.push(`  - ${e.text}${e.ref ? ` (${e.ref})` : ''}`);
      if (r.commands.length) {
        out.push(`- Commands (from runbook ${code(r.runbook ?? '')}; text only):`);
        for (const c of r.commands) {
          out.push(`  1. ${code(c.text)}`);
          if (c.expect) out.push(`     - expect: ${c.expect}`);
          if (c.verify) out.push(`     - verify: ${code(c.verify)}`);
        }
      } else out.push('- Commands: no runbook of this action; add one to $HINDSIGHT_HOME/runbooks/');
      out.push('');
    }
  }
  if (!step) out.push('No recommendation for this incident.', '');
  if (input.runbooks.length) {
    out.push('## Matching runbooks', '');
    for (const m of input.runbooks) out.push(`- **${m.runbook.title}** (${code(m.runbook.id)}, ${m.runbook.origin}, score ${m.score}): ${m.reasons.join('; ')}`);
    out.push('');
  }
  return `${out.join('\n').trimEnd()}\n`;
}
