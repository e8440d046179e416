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

/** Splits a stack on `;` outside balanced () and [] (plain split when the brackets do not balance). */
export function splitStack(stack: string): string[] {
  if (!/[([]/.test(stack)) return stack.split(';');
  const out: string[] = [];
  let depth = 0;
  let start = 0;
  for (let i = 0; i < stack.length; i++) {
    const c = stack[i];
    if (c === '(' || c === '[') depth++;
    else if ((c === ')' || c === ']') && depth > 0) depth--;
    else if (c === ';' && depth === 0) {
      out.push(stack.slice(start, i));
      start = i + 1;
    }
  }
  if (depth !== 0) return stack.split(';');
  out.push(stack.slice(start));
  return out;
}

/** A frame from its folded text: `name (file:line)` split into its parts, anything else the name. */
export function parseFoldedFrame(text: string): Frame {
  const m = WITH_FILE.exec(text);
  return m ? { name: m[1], file: m[2], line: Number(m[3]) } : { name: text };
}

/** Reads folded stacks into a call tree in `samples` (or the unit given). */
export function readFolded(text: string, file: string, unit = 'samples'): CallTree {
  const builder = new CallTreeBuilder();
  const ids = new Map<string, number>();
  let lineNo = 0;
  let stacks = 0;
  let at = 0;
  while (at <= text.length) {
    let end = text.indexOf('\n', at);
    if (end < 0) end = text.length;
    const raw = text.slice(at, end);
    at = end + 1;
    lineNo++;
    const line = raw.trim();
    if (!line || line.startsWith('#')) continue;
    const cut = line.search(/\s\S+$/);
    let stack = line;
    let value = 1;
    if (cut >= 0 && COUNT.test(line.slice(cut + 1))) {
      stack = line.slice(0, cut).trimEnd();
      value = Number(line.slice(cut + 1));
      const again = stack.search(/\s\S+$/);
      if (again >= 0 && COUNT.test(stack.slice(again + 1)) && !stack.slice(again + 1).includes(';')) {
        throw new ParseError(file, lineNo, `${EXPECTED} with one count (two counts are difffolded.pl's differential format: import each side as its own profile)`, raw);
      }
    } else if (/^[\d.eE+-]+$/.test(line)) {
      throw new ParseError(file, lineNo, EXPECTED, raw);
    }
    const stackIds: number[] = [];
    for (const part of splitStack(stack)) {
      if (!part) continue;
      let id = ids.get(part);
      if (id === undefined) {
        id = builder.frameId(parseFoldedFrame(part));
        ids.set(part, id);
      }
      stackIds.push(id);
    }
    if (!stackIds.length) throw new ParseError(file, lineNo, EXPECTED, raw);
    builder.addIds(stackIds, value);
    stacks++;
  }
  if (!stacks) throw new ParseError(file, 1, `${EXPECTED}; the file has no stacks`, text.slice(0, 80));
  return builder.build(unit);
}
