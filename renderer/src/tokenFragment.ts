/** The access token's place in browser mode's printed URL: the fragment (pure, so it is unit-tested in Node). */

/**
 * Splits `token=…` out of a URL fragment, keeping whatever else the fragment holds (e.g. view state).
 * @example splitToken('#token=abc&view=logs') // { token: 'abc', rest: '#view=logs' }
 */
export function splitToken(hash: string): { token: string | null; rest: string } {
  const match = /(^#|&)token=([^&]*)/.exec(hash);
  if (!match) return { token: null, rest: hash };
  const rest = (hash.slice(0, match.index) + (match[1] === '#' ? '#' : '') + hash.slice(match.index + match[0].length))
    .replace(/^#&/, '#')
    .replace(/^#$/, '');
  return { token: decodeURIComponent(match[2]) || null, rest };
}
