/**
 * Reports: Markdown and self-contained HTML of a postmortem, and the SVG line chart. An XSS payload in a
 * service name, a log line, a change title and a person's note stays text everywhere; the HTML carries a
 * CSP that forbids scripts and external requests, and references nothing outside itself.
 */
import { describe, expect, it } from 'vitest';
import { draftPostmortem } from '../../../core/analysis/postmortem/draft';
import { computeImpact } from '../../../core/analysis/postmortem/impact';
import { escapeHtml, markdownCell } from '../../../core/report/escape';
import { markdownToHtml, renderHtml, REPORT_CSP } from '../../../core/report/html';
import { renderMarkdown, svgDataUri } from '../../../core/report/markdown';
import { lineChartSvg, timeTicks } from '../../../core/report/svg-chart';
import { END, MIN, ONSET, plantedIncident, XSS } from '../analysis/postmortem/fixture';

const incident = plantedIncident({ payload: true });
const impact = computeImpact({ onset: ONSET, end: END, services: incident.services, series: [], meanRequestRate: {} });
const doc = draftPostmortem({ incident, impact, zone: 'Europe/Berlin', notes: [{ ts: ONSET + 5 * MIN, text: `look: ${XSS}`, tags: [XSS] }] });
const chart = lineChartSvg({
  title: `p95 of ${XSS}`,
  series: [{ name: XSS, ts: [ONSET - 10 * MIN, ONSET, ONSET + 10 * MIN], values: [0.1, 4.8, 0.2] }],
  shade: { from: ONSET, to: END },
  markers: [{ ts: ONSET - 5 * MIN, label: XSS, kind: 'change' }],
  zone: 'Europe/Berlin',
});
const charts = [{ title: `chart ${XSS}`, svg: chart }];

/** The markup of a text: every tag name it opens. */
const tags = (markup: string) => [...markup.matchAll(/<([a-zA-Z][\w-]*)/g)].map((m) => m[1].toLowerCase());

describe('escaping', () => {
  it('escapes HTML and Markdown table text', () => {
    expect(escapeHtml(`<a href="x">'&'</a>`)).toBe('&lt;a href=&quot;x&quot;&gt;&#39;&amp;&#39;&lt;/a&gt;');
    expect(markdownCell('a | b\nc <i>')).toBe('a \\| b c &lt;i&gt;');
  });
});

describe('renderHtml', () => {
  const html = renderHtml(doc, charts);

  it('keeps the payload as text: no script, no img, no event handler in the markup', () => {
    expect(html).toContain('&lt;img src=x onerror=alert(1)&gt;&lt;/script&gt;&lt;script&gt;alert(2)&lt;/script&gt;');
    expect(tags(html)).not.toContain('script');
    expect(tags(html)).not.toContain('img');
    // No handler attribute in any tag (quoted attribute values, where the text may sit escaped, left aside).
    expect(html.replace(/"[^"]*"/g, '""')).not.toMatch(/<[^>]*\sonerror=/i);
    // Every place the payload came in: service name, log line, change title, note, tag, chart labels.
    expect(html.split('&lt;img src=x onerror=alert(1)&gt;').length - 1).toBeGreaterThanOrEqual(8);
  });

  it('is self-contained: a strict CSP, inline style, no external address', () => {
    expect(html).toContain(`<meta http-equiv="Content-Security-Policy" content="${REPORT_CSP}">`);
    expect(REPORT_CSP).toContain("default-src 'none'");
    expect(html).not.toMatch(/(src|href)="(https?:)?\/\//);
    expect(html).not.toMatch(/<link\b/);
    expect(html).toContain('<svg xmlns="http://www.w3.org/2000/svg"');
  });

  it('has the template\'s sections, the timeline with zoned times, and evidence anchors the citations reach', () => {
    for (const title of ['Summary', 'Impact', 'Root causes', 'Trigger', 'Detection', 'Resolution', 'Action items', 'Timeline', 'Evidence']) expect(html).toContain(`>${title}</h2>`);
    expect(html).toContain('<td class="time">2026-07-01 15:40 CEST (UTC+02:00)</td>');
    const cited = [...html.matchAll(/href="#(e\d+)"/g)].map((m) => m[1]);
    expect(cited.length).toBeGreaterThan(5);
    for (const id of cited) expect(html).toContain(`<li id="${id}"`);
  });
});

describe('renderMarkdown', () => {
  const md = renderMarkdown(doc, charts);

  it('keeps the payload as text and embeds each chart as a data image', () => {
    expect(md).not.toContain('<img src=x');
    expect(md).not.toContain('<script>');
    expect(md).toContain('&lt;img src=x onerror=alert(1)&gt;');
    expect(md).toContain(`<img alt="chart &lt;img src=x onerror=alert(1)&gt;&lt;/script&gt;&lt;script&gt;alert(2)&lt;/script&gt;" src="${svgDataUri(chart)}">`);
    expect(Buffer.from(svgDataUri(chart).split(',')[1], 'base64').toString('utf8')).toBe(chart);
  });

  it('writes the timeline as a table in the zone, citations as links to the evidence list', () => {
    expect(md).toContain('| Time (Europe/Berlin) | What happened | Evidence |');
    expect(md).toMatch(/\| 2026-07-01 16:02 CEST \(UTC\+02:00\) \| Onset: payments&lt;img/);
    expect(md).toMatch(/\[\[E\d+\]\(#e\d+\)\]/);
    expect(md).toMatch(/^1\. <a id="e1"><\/a>\*\*E1\*\* /m);
  });
});

describe('markdownToHtml', () => {
  it('renders the safe subset: paragraphs, nested lists, task boxes, bold, italics, code, citations', () => {
    expect(markdownToHtml('Hello **big** _world_ `x<y`\n\n1. **a**\n   - b [E2]\n2. c\n- [ ] do it')).toBe(
      [
        '<p>Hello <strong>big</strong> <em>world</em> <code>x&lt;y</code></p>',
        '<ol>',
        '<li><strong>a</strong>',
        '<ul>',
        '<li>b [<a href="#e2">E2</a>]',
        '</li></ul>',
        '</li>',
        '<li>c',
        '</li></ol>',
        '<ul>',
        '<li>☐ do it',
        '</li></ul>',
      ].join('\n'),
    );
  });

  it('never passes raw HTML through', () => {
    expect(tags(markdownToHtml(`- ${XSS}\n\n${XSS} **${XSS}**`))).toEqual(['ul', 'li', 'p', 'strong']);
  });
});

describe('lineChartSvg', () => {
  it('shades the incident, marks changes, escapes labels and writes ticks in the zone', () => {
    expect(tags(chart).filter((t) => !['svg', 'rect', 'text', 'line', 'path'].includes(t))).toEqual([]);
    expect(chart).toContain('fill="#fee2e2"');
    expect(chart).toContain('stroke-dasharray="4 3"');
    expect(chart).toContain('&lt;img src=x onerror=alert(1)&gt;');
    // 13:52..14:12 UTC is 15:52..16:12 CEST: ticks on whole 5 minutes of Berlin's clock.
    expect([...chart.matchAll(/>(\d\d:\d\d)</g)].map((m) => m[1])).toEqual(['15:55', '16:00', '16:05', '16:10']);
  });

  it('says so when there are no samples', () => {
    expect(lineChartSvg({ title: 't', series: [{ name: 's', ts: [], values: [] }], zone: 'UTC' })).toContain('no samples in this range');
  });

  it('puts ticks on whole steps of the zone\'s clock (Kolkata is 30 min off the hour)', () => {
    const from = Date.UTC(2026, 2, 6, 0, 0);
    const ticks = timeTicks(from, from + 6 * 3_600_000, 'Asia/Kolkata');
    expect(ticks[0] - from).toBe(30 * MIN);
    expect(ticks.every((t) => (t + 5.5 * 3_600_000) % 3_600_000 === 0)).toBe(true);
  });
});
