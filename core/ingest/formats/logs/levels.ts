/**
 * Log levels to one vocabulary: EMERG, ALERT, CRIT, FATAL, ERROR, WARN, NOTICE, INFO, DEBUG, TRACE.
 * Accepts the usual spellings (warning, err, critical, panic, …), syslog severities 0–7 (RFC 5424
 * §6.2.1), and bunyan/pino numbers (10 trace … 60 fatal).
 */

const WORDS: Record<string, string> = {
  EMERG: 'EMERG', EMERGENCY: 'EMERG', PANIC: 'EMERG',
  ALERT: 'ALERT',
  CRIT: 'CRIT', CRITICAL: 'CRIT',
  FATAL: 'FATAL', SEVERE: 'ERROR',
  ERROR: 'ERROR', ERR: 'ERROR', EROR: 'ERROR',
  WARN: 'WARN', WARNING: 'WARN', WRN: 'WARN',
  NOTICE: 'NOTICE',
  INFO: 'INFO', INF: 'INFO', INFORMATION: 'INFO', INFORMATIONAL: 'INFO',
  DEBUG: 'DEBUG', DBG: 'DEBUG', FINE: 'DEBUG',
  TRACE: 'TRACE', TRC: 'TRACE', FINER: 'TRACE', FINEST: 'TRACE', VERBOSE: 'TRACE',
};

/** Syslog severities 0..7 (RFC 5424) in order. */
export const SYSLOG_SEVERITIES = ['EMERG', 'ALERT', 'CRIT', 'ERROR', 'WARN', 'NOTICE', 'INFO', 'DEBUG'] as const;

/** The same words in upper, lower and capitalised spelling, so the hot path needs no case conversion. */
const SPELLINGS = new Map<string, string>();
for (const [w, level] of Object.entries(WORDS)) {
  SPELLINGS.set(w, level);
  SPELLINGS.set(w.toLowerCase(), level);
  SPELLINGS.set(w[0] + w.slice(1).toLowerCase(), level);
}

/** The canonical level of a word (any case); undefined when it is not a level. */
export function levelOfWord(word: string): string | undefined {
  const n = word.length;
  if (n < 3 || n > 13) return undefined;
  // A word whose first letter starts no level is rejected before any hashing or case conversion.
  const c = word.charCodeAt(0) | 0x20;
  if (c !== 101 && c !== 97 && c !== 99 && c !== 102 && c !== 115 && c !== 119 && c !== 110 && c !== 105 && c !== 100 && c !== 116 && c !== 118 && c !== 112) {
    return undefined;
  }
  return SPELLINGS.get(word) ?? WORDS[word.toUpperCase()];
}

/** Syslog severity (0-7) to a level. */
export function levelOfSeverity(n: number): string | undefined {
  return Number.isInteger(n) && n >= 0 && n <= 7 ? SYSLOG_SEVERITIES[n] : undefined;
}

/**
 * A level from a JSON value: a word, a syslog severity string/number ("3"), or a bunyan/pino
 * number (10..60). Undefined when it is none of these.
 */
export function levelOfValue(v: unknown): string | undefined {
  if (typeof v === 'number') {
    if (v >= 10 && v <= 60 && v % 10 === 0) return ['TRACE', 'DEBUG', 'INFO', 'WARN', 'ERROR', 'FATAL'][v / 10 - 1];
    return levelOfSeverity(v);
  }
  if (typeof v !== 'string') return undefined;
  const t = v.trim();
  if (/^\d{1,2}$/.test(t)) return levelOfValue(Number(t));
  return levelOfWord(t);
}
