/**
 * Every format reader, and detection by content: each reader scores the file's first bytes and
 * the most confident one at or above 0.5 takes it. File names are never consulted.
 */
import { eventReaders } from './formats/events';
import { logReaders } from './formats/logs';
import { metricReaders } from './formats/metrics';
import { topologyReaders } from './formats/topology';
import type { FormatReader, Sniff } from './types';

export const readers: readonly FormatReader[] = [...metricReaders, ...logReaders, ...eventReaders, ...topologyReaders];

const ids = new Set<string>();
for (const r of readers) {
  if (ids.has(r.id)) throw new Error(`two format readers share the id "${r.id}"`);
  ids.add(r.id);
}

export const ACCEPT = 0.5;

export interface Verdict {
  reader: FormatReader | null;
  confidence: number;
  /** Why nothing took the file, or the runner-up when something did. */
  reason: string;
  scores: { id: string; confidence: number }[];
}

/** Looks like binary data: NUL bytes or mostly non-text in the head. */
export function looksBinary(head: string): boolean {
  if (!head.length) return false;
  let bad = 0;
  const n = Math.min(head.length, 8192);
  for (let i = 0; i < n; i++) {
    const c = head.charCodeAt(i);
    if (c === 0) return true;
    if ((c < 32 && c !== 9 && c !== 10 && c !== 13 && c !== 12) || c === 0xfffd) bad++;
  }
  return bad / n > 0.1;
}

/**
 * The answers written beside a generated dump (`hindsight demo` / `hindsight scenarios`: ground-truth.json, whose
 * `generator` names this project's generator). They are not data: imported as a log they would put the planted
 * causes into the workspace being investigated.
 */
export function isGeneratedGroundTruth(head: string): boolean {
  return /^\s*\{\s*"generator"\s*:\s*"hindsight core\/demo/.test(head);
}

export function detectFormat(sniff: Sniff): Verdict {
  if (!sniff.head.trim()) return { reader: null, confidence: 0, reason: 'empty file', scores: [] };
  if (isGeneratedGroundTruth(sniff.head)) {
    return { reader: null, confidence: 0, reason: "the ground truth of a generated dump (the planted answers), not data", scores: [] };
  }
  if (looksBinary(sniff.head)) {
    return { reader: null, confidence: 0, reason: 'binary content, not a text export', scores: [] };
  }
  const scores = readers
    .map((r) => {
      let confidence: number;
      try {
        confidence = r.detect(sniff);
      } catch {
        confidence = 0;
      }
      return { reader: r, id: r.id, confidence: Number.isFinite(confidence) ? confidence : 0 };
    })
    .sort((a, b) => b.confidence - a.confidence);
  const best = scores[0];
  const plain = scores.map(({ id, confidence }) => ({ id, confidence }));
  if (!best || best.confidence < ACCEPT) {
    const near = best && best.confidence > 0 ? ` (closest: ${best.reader.title}, ${best.confidence.toFixed(2)})` : '';
    return { reader: null, confidence: best?.confidence ?? 0, reason: `not a recognised export format${near}`, scores: plain };
  }
  const second = scores[1];
  return {
    reader: best.reader,
    confidence: best.confidence,
    reason: second && second.confidence > 0 ? `runner-up: ${second.reader.title} (${second.confidence.toFixed(2)})` : '',
    scores: plain,
  };
}
