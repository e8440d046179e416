/** The timeline's colours, marker styles and fixed sizes, shared by its layer builders and the legend. */

export const COLORS = ['#4fa3ff', '#f5a524', '#2fbf71', '#e5484d', '#a78bfa', '#14b8a6', '#f472b6', '#eab308'];

export const EVENT_STYLE: Record<string, { color: string; symbol: string; label: string; row: number }> = {
  deploy: { color: '#a78bfa', symbol: 'triangle-down', label: 'Deploy', row: 0.72 },
  config: { color: '#14b8a6', symbol: 'diamond', label: 'Config change', row: 0.72 },
  flag: { color: '#14b8a6', symbol: 'diamond-open', label: 'Feature flag', row: 0.72 },
  alert: { color: '#e5484d', symbol: 'square', label: 'Alert', row: 0.28 },
  incident: { color: '#f97316', symbol: 'star', label: 'Incident', row: 0.28 },
};

export const SEVERITY_FILL: Record<string, string> = {
  high: 'rgba(229,72,77,0.24)',
  medium: 'rgba(245,130,36,0.20)',
  low: 'rgba(234,179,8,0.16)',
};

/** Plot margins in px; the brush and the crosshair map pixels to time with these. */
export const MARGIN = { l: 64, r: 16, t: 8, b: 34 };
/** Height of the events strip at the top, px. */
export const STRIP_PX = 34;
/** Height of a panel's title line, px. */
export const TITLE_PX = 22;
/** Height of one log-pattern row, px. */
export const LOG_ROW_PX = 13;

export type Theme = 'dark' | 'light';

/** The theme's colours for text, grid, the expected band and the selection. */
export interface Palette {
  dark: boolean;
  ink: string;
  muted: string;
  /** Emphasis in text: the labels that tell a series from its namesakes. */
  accent: string;
  grid: string;
  bandFill: string;
}

/** The palette of a theme (the same object every time, so layers remembered by it are reused). */
export function palette(theme: Theme): Palette {
  return PALETTES[theme];
}

function makePalette(theme: Theme): Palette {
  const dark = theme === 'dark';
  return {
    dark,
    ink: dark ? '#c9d1d9' : '#24292f',
    muted: dark ? '#8b949e' : '#59636e',
    accent: dark ? '#4fa3ff' : '#0969da',
    grid: dark ? '#262c34' : '#e8eaed',
    bandFill: dark ? 'rgba(139,148,158,0.20)' : 'rgba(89,99,110,0.14)',
  };
}

const PALETTES: Record<Theme, Palette> = { dark: makePalette('dark'), light: makePalette('light') };
