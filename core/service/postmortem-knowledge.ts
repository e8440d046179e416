/**
 * The knowledge base of saved postmortems in the app's data folder (`knowledge/postmortems.jsonl`, one
 * entry a line, beside the incidents' `incidents.jsonl`): written when a postmortem is saved, read by
 * `postmortem/search`, `hindsight knowledge search` and "similar incidents" (in the service and the CLI).
 */
import { existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import type { KnowledgeHitInfo } from '../api/contract';
import { asKnownIncident, type KnowledgeEntry, type KnowledgeHit } from '../analysis/postmortem/knowledge';
import type { KnownIncident } from '../analysis/incidents/similar';

/** The postmortems knowledge base of a data folder. */
export function postmortemKnowledgeFile(dataDir: string): string {
  return join(dataDir, 'knowledge', 'postmortems.jsonl');
}

/** The entries of the knowledge base; lines that are not an entry are skipped. */
export function readPostmortemKnowledge(file: string): KnowledgeEntry[] {
  if (!existsSync(file)) return [];
  return readFileSync(file, 'utf8')
    .split('\n')
    .flatMap((line) => {
      try {
        const e = JSON.parse(line) as KnowledgeEntry;
        return typeof e.id === 'string' && typeof e.text === 'string' && Array.isArray(e.fingerprint) ? [e] : [];
      } catch {
        return [];
      }
    });
}

/** Saved postmortems as past incidents for "similar incidents" (their resolution is what was done then). */
export function postmortemKnownIncidents(dataDir: string): KnownIncident[] {
  return readPostmortemKnowledge(postmortemKnowledgeFile(dataDir)).map(asKnownIncident);
}

/** Puts (or replaces) one postmortem's entry in the knowledge base: written to a temporary file, then renamed. */
export function indexPostmortem(dataDir: string, entry: KnowledgeEntry): void {
  const file = postmortemKnowledgeFile(dataDir);
  const kept = readPostmortemKnowledge(file).filter((e) => e.id !== entry.id);
  mkdirSync(dirname(file), { recursive: true, mode: 0o700 });
  writeFileSync(`${file}.tmp`, [...kept, entry].map((e) => `${JSON.stringify(e)}\n`).join(''), { mode: 0o600 });
  renameSync(`${file}.tmp`, file);
}

/** A hit as the contract answers it: the entry without its full text. */
export function knowledgeHitInfo(hit: KnowledgeHit): KnowledgeHitInfo {
  const { text: _text, ...entry } = hit.entry;
  return { entry, score: hit.score, snippet: hit.snippet };
}
