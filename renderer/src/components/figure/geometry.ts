/**
 * Where everything sits in the timeline figure, top to bottom: the events strip, one panel per
 * series (a title line, then the plot), and the log-pattern strip. Pure arithmetic in px, with the
 * conversion to Plotly's paper fractions (0 at the bottom of the plot area, 1 at its top).
 */
import { LOG_ROW_PX, MARGIN, STRIP_PX, TITLE_PX } from './style';

export interface Geometry {
  /** Whole figure height, px. */
  height: number;
  /** Height of the plot area (figure less top and bottom margins), px. */
  paper: number;
  /** Height of one series panel's plot, px (90–260). */
  panel: number;
  seriesCount: number;
  patternCount: number;
}

/**
 * The figure's geometry for `seriesCount` panels and `patternCount` log-pattern rows, given `avail`
 * px of height: panels share what is left after the fixed parts, each between 90 and 260 px (the
 * figure grows past `avail` rather than squash panels below 90 px).
 */
export function figureGeometry(seriesCount: number, patternCount: number, avail: number): Geometry {
  const logsPx = patternCount ? TITLE_PX + LOG_ROW_PX * patternCount : 0;
  const fixed = MARGIN.t + MARGIN.b + STRIP_PX + logsPx + TITLE_PX * seriesCount;
  const panel = Math.max(90, Math.min(260, Math.floor((avail - fixed) / Math.max(1, seriesCount))));
  const height = MARGIN.t + MARGIN.b + STRIP_PX + seriesCount * (TITLE_PX + panel) + logsPx;
  return { height, paper: height - MARGIN.t - MARGIN.b, panel, seriesCount, patternCount };
}

/** A distance from the plot area's top (px) as a paper fraction, clamped to [0, 1]. */
export function paperFraction(g: Geometry, pxFromTop: number): number {
  return Math.max(0, Math.min(1, 1 - pxFromTop / g.paper));
}

/** The top of panel `index`'s plot (below its title), px from the plot area's top. */
export function panelTop(g: Geometry, index: number): number {
  return STRIP_PX + index * (TITLE_PX + g.panel) + TITLE_PX;
}

/** The top of the log-pattern rows (below their title), px from the plot area's top. */
export function logStripTop(g: Geometry): number {
  return panelTop(g, g.seriesCount);
}

/** Plotly's name of panel `index`'s y axis ('y2', 'y3', …; 'y' is the events strip). */
export function panelAxis(index: number): string {
  return `y${index + 2}`;
}

/** A y range holding every finite value given, padded 6 %; [0, 1] when there is none. */
export function yRange(arrays: (number[] | undefined)[]): [number, number] {
  let lo = Infinity;
  let hi = -Infinity;
  for (const arr of arrays) {
    if (!arr) continue;
    for (const v of arr) {
      if (v === null || !Number.isFinite(v)) continue;
      if (v < lo) lo = v;
      if (v > hi) hi = v;
    }
  }
  if (!Number.isFinite(lo)) return [0, 1];
  if (hi === lo) return [lo - (Math.abs(lo) || 1) * 0.1, hi + (Math.abs(hi) || 1) * 0.1];
  const pad = (hi - lo) * 0.06;
  return [lo >= 0 && lo - pad < 0 ? 0 : lo - pad, hi + pad];
}

/**
 * The widest a tooltip may be at `x` (px) in a box `width` px wide, opening to the right of `x`, or to
 * its left when `flip`: it stays inside the box (12 px off the pointer, 8 px from the edge), between
 * 160 and 560 px.
 */
export function tipWidth(x: number, width: number, flip: boolean): number {
  const gap = 12 + 8;
  return Math.max(160, Math.min(560, flip ? x - gap : width - x - gap));
}
