/**
 * Stable content hash for template ids: two FNV-1a 32-bit passes (Fowler, Noll, Vo) with different
 * offset bases, giving 64 bits as 16 hex digits. Deterministic across runs and platforms.
 */

/**
 * Hashes a string (UTF-16 code units) to 16 lowercase hex digits. O(length). Never throws.
 *
 * @example stableHash('a') // '...' (same value on every run)
 */
export function stableHash(s: string): string {
  let h1 = 0x811c9dc5;
  let h2 = 0x050c5d1f;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    h1 ^= c;
    h1 = Math.imul(h1, 0x01000193);
    h2 ^= c;
    h2 = Math.imul(h2, 0x01000193);
    h2 ^= h2 >>> 15;
  }
  return (h1 >>> 0).toString(16).padStart(8, '0') + (h2 >>> 0).toString(16).padStart(8, '0');
}
