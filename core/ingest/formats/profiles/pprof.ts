/**
 * pprof (`profile.proto`: Go's `net/http/pprof`, `go tool pprof -proto`, Datadog/Pyroscope Node and Python
 * agents), gzipped or not, decoded with Datadog's `pprof-format`. A sample lists its locations leaf first; a
 * location's lines list inlined functions innermost first — both are reversed to a root-first stack. A frame is
 * the function (name, file, start line), so one function is one frame whatever line of it was sampled.
 *
 * Which value: the sample type named by `sampleType` (its type, e.g. `cpu`, or unit), else the profile's
 * `default_sample_type`, else the last type — pprof's own rule (Go's CPU profile: samples/count, cpu/nanoseconds
 * → cpu nanoseconds). The unit is that type's unit (`nanoseconds`, `count` → `samples`, `bytes`, …).
 *
 * Complexity: O(bytes) to decode, O(samples × depth) to build. Throws ProfileFormatError naming the file.
 *
 * @example readPprof(gzippedBytes, 'cpu.pb.gz').unit // 'nanoseconds'
 */
import { gunzipSync } from 'node:zlib';
import { Profile } from 'pprof-format';
import { CallTreeBuilder, type CallTree, type Frame } from '../../../analysis/profiles/tree';
import { ProfileFormatError } from './errors';

const EXPECTED = 'a pprof profile (profile.proto, gzipped or not)';

/** True when the bytes start with the gzip magic number. */
export function isGzip(bytes: Uint8Array): boolean {
  return bytes.length >= 2 && bytes[0] === 0x1f && bytes[1] === 0x8b;
}

function decode(bytes: Uint8Array, file: string): Profile {
  let raw = bytes;
  if (isGzip(bytes)) {
    try {
      raw = gunzipSync(bytes);
    } catch (err) {
      throw new ProfileFormatError(file, EXPECTED, `a broken gzip stream (${err instanceof Error ? err.message : String(err)})`);
    }
  }
  try {
    return Profile.decode(raw);
  } catch (err) {
    throw new ProfileFormatError(file, EXPECTED, `bytes that are not profile.proto (${err instanceof Error ? err.message : String(err)})`);
  }
}

/** The index of the sample type to read (see the file comment); throws naming the types there are. */
function pickSampleType(p: Profile, str: (i: unknown) => string, file: string, wanted?: string): number {
  const types = p.sampleType.map((t) => ({ type: str(t.type), unit: str(t.unit) }));
  if (!types.length) throw new ProfileFormatError(file, `${EXPECTED} with a sample type`, 'none');
  const names = types.map((t) => `${t.type}/${t.unit}`).join(', ');
  if (wanted) {
    const i = types.findIndex((t) => t.type === wanted || t.unit === wanted || `${t.type}/${t.unit}` === wanted);
    if (i < 0) throw new ProfileFormatError(file, `a sample type "${wanted}"`, names);
    return i;
  }
  const byDefault = Number(p.defaultSampleType) ? types.findIndex((t) => t.type === str(p.defaultSampleType)) : -1;
  return byDefault >= 0 ? byDefault : types.length - 1;
}

/** A pprof unit as the tree names it. */
function unitName(unit: string): string {
  return unit === 'count' || unit === '' ? 'samples' : unit;
}

/** Reads pprof bytes into a call tree of one sample type. */
export function readPprof(bytes: Uint8Array, file: string, sampleType?: string): CallTree {
  const p = decode(bytes, file);
  const strings = p.stringTable.strings;
  const str = (i: unknown): string => strings[Number(i)] ?? '';
  const which = pickSampleType(p, str, file, sampleType);
  const builder = new CallTreeBuilder();
  const functions = new Map<string, Frame>();
  for (const f of p.function) {
    const name = str(f.name) || str(f.systemName) || `function ${String(f.id)}`;
    const fileName = str(f.filename);
    const line = Number(f.startLine);
    functions.set(String(f.id), fileName ? (line > 0 ? { name, file: fileName, line } : { name, file: fileName }) : { name });
  }
  /** Frame ids of a location, caller first (lines are innermost first). */
  const locations = new Map<string, number[]>();
  for (const loc of p.location) {
    const ids: number[] = [];
    for (let k = loc.line.length - 1; k >= 0; k--) {
      const fn = functions.get(String(loc.line[k].functionId));
      ids.push(builder.frameId(fn ?? { name: `function ${String(loc.line[k].functionId)}` }));
    }
    if (!ids.length) ids.push(builder.frameId({ name: `0x${BigInt(loc.address).toString(16)}` }));
    locations.set(String(loc.id), ids);
  }
  for (const s of p.sample) {
    const value = Number(s.value[which] ?? 0);
    if (!value) continue;
    if (value < 0) throw new ProfileFormatError(file, `${EXPECTED} without negative values`, `a sample of ${value} (a profile diffed against a base: import both sides instead)`);
    const stack: number[] = [];
    for (let k = s.locationId.length - 1; k >= 0; k--) {
      const ids = locations.get(String(s.locationId[k]));
      if (!ids) throw new ProfileFormatError(file, `${EXPECTED}: samples whose locations exist`, `location ${String(s.locationId[k])}`);
      stack.push(...ids);
    }
    builder.addIds(stack, value);
  }
  return builder.build(unitName(str(p.sampleType[which].unit)));
}
