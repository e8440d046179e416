/**
 * One raw log line as text, with the template's parameters highlighted (LogLine.params ranges)
 * and the searched words marked. Never HTML: React escapes every piece.
 */
import { memo, type ReactNode } from 'react';

export interface LogTextProps {
  raw: string;
  params: [number, number][];
  words?: string[];
}

function markWords(text: string, words: string[], keyBase: string): ReactNode[] {
  if (!words.length || !text) return [text];
  const lower = text.toLowerCase();
  const out: ReactNode[] = [];
  let i = 0;
  while (i < text.length) {
    let best = -1;
    let len = 0;
    for (const w of words) {
      const at = lower.indexOf(w, i);
      if (at >= 0 && (best < 0 || at < best)) {
        best = at;
        len = w.length;
      }
    }
    if (best < 0) break;
    if (best > i) out.push(text.slice(i, best));
    out.push(
      <mark key={`${keyBase}:${best}`} className="hit">
        {text.slice(best, best + len)}
      </mark>,
    );
    i = best + len;
  }
  if (i < text.length) out.push(text.slice(i));
  return out;
}

export const LogText = memo(function LogText({ raw, params, words = [] }: LogTextProps) {
  const ranges = [...params].filter(([a, b]) => a >= 0 && b > a && a < raw.length).sort((x, y) => x[0] - y[0]);
  const out: ReactNode[] = [];
  let i = 0;
  ranges.forEach(([a, b], k) => {
    if (a < i) return;
    if (a > i) out.push(...markWords(raw.slice(i, a), words, `t${k}`));
    out.push(
      <span key={`p${k}`} className="param">
        {markWords(raw.slice(a, Math.min(b, raw.length)), words, `p${k}`)}
      </span>,
    );
    i = Math.min(b, raw.length);
  });
  if (i < raw.length) out.push(...markWords(raw.slice(i), words, 'end'));
  return <>{out}</>;
});

/** Words of a full-text query worth marking (operators and quotes dropped, prefix stars trimmed). */
export function queryWords(query: string): string[] {
  return query
    .replace(/["()]/g, ' ')
    .split(/\s+/)
    .filter((w) => w && !['AND', 'OR', 'NOT', 'NEAR'].includes(w))
    .map((w) => w.replace(/\*$/, '').toLowerCase())
    .filter((w) => w.length > 1);
}
