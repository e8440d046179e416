/**
 * Path-directed walking of a JSON token stream: at the start of every value the handler decides
 * to descend into it (containers: enter/leave callbacks, children visited), collect it whole
 * (built as a plain JS value, for small things such as a point or a label map), or skip it
 * (no allocation). This is how the JSON readers stream a 2 GB file in bounded memory.
 */
import { type JsonEvents, type JsonScalar, JsonTokenizer } from './json-tokenizer';

export type JsonValue = JsonScalar | JsonValue[] | { [k: string]: JsonValue };
export type PathKey = string | number;

export const SKIP = 0;
export const DESCEND = 1;
export const COLLECT = 2;
/** Like COLLECT, but quoted plain decimals inside arrive as numbers (see JsonTokenizer.numericStrings). */
export const COLLECT_NUMERIC = 3;
export type Decision = typeof SKIP | typeof DESCEND | typeof COLLECT | typeof COLLECT_NUMERIC;

export interface WalkHandler {
  /** Decides for the value starting at `path` (the array is reused: copy it to keep it). */
  select(path: readonly PathKey[]): Decision;
  /** A collected value, or a scalar met while descending. */
  value(path: readonly PathKey[], v: JsonValue): void;
  /** A container at `path` was entered (descend). */
  enter?(path: readonly PathKey[], isArray: boolean): void;
  /** A container at `path` was left (descend). */
  leave?(path: readonly PathKey[]): void;
}

export class JsonWalker implements JsonEvents {
  readonly tokenizer: JsonTokenizer;
  /** Path of the value being read; an array level holds the index of its current child. */
  private readonly path: PathKey[] = [];
  /** Per open descended container: true when it is an array. */
  private readonly kinds: boolean[] = [];
  private skipDepth = 0;
  private skipping = false;
  /** Collect mode: containers being built, and the pending key of each object level. */
  private readonly built: (JsonValue[] | { [k: string]: JsonValue })[] = [];
  private readonly builtKeys: string[] = [];
  private collecting = false;

  constructor(private readonly h: WalkHandler) {
    this.tokenizer = new JsonTokenizer(this);
  }

  /** Line of the token being read, for messages. */
  get line(): number {
    return this.tokenizer.line;
  }

  /** Sets the path for a new child value of the current container; returns the decision. */
  private begin(): Decision {
    const k = this.kinds.length;
    if (k > 0 && this.kinds[k - 1]) (this.path[k - 1] as number)++;
    return this.h.select(this.path);
  }

  private addBuilt(v: JsonValue): void {
    const top = this.built[this.built.length - 1];
    if (Array.isArray(top)) top.push(v);
    else top[this.builtKeys[this.builtKeys.length - 1]] = v;
  }

  openObject(): void {
    this.open(false);
  }

  openArray(): void {
    this.open(true);
  }

  private open(isArray: boolean): void {
    if (this.skipping) {
      this.skipDepth++;
      return;
    }
    if (this.collecting) {
      const c: JsonValue[] | { [k: string]: JsonValue } = isArray ? [] : {};
      this.addBuilt(c);
      this.built.push(c);
      this.builtKeys.push('');
      return;
    }
    const d = this.begin();
    if (d === SKIP) {
      this.skipping = true;
      this.skipDepth = 1;
    } else if (d === COLLECT || d === COLLECT_NUMERIC) {
      this.collecting = true;
      this.tokenizer.numericStrings = d === COLLECT_NUMERIC;
      this.built.push(isArray ? [] : {});
      this.builtKeys.push('');
    } else {
      this.h.enter?.(this.path, isArray);
      this.kinds.push(isArray);
      this.path.push(isArray ? -1 : '');
    }
  }

  closeObject(): void {
    this.close();
  }

  closeArray(): void {
    this.close();
  }

  private close(): void {
    if (this.skipping) {
      if (--this.skipDepth === 0) this.skipping = false;
      return;
    }
    if (this.collecting) {
      const c = this.built.pop() as JsonValue;
      this.builtKeys.pop();
      if (this.built.length === 0) {
        this.collecting = false;
        this.tokenizer.numericStrings = false;
        this.h.value(this.path, c);
      }
      return;
    }
    this.kinds.pop();
    this.path.pop();
    this.h.leave?.(this.path);
  }

  key(k: string): void {
    if (this.skipping) return;
    if (this.collecting) {
      this.builtKeys[this.builtKeys.length - 1] = k;
      return;
    }
    this.path[this.path.length - 1] = k;
  }

  scalar(v: JsonScalar): void {
    if (this.skipping) return;
    if (this.collecting) {
      this.addBuilt(v);
      return;
    }
    if (this.begin() !== SKIP) this.h.value(this.path, v);
  }
}
