/**
 * Reading query files from disk (plain or gzip), for the CLI and the worker task alike. The whole file is
 * held in memory while read (query logs of a few hundred MB are fine; split bigger ones).
 */
import { readFileSync, statSync } from 'node:fs';
import { basename } from 'node:path';
import { gunzipSync } from 'node:zlib';
import { readQueryText } from './index';
import { QueryFormatError, type QueryFile } from './types';

/** Reads and parses one query file. Throws QueryFormatError (bad content) or Error naming the path (unreadable). */
export function readQueryFile(path: string, shownAs = basename(path)): QueryFile {
  let bytes: Buffer;
  try {
    if (!statSync(path).isFile()) throw new Error('not a file');
    bytes = readFileSync(path);
  } catch (err) {
    throw new Error(`${path}: cannot read (${err instanceof Error ? err.message : String(err)})`, { cause: err });
  }
  if (bytes[0] === 0x1f && bytes[1] === 0x8b) {
    try {
      bytes = gunzipSync(bytes);
    } catch {
      throw new QueryFormatError(shownAs, 1, 'gzip data that decompresses (the file is cut short or damaged)');
    }
  }
  return readQueryText(shownAs, bytes.toString('utf8'));
}
