/**
 * Getting a postmortem out of the app: Markdown and HTML as downloads; PDF printed by the desktop shell, or in
 * browser mode by opening the same self-contained HTML in a new window and calling the browser's print (its
 * "Save as PDF").
 */
import { download, downloadBlob } from '../../download';

/** Saves text as a file through the browser's download. */
export function downloadText(fileName: string, text: string, mediaType: string): void {
  download(fileName, text, `${mediaType};charset=utf-8`);
}

/**
 * In the desktop app: the report's HTML printed to PDF by the shell (a hidden, script-less window and
 * Electron's printToPDF), then saved as a download. Answers false in browser mode (no shell to ask).
 */
export async function savePdfFromShell(fileName: string, html: string): Promise<boolean> {
  const shell = window.hindsight;
  if (!shell?.printToPdf) return false;
  const bytes = await shell.printToPdf(html);
  downloadBlob(fileName, new Blob([new Uint8Array(bytes)], { type: 'application/pdf' }));
  return true;
}

/**
 * Opens the report's HTML in a new window and prints it. The page runs no script of its own (its CSP
 * forbids it); the print is called from here, on a same-origin blob. Answers false when the window was
 * not allowed to open (a blocked pop-up, or a shell that denies new windows).
 */
export function printHtml(html: string): boolean {
  const url = URL.createObjectURL(new Blob([html], { type: 'text/html;charset=utf-8' }));
  const w = window.open(url, '_blank');
  if (!w) {
    URL.revokeObjectURL(url);
    return false;
  }
  w.addEventListener('load', () => {
    w.focus();
    w.print();
    URL.revokeObjectURL(url);
  });
  return true;
}

/** An SVG chart as an image address (an `<img>` never runs what an SVG holds). */
export function svgImage(svg: string): string {
  return `data:image/svg+xml;charset=utf-8,${encodeURIComponent(svg)}`;
}
