/**
 * A postmortem as one self-contained HTML file: inline CSS, the charts as inline `<svg>`, no script and
 * no external request, and a Content-Security-Policy that forbids both (`default-src 'none'`), so even a
 * payload that slipped through could neither run nor call out. Sections are a safe Markdown subset
 * (paragraphs, lists, task boxes, **bold**, _italics_, `code`, `[E<n>]` citations) rendered from text
 * that is escaped first: no raw HTML from the data or the person reaches the page. The same HTML is
 * what PDF printing (Chromium's or Electron's printToPDF, the browser's print) lays out. Pure.
 */
import { zonedTime } from '../base/zones';
import type { PostmortemDoc } from '../analysis/postmortem/types';
import { escapeHtml } from './escape';
import type { RenderedChart } from './markdown';

/** The page's Content-Security-Policy: nothing but its own inline styles and data images. */
export const REPORT_CSP = "default-src 'none'; style-src 'unsafe-inline'; img-src data:; base-uri 'none'; form-action 'none'";

const STYLE = `
body { font: 14px/1.5 system-ui, -apple-system, "Segoe UI", sans-serif; color: #111827; max-width: 860px; margin: 2rem auto; padding: 0 1rem; }
h1 { font-size: 1.6rem; margin-bottom: .25rem; } h2 { font-size: 1.15rem; margin-top: 1.6rem; border-bottom: 1px solid #e5e7eb; padding-bottom: .2rem; }
.meta { color: #4b5563; } code { background: #f3f4f6; padding: 0 .2em; border-radius: 3px; }
table { border-collapse: collapse; width: 100%; font-size: 13px; } th, td { border: 1px solid #e5e7eb; padding: 4px 6px; text-align: left; vertical-align: top; }
th { background: #f9fafb; } td.time { white-space: nowrap; } .kind { color: #6b7280; font-size: 12px; }
figure { margin: 1rem 0; } svg { max-width: 100%; height: auto; } ol.evidence li { margin: .15rem 0; }
a { color: #1d4ed8; } .star { color: #d97706; }
@media print { body { margin: 0; max-width: none; } h2 { break-after: avoid; } figure, tr { break-inside: avoid; } }
`;

/** Inline Markdown on escaped text: `code`, **bold**, _italics_, [E<n>] citations. */
function inline(escaped: string): string {
  return escaped
    .replace(/`([^`]+)`/g, '<code>$1</code>')
    .replace(/\*\*([^*]+)\*\*/g, '<strong>$1</strong>')
    .replace(/(^|[\s(])_([^_]+)_(?=[\s).,;:!?]|$)/g, '$1<em>$2</em>')
    .replace(/\[(E\d+(?:, E\d+)*)\]/g, (_, list: string) => `[${list.split(', ').map((e) => `<a href="#${e.toLowerCase()}">${e}</a>`).join(', ')}]`);
}

/**
 * A section's Markdown as HTML (the subset in the file's header). The text is escaped before any tag
 * is written, so what it holds stays text.
 */
export function markdownToHtml(markdown: string): string {
  const out: string[] = [];
  // Open lists, outermost first, each with the indent its items start at.
  const lists: { tag: 'ul' | 'ol'; indent: number }[] = [];
  let paragraph: string[] = [];
  const flush = (): void => {
    if (paragraph.length) out.push(`<p>${paragraph.join(' ')}</p>`);
    paragraph = [];
  };
  const closeTo = (depth: number): void => {
    while (lists.length > depth) out.push(`</li></${lists.pop()?.tag}>`);
  };
  for (const raw of markdown.split('\n')) {
    const line = raw.trimEnd();
    const item = /^(\s*)(?:([-*])|\d+\.)\s+(\[[ xX]\]\s+)?(.*)$/.exec(line);
    if (item) {
      flush();
      const indent = item[1].length;
      const tag = item[2] ? 'ul' : 'ol';
      while (lists.length && lists[lists.length - 1].indent > indent) closeTo(lists.length - 1);
      const top = lists[lists.length - 1];
      if (top && top.indent === indent && top.tag === tag) out.push('</li>');
      else if (top && top.indent === indent) {
        closeTo(lists.length - 1);
        out.push(`<${tag}>`);
        lists.push({ tag, indent });
      } else {
        out.push(`<${tag}>`);
        lists.push({ tag, indent });
      }
      const box = item[3] ? `${/x/i.test(item[3]) ? '☑' : '☐'} ` : '';
      out.push(`<li>${box}${inline(escapeHtml(item[4]))}`);
    } else if (!line.trim()) {
      flush();
      closeTo(0);
    } else {
      closeTo(0);
      paragraph.push(inline(escapeHtml(line.trim())));
    }
  }
  flush();
  closeTo(0);
  return out.join('\n');
}

/** The document as one HTML page (see the file's header). */
export function renderHtml(doc: PostmortemDoc, charts: readonly RenderedChart[]): string {
  const body: string[] = [
    `<h1>${escapeHtml(doc.title)}</h1>`,
    `<p class="meta">Status: ${escapeHtml(doc.status)} · Incident: ${escapeHtml(doc.incidentKey)} · Times in ${escapeHtml(doc.zone)} (each with its UTC offset)</p>`,
  ];
  for (const s of doc.sections) {
    body.push(`<h2 id="${escapeHtml(s.id)}">${escapeHtml(s.title)}</h2>`, markdownToHtml(s.text.trim() || '_(empty)_'));
    if (s.id === 'impact') for (const c of charts) body.push(`<figure>${c.svg}<figcaption>${escapeHtml(c.title)}</figcaption></figure>`);
  }
  body.push('<h2 id="timeline">Timeline</h2>', `<table><thead><tr><th>Time (${escapeHtml(doc.zone)})</th><th>What happened</th><th>Evidence</th></tr></thead><tbody>`);
  for (const t of doc.timeline) {
    const star = t.starred ? '<span class="star">★</span> ' : '';
    const tags = t.tags?.length ? ` <span class="kind">${t.tags.map((x) => `#${escapeHtml(x)}`).join(' ')}</span>` : '';
    const refs = t.evidence.map((n) => `<a href="#e${n}">E${n}</a>`).join(', ');
    body.push(`<tr><td class="time">${escapeHtml(zonedTime(t.ts, doc.zone))}</td><td>${star}${escapeHtml(t.text)}${tags} <span class="kind">${escapeHtml(t.kind)}</span></td><td>${refs}</td></tr>`);
  }
  body.push('</tbody></table>', '<h2 id="evidence">Evidence</h2>', '<ol class="evidence">');
  for (const e of doc.evidence) {
    body.push(
      `<li id="e${e.n}" value="${e.n}"><strong>E${e.n}</strong> ${escapeHtml(zonedTime(e.ts, doc.zone))}, ${escapeHtml(e.kind)}${e.ref !== null ? ` #${e.ref}` : ''}${e.service ? `, ${escapeHtml(e.service)}` : ''}: ${escapeHtml(e.text)}</li>`,
    );
  }
  body.push('</ol>');
  return [
    '<!doctype html>',
    '<html lang="en"><head><meta charset="utf-8">',
    `<meta http-equiv="Content-Security-Policy" content="${REPORT_CSP}">`,
    '<meta name="viewport" content="width=device-width, initial-scale=1">',
    `<title>${escapeHtml(doc.title)}</title>`,
    `<style>${STYLE}</style>`,
    '</head><body>',
    ...body,
    '</body></html>',
    '',
  ].join('\n');
}
