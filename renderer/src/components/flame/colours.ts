/**
 * Colours of flame-graph boxes. A single profile: warm hues (red → yellow) picked from the frame's name, so
 * one function keeps its colour across zooms and profiles (flamegraph.pl's "hot" palette, hashed rather than
 * random). Search matches: magenta, as flamegraph.pl highlights them. The differential view: red where the
 * node's self share grew, blue where it shrank, stronger with the size of the change (Gregg's differential
 * flame graphs), near-white where it did not change.
 */

/** A stable 32-bit hash of a string (FNV-1a). */
export function nameHash(name: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < name.length; i++) {
    h ^= name.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return h >>> 0;
}

/** A warm colour for a frame name: hue 0–55° (red to yellow), saturation and lightness varied a little. */
export function frameColour(name: string): string {
  const h = nameHash(name);
  const hue = h % 56;
  const light = 55 + ((h >>> 8) % 12);
  return `hsl(${hue}, 85%, ${light}%)`;
}

export const MATCH_COLOUR = 'rgb(230, 0, 230)';

/**
 * The differential colour of a change of self share: `delta` relative to `scale` (the largest change in size
 * on screen; 0 gives neutral), red for growth and blue for shrinkage, white at no change. Intensity is the
 * square root of the relative change, so small changes still show.
 */
export function diffColour(delta: number, scale: number): string {
  if (!(scale > 0) || delta === 0) return 'rgb(235, 235, 235)';
  const strength = Math.sqrt(Math.min(1, Math.abs(delta) / scale));
  const fade = Math.round(235 - 185 * strength);
  return delta > 0 ? `rgb(235, ${fade}, ${fade})` : `rgb(${fade}, ${fade}, 235)`;
}
