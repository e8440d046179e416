/**
 * A postmortem as Markdown: the sections as written, the charts as `<img>` tags with the SVG inline as a
 * `data:image/svg+xml;base64,…` address (one self-contained file: no sibling files to lose, no external
 * requests; GitHub and most viewers show them), the timeline as a table, and the numbered evidence
 * list the `[E<n>]` citations point at (`#e<n>` anchors). Every imported text is escaped
 * (core/report/escape.ts). Pure.
 */
import { zonedTime } from '../base/zones';
import type { PostmortemDoc } from '../analysis/postmortem/types';
import { escapeHtml, escapeMarkdownHtml, markdownCell } from './escape';

/** A chart ready for a document: its title and its SVG text. */
export interface RenderedChart {
  title: string;
  svg: string;
}

/** `[E3]` citations as links to the evidence list's anchors. */
export function linkCitations(markdown: string): string {
  return markdown.replace(/\[(E\d+(?:, E\d+)*)\]/g, (_, list: string) => `[${list.split(', ').map((e) => `[${e}](#${e.toLowerCase()})`).join(', ')}]`);
}

/** The SVG as a data address an `<img>` shows. */
export function svgDataUri(svg: string): string {
  return `data:image/svg+xml;base64,${Buffer.from(svg, 'utf8').toString('base64')}`;
}

/** The document as Markdown (see the file's header). */
export function renderMarkdown(doc: PostmortemDoc, charts: readonly RenderedChart[]): string {
  const out: string[] = [`# ${escapeMarkdownHtml(doc.title)}`, ''];
  out.push(`**Status:** ${escapeMarkdownHtml(doc.status)} · **Incident:** ${escapeMarkdownHtml(doc.incidentKey)} · **Times in:** ${escapeMarkdownHtml(doc.zone)} (each time carries its UTC offset)`, '');
  for (const s of doc.sections) {
    out.push(`## ${escapeMarkdownHtml(s.title)}`, '', linkCitations(escapeMarkdownHtml(s.text.trim() || '_(empty)_')), '');
    if (s.id === 'impact' && charts.length) {
      for (const c of charts) out.push(`<img alt="${escapeHtml(c.title)}" src="${svgDataUri(c.svg)}">`, '');
    }
  }
  out.push('## Timeline', '', `| Time (${markdownCell(doc.zone)}) | What happened | Evidence |`, '|---|---|---|');
  for (const t of doc.timeline) {
    const star = t.starred ? '★ ' : '';
    const tags = t.tags?.length ? ` (${t.tags.map((x) => `#${x}`).join(' ')})` : '';
    const refs = t.evidence.map((n) => `[E${n}](#e${n})`).join(', ');
    out.push(`| ${markdownCell(zonedTime(t.ts, doc.zone))} | ${star}${markdownCell(t.text)}${markdownCell(tags)} | ${refs} |`);
  }
  out.push('', '## Evidence', '');
  for (const e of doc.evidence) {
    out.push(`${e.n}. <a id="e${e.n}"></a>**E${e.n}** ${markdownCell(zonedTime(e.ts, doc.zone))}, ${escapeMarkdownHtml(e.kind)}${e.ref !== null ? ` #${e.ref}` : ''}${e.service ? `, ${escapeMarkdownHtml(e.service)}` : ''}: ${escapeMarkdownHtml(e.text)}`);
  }
  out.push('');
  return out.join('\n');
}
