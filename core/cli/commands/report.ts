/**
 * `hindsight report WORKSPACE [--incident ID] --format md|html|pdf --out FILE`: a postmortem as a file.
 * The saved postmortem of the incident when there is one (else a draft from the incident's evidence);
 * without --incident, the newest saved postmortem, else the most severe incident. PDF is the HTML
 * printed by headless Chromium (`$HINDSIGHT_CHROMIUM`, /usr/bin/chromium …).
 */
import { writeFileSync } from 'node:fs';
import type { Command } from 'commander';
import { htmlToPdf } from '../../report/pdf';
import { dataDir } from '../paths';
import { draftFromStore, exportDoc, renderCharts, savedPostmortemOf } from '../../service/postmortem';
import { byUrgency, parseIncident } from '../../service/incidents';
import { loadIncidents } from '../../store/incidents';
import { WorkspaceStore } from '../../store/workspace';

interface ReportOptions {
  incident?: string;
  format: string;
  out: string;
  zone?: string;
  slo?: string;
}

/** An SLO option in percent, strictly between 0 and 100. */
function sloOption(raw: string | undefined): number | undefined {
  if (raw === undefined) return undefined;
  const slo = Number(raw);
  if (!(slo > 0 && slo < 100)) throw new Error(`--slo: expected a percentage between 0 and 100 (e.g. 99.9), found "${raw}"`);
  return slo;
}

export function registerReportCommand(p: Command): void {
  p.command('report')
    .summary('Write a postmortem of an incident as Markdown, HTML or PDF')
    .description(
      'The saved postmortem of the incident, else a draft from its evidence (Google SRE template: summary, impact, root causes, trigger, ' +
        'detection, resolution, action items, lessons learnt, timeline, charts). Without --incident: the newest saved postmortem, else the ' +
        'most severe incident. Run `hindsight incidents WORKSPACE` first on a workspace never analysed.',
    )
    .argument('<workspace>', 'workspace file (*.hindsight)')
    .option('--incident <id>', 'the incident (its key, e.g. INC-20260306-1518-inventory)')
    .requiredOption('--format <format>', 'md, html or pdf')
    .requiredOption('--out <file>', 'where to write it')
    .option('--zone <zone>', 'IANA time zone the times are written in, each with its offset (default: the saved one, else UTC)')
    .option('--slo <percent>', 'SLO target for the error budget, over 30 days (default 99.9)')
    .action(async (workspace: string, o: ReportOptions) => {
      if (!['md', 'html', 'pdf'].includes(o.format)) throw new Error(`--format: expected md, html or pdf, found "${o.format}"`);
      const slo = sloOption(o.slo);
      const store = WorkspaceStore.open(workspace);
      try {
        const saved = savedPostmortemOf(store, o.incident);
        let doc = saved?.doc;
        if (!doc) {
          const key = o.incident ?? loadIncidents(store).map(parseIncident).sort(byUrgency)[0]?.id;
          if (!key) throw new Error(`${workspace}: no incidents to report on (run \`hindsight incidents ${workspace}\` to analyse it first)`);
          doc = draftFromStore(store, key, { zone: o.zone, slo, dataDir: dataDir() });
        } else if (o.zone) doc = { ...doc, zone: o.zone };
        const format = o.format as 'md' | 'html' | 'pdf';
        const out = exportDoc(doc, renderCharts(store, doc), format);
        if (format === 'pdf') await htmlToPdf(out.text, o.out);
        else writeFileSync(o.out, out.text);
        process.stderr.write(`${o.out}: ${saved ? `saved postmortem ${saved.id}` : 'draft'} of ${doc.incidentKey} (${format}, times in ${doc.zone})\n`);
      } finally {
        store.close();
      }
    });
}
