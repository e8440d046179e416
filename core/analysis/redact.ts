/**
 * Redaction of personal data and secrets in shared text (log lines, their templates' examples, event titles,
 * notes): e-mail addresses, IPv4 and IPv6 addresses, tokens (Bearer/Basic credentials, JWTs, AWS access keys,
 * well-known API key prefixes, `password=`/`token=`/`secret=`… values, long hex or base64 secrets) and user ids
 * (`user_id=…`, `uid=…`, `"userId": …`, `user 701029`, `/users/410711`). Each value becomes a stable placeholder (`<email-1>`, `<ip-2>`,
 * `<token-1>`, `<user-3>`): the same value gets the same placeholder for the life of one `Redactor` (one export),
 * so a reader can still follow one user or one address through the lines. Counts per kind say what was masked.
 *
 * What is deliberately left alone: timestamps (`2026-03-06T15:20:00.123Z`, `15:20:00`), versions (`1.2.3`,
 * `v1.2.3.4`), durations (`1.5s`, `00:01:02`), trace ids of 32 hex digits or fewer, and hex/base64 runs shorter
 * than 40 characters (a git short sha, a request id): only runs at least as long as a SHA-1 are taken for secrets.
 *
 * Rules run in a fixed order on the text left after the earlier ones (a credential before the e-mail inside
 * it, keyed values before bare numbers); a placeholder is never masked again. O(length × rules) per text.
 * Pure: no I/O, no clock; the only state is the placeholder table.
 *
 * @example
 *   const r = new Redactor();
 *   r.text('login alice@example.com from 10.0.0.7'); // 'login <email-1> from <ip-1>'
 *   r.text('logout alice@example.com');               // 'logout <email-1>'
 *   r.counts;                                         // { email: 2, ip: 1, token: 0, user: 0 }
 */

/** What a placeholder stands for. IPv4 and IPv6 share `ip`. */
export type RedactKind = 'email' | 'ip' | 'token' | 'user';

export const REDACT_KINDS: readonly RedactKind[] = ['email', 'ip', 'token', 'user'];

/** Occurrences masked per kind. */
export type RedactCounts = Record<RedactKind, number>;

/** A placeholder this module wrote (`<email-12>`): never masked again. */
const PLACEHOLDER = /^<(?:email|ip|token|user)-\d+>$/;

/** One rule: a global regex, the kind it masks, and which capture group holds the value (0: the whole match). */
interface Rule {
  kind: RedactKind;
  re: RegExp;
  /** The capture group of the secret value; the rest of the match is kept as it was. */
  group: number;
  /** A further check of a candidate value (an IPv6 candidate must parse as one). */
  accept?: (value: string) => boolean;
}

const KEY_SEP = String.raw`\s*[=:]\s*"?`;
/** Keys whose value is a secret: `password=…`, `"api_key": "…"`, `Authorization: …`. */
const SECRET_KEYS = String.raw`(?:password|passwd|pwd|secret|client_secret|token|access_token|refresh_token|id_token|api[_-]?key|apikey|authorization|session_?id|sid|private[_-]?key|credentials?|signature)`;
/** Keys whose value identifies a person: `user_id=…`, `uid=…`, `"userId": …`. */
const USER_KEYS = String.raw`(?:user[_-]?id|userid|uid|user|user[_-]?name|username|customer[_-]?id|account[_-]?id|member[_-]?id)`;
const OCTET = String.raw`(?:25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)`;

const RULES: readonly Rule[] = [
  // Credentials after an auth scheme: "Bearer abc…", "Basic dXNlcjpwYXNz".
  { kind: 'token', re: /\b(?:Bearer|Basic|Token)\s+([A-Za-z0-9._~+/=-]{8,})/g, group: 1 },
  // JSON Web Tokens: three base64url parts, the first a JSON header ("eyJ").
  { kind: 'token', re: /\beyJ[A-Za-z0-9_-]{4,}\.[A-Za-z0-9_-]{4,}\.[A-Za-z0-9_-]{4,}/g, group: 0 },
  // key=value and "key": "value" secrets (the key is kept).
  {
    kind: 'token',
    re: new RegExp(String.raw`(?<![\w-])${SECRET_KEYS}"?${KEY_SEP}([^\s"'&,;}\]]+)`, 'gi'),
    group: 1,
    accept: (value) => !/^(?:Bearer|Basic|Token)$/i.test(value),
  },
  // User ids by their key (the key is kept).
  { kind: 'user', re: new RegExp(String.raw`(?<![\w-])${USER_KEYS}"?${KEY_SEP}([^\s"'&,;}\]]+)`, 'gi'), group: 1 },
  // A numeric (or UUID) id after the word: "placed for user 701029", "GET /users/410711".
  { kind: 'user', re: /(?<![\w-])(?:user|customer|account|member)s?(?:\s+|\/)(\d{4,}|[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12})\b/gi, group: 1 },
  { kind: 'email', re: /[A-Za-z0-9._%+-]+@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)*\.[A-Za-z]{2,}/g, group: 0 },
  // AWS access key ids; Stripe, GitHub, Slack and Google API keys by their prefixes.
  {
    kind: 'token',
    re: /\b(?:(?:AKIA|ASIA)[0-9A-Z]{16}|[spr]k_(?:live|test)_[A-Za-z0-9]{10,}|gh[pousr]_[A-Za-z0-9]{30,}|xox[abprs]-[A-Za-z0-9-]{10,}|AIza[0-9A-Za-z_-]{35})\b/g,
    group: 0,
  },
  // IPv6: candidates of hex groups and colons, kept only when they parse (so 15:20:00 and Foo::Bar are not).
  { kind: 'ip', re: /(?<![\w:.])(?:[0-9A-Fa-f]{0,4}:){2,7}[0-9A-Fa-f]{0,4}(?![\w:])/g, group: 0, accept: isIpv6 },
  // IPv4: four octets, not part of a longer dotted run (v1.2.3.4, 1.2.3.4.5).
  { kind: 'ip', re: new RegExp(String.raw`(?<![\w.])${OCTET}(?:\.${OCTET}){3}(?![\w]|\.\d)`, 'g'), group: 0 },
  // Long hex secrets (SHA-1 length and up) and long base64 runs with upper, lower case and digits.
  { kind: 'token', re: /(?<![\w-])[0-9a-fA-F]{40,}(?![\w-])/g, group: 0 },
  { kind: 'token', re: /(?<![\w+/=-])[A-Za-z0-9+/_-]{40,}={0,2}(?![\w+/=-])/g, group: 0, accept: mixedBase64 },
];

const SECRET_KEY = new RegExp(`^${SECRET_KEYS}$`, 'i');
const USER_KEY = new RegExp(`^${USER_KEYS}$`, 'i');

/** The kind of value a JSON key names (a secret, a user id), or null for any other key. */
function keyKind(key: string): RedactKind | null {
  if (SECRET_KEY.test(key)) return 'token';
  return USER_KEY.test(key) ? 'user' : null;
}

/** True for an IPv6 address in full or compressed form (`2001:db8::1`, `::1`, `fe80:0:0:0:0:0:0:1`) with a digit in it. */
export function isIpv6(s: string): boolean {
  if (!/\d/.test(s)) return false;
  const halves = s.split('::');
  if (halves.length > 2) return false;
  const groups = (part: string): string[] | null => {
    if (part === '') return [];
    const g = part.split(':');
    return g.every((x) => /^[0-9A-Fa-f]{1,4}$/.test(x)) ? g : null;
  };
  const parts = halves.map(groups);
  if (parts.some((p) => p === null)) return false;
  const n = parts.reduce((sum, p) => sum + (p as string[]).length, 0);
  return halves.length === 2 ? n <= 7 : n === 8;
}

/**
 * A base64 run that looks random: upper case, lower case and digits all present, and not a path (a segment
 * between slashes that is a lower-case word, as in `/api/v1/orders/…`).
 */
function mixedBase64(s: string): boolean {
  return /[A-Z]/.test(s) && /[a-z]/.test(s) && /\d/.test(s) && !/(?:^|\/)[a-z]{3,}(?:\/|$)/.test(s);
}

/** Masks text with stable placeholders and counts what it masked; one instance per export. */
export class Redactor {
  private readonly placeholders = new Map<string, string>();
  private readonly next: Record<RedactKind, number> = { email: 0, ip: 0, token: 0, user: 0 };
  /** Occurrences masked so far, per kind. */
  readonly counts: RedactCounts = { email: 0, ip: 0, token: 0, user: 0 };

  /** The placeholder of a value of a kind: the same every time within this redactor. */
  placeholder(kind: RedactKind, value: string): string {
    const key = `${kind}\u0000${value}`;
    let p = this.placeholders.get(key);
    if (!p) {
      p = `<${kind}-${++this.next[kind]}>`;
      this.placeholders.set(key, p);
    }
    return p;
  }

  /** Distinct values masked so far, per kind. */
  get distinct(): RedactCounts {
    return { ...this.next };
  }

  /** The text with every rule's values replaced by their placeholders. */
  text(input: string): string {
    let out = input;
    for (const rule of RULES) {
      out = out.replace(rule.re, (match: string, ...groups: unknown[]) => {
        const value = rule.group === 0 ? match : (groups[rule.group - 1] as string | undefined);
        if (!value || PLACEHOLDER.test(value) || (rule.accept && !rule.accept(value))) return match;
        this.counts[rule.kind]++;
        const at = match.lastIndexOf(value);
        const before = match.slice(0, at);
        // An unquoted JSON value (`"userId": 42`) becomes a quoted placeholder, so the line stays JSON.
        const quote = /"\s*:\s*$/.test(before) ? '"' : '';
        return before + quote + this.placeholder(rule.kind, value) + quote + match.slice(at + value.length);
      });
    }
    return out;
  }

  /**
   * A JSON text with every string inside it (keys left as they are) redacted; a text that is not JSON is
   * redacted as plain text.
   */
  json(input: string): string {
    let value: unknown;
    try {
      value = JSON.parse(input);
    } catch {
      return this.text(input);
    }
    return JSON.stringify(this.value(value));
  }

  /** A parsed JSON value with its strings redacted. */
  value(v: unknown): unknown {
    if (typeof v === 'string') return this.text(v);
    if (Array.isArray(v)) return v.map((x) => this.value(x));
    if (v && typeof v === 'object') {
      return Object.fromEntries(
        Object.entries(v).map(([k, x]) => {
          const kind = keyKind(k);
          if (kind && (typeof x === 'string' || typeof x === 'number') && !PLACEHOLDER.test(String(x))) {
            this.counts[kind]++;
            return [k, this.placeholder(kind, String(x))];
          }
          return [k, this.value(x)];
        }),
      );
    }
    return v;
  }
}
