/**
 * A push JSON tokenizer over bytes (RFC 8259), written for throughput: it never holds more than
 * the token being read, counts lines for messages, and accepts a stream of top-level values
 * (`{...}{...}` or one per line), as concatenated API pages are. Lenient on purpose in two
 * places: NaN / Infinity / -Infinity are read as numbers (Python's json writes them) and a number's
 * exact JSON grammar is not enforced beyond what Number() accepts.
 *
 * Cost: O(bytes), one pass; numbers of up to 15 digits without exponent are parsed from the bytes.
 */

export type JsonScalar = string | number | boolean | null;

/** Receives tokens in document order. */
export interface JsonEvents {
  openObject(): void;
  closeObject(): void;
  openArray(): void;
  closeArray(): void;
  key(k: string): void;
  scalar(v: JsonScalar): void;
  /** A top-level value ended (stream of values). */
  topEnd?(): void;
}

/** Malformed JSON at `line` (1-based). */
export class JsonSyntaxError extends Error {
  constructor(
    readonly line: number,
    readonly expected: string,
    readonly found: string,
  ) {
    super(`line ${line}: expected ${expected}, found ${found}`);
  }
}

const MAX_STRING_BYTES = 64 * 1024 * 1024;
const MAX_ATOM_CHARS = 1024;
const MAX_DEPTH = 512;

// Parser states.
const S_VALUE = 0; // a value is expected (top level, after ':' or after ',' in an array)
const S_VALUE_OR_CLOSE = 1; // just after '['
const S_KEY_OR_CLOSE = 2; // just after '{'
const S_KEY = 3; // after ',' in an object
const S_COLON = 4;
const S_COMMA_OR_CLOSE = 5;

const UTF8_BOM = [0xef, 0xbb, 0xbf];
const POW10 = [1, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10, 1e11, 1e12, 1e13, 1e14, 1e15];

const EXPECT: Record<number, string> = {
  [S_VALUE]: 'a JSON value',
  [S_VALUE_OR_CLOSE]: "a JSON value or ']'",
  [S_KEY_OR_CLOSE]: "a key or '}'",
  [S_KEY]: 'a quoted key',
  [S_COLON]: "':'",
  [S_COMMA_OR_CLOSE]: "',' or a closing bracket",
};

function isAtomByte(c: number): boolean {
  return (
    (c >= 0x30 && c <= 0x39) || (c >= 0x61 && c <= 0x7a) || (c >= 0x41 && c <= 0x5a) || c === 0x2e || c === 0x2b ||
    c === 0x2d
  );
}

/**
 * Value read by the last `scanDecimal` call, in slot 0; NaN when the bytes were not a short plain decimal.
 * A typed-array slot, not a module `let`: writing a module binding per number slowed the tokenizer by 30% or
 * more in a micro-benchmark; the slot costs nothing measurable.
 */
const scanned = new Float64Array(1);

/**
 * Reads `[-]digits[.digits]` from b[s] up to at most b[e], straight from the bytes, in one pass: returns the
 * index of the first byte that is not part of it and sets `scanned[0]` to the value, or to NaN when there
 * are no digits, more than 15, or a '.' with no digit after it (another path must parse those). O(e - s);
 * allocation-free (hence the module-level result slot) because it runs once per number. Never throws.
 */
function scanDecimal(b: Buffer, s: number, e: number): number {
  let i = s;
  let neg = false;
  if (b[i] === 0x2d) {
    neg = true;
    i++;
  }
  let m = 0;
  let digits = 0;
  let scale = 0;
  let dot = false;
  for (; i < e; i++) {
    const c = b[i];
    if (c >= 0x30 && c <= 0x39) {
      m = m * 10 + (c - 0x30);
      digits++;
      if (dot) scale++;
    } else if (c === 0x2e && !dot) {
      dot = true;
    } else {
      break;
    }
  }
  if (digits === 0 || digits > 15 || (dot && scale === 0)) {
    scanned[0] = Number.NaN;
  } else {
    const v = scale === 0 ? m : m / POW10[scale];
    scanned[0] = neg ? -v : v;
  }
  return i;
}

/** [-]digits[.digits] with at most 15 digits filling b[s..e), straight from bytes; NaN when another path is needed. */
function fastNumber(b: Buffer, s: number, e: number): number {
  return scanDecimal(b, s, e) === e ? scanned[0] : Number.NaN;
}

function describeByte(c: number): string {
  if (c >= 0x20 && c < 0x7f) return `'${String.fromCharCode(c)}'`;
  return `byte 0x${c.toString(16).padStart(2, '0')}`;
}

export class JsonTokenizer {
  /** Current line, 1-based. */
  line = 1;
  /** Number of top-level values completed. */
  values = 0;
  /**
   * When true, a short string holding a plain decimal ("12.5") is delivered as a number: a
   * shortcut for formats that quote their numbers (Prometheus values). Set per value by the walker.
   */
  numericStrings = false;

  private state = S_VALUE;
  /** Container stack: true = object. */
  private readonly stack: boolean[] = [];

  // A string being read across chunks.
  private inString = false;
  private strKey = false;
  private strEsc = false;
  private strNeedsCheck = false;
  private strParts: Buffer[] = [];
  private strBytes = 0;
  private strLine = 1;

  /** Bytes of a leading UTF-8 BOM matched so far (3 = done looking). */
  private bomPos = 0;

  // An atom (number / literal) being read across chunks.
  private inAtom = false;
  private atom = '';

  constructor(private readonly ev: JsonEvents) {}

  /** Feeds bytes. @throws JsonSyntaxError */
  write(buf: Buffer): void {
    const n = buf.length;
    let i = 0;
    // A leading UTF-8 BOM (Windows tools write one) is skipped.
    while (this.bomPos < 3 && i < n) {
      if (buf[i] === UTF8_BOM[this.bomPos]) {
        this.bomPos++;
        i++;
      } else {
        this.bomPos = 3;
      }
    }
    if (this.inString) i = this.continueString(buf, i);
    else if (this.inAtom) i = this.continueAtom(buf, i);
    while (i < n) {
      const c = buf[i];
      switch (c) {
        case 0x0a:
          this.line++;
          i++;
          break;
        case 0x20:
        case 0x09:
        case 0x0d:
          i++;
          break;
        case 0x22: // "
          if (this.state === S_KEY_OR_CLOSE || this.state === S_KEY) {
            this.strKey = true;
          } else {
            this.expectValue(c);
            this.strKey = false;
          }
          this.inString = true;
          this.strEsc = false;
          this.strNeedsCheck = false;
          this.strBytes = 0;
          this.strLine = this.line;
          i = this.continueString(buf, i + 1);
          break;
        case 0x7b: // {
          this.expectValue(c);
          this.push(true);
          this.ev.openObject();
          this.state = S_KEY_OR_CLOSE;
          i++;
          break;
        case 0x5b: // [
          this.expectValue(c);
          this.push(false);
          this.ev.openArray();
          this.state = S_VALUE_OR_CLOSE;
          i++;
          break;
        case 0x7d: // }
          if (
            this.stack.length === 0 ||
            !this.stack[this.stack.length - 1] ||
            (this.state !== S_KEY_OR_CLOSE && this.state !== S_COMMA_OR_CLOSE)
          ) {
            throw this.unexpected(c);
          }
          this.stack.pop();
          this.ev.closeObject();
          this.afterValue();
          i++;
          break;
        case 0x5d: // ]
          if (
            this.stack.length === 0 ||
            this.stack[this.stack.length - 1] ||
            (this.state !== S_VALUE_OR_CLOSE && this.state !== S_COMMA_OR_CLOSE)
          ) {
            throw this.unexpected(c);
          }
          this.stack.pop();
          this.ev.closeArray();
          this.afterValue();
          i++;
          break;
        case 0x3a: // :
          if (this.state !== S_COLON) throw this.unexpected(c);
          this.state = S_VALUE;
          i++;
          break;
        case 0x2c: // ,
          if (this.state !== S_COMMA_OR_CLOSE) throw this.unexpected(c);
          this.state = this.stack[this.stack.length - 1] ? S_KEY : S_VALUE;
          i++;
          break;
        default:
          if (!isAtomByte(c)) throw this.unexpected(c);
          this.expectValue(c);
          this.inAtom = true;
          this.atom = '';
          i = this.continueAtom(buf, i);
      }
    }
  }

  /** Declares the end of input. @throws JsonSyntaxError when a value is unfinished or none was read. */
  end(): void {
    if (this.inAtom) {
      this.inAtom = false;
      this.finishAtom(this.atom);
    }
    if (this.inString) throw new JsonSyntaxError(this.strLine, 'a closing quote', 'end of file');
    if (this.stack.length > 0) {
      throw new JsonSyntaxError(this.line, this.stack[this.stack.length - 1] ? "'}'" : "']'", 'end of file');
    }
    if (this.values === 0) throw new JsonSyntaxError(this.line, 'a JSON value', 'end of file');
  }

  private push(isObject: boolean): void {
    if (this.stack.length >= MAX_DEPTH) {
      throw new JsonSyntaxError(this.line, `nesting shallower than ${MAX_DEPTH}`, 'deeper nesting');
    }
    this.stack.push(isObject);
  }

  private expectValue(c: number): void {
    if (this.state !== S_VALUE && this.state !== S_VALUE_OR_CLOSE) throw this.unexpected(c);
  }

  private afterValue(): void {
    if (this.stack.length === 0) {
      this.values++;
      this.state = S_VALUE;
      this.ev.topEnd?.();
    } else {
      this.state = S_COMMA_OR_CLOSE;
    }
  }

  private unexpected(c: number): JsonSyntaxError {
    return new JsonSyntaxError(this.line, EXPECT[this.state], describeByte(c));
  }

  /** Scans string bytes from `i`; returns the index after the closing quote, or buf.length. */
  private continueString(buf: Buffer, i: number): number {
    const n = buf.length;
    const start = i;
    let esc = this.strEsc;
    let check = this.strNeedsCheck;
    for (; i < n; i++) {
      const d = buf[i];
      if (esc) {
        esc = false;
      } else if (d === 0x5c) {
        esc = true;
        check = true;
      } else if (d === 0x22) {
        break;
      } else if (d < 0x20) {
        check = true;
        if (d === 0x0a) this.line++;
      }
    }
    this.strEsc = esc;
    this.strNeedsCheck = check;
    if (i >= n) {
      // The string goes on in the next chunk.
      this.strBytes += n - start;
      if (this.strBytes > MAX_STRING_BYTES) {
        throw new JsonSyntaxError(this.strLine, 'a string shorter than 64 MiB', 'a longer one');
      }
      this.strParts.push(buf.subarray(start, n));
      return n;
    }
    if (this.numericStrings && !check && !this.strKey && this.strParts.length === 0 && i - start <= 16) {
      const v = fastNumber(buf, start, i);
      if (!Number.isNaN(v)) {
        this.inString = false;
        this.ev.scalar(v);
        this.afterValue();
        return i + 1;
      }
    }
    let raw: string;
    if (this.strParts.length > 0) {
      this.strParts.push(buf.subarray(start, i));
      raw = Buffer.concat(this.strParts).toString('utf8');
      this.strParts = [];
    } else {
      raw = buf.toString('utf8', start, i);
    }
    this.inString = false;
    let s = raw;
    if (check) {
      try {
        s = JSON.parse(`"${raw}"`) as string;
      } catch {
        throw new JsonSyntaxError(this.strLine, 'a valid JSON string (escapes, no raw control characters)', raw);
      }
    }
    if (this.strKey) {
      this.ev.key(s);
      this.state = S_COLON;
    } else {
      this.ev.scalar(s);
      this.afterValue();
    }
    return i + 1;
  }

  /** Scans atom bytes from `i`; returns the index after the atom, or buf.length. */
  private continueAtom(buf: Buffer, i: number): number {
    const n = buf.length;
    const start = i;
    if (this.atom === '') {
      // Fast path: [-]digits[.digits] ending inside this chunk, parsed in the same pass.
      const j = scanDecimal(buf, i, n);
      const v = scanned[0];
      if (j < n && !isAtomByte(buf[j]) && !Number.isNaN(v)) {
        this.inAtom = false;
        this.ev.scalar(v);
        this.afterValue();
        return j;
      }
    }
    while (i < n && isAtomByte(buf[i])) i++;
    if (i >= n) {
      this.atom += buf.toString('latin1', start, n);
      if (this.atom.length > MAX_ATOM_CHARS) {
        throw new JsonSyntaxError(this.line, 'a number or true/false/null', `${this.atom.slice(0, 40)}...`);
      }
      return n;
    }
    this.inAtom = false;
    this.finishAtom(this.atom + buf.toString('latin1', start, i));
    return i;
  }

  private finishAtom(a: string): void {
    this.atom = '';
    let v: JsonScalar;
    switch (a) {
      case 'true':
        v = true;
        break;
      case 'false':
        v = false;
        break;
      case 'null':
        v = null;
        break;
      case 'NaN':
        v = Number.NaN;
        break;
      case 'Infinity':
        v = Number.POSITIVE_INFINITY;
        break;
      case '-Infinity':
        v = Number.NEGATIVE_INFINITY;
        break;
      default: {
        const c = a.charCodeAt(0);
        const num = (c >= 0x30 && c <= 0x39) || c === 0x2d ? Number(a) : Number.NaN;
        if (Number.isNaN(num)) throw new JsonSyntaxError(this.line, 'a number or true/false/null', a);
        v = num;
      }
    }
    this.ev.scalar(v);
    this.afterValue();
  }
}
