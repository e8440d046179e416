/** Types for scripts/build-renderer.mjs. */
export const RENDERER_INDEX: string;
export function ensureRenderer(log?: (line: string) => void): boolean;
