/**
 * Chrome DevTools / Node `.cpuprofile` (V8's `Profiler.Profile`: `node --cpu-prof`, DevTools "Save profile"):
 * `nodes` (each with `id`, `callFrame {functionName, url, lineNumber, columnNumber}`, `hitCount`, `children`
 * ids — or a `parent` id in some writers), and the sampled leaf node per tick in `samples` with `timeDeltas`
 * (microseconds since the previous sample). Sample i lasts until the next one (the last until `endTime`), as
 * DevTools' CPUProfileDataModel counts it; so a node's self time is the sum over its samples, in microseconds.
 * Without samples, each node's `hitCount` is its self value in `samples`.
 *
 * V8's own `(root)` node becomes the tree's root; `(program)`, `(idle)` and `(garbage collector)` stay frames.
 * Line numbers are 0-based in the file and 1-based in the tree. An anonymous function is `(anonymous)`.
 *
 * Complexity: O(nodes × depth + samples). Throws ProfileFormatError naming the file and what was expected.
 *
 * @example readCpuProfile(JSON.stringify(profile), 'app.cpuprofile').unit // 'microseconds'
 */
import { z } from 'zod';
import { CallTreeBuilder, type CallTree, type Frame } from '../../../analysis/profiles/tree';
import { ProfileFormatError } from './errors';

const callFrame = z.object({
  functionName: z.string(),
  url: z.string().optional(),
  lineNumber: z.number().int().optional(),
  columnNumber: z.number().int().optional(),
});

const node = z.object({
  id: z.number().int(),
  callFrame,
  hitCount: z.number().min(0).optional(),
  children: z.array(z.number().int()).optional(),
  parent: z.number().int().optional(),
});

export const cpuProfileSchema = z.object({
  nodes: z.array(node).min(1),
  startTime: z.number().optional(),
  endTime: z.number().optional(),
  samples: z.array(z.number().int()).optional(),
  timeDeltas: z.array(z.number()).optional(),
});

export type CpuProfile = z.infer<typeof cpuProfileSchema>;

const EXPECTED = 'a .cpuprofile (JSON with nodes[{id, callFrame, children}], samples and timeDeltas)';

function frameOf(cf: z.infer<typeof callFrame>): Frame {
  const name = cf.functionName || '(anonymous)';
  if (!cf.url) return { name };
  return cf.lineNumber !== undefined && cf.lineNumber >= 0 ? { name, file: cf.url, line: cf.lineNumber + 1 } : { name, file: cf.url };
}

/** Self value per node id: time from samples + timeDeltas (µs), or hit counts. */
function selfValues(p: CpuProfile, file: string): { self: Map<number, number>; unit: string } {
  const self = new Map<number, number>();
  const samples = p.samples ?? [];
  const deltas = p.timeDeltas ?? [];
  if (samples.length && deltas.length === samples.length) {
    const times: number[] = [];
    let t = p.startTime ?? 0;
    for (const d of deltas) times.push((t += d));
    const end = p.endTime !== undefined && p.endTime >= times[times.length - 1] ? p.endTime : times[times.length - 1];
    samples.forEach((id, i) => {
      const next = i + 1 < times.length ? times[i + 1] : end;
      self.set(id, (self.get(id) ?? 0) + Math.max(0, next - times[i]));
    });
    return { self, unit: 'microseconds' };
  }
  if (samples.length && deltas.length) throw new ProfileFormatError(file, `${EXPECTED}: as many timeDeltas as samples`, `${samples.length} samples, ${deltas.length} timeDeltas`);
  if (samples.length) {
    for (const id of samples) self.set(id, (self.get(id) ?? 0) + 1);
    return { self, unit: 'samples' };
  }
  for (const n of p.nodes) if (n.hitCount) self.set(n.id, n.hitCount);
  return { self, unit: 'samples' };
}

/** Reads a `.cpuprofile` (its text) into a call tree. */
export function readCpuProfile(text: string, file: string): CallTree {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (err) {
    throw new ProfileFormatError(file, EXPECTED, `invalid JSON (${err instanceof Error ? err.message : String(err)})`);
  }
  const parsed = cpuProfileSchema.safeParse(json);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new ProfileFormatError(file, EXPECTED, `${issue.path.join('.') || 'the document'}: ${issue.message}`);
  }
  return cpuProfileTree(parsed.data, file);
}

/** The call tree of a parsed `.cpuprofile`. */
export function cpuProfileTree(p: CpuProfile, file: string): CallTree {
  const byId = new Map(p.nodes.map((n) => [n.id, n]));
  const parentOf = new Map<number, number>();
  for (const n of p.nodes) {
    if (n.parent !== undefined) parentOf.set(n.id, n.parent);
    for (const c of n.children ?? []) {
      if (!byId.has(c)) throw new ProfileFormatError(file, `${EXPECTED}: children that are nodes`, `node ${n.id} lists child ${c}, which is not a node`);
      parentOf.set(c, n.id);
    }
  }
  const { self, unit } = selfValues(p, file);
  for (const id of self.keys()) if (!byId.has(id)) throw new ProfileFormatError(file, `${EXPECTED}: samples that name nodes`, `sample of node ${id}, which is not a node`);
  const builder = new CallTreeBuilder();
  // Stack of each node (ids of frames, root first), memoised; V8's (root) node is the tree's root.
  const stacks = new Map<number, number[]>();
  const stackOf = (id: number): number[] => {
    const chain: number[] = [];
    for (let at: number | undefined = id; at !== undefined && !stacks.has(at); at = parentOf.get(at)) {
      if (chain.length > p.nodes.length) throw new ProfileFormatError(file, `${EXPECTED}: a tree`, `a cycle through node ${id}`);
      chain.push(at);
    }
    for (let k = chain.length - 1; k >= 0; k--) {
      const n = byId.get(chain[k])!;
      const up = parentOf.get(n.id);
      const base = up === undefined ? [] : (stacks.get(up) as number[]);
      const isRoot = up === undefined && n.callFrame.functionName === '(root)';
      stacks.set(n.id, isRoot ? base : [...base, builder.frameId(frameOf(n.callFrame))]);
    }
    return stacks.get(id) as number[];
  };
  for (const n of p.nodes) builder.addIds(stackOf(n.id), self.get(n.id) ?? 0);
  return builder.build(unit);
}
