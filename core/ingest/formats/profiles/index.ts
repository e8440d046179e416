/**
 * Profile files by their content, not their name: gzip is opened first (a `.folded.gz` is folded text, a
 * `.pb.gz` is pprof); JSON is a `.cpuprofile`; readable text is folded stacks; anything else is tried as pprof.
 * Each reader throws an error naming the file and what was expected.
 */
import { gunzipSync } from 'node:zlib';
import type { CallTree } from '../../../analysis/profiles/tree';
import { readCpuProfile } from './cpuprofile';
import { ProfileFormatError } from './errors';
import { readFolded } from './folded';
import { isGzip, readPprof } from './pprof';

export type ProfileFormat = 'folded' | 'cpuprofile' | 'pprof';

export interface ReadProfile {
  format: ProfileFormat;
  tree: CallTree;
}

/** True when the first KiB is text (no control bytes but tab, CR and LF; UTF-8 allowed). */
function looksLikeText(bytes: Uint8Array): boolean {
  const n = Math.min(bytes.length, 1024);
  for (let i = 0; i < n; i++) {
    const b = bytes[i];
    if (b < 0x09 || (b > 0x0d && b < 0x20) || b === 0x0b || b === 0x0c) return false;
  }
  return n > 0;
}

/** The format of profile bytes (already un-gzipped), from the content. */
export function sniffProfile(bytes: Uint8Array): ProfileFormat {
  if (!looksLikeText(bytes)) return 'pprof';
  const head = new TextDecoder().decode(bytes.subarray(0, 256)).trimStart();
  return head.startsWith('{') ? 'cpuprofile' : 'folded';
}

/**
 * Reads a profile file's bytes into a call tree, whatever its format. `sampleType` picks a pprof sample type
 * (type or unit name). Throws ProfileFormatError / ParseError naming `file`.
 */
export function readProfile(bytes: Uint8Array, file: string, sampleType?: string): ReadProfile {
  if (!bytes.length) throw new ProfileFormatError(file, 'a profile (folded stacks, .cpuprofile or pprof)', 'an empty file');
  // pprof is usually gzipped as a whole; its reader opens the gzip itself and names a broken one.
  const raw = isGzip(bytes) ? gunzipOrSelf(bytes) : bytes;
  const format = sniffProfile(raw);
  if (format === 'pprof') return { format, tree: readPprof(raw, file, sampleType) };
  const text = new TextDecoder().decode(raw);
  return format === 'cpuprofile' ? { format, tree: readCpuProfile(text, file) } : { format, tree: readFolded(text, file) };
}

function gunzipOrSelf(bytes: Uint8Array): Uint8Array {
  try {
    return gunzipSync(bytes);
  } catch {
    return bytes; // the pprof reader reports the broken stream, naming the file
  }
}
