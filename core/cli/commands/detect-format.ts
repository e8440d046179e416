/**
 * `hindsight detect-format`: which reader the importer would pick for each file, and how sure it is, from the
 * first 64 KiB of content (gzip, zip and tar opened by their magic bytes, folders walked), without importing.
 */
import { existsSync } from 'node:fs';
import type { Command } from 'commander';
import { isSkipped, walkInputs } from '../../ingest/archive';
import { readHead } from '../../ingest/archive/names';
import { detectFormat } from '../../ingest/registry';
import type { Sniff } from '../../ingest/types';

/** What detection is given: the same head the importer reads. */
const HEAD_BYTES = 64 * 1024;

export interface FormatVerdict {
  path: string;
  /** Reader id, null when nothing took the file. */
  reader: string | null;
  title: string | null;
  kind: string | null;
  confidence: number;
  runnerUp: { id: string; confidence: number } | null;
  /** Why the file is not imported (unreadable, binary, not recognised, refused by the archive walk). */
  skipped: string | null;
}

/**
 * The verdict for every file under `paths` (archives and folders expanded as the importer does). O(files × readers)
 * on at most 64 KiB each. Never throws for a bad file: it becomes a verdict with `skipped` set.
 */
export async function detectFormats(paths: string[]): Promise<FormatVerdict[]> {
  const out: FormatVerdict[] = [];
  const none = { reader: null, title: null, kind: null, confidence: 0, runnerUp: null };
  for await (const item of walkInputs(paths)) {
    if (isSkipped(item)) {
      out.push({ path: item.path, ...none, skipped: item.reason });
      continue;
    }
    let sniff: Sniff;
    try {
      const bytes = await readHead(item.open, HEAD_BYTES + 1);
      const complete = bytes.length <= HEAD_BYTES;
      const head = new TextDecoder('utf-8', { fatal: false }).decode(bytes.subarray(0, HEAD_BYTES), { stream: !complete });
      sniff = { name: item.path, head, complete };
    } catch (err) {
      out.push({ path: item.path, ...none, skipped: `cannot read: ${(err as Error).message}` });
      continue;
    }
    const v = detectFormat(sniff);
    const second = v.reader ? v.scores.find((s) => s.id !== v.reader?.id && s.confidence > 0) : undefined;
    out.push({
      path: item.path,
      reader: v.reader?.id ?? null,
      title: v.reader?.title ?? null,
      kind: v.reader?.kind ?? null,
      confidence: v.confidence,
      runnerUp: second ? { id: second.id, confidence: second.confidence } : null,
      skipped: v.reader ? null : v.reason,
    });
  }
  return out;
}

export function registerDetectFormatCommand(p: Command): void {
  p.command('detect-format')
    .summary('Say which export format each file is in, without importing')
    .description(
      'Say which export format each file is in (reader id, title, kind, confidence, runner-up), as the importer ' +
        'would decide from the first 64 KiB, or why it would be skipped. Nothing is imported.',
    )
    .argument('<paths...>', 'files, folders, .zip/.tar/.tar.gz/.gz archives')
    .option('--json', 'print the verdicts as JSON')
    .addHelpText('after', '\nExample:\n  hindsight detect-format dump.zip logs/app.log.gz metrics.json --json')
    .exitOverride()
    .action(async (paths: string[], o: { json?: boolean }) => {
      const missing = paths.filter((f) => !existsSync(f));
      if (missing.length) throw new Error(`${missing.join(', ')}: no such file or folder`);
      const verdicts = await detectFormats(paths);
      if (o.json) {
        process.stdout.write(`${JSON.stringify(verdicts, null, 2)}\n`);
        return;
      }
      const lines = verdicts.map((v) => {
        if (!v.reader) return `${v.path}: skipped: ${v.skipped}`;
        const runner = v.runnerUp ? `; runner-up ${v.runnerUp.id} (${v.runnerUp.confidence.toFixed(2)})` : '';
        return `${v.path}: ${v.reader} — ${v.title} [${v.kind}], confidence ${v.confidence.toFixed(2)}${runner}`;
      });
      process.stdout.write(lines.length ? `${lines.join('\n')}\n` : 'no files found\n');
    });
}
