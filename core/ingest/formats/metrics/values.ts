/**
 * Number parsing as metric exports write numbers: Go's strconv.ParseFloat spellings
 * ("NaN", "+Inf", "-Inf", "Inf", "infinity"), decimal and exponent forms. Returns undefined (not
 * NaN) for text that is not a number, so a real NaN sample stays distinguishable from garbage.
 */

const NUMBER_RE = /^[+-]?(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?$/;

/**
 * A sample value as text to a number; undefined when it is not one. O(length).
 * Accepts NaN and ±Inf/Infinity in any letter case, as Prometheus and promtool write them.
 */
export function parseSampleValue(s: string): number | undefined {
  const n = s.length;
  if (n === 0) return undefined;
  const c = s.charCodeAt(0);
  // Fast path: Number() on text that starts like a decimal, minus its 0x / 0b / 0o forms.
  if ((c >= 0x30 && c <= 0x39) || c === 0x2d || c === 0x2b || c === 0x2e) {
    const v = Number(s);
    if (!Number.isNaN(v)) {
      if (c === 0x30 && n > 1 && /[xXbBoO]/.test(s[1])) return undefined;
      return v;
    }
  }
  switch (s.toLowerCase()) {
    case 'nan':
      return Number.NaN;
    case 'inf':
    case '+inf':
    case 'infinity':
    case '+infinity':
      return Number.POSITIVE_INFINITY;
    case '-inf':
    case '-infinity':
      return Number.NEGATIVE_INFINITY;
    default:
      return undefined;
  }
}

/** True when `s` is a plain decimal / exponent number (no NaN / Inf). */
export function isPlainNumber(s: string): boolean {
  return NUMBER_RE.test(s);
}
