/**
 * `hindsight annotate WORKSPACE --at TIME --text "…"` (a note on the timeline, at a moment or with --to over a
 * range, with tags and a star) and `hindsight annotations WORKSPACE` (the notes, time-ordered; --json for
 * scripts). Both go through the service, so a note is checked and stored exactly as the app does it.
 */
import type { Command } from 'commander';
import type { AnnotationInfo } from '../../api/annotations';
import { parseTimestamp } from '../../ingest/time';
import { cliService, iso } from './detect';

/** A time option: ISO 8601 (UTC unless it has an offset) or epoch s/ms; throws naming the option. */
export function timeOption(option: string, raw: string): number {
  const t = parseTimestamp(raw, 'UTC');
  if (!Number.isFinite(t)) throw new Error(`${option}: cannot read "${raw}" as a time (expected e.g. 2026-03-13T13:04:00Z)`);
  return t;
}

/** A note as the CLI prints it in JSON: ISO times, snake_case. */
export function annotationJson(a: AnnotationInfo) {
  return {
    id: a.id,
    at: iso(a.ts),
    to: a.endTs === null ? null : iso(a.endTs),
    text: a.text,
    tags: a.tags,
    starred: a.starred,
    author: a.author,
    service: a.service,
    series_id: a.seriesId,
  };
}

/** One line per note: time (or range), star, author, tags, text. */
export function annotationLine(a: AnnotationInfo): string {
  const when = a.endTs === null ? iso(a.ts) : `${iso(a.ts)} .. ${iso(a.endTs)}`;
  const tags = a.tags.length ? ` [${a.tags.join(', ')}]` : '';
  return `#${a.id} ${when}${a.starred ? ' ★' : ''}${a.author ? ` ${a.author}:` : ''} ${a.text}${tags}`;
}

/** Collects a repeatable option's values. */
const collect = (value: string, previous: string[] = []): string[] => [...previous, value];

export function registerAnnotateCommands(p: Command): void {
  p.command('annotate')
    .summary('Add a note to a workspace\'s timeline')
    .description(
      'Add a note to the timeline of a workspace ("rollback started here"), at a moment or over a range (--to), with ' +
        'tags and a star. It is stored in the workspace: everyone who opens the file sees it, and the postmortem carries it.',
    )
    .argument('<workspace>', 'the *.hindsight file')
    .requiredOption('--at <time>', 'when (ISO 8601, UTC unless it has an offset; or epoch s/ms)')
    .requiredOption('--text <text>', 'the note')
    .option('--to <time>', 'the end of the range the note is about')
    .option('--tag <tag>', 'a tag (repeatable)', collect)
    .option('--star', 'star the note')
    .option('--service <name>', 'the service the note is about')
    .option('--author <name>', 'who wrote it (default: the OS user name)')
    .option('--json', 'print the stored note as JSON')
    .addHelpText('after', '\nExample:\n  hindsight annotate demo.hindsight --at 2026-03-06T15:20:00Z --text "rollback started here" --tag rollback --star')
    .exitOverride()
    .action(
      async (
        workspace: string,
        o: { at: string; text: string; to?: string; tag?: string[]; star?: boolean; service?: string; author?: string; json?: boolean },
      ) => {
        const service = cliService();
        try {
          service.openWorkspace(workspace);
          const note = (await service.invoke('annotations/add', {
            ts: timeOption('--at', o.at),
            endTs: o.to === undefined ? null : timeOption('--to', o.to),
            text: o.text,
            tags: o.tag ?? [],
            starred: !!o.star,
            service: o.service ?? null,
            author: o.author,
          })) as AnnotationInfo;
          process.stdout.write(o.json ? `${JSON.stringify(annotationJson(note), null, 2)}\n` : `added ${annotationLine(note)}\n`);
        } finally {
          await service.close();
        }
      },
    );

  p.command('annotations')
    .summary('List the notes of a workspace')
    .description('List the notes on a workspace\'s timeline, time-ordered (optionally of one tag, starred ones, or a time range).')
    .argument('<workspace>', 'the *.hindsight file')
    .option('--from <time>', 'only notes that reach this time or later')
    .option('--to <time>', 'only notes that start at this time or earlier')
    .option('--tag <tag>', 'only notes with this tag')
    .option('--starred', 'only starred notes')
    .option('--json', 'print a JSON array')
    .exitOverride()
    .action(async (workspace: string, o: { from?: string; to?: string; tag?: string; starred?: boolean; json?: boolean }) => {
      const service = cliService();
      try {
        service.openWorkspace(workspace);
        const notes = (await service.invoke('annotations/list', {
          from: o.from === undefined ? undefined : timeOption('--from', o.from),
          to: o.to === undefined ? undefined : timeOption('--to', o.to),
          tag: o.tag,
          starred: o.starred,
        })) as AnnotationInfo[];
        if (o.json) process.stdout.write(`${JSON.stringify(notes.map(annotationJson), null, 2)}\n`);
        else process.stdout.write(notes.length ? `${notes.map(annotationLine).join('\n')}\n` : 'no notes\n');
      } finally {
        await service.close();
      }
    });
}
