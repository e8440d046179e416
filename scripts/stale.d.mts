/** Types for scripts/stale.mjs (plain JavaScript so `npm start` and bin/ run without a compiler). */
export const ROOT: string;
export function newestMtime(path: string): number;
export function isStale(output: string, sources: string[]): boolean;
