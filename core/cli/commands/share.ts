/**
 * `hindsight share WORKSPACE (--incident ID | --from T --to T) [--redact] --out FILE.hindsight`: an incident's
 * range (or any range), with a margin, written as a smaller workspace to hand to someone else; with --redact,
 * e-mail addresses, IPs, tokens and user ids in its text are masked by stable placeholders, and counted.
 */
import type { Command } from 'commander';
import type { ShareResult } from '../../api/share';
import { SHARE_MARGIN_MINUTES } from '../../api/share';
import { timeOption } from './annotate';
import { cliService, iso } from './detect';

/** What a share copied and masked, as lines a person reads. */
export function shareReport(r: ShareResult): string {
  const c = r.copied;
  const lines = [
    `wrote ${r.path} (${(r.bytes / 1024 / 1024).toFixed(1)} MB, ${r.ms} ms)`,
    `range ${iso(r.range.from)} .. ${iso(r.range.to)}`,
    `copied ${c.series} series (${c.samples} samples), ${c.logs} log lines, ${c.templates} templates, ${c.events} events, ` +
      `${c.incidents} incidents, ${c.annotations} notes, from ${c.sources} sources`,
  ];
  if (r.masked && r.maskedDistinct) {
    const m = r.masked;
    const d = r.maskedDistinct;
    lines.push(
      `masked ${m.email} e-mail addresses (${d.email} distinct), ${m.ip} IP addresses (${d.ip}), ${m.token} tokens (${d.token}), ${m.user} user ids (${d.user})`,
    );
  } else lines.push('not redacted (add --redact to mask e-mail addresses, IPs, tokens and user ids)');
  return `${lines.join('\n')}\n`;
}

export function registerShareCommand(p: Command): void {
  p.command('share')
    .summary('Write an incident\'s range as a smaller workspace, optionally redacted')
    .description(
      'Write what an incident\'s range (or --from/--to) holds, with a margin, as a new smaller workspace: series samples, ' +
        'log lines (searchable), templates, events, incidents and notes. --redact masks e-mail addresses, IP addresses, ' +
        'tokens and user ids in its text with stable placeholders (<email-1> …) and prints how many of each were masked. ' +
        'The file is written whole or not at all, and an existing file is never overwritten.',
    )
    .argument('<workspace>', 'the *.hindsight file to share from')
    .option('--incident <id>', 'the incident whose range to share (see `hindsight incidents`)')
    .option('--from <time>', 'start of the range (ISO 8601 or epoch)')
    .option('--to <time>', 'end of the range')
    .option('--margin <minutes>', `added before and after the range (default ${SHARE_MARGIN_MINUTES})`)
    .option('--redact', 'mask e-mail addresses, IPs, tokens and user ids')
    .requiredOption('--out <file>', 'the new workspace file (*.hindsight)')
    .option('--json', 'print the result as JSON')
    .addHelpText('after', '\nExample:\n  hindsight share demo.hindsight --incident INC-20260306-1517-inventory --redact --out inventory-outage.hindsight')
    .exitOverride()
    .action(async (workspace: string, o: { incident?: string; from?: string; to?: string; margin?: string; redact?: boolean; out: string; json?: boolean }) => {
      if (!o.incident && (o.from === undefined || o.to === undefined)) throw new Error('name an --incident, or a range with both --from and --to');
      const margin = o.margin === undefined ? undefined : Number(o.margin);
      if (margin !== undefined && !(margin >= 0)) throw new Error(`--margin: expected minutes (0 or more), found "${o.margin}"`);
      const service = cliService();
      try {
        service.openWorkspace(workspace);
        const result = (await service.invoke('share/export', {
          incident: o.incident,
          from: o.from === undefined ? undefined : timeOption('--from', o.from),
          to: o.to === undefined ? undefined : timeOption('--to', o.to),
          marginMinutes: margin,
          redact: !!o.redact,
          // A bare name is the current folder's file on the command line (the app's share folder is the UI's).
          out: /[\\/]/.test(o.out) ? o.out : `./${o.out}`,
        })) as ShareResult;
        process.stdout.write(o.json ? `${JSON.stringify(result, null, 2)}\n` : shareReport(result));
      } finally {
        await service.close();
      }
    });
}
