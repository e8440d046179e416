/**
 * Escaping for reports: every imported text (a log line, a service or alert name, a person's note)
 * reaches HTML, SVG and Markdown only through these, so `<img src=x onerror=…>` or `</script>` in the
 * data stays text. Pure.
 */

const HTML_ENTITIES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };

/** Text as HTML/XML character data or an attribute value (quotes escaped too). */
export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => HTML_ENTITIES[c]);
}

/**
 * Text for a Markdown document: HTML-significant characters as entities, so a Markdown viewer that
 * passes HTML through shows them as text; Markdown's own marks stay (sections are Markdown a person wrote).
 */
export function escapeMarkdownHtml(text: string): string {
  return text.replace(/[&<>]/g, (c) => HTML_ENTITIES[c]);
}

/** Text for one cell of a Markdown table: HTML escaped, pipes escaped, on one line. */
export function markdownCell(text: string): string {
  return escapeMarkdownHtml(text).replace(/\|/g, '\\|').replace(/\s*\n\s*/g, ' ');
}
