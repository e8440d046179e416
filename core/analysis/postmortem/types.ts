/**
 * The shapes of a postmortem (the Google SRE book's template: "Postmortem Culture", appendix D):
 * plain editable Markdown sections, a timeline of editable lines, the impact figures computed from the
 * data, the evidence every claim links to, and the charts picked for the document. Shared by the draft
 * (this folder), the store (`postmortems` table), the `postmortem/*` contract, the reports
 * (core/report) and the UI. Pure data.
 */

/** A person's note on the timeline (an annotation): carried into the postmortem's timeline. */
export interface PostmortemNote {
  ts: number;
  text: string;
  tags?: string[];
  starred?: boolean;
  author?: string;
}

/** The sections of the template, in the order the document shows them. */
export const SECTION_IDS = [
  'summary',
  'impact',
  'root-causes',
  'trigger',
  'detection',
  'resolution',
  'action-items',
  'went-well',
  'went-wrong',
  'lucky',
] as const;
export type SectionId = (typeof SECTION_IDS)[number];

export const SECTION_TITLES: Record<SectionId, string> = {
  summary: 'Summary',
  impact: 'Impact',
  'root-causes': 'Root causes',
  trigger: 'Trigger',
  detection: 'Detection',
  resolution: 'Resolution',
  'action-items': 'Action items',
  'went-well': 'Lessons learnt: what went well',
  'went-wrong': 'Lessons learnt: what went wrong',
  lucky: 'Lessons learnt: where we got lucky',
};

/** One section: Markdown a person edits. Evidence is cited as `[E3]` (the evidence list's number). */
export interface PostmortemSection {
  id: SectionId;
  title: string;
  text: string;
}

export type TimelineKind = 'change' | 'symptom' | 'onset' | 'alert' | 'mitigation' | 'recovery' | 'note';

/** One line of the timeline: its time (UTC ms, written in the document's zone), what happened, and its evidence. */
export interface TimelineEntry {
  ts: number;
  kind: TimelineKind;
  text: string;
  /** Numbers in the evidence list (1-based) this line rests on. */
  evidence: number[];
  starred?: boolean;
  tags?: string[];
  author?: string;
}

/** A stored signal a claim rests on: numbered in the document (E1, E2 …). */
export interface PostmortemEvidence {
  n: number;
  kind: 'anomaly' | 'change-point' | 'pattern' | 'alert' | 'change' | 'topology' | 'metric' | 'note';
  /** The stored signal's id (events, series for 'metric'), null when derived. */
  ref: number | null;
  service: string | null;
  ts: number;
  text: string;
}

/** A measured peak: the value, where and when. */
export interface Peak {
  value: number;
  service: string;
  metric: string;
  ts: number;
}

/** What the incident cost, computed from the stored series; null where the data cannot say. */
export interface Impact {
  /** Onset → recovery (the incident's end), ms. */
  durationMs: number;
  /** Failed requests of the affected services during the incident (their error series integrated), null: not measurable. */
  failedRequests: number | null;
  /** All requests of the same services during the incident, null when no request series. */
  totalRequests: number | null;
  /** The services whose error series were counted. */
  countedServices: string[];
  slo: { target: number; windowDays: number };
  /** Share (0..1+) of the SLO window's error budget the failed requests used; null when not measurable. */
  budgetBurnt: number | null;
  /** How the budget was computed, in words. */
  budgetBasis: string;
  peakLatency: Peak | null;
  /** Peak error rate as a share of requests (0..1). */
  peakErrorRate: Peak | null;
}

/** A series picked for the document's charts. */
export interface ChartPick {
  seriesId: number;
  title: string;
}

/** A postmortem document (a draft or as saved). */
export interface PostmortemDoc {
  title: string;
  /** 'draft' | 'in review' | 'final': free text a person may change. */
  status: string;
  incidentKey: string;
  /** IANA zone every time is written in, with its offset. */
  zone: string;
  start: number;
  onset: number;
  end: number;
  sections: PostmortemSection[];
  timeline: TimelineEntry[];
  evidence: PostmortemEvidence[];
  impact: Impact;
  charts: ChartPick[];
  /** The incident's fingerprint (for the knowledge base and "similar incidents"). */
  fingerprint: string[];
}

/** One saved postmortem in the knowledge base. */
export interface KnowledgeEntry {
  /** `<workspace path>#<postmortem id>`: unique across workspaces. */
  id: string;
  workspace: string;
  postmortemId: number;
  incidentKey: string;
  title: string;
  onset: number;
  fingerprint: string[];
  /** The document as plain text (sections and timeline). */
  text: string;
  /** What was done then: the resolution and the action items, one line each. */
  resolution: string;
  updatedAt: number;
}
