/**
 * The main window's place, size and maximised state: saved as JSON under userData when the window
 * closes, restored at the next start, and clamped to a display that is there now (a monitor
 * unplugged since, a smaller screen, a resolution change). Pure functions over plain rectangles;
 * main.ts reads the displays' work areas from Electron's `screen`.
 */

export interface Rect {
  x: number;
  y: number;
  width: number;
  height: number;
}

export interface WindowState {
  /** The window's normal (not maximised, not full-screen) bounds. */
  bounds: Rect;
  maximized: boolean;
  fullScreen: boolean;
}

/** The size a first start opens at (clamped to the display like any other). */
export const DEFAULT_WINDOW = { width: 1400, height: 900 } as const;

/** The file name of the saved state inside userData. */
export const WINDOW_STATE_FILE = 'window-state.json';

const finite = (v: unknown): v is number => typeof v === 'number' && Number.isFinite(v);

/** A saved state read back, or null when the text is missing, not JSON, or not the shape written. */
export function parseWindowState(text: string | null | undefined): WindowState | null {
  if (!text) return null;
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch {
    return null;
  }
  const r = raw as Partial<WindowState> | null;
  const b = r?.bounds;
  if (!b || ![b.x, b.y, b.width, b.height].every(finite) || b.width <= 0 || b.height <= 0) return null;
  return { bounds: { x: b.x, y: b.y, width: b.width, height: b.height }, maximized: r.maximized === true, fullScreen: r.fullScreen === true };
}

/** The text saved for a state (the inverse of parseWindowState). */
export function serializeWindowState(state: WindowState): string {
  return `${JSON.stringify(state, null, 2)}\n`;
}

/** The area two rectangles share (0 when they do not meet). */
export function overlapArea(a: Rect, b: Rect): number {
  const width = Math.min(a.x + a.width, b.x + b.width) - Math.max(a.x, b.x);
  const height = Math.min(a.y + a.height, b.y + b.height) - Math.max(a.y, b.y);
  return width > 0 && height > 0 ? width * height : 0;
}

/** A rectangle of this size centred on a work area (sizes no larger than the area's). */
function centredOn(area: Rect, width: number, height: number): Rect {
  return { x: area.x + Math.floor((area.width - width) / 2), y: area.y + Math.floor((area.height - height) / 2), width, height };
}

/**
 * Bounds that lie wholly on one display: the display the window overlaps most (the first, primary
 * one when it overlaps none: centred there), the size shrunk to that display's work area when
 * larger, then moved the least distance that brings every edge inside. Throws when there is no display.
 * @example clampToDisplays({ x: 3000, y: 0, width: 800, height: 600 }, [{ x: 0, y: 0, width: 1920, height: 1080 }])
 *   // → { x: 560, y: 240, width: 800, height: 600 } (the monitor it was on is gone: centred on the primary)
 */
export function clampToDisplays(bounds: Rect, workAreas: readonly Rect[]): Rect {
  if (!workAreas.length) throw new Error('clampToDisplays: no display to place the window on');
  let best = workAreas[0];
  let bestArea = 0;
  for (const area of workAreas) {
    const shared = overlapArea(bounds, area);
    if (shared > bestArea) [best, bestArea] = [area, shared];
  }
  const width = Math.min(Math.round(bounds.width), best.width);
  const height = Math.min(Math.round(bounds.height), best.height);
  if (bestArea === 0) return centredOn(best, width, height);
  const x = Math.min(Math.max(Math.round(bounds.x), best.x), best.x + best.width - width);
  const y = Math.min(Math.max(Math.round(bounds.y), best.y), best.y + best.height - height);
  return { x, y, width, height };
}

/**
 * The state to open the window with: the saved one clamped to today's displays, or (nothing saved,
 * or unreadable) the default size centred on the primary display, not maximised.
 */
export function restoreWindowState(savedText: string | null | undefined, workAreas: readonly Rect[]): WindowState {
  const saved = parseWindowState(savedText);
  if (saved) return { ...saved, bounds: clampToDisplays(saved.bounds, workAreas) };
  if (!workAreas.length) throw new Error('restoreWindowState: no display to place the window on');
  const primary = workAreas[0];
  const bounds = centredOn(primary, Math.min(DEFAULT_WINDOW.width, primary.width), Math.min(DEFAULT_WINDOW.height, primary.height));
  return { bounds, maximized: false, fullScreen: false };
}

/** The parts of a BrowserWindow whose state is saved. */
export interface StatefulWindow {
  getNormalBounds(): Rect;
  isMaximized(): boolean;
  isFullScreen(): boolean;
}

/** The state of a window now, to save (its normal bounds, so a maximised window restores to where it was). */
export function captureWindowState(win: StatefulWindow): WindowState {
  return { bounds: win.getNormalBounds(), maximized: win.isMaximized(), fullScreen: win.isFullScreen() };
}
