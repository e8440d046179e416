/**
 * Folded stacks, Brendan Gregg's format (stackcollapse-*.pl, async-profiler `-o collapsed`, py-spy
 * `--format raw`, rbspy, pprof `-raw`→collapse): one line per distinct stack, frames from the root down joined
 * by `;`, then whitespace and the count:
 *
 *     main;handle request;parse (app.py:12) 37
 *
 * - Frames may contain spaces; only the last whitespace-separated token is the count. A line without a trailing
 *   number counts once (one line per sample, as some tools write).
 * - A `;` inside brackets — `(`…`)` or `[`…`]`, as in `foo(int; char)` — is part of the frame, as long as the
 *   line's brackets balance; otherwise every `;` separates.
 * - `name (file:line)` frames (py-spy) keep the file and line apart from the name.
 * - Empty frames (`a;;b`) are dropped; blank lines and `#` comments are skipped; CRLF is fine.
 * - Two trailing numbers are the differential format of difffolded.pl: refused, naming it.
 *
 * Complexity: O(bytes); each distinct frame text is parsed once. Throws ParseError (`file:line: expected …`).
 *
 * @example readFolded('main;work 3\nmain 1\n', 'cpu.folded').total[0] // 4
 */
import { CallTreeBuilder, type CallTree, type Frame } from '../../../analysis/profiles/tree';
import { ParseError } from '../../types';

const EXPECTED = '"frame;frame;… count" (folded stacks)';
const COUNT = /^\d+(?:\.\d+)?(?:[eE][+-]?\d+)?$/;
const WITH_FILE = /^(.*\S) \(([^()]*?):(\d+)\)$/;

/** A frame from its folded text: `name (file:line)` split into its parts, anything else the name. */
export function parseFoldedFrame(text: string): Frame {
  const m = WITH_FILE.exec(text);
  return m ? { name: m[1], file: m[2], line: Number(m[3]) } : { name: text };
}

/** Net bracket depth a frame text opens: `f(x` → 1, `y)` → -1, `f(x, y)` → 0 (closings below zero count too). */
function bracketDelta(text: string): number {
  let depth = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === 40 || c === 91) depth++;
    else if (c === 41 || c === 93) depth--;
  }
  return depth;
}

/** Where the count starts: after the last space or tab (-1 when the line has none). */
function lastBlank(line: string): number {
  return Math.max(line.lastIndexOf(' '), line.lastIndexOf('\t'));
}

/** Reads folded stacks into a call tree in `samples` (or the unit given). */
export function readFolded(text: string, file: string, unit = 'samples'): CallTree {
  const builder = new CallTreeBuilder();
  /** Per distinct text between semicolons: its bracket delta and, once it is known to be a frame, its frame id. */
  const known = new Map<string, { id: number; delta: number }>();
  const lookup = (part: string): { id: number; delta: number } => {
    let k = known.get(part);
    if (!k) {
      k = { id: -1, delta: bracketDelta(part) };
      known.set(part, k);
    }
    return k;
  };
  const idOf = (k: { id: number }, part: string): number => (k.id >= 0 ? k.id : (k.id = builder.frameId(parseFoldedFrame(part))));
  let lineNo = 0;
  let stacks = 0;
  let at = 0;
  const stackIds: number[] = [];
  while (at < text.length) {
    let end = text.indexOf('\n', at);
    if (end < 0) end = text.length;
    const raw = text.slice(at, end);
    at = end + 1;
    lineNo++;
    const line = raw.trim();
    if (!line || line.charCodeAt(0) === 35 /* # */) continue;
    const cut = lastBlank(line);
    let stack = line;
    let value = 1;
    if (cut >= 0 && COUNT.test(line.slice(cut + 1))) {
      stack = line.slice(0, cut).trimEnd();
      value = Number(line.slice(cut + 1));
      const again = lastBlank(stack);
      if (again >= 0 && COUNT.test(stack.slice(again + 1))) {
        throw new ParseError(file, lineNo, `${EXPECTED} with one count (two counts are difffolded.pl's differential format: import each side as its own profile)`, raw);
      }
    } else if (COUNT.test(line)) {
      throw new ParseError(file, lineNo, EXPECTED, raw);
    }
    stackIds.length = 0;
    const parts = stack.split(';');
    for (let k = 0; k < parts.length; k++) {
      if (!parts[k]) continue;
      const first = lookup(parts[k]);
      if (first.delta <= 0) {
        stackIds.push(idOf(first, parts[k]));
        continue;
      }
      // An open bracket: join the following parts until it closes (`f(int; char)` is one frame).
      let depth = first.delta;
      let j = k;
      while (depth > 0 && ++j < parts.length) depth += bracketDelta(parts[j]);
      if (depth !== 0) {
        // Unbalanced to the end of the line: every ';' separates.
        stackIds.push(idOf(first, parts[k]));
        continue;
      }
      const joined = parts.slice(k, j + 1).join(';');
      stackIds.push(idOf(lookup(joined), joined));
      k = j;
    }
    if (!stackIds.length) throw new ParseError(file, lineNo, EXPECTED, raw);
    builder.addIds(stackIds, value);
    stacks++;
  }
  if (!stacks) throw new ParseError(file, 1, `${EXPECTED}; the file has no stacks`, text.slice(0, 80));
  return builder.build(unit);
}
