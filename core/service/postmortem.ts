/**
 * The postmortem handlers, and what the CLI's `report` and `knowledge` commands share with them: a draft
 * from a stored incident (its impact figures read from the affected services' series), the charts of
 * a document rendered as SVG from the store, Markdown/HTML exports, saving (in the workspace, and into
 * the knowledge base of the data folder: core/service/postmortem-knowledge.ts), and search across every
 * workspace's postmortems.
 */
import type { Handlers, PostmortemChart, PostmortemDoc, PostmortemExport, PostmortemNote, PostmortemRecord } from '../api/contract';
import { ApiError } from '../api/errors';
import { metricName, value } from '../analysis/incidents/format';
import { draftPostmortem } from '../analysis/postmortem/draft';
import { computeImpact, DEFAULT_SLO, metricRole, type ImpactSeries } from '../analysis/postmortem/impact';
import { knowledgeEntry, searchKnowledge } from '../analysis/postmortem/knowledge';
import type { ChartPick } from '../analysis/postmortem/types';
import { isValidZone, UTC } from '../base/zones';
import { renderHtml } from '../report/html';
import { renderMarkdown, type RenderedChart } from '../report/markdown';
import { lineChartSvg } from '../report/svg-chart';
import { STAGE_LABELS } from '../analysis/advice/types';
import type { Incident } from '../analysis/incidents/types';
import { listAnnotations } from '../store/annotations';
import { loadIncident } from '../store/incidents';
import { loadPostmortem, loadPostmortems, savePostmortem, type PostmortemRow } from '../store/postmortems';
import type { WorkspaceStore } from '../store/workspace';
import { adviceContext, incidentAdvice } from './advice';
import type { ServiceContext } from './context';
import { parseIncident } from './incidents';
import { indexPostmortem, knowledgeHitInfo, postmortemKnowledgeFile, readPostmortemKnowledge } from './postmortem-knowledge';

type PostmortemHandlers = Pick<
  Handlers,
  'postmortem/draft' | 'postmortem/get' | 'postmortem/save' | 'postmortem/list' | 'postmortem/charts' | 'postmortem/export' | 'postmortem/search'
>;

/** Points a chart keeps at most (min and max per bucket, so peaks survive). */
const CHART_POINTS = 720;
/** Charts show this share of the incident's length before and after it (at least 30 min). */
const CHART_MARGIN = 0.5;

export interface DraftOptions {
  zone?: string;
  /** SLO target in percent (99.9). */
  slo?: number;
  sloWindowDays?: number;
  /** The person's notes to carry in (default: the workspace's annotations around the incident). */
  notes?: readonly PostmortemNote[];
  /** Fixes to seed the action items with (default: the incident's recommendations, when `dataDir` is given). */
  fixes?: readonly string[];
  /** The app's data folder (its runbooks and advice policy), for the default fixes. */
  dataDir?: string;
}

/** Annotations this long before the onset and after the end still belong to the incident's story. */
const NOTE_MARGIN_MS = 60 * 60_000;

/** The workspace's annotations around an incident, as the postmortem's notes. */
function annotationNotes(store: WorkspaceStore, onset: number, end: number): PostmortemNote[] {
  return listAnnotations(store, { from: onset - NOTE_MARGIN_MS, to: end + NOTE_MARGIN_MS }).map((a) => ({
    ts: a.ts,
    text: a.text,
    tags: a.tags,
    starred: a.starred,
    author: a.author,
  }));
}

/** The incident's recommendations (core/service/advice.ts) as action-item sentences, best first. */
function recommendedFixes(store: WorkspaceStore, incident: Incident, dataDir: string): string[] {
  return incidentAdvice(store, incident, adviceContext(store, dataDir)).map((r) => `${r.title} (advice: ${STAGE_LABELS[r.stage]})`);
}

/** A zone the document can be written in; throws a sentence for an unknown one. */
function checkedZone(zone: string | undefined): string {
  const z = zone ?? UTC;
  if (!isValidZone(z)) throw new ApiError('bad-params', `unknown time zone "${z}" (expected an IANA name such as Europe/Berlin)`, 'zone');
  return z;
}

/** The mean of the finite values, null when none. */
function mean(values: Float64Array): number | null {
  let sum = 0;
  let n = 0;
  for (const v of values) {
    if (!Number.isFinite(v)) continue;
    sum += v;
    n++;
  }
  return n ? sum / n : null;
}

/**
 * A draft postmortem of a stored incident (see core/analysis/postmortem/draft.ts): the affected services'
 * error, request and latency series are read over the incident for the impact, their request rates over
 * the whole dump for the error budget; the best cause's top two metrics are picked for the charts.
 * Throws ApiError 'not-found' for an unknown incident.
 */
export function draftFromStore(store: WorkspaceStore, key: string, o: DraftOptions = {}): PostmortemDoc {
  const row = loadIncident(store, key);
  if (!row) throw new ApiError('not-found', `no incident ${key} in this workspace: run the analysis again, incidents are replaced by each run`, 'incident');
  const incident = parseIncident(row);
  const zone = checkedZone(o.zone);
  const affected = new Set(incident.services);
  const series: ImpactSeries[] = [];
  const meanRequestRate: Record<string, number> = {};
  for (const s of store.listSeries('', 100_000)) {
    if (!s.service || !affected.has(s.service)) continue;
    const role = metricRole(s.name);
    if (!role || (role !== 'latency' && series.some((x) => x.service === s.service && metricRole(x.metric) === role))) continue;
    const samples = store.readSamples(s.id, incident.onset, incident.end);
    series.push({ seriesId: s.id, service: s.service, metric: s.name, ts: samples.ts, values: samples.values });
    if (role === 'requests-rate') {
      const rate = mean(store.readSamples(s.id).values);
      if (rate !== null) meanRequestRate[s.service] = rate;
    }
  }
  const slo = { target: (o.slo ?? DEFAULT_SLO.target * 100) / 100, windowDays: o.sloWindowDays ?? DEFAULT_SLO.windowDays };
  const impact = computeImpact({ onset: incident.onset, end: incident.end, services: incident.services, series, meanRequestRate, slo });
  const charts: ChartPick[] = (incident.rootCauses[0]?.metrics ?? []).map((m) => ({ seriesId: m.seriesId, title: `${metricName(m.metric)} of ${incident.rootCauses[0].service} (${m.metric})` }));
  const notes = o.notes ?? annotationNotes(store, incident.onset, incident.end);
  const fixes = o.fixes ?? (o.dataDir ? recommendedFixes(store, incident, o.dataDir) : undefined);
  return draftPostmortem({ incident, impact, zone, notes, fixes, charts });
}

/** Min and max of each of `buckets` equal slices, in time order: the shape and the peaks of a long series. */
function thin(ts: Float64Array, values: Float64Array, buckets: number): { ts: number[]; values: number[] } {
  if (ts.length <= buckets * 2) return { ts: [...ts], values: [...values] };
  const out = { ts: [] as number[], values: [] as number[] };
  const size = ts.length / buckets;
  for (let b = 0; b < buckets; b++) {
    let lo = -1;
    let hi = -1;
    for (let i = Math.floor(b * size); i < Math.min(ts.length, Math.floor((b + 1) * size)); i++) {
      if (!Number.isFinite(values[i])) continue;
      if (lo < 0 || values[i] < values[lo]) lo = i;
      if (hi < 0 || values[i] > values[hi]) hi = i;
    }
    for (const i of [...new Set([lo, hi])].filter((i) => i >= 0).sort((a, c) => a - c)) {
      out.ts.push(ts[i]);
      out.values.push(values[i]);
    }
  }
  return out;
}

/** The document's charts as SVG: each picked series around the incident, the incident shaded, its changes and mitigations marked. */
export function renderCharts(store: WorkspaceStore, doc: PostmortemDoc): PostmortemChart[] {
  const margin = Math.max(30 * 60_000, (doc.end - doc.start) * CHART_MARGIN);
  const markers = doc.timeline
    .filter((t) => t.kind === 'change' || t.kind === 'mitigation')
    .map((t) => ({ ts: t.ts, kind: t.kind as 'change' | 'mitigation', label: t.text.replace(/^(Likely trigger|Change|Mitigation): (the )?/, '') }));
  return doc.charts.flatMap((pick) => {
    const s = store.series(pick.seriesId);
    if (!s) return [];
    const samples = store.readSamples(pick.seriesId, doc.start - margin, doc.end + margin);
    const points = thin(samples.ts, samples.values, CHART_POINTS / 2);
    const svg = lineChartSvg({
      title: pick.title,
      series: [{ name: s.service ? `${s.service} ${s.name}` : s.name, ...points }],
      shade: { from: doc.onset, to: doc.end },
      markers,
      zone: doc.zone,
      formatValue: (v) => value(s.name, v),
    });
    return [{ ...pick, svg }];
  });
}

/** A file name for the document: `postmortem-<incident key>.<ext>`, safe on every file system. */
export function exportFileName(doc: PostmortemDoc, ext: string): string {
  return `postmortem-${doc.incidentKey.replace(/[^A-Za-z0-9._-]+/g, '_')}.${ext}`;
}

/** The document in one format; `pdf` answers the HTML a shell prints to PDF. */
export function exportDoc(doc: PostmortemDoc, charts: readonly RenderedChart[], format: PostmortemExport['format']): PostmortemExport {
  if (format === 'md') return { format, text: renderMarkdown(doc, charts), fileName: exportFileName(doc, 'md'), mediaType: 'text/markdown' };
  return { format, text: renderHtml(doc, charts), fileName: exportFileName(doc, format), mediaType: format === 'pdf' ? 'application/pdf' : 'text/html' };
}

/** A stored row as the shared shape. */
function toRecord(row: PostmortemRow): PostmortemRecord {
  const doc = JSON.parse(row.sections) as PostmortemDoc;
  return { id: row.id, doc: { ...doc, title: row.title, zone: row.zone, incidentKey: row.incidentKey, charts: JSON.parse(row.charts) as ChartPick[] }, createdAt: row.createdAt, updatedAt: row.updatedAt };
}

/** Saves a document (new when `id` is undefined) in the workspace and indexes it in the data folder's knowledge base. */
export async function saveDoc(store: WorkspaceStore, dataDir: string, id: number | undefined, doc: PostmortemDoc): Promise<PostmortemRecord> {
  checkedZone(doc.zone);
  const input = { incidentKey: doc.incidentKey, title: doc.title, zone: doc.zone, sections: JSON.stringify(doc), charts: JSON.stringify(doc.charts) };
  let saved: number;
  try {
    saved = await store.writeTransaction(() => savePostmortem(store, id ?? null, input));
  } catch (err) {
    if (id !== undefined && !loadPostmortem(store, id)) throw new ApiError('not-found', `no postmortem ${id} in this workspace`, 'id');
    throw err;
  }
  const row = loadPostmortem(store, saved);
  if (!row) throw new ApiError('failed', `postmortem ${saved} was not stored`);
  indexPostmortem(dataDir, knowledgeEntry(doc, store.file, saved, row.updatedAt));
  return toRecord(row);
}

/** The newest saved postmortem of an incident, if any. */
export function savedPostmortemOf(store: WorkspaceStore, incidentKey?: string): PostmortemRecord | undefined {
  const row = loadPostmortems(store).find((r) => incidentKey === undefined || r.incidentKey === incidentKey);
  return row ? toRecord(row) : undefined;
}

export function postmortemHandlers(ctx: Pick<ServiceContext, 'store' | 'dataDir'>): PostmortemHandlers {
  const saved = (id: number): PostmortemRecord => {
    const row = loadPostmortem(ctx.store(), id);
    if (!row) throw new ApiError('not-found', `no postmortem ${id} in this workspace`, 'id');
    return toRecord(row);
  };
  return {
    'postmortem/draft': async ({ incident, ...options }) => draftFromStore(ctx.store(), incident, { ...options, dataDir: ctx.dataDir }),
    'postmortem/get': async ({ id }) => saved(id),
    'postmortem/save': async ({ id, doc }) => saveDoc(ctx.store(), ctx.dataDir, id, doc),
    'postmortem/list': async () =>
      loadPostmortems(ctx.store()).map((r) => ({ id: r.id, incidentKey: r.incidentKey, title: r.title, zone: r.zone, updatedAt: r.updatedAt })),
    'postmortem/charts': async ({ doc }) => renderCharts(ctx.store(), { ...doc, zone: checkedZone(doc.zone) }),
    'postmortem/export': async ({ id, doc, format }) => {
      const d = doc ?? saved(id as number).doc;
      checkedZone(d.zone);
      return exportDoc(d, renderCharts(ctx.store(), d), format);
    },
    'postmortem/search': async ({ query, limit }) =>
      searchKnowledge(readPostmortemKnowledge(postmortemKnowledgeFile(ctx.dataDir)), query, limit).map(knowledgeHitInfo),
  };
}
