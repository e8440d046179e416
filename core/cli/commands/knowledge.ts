/**
 * `hindsight knowledge search QUERY`: the saved postmortems of every workspace (the knowledge base in
 * `$HINDSIGHT_HOME/knowledge/postmortems.jsonl`) holding every word of the query, best first.
 */
import type { Command } from 'commander';
import { searchKnowledge } from '../../analysis/postmortem/knowledge';
import { knowledgeHitInfo, postmortemKnowledgeFile, readPostmortemKnowledge } from '../../service/postmortem-knowledge';
import { dataDir } from '../paths';
import { iso } from './detect';

export function registerKnowledgeCommands(p: Command): void {
  const knowledge = p.command('knowledge').summary('The knowledge base of saved postmortems, across workspaces');
  knowledge
    .command('search')
    .summary('Search saved postmortems of every workspace')
    .argument('<query...>', 'words that must all appear (a service, a symptom, a fix)')
    .option('--json', 'print the hits as JSON')
    .option('--limit <n>', 'at most this many hits', '20')
    .action((query: string[], o: { json?: boolean; limit: string }) => {
      const file = postmortemKnowledgeFile(dataDir());
      const hits = searchKnowledge(readPostmortemKnowledge(file), query.join(' '), Math.max(1, Number(o.limit) || 20));
      if (o.json) {
        process.stdout.write(`${JSON.stringify(hits.map(knowledgeHitInfo), null, 2)}\n`);
        return;
      }
      if (!hits.length) {
        process.stdout.write(`no saved postmortem holds "${query.join(' ')}" (${file})\n`);
        return;
      }
      const lines = hits.map((h, i) => `${i + 1}. ${h.entry.title}  [${h.entry.incidentKey}, ${iso(h.entry.onset)}]\n   ${h.entry.workspace} #${h.entry.postmortemId}  score ${h.score}\n   ${h.snippet}${h.entry.resolution ? `\n   done then: ${h.entry.resolution.split('\n').slice(0, 2).join('; ')}` : ''}`);
      process.stdout.write(`${lines.join('\n')}\n`);
    });
}
