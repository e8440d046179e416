/**
 * Postmortem: a written account of an incident in the Google SRE template, drafted from its evidence
 * (core/analysis/postmortem), edited by a person (every section and timeline line), saved in the
 * workspace (`postmortems`, migration v10), exported as Markdown or self-contained HTML (PDF: the shell
 * prints the HTML the `pdf` format answers: Electron's printToPDF, the browser's print), and indexed in
 * the knowledge base of the app's data folder, searchable across workspaces.
 */
import { z } from 'zod';
import { SECTION_IDS, type ChartPick, type KnowledgeEntry, type PostmortemDoc } from '../analysis/postmortem/types';
import { incidentIdParam } from './incidents';
import { method, none, timeMs, type ContractPart } from './define';

export type {
  ChartPick,
  Impact,
  PostmortemDoc,
  PostmortemEvidence,
  PostmortemNote,
  PostmortemSection,
  SectionId,
  TimelineEntry,
  TimelineKind,
} from '../analysis/postmortem/types';
export { SECTION_IDS, SECTION_TITLES } from '../analysis/postmortem/types';

const zoneParam = z.string().min(1).max(64);
/** An SLO target in percent (99.9), strictly between 0 and 100. */
const sloParam = z.number().gt(0, 'an SLO above 0 %').lt(100, 'an SLO below 100 %');
const text = (max: number) => z.string().max(max);

export const noteParam = z.strictObject({
  ts: timeMs,
  text: text(4000),
  tags: z.array(text(100)).max(50).optional(),
  starred: z.boolean().optional(),
  author: text(200).optional(),
});

const peak = z.strictObject({ value: z.number(), service: text(500), metric: text(500), ts: timeMs }).nullable();

/** A whole document as the editor sends it back (every line editable; nothing beyond the shape). */
export const postmortemDocParam = z.strictObject({
  title: text(500),
  status: text(100),
  incidentKey: incidentIdParam,
  zone: zoneParam,
  start: timeMs,
  onset: timeMs,
  end: timeMs,
  sections: z.array(z.strictObject({ id: z.enum(SECTION_IDS), title: text(200), text: text(100_000) })).max(SECTION_IDS.length),
  timeline: z
    .array(
      z.strictObject({
        ts: timeMs,
        kind: z.enum(['change', 'symptom', 'onset', 'alert', 'mitigation', 'recovery', 'note']),
        text: text(4000),
        evidence: z.array(z.number().int()).max(100),
        starred: z.boolean().optional(),
        tags: z.array(text(100)).max(50).optional(),
        author: text(200).optional(),
      }),
    )
    .max(2000),
  evidence: z
    .array(
      z.strictObject({
        n: z.number().int(),
        kind: z.enum(['anomaly', 'change-point', 'pattern', 'alert', 'change', 'topology', 'metric', 'note']),
        ref: z.number().nullable(),
        service: text(500).nullable(),
        ts: timeMs,
        text: text(4000),
      }),
    )
    .max(2000),
  impact: z.strictObject({
    durationMs: z.number(),
    failedRequests: z.number().nullable(),
    totalRequests: z.number().nullable(),
    countedServices: z.array(text(500)),
    slo: z.strictObject({ target: z.number(), windowDays: z.number() }),
    budgetBurnt: z.number().nullable(),
    budgetBasis: text(2000),
    peakLatency: peak,
    peakErrorRate: peak,
  }),
  charts: z.array(z.strictObject({ seriesId: z.number().int(), title: text(500) })).max(12),
  fingerprint: z.array(text(500)).max(500),
}) satisfies z.ZodType<PostmortemDoc>;

/** A postmortem as stored. */
export interface PostmortemRecord {
  id: number;
  doc: PostmortemDoc;
  createdAt: number;
  updatedAt: number;
}

/** One row of the list. */
export interface PostmortemListRow {
  id: number;
  incidentKey: string;
  title: string;
  zone: string;
  updatedAt: number;
}

/** A chart picked for the document, rendered (SVG text: every label escaped, no script, no external reference). */
export interface PostmortemChart extends ChartPick {
  svg: string;
}

/** An export: the document's text, a file name to save it as, and its media type. For `pdf`, `text` is the HTML the shell prints. */
export interface PostmortemExport {
  format: 'md' | 'html' | 'pdf';
  text: string;
  fileName: string;
  mediaType: string;
}

/** A knowledge-base hit: the postmortem, where it lives, and a line that matched. */
export interface KnowledgeHitInfo {
  entry: Omit<KnowledgeEntry, 'text'>;
  score: number;
  snippet: string;
}

const draftOptions = {
  zone: zoneParam.optional(),
  /** SLO target in percent (default 99.9 over 30 days). */
  slo: sloParam.optional(),
  sloWindowDays: z.number().int().min(1).max(366).optional(),
  /** A person's notes on the incident's range (annotations), carried into the timeline. */
  notes: z.array(noteParam).max(1000).optional(),
  /** Recommended fixes to seed the action items with. */
  fixes: z.array(text(2000)).max(50).optional(),
};

export const postmortemContract = {
  /** A draft from an incident: sections, timeline, evidence, impact and chart picks (not saved). */
  'postmortem/draft': method(z.strictObject({ incident: incidentIdParam, ...draftOptions })).returns<PostmortemDoc>(),
  'postmortem/get': method(z.strictObject({ id: z.number().int().positive() })).returns<PostmortemRecord>(),
  /** Saves a new postmortem (no id) or replaces one; indexes it in the knowledge base. */
  'postmortem/save': method(z.strictObject({ id: z.number().int().positive().optional(), doc: postmortemDocParam })).returns<PostmortemRecord>(),
  'postmortem/list': method(none).returns<PostmortemListRow[]>(),
  /** The charts of a document (its picks), as SVG, over its incident's range. */
  'postmortem/charts': method(z.strictObject({ doc: postmortemDocParam })).returns<PostmortemChart[]>(),
  /** A saved postmortem (id) or an unsaved document (doc) as Markdown, HTML, or the HTML a shell prints to PDF. */
  'postmortem/export': method(
    z.strictObject({ id: z.number().int().positive().optional(), doc: postmortemDocParam.optional(), format: z.enum(['md', 'html', 'pdf']) }).refine((p) => (p.id === undefined) !== (p.doc === undefined), {
      message: 'give either a postmortem id or a document',
    }),
  ).returns<PostmortemExport>(),
  /** Saved postmortems of every workspace whose text holds every word of the query, best first. */
  'postmortem/search': method(z.strictObject({ query: z.string().min(1, 'a query is required').max(500), limit: z.number().int().min(1).max(100).optional() })).returns<KnowledgeHitInfo[]>(),
} as const satisfies ContractPart;
