/**
 * A postmortem drafted from an incident, in the Google SRE book's template (Beyer et al., "Site
 * Reliability Engineering", 2016, ch. 15 and appendix D): summary, impact, root causes, trigger,
 * detection, resolution, action items, lessons learnt and a timeline, each plain Markdown a person
 * edits. Every claim cites the stored signal it rests on as `[E<n>]` (the evidence list). Times are
 * written in the chosen IANA zone with the offset spelled out ("14:02 CEST (UTC+02:00)"). Nothing is
 * made up: a figure the data cannot give is said to be not measurable. Pure; O(evidence · log evidence).
 */
import { zonedTime } from '../../base/zones';
import { duration, metricName, value } from '../incidents/format';
import type { Evidence, Incident, RankedChange } from '../incidents/types';
import {
  SECTION_IDS,
  SECTION_TITLES,
  type ChartPick,
  type Impact,
  type PostmortemDoc,
  type PostmortemEvidence,
  type PostmortemNote,
  type SectionId,
  type TimelineEntry,
} from './types';

/** Log patterns listed under the root causes at most. */
const LOG_PATTERNS = 6;

export interface DraftInput {
  incident: Incident;
  impact: Impact;
  zone: string;
  /** A person's notes on the incident's range (annotations), carried into the timeline. */
  notes?: readonly PostmortemNote[];
  /** Recommended fixes (plain sentences) to seed the action items with. */
  fixes?: readonly string[];
  /** Series offered for the charts, best first (the draft picks the first two). */
  charts?: readonly ChartPick[];
}

/** The evidence list under construction: each stored signal once, numbered in time order at the end. */
class EvidenceList {
  private readonly items: Omit<PostmortemEvidence, 'n'>[] = [];
  private readonly keys = new Map<string, number>();

  /** Adds an item (once: by kind and ref, or kind, time and text) and answers its index. */
  add(e: Omit<PostmortemEvidence, 'n'>): number {
    const key = e.ref !== null ? `${e.kind}:${e.ref}` : `${e.kind}:${e.ts}:${e.text}`;
    const known = this.keys.get(key);
    if (known !== undefined) return known;
    this.items.push(e);
    this.keys.set(key, this.items.length - 1);
    return this.items.length - 1;
  }

  /** The items numbered 1.. in time order, and each index's number. */
  numbered(): { list: PostmortemEvidence[]; numberOf: (index: number) => number } {
    const order = this.items.map((_, i) => i).sort((a, b) => this.items[a].ts - this.items[b].ts || a - b);
    const numbers = new Map(order.map((index, rank) => [index, rank + 1]));
    return { list: order.map((index) => ({ ...this.items[index], n: numbers.get(index) ?? 0 })), numberOf: (index) => numbers.get(index) ?? 0 };
  }
}

/**
 * An investigation text (written in UTC by core/analysis/incidents/format.ts: "at 15:17", "Mar 6 15:18
 * UTC") with its clock times written in `zone` instead: each `HH:MM` is read as the UTC time of day
 * nearest `nearTs` (the signal's own time) and rewritten with the zone's offset. Unchanged in UTC.
 * @example rezoneClocks('first abnormal at 15:18', Date.UTC(2026, 2, 6, 15, 18), 'Europe/Berlin') // 'first abnormal at 16:18 CET (UTC+01:00)'
 */
export function rezoneClocks(text: string, nearTs: number, zone: string): string {
  if (zone === 'UTC' || !Number.isFinite(nearTs)) return text;
  const day = 86_400_000;
  return text.replace(/(?<![\d.:])\b(?:(Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec) \d{1,2} )?([01]\d|2[0-3]):([0-5]\d)(?: UTC)?(?!\d|:\d)/g, (whole, month: string | undefined, hh: string, mm: string) => {
    const midnight = Math.floor(nearTs / day) * day;
    const candidates = [-day, 0, day].map((d) => midnight + d + Number(hh) * 3_600_000 + Number(mm) * 60_000);
    const instant = candidates.reduce((a, b) => (Math.abs(b - nearTs) < Math.abs(a - nearTs) ? b : a));
    if (Math.abs(instant - nearTs) > day / 2) return whole;
    return zonedTime(instant, zone, { clock: !month });
  });
}

/** `[E3]`, `[E3, E5]` for evidence numbers, '' for none. */
export function cite(numbers: readonly number[]): string {
  const sorted = [...new Set(numbers)].filter((n) => n > 0).sort((a, b) => a - b);
  return sorted.length ? ` [${sorted.map((n) => `E${n}`).join(', ')}]` : '';
}

/** `the deploy "Release 2.18.0" on inventory`. */
function changeWords(c: RankedChange): string {
  return `the ${c.kind} "${c.title}"${c.service ? ` on ${c.service}` : ''}`;
}

/** A number with thin thousands separators: 12 345. */
function count(n: number): string {
  return Math.round(n).toLocaleString('en-US').replace(/,/g, ' ');
}

/** A share as a percentage with up to 3 significant digits: 0.0123 → '1.23 %'. */
export function percent(share: number): string {
  const p = share * 100;
  return `${p >= 100 ? Math.round(p) : Number(p.toPrecision(3))} %`;
}

/** The impact as Markdown bullets (see Impact). */
export function impactText(impact: Impact, onset: number, end: number, zone: string, blastRadius: number, services: readonly string[]): string {
  const lines = [`- **Duration:** ${duration(impact.durationMs)} (onset ${zonedTime(onset, zone)} → recovery ${zonedTime(end, zone)}).`];
  lines.push(`- **Services affected:** ${services.length} (${services.join(', ')}); blast radius ${percent(blastRadius)} of edge traffic.`);
  if (impact.failedRequests === null) lines.push('- **Affected requests:** not measurable from this dump (no error or failed-request series for the affected services).');
  else {
    const of = impact.totalRequests ? ` of ${count(impact.totalRequests)} (${percent(impact.failedRequests / impact.totalRequests)})` : '';
    lines.push(`- **Affected requests:** ${count(impact.failedRequests)} failed${of}, counted on ${impact.countedServices.join(', ')}.`);
  }
  const slo = `${Number((impact.slo.target * 100).toFixed(4))} % over ${impact.slo.windowDays} days`;
  lines.push(
    impact.budgetBurnt === null
      ? `- **Error budget burnt (SLO ${slo}):** not measurable from this dump.`
      : `- **Error budget burnt (SLO ${slo}):** ${percent(impact.budgetBurnt)} of the budget (${impact.budgetBasis}).`,
  );
  const p = impact.peakLatency;
  lines.push(p ? `- **Peak latency:** ${value(p.metric, p.value)} (${metricName(p.metric)} of ${p.service} at ${zonedTime(p.ts, zone, { clock: true })}).` : '- **Peak latency:** not measurable from this dump.');
  const e = impact.peakErrorRate;
  lines.push(e ? `- **Peak error rate:** ${percent(e.value)} of requests (${e.service} at ${zonedTime(e.ts, zone, { clock: true })}).` : '- **Peak error rate:** not measurable from this dump.');
  return lines.join('\n');
}

/** The incident's log patterns (at most LOG_PATTERNS), each once, as a paragraph and list after the causes. */
function logPatternsText(inc: Incident): string {
  const seen = new Set<string>();
  const lines: string[] = [];
  for (const p of inc.logPatterns) {
    const key = `${p.service}\u0000${p.template}`;
    if (!p.template.trim() || seen.has(key) || lines.length >= LOG_PATTERNS) continue;
    seen.add(key);
    lines.push(`- ${p.kind} on ${p.service ?? 'no service'}: \`${p.template.replace(/`/g, "'")}\``);
  }
  return lines.length ? `\n\nLog patterns in the incident:\n\n${lines.join('\n')}` : '';
}

/** The first symptom: the earliest cause evidence that is a measured signal (not a change, not topology). */
function firstSymptom(i: Incident): Evidence | undefined {
  return i.rootCauses
    .flatMap((c) => c.evidence)
    .filter((e) => e.kind !== 'change' && e.kind !== 'topology' && Number.isFinite(e.ts))
    .sort((a, b) => a.ts - b.ts)[0];
}

/**
 * The draft (see the file's header).
 * @example draftPostmortem({ incident, impact, zone: 'Europe/Berlin' }).sections[0].text // 'At Mar 6 15:18 UTC errors of inventory rose …'
 */
export function draftPostmortem(input: DraftInput): PostmortemDoc {
  const { incident: inc, impact, zone } = input;
  const at = (ms: number): string => zonedTime(ms, zone);
  const evidence = new EvidenceList();
  const local = (text: string, ts: number): string => rezoneClocks(text, ts, zone);
  const fromSignal = (e: Evidence): number => evidence.add({ kind: e.kind, ref: e.ref, service: e.service, ts: e.ts, text: local(e.text, e.ts) });
  const changeEvidence = (c: RankedChange, what: string): number =>
    evidence.add({ kind: 'change', ref: c.id, service: c.service, ts: c.time, text: `${what}: ${c.title}${c.service ? ` on ${c.service}` : ''}${c.reasons.length ? ` (${c.reasons.join('; ')})` : ''}` });

  // Timeline lines keep evidence indexes until the list is numbered.
  const lines: (Omit<TimelineEntry, 'evidence'> & { refs: number[] })[] = [];
  const [likely, ...otherChanges] = inc.changes;
  if (likely) lines.push({ ts: likely.time, kind: 'change', text: `Likely trigger: ${changeWords(likely)} (the best-ranked change).`, refs: [changeEvidence(likely, likely.kind)] });
  for (const c of otherChanges) lines.push({ ts: c.time, kind: 'change', text: `Change: ${changeWords(c)}.`, refs: [changeEvidence(c, c.kind)] });
  const symptom = firstSymptom(inc);
  if (symptom) lines.push({ ts: symptom.ts, kind: 'symptom', text: `First symptom: ${local(symptom.text, symptom.ts)}${symptom.service && !symptom.text.includes(symptom.service) ? ` (${symptom.service})` : ''}.`, refs: [fromSignal(symptom)] });
  const root = inc.rootCauses[0]?.service ?? inc.services[0];
  lines.push({
    ts: inc.onset,
    kind: 'onset',
    text: `Onset: ${root ?? 'the first service'} went abnormal; ${inc.services.length} service(s) affected in all (${inc.services.join(', ')}).`,
    refs: inc.rootCauses[0]?.evidence.filter((e) => e.kind === 'anomaly').map(fromSignal) ?? [],
  });
  // Alerts grouped by name: the first firing, where, and how often.
  const byName = new Map<string, Incident['alerts']>();
  for (const a of inc.alerts) byName.set(a.name, [...(byName.get(a.name) ?? []), a]);
  for (const [name, group] of byName) {
    const first = group.reduce((a, b) => (b.startsAt < a.startsAt ? b : a));
    const firings = group.reduce((n, a) => n + a.count, 0);
    const services = [...new Set(group.map((a) => a.service ?? 'no service'))];
    const refs = group.map((a) => evidence.add({ kind: 'alert', ref: null, service: a.service, ts: a.startsAt, text: `alert ${a.name} fired${a.service ? ` for ${a.service}` : ''}${a.count > 1 ? ` (${a.count} firings)` : ''}` }));
    lines.push({ ts: first.startsAt, kind: 'alert', text: `Alert ${name} first fired (${services.join(', ')}; ${firings} firing${firings === 1 ? '' : 's'}).`, refs });
  }
  for (const m of inc.mitigations) lines.push({ ts: m.time, kind: 'mitigation', text: `Mitigation: ${changeWords(m)}.`, refs: [changeEvidence(m, `mitigation (${m.kind})`)] });
  lines.push({ ts: inc.end, kind: 'recovery', text: 'Recovery: the affected signals were back within their normal range (the end of the incident).', refs: [] });
  for (const note of input.notes ?? []) {
    const who = note.author ? ` (${note.author})` : '';
    const ref = evidence.add({ kind: 'note', ref: null, service: null, ts: note.ts, text: `note${who}: ${note.text}` });
    lines.push({ ts: note.ts, kind: 'note', text: `Note${who}: ${note.text}`, refs: [ref], starred: note.starred, tags: note.tags, author: note.author });
  }

  // Sections cite evidence the same way; the causes' own evidence joins the list here.
  const causes = inc.rootCauses.slice(0, 3).map((c, rank) => {
    const refs = c.evidence.slice(0, 5).map((e) => ({ e, index: fromSignal(e) }));
    return { c, rank, refs };
  });
  const detectionAlert = [...inc.alerts].sort((a, b) => a.startsAt - b.startsAt)[0];
  // Sections cite evidence indexes as markers until every item is in and the list is numbered.
  const citeIdx = (indexes: readonly number[]): string => (indexes.length ? `{{cite:${indexes.join(',')}}}` : '');
  const alertIndex = (a: Incident['alerts'][number]): number =>
    evidence.add({ kind: 'alert', ref: null, service: a.service, ts: a.startsAt, text: `alert ${a.name} fired${a.service ? ` for ${a.service}` : ''}${a.count > 1 ? ` (${a.count} firings)` : ''}` });

  const text: Record<SectionId, string> = {
    summary: `${local(inc.summary, inc.onset)}\n\nSeverity ${inc.severity}; classified as ${inc.kind.replace(/-/g, ' ')} (probability ${percent(inc.kindProbability)}); ${inc.services.length} service(s) affected from ${at(inc.onset)} to ${at(inc.end)}.`,
    impact: impactText(impact, inc.onset, inc.end, zone, inc.blastRadius, inc.services),
    'root-causes': (causes.length
      ? causes
          .map(({ c, rank, refs }) => [`${rank + 1}. **${c.service}** (score ${c.score.toFixed(2)})`, ...refs.map(({ e, index }) => `   - ${local(e.text, e.ts)}${citeIdx([index])}`)].join('\n'))
          .join('\n')
      : 'No cause was ranked from the data; write what the team found.') + logPatternsText(inc),
    trigger: likely
      ? `${changeWords(likely)[0].toUpperCase()}${changeWords(likely).slice(1)} at ${at(likely.time)}${likely.reasons.length ? `: ${likely.reasons.join('; ')}` : ''}.${citeIdx([changeEvidence(likely, likely.kind)])}`
      : 'No recorded change (deploy, config change, feature flag) explains the incident.',
    detection: detectionAlert
      ? `Alert ${detectionAlert.name}${detectionAlert.service ? ` (${detectionAlert.service})` : ''} fired at ${at(detectionAlert.startsAt)}, ${duration(detectionAlert.startsAt - inc.onset)} ${detectionAlert.startsAt >= inc.onset ? 'after' : 'before'} the onset.${citeIdx([alertIndex(detectionAlert)])}`
      : `No alert fired for this incident; it was found in the data afterwards (onset ${at(inc.onset)}).`,
    resolution: inc.mitigations.length
      ? inc.mitigations.map((m) => `- ${changeWords(m)[0].toUpperCase()}${changeWords(m).slice(1)} at ${at(m.time)}, ${duration(m.time - inc.onset)} after the onset.${citeIdx([changeEvidence(m, `mitigation (${m.kind})`)])}`).join('\n') +
        `\n- The affected signals were back to normal at ${at(inc.end)}.`
      : `No rollback or revert was recorded; the affected signals were back to normal at ${at(inc.end)}.`,
    'action-items': actionItems(inc, input.fixes ?? [], detectionAlert?.startsAt ?? null),
    'went-well': [
      detectionAlert && detectionAlert.startsAt - inc.onset <= 15 * 60_000 ? `- Alert ${detectionAlert.name} fired within ${duration(Math.max(0, detectionAlert.startsAt - inc.onset))} of the onset.` : '',
      inc.mitigations[0] ? `- ${changeWords(inc.mitigations[0])[0].toUpperCase()}${changeWords(inc.mitigations[0]).slice(1)} ended it.` : '',
      '- _(add what went well)_',
    ].filter(Boolean).join('\n'),
    'went-wrong': [
      !detectionAlert ? '- No alert fired.' : detectionAlert.startsAt - inc.onset > 15 * 60_000 ? `- Detection took ${duration(detectionAlert.startsAt - inc.onset)}.` : '',
      inc.services.length > 1 ? `- The failure spread to ${inc.services.length - 1} other service(s).` : '',
      inc.mitigations[0] ? `- Mitigation came ${duration(inc.mitigations[0].time - inc.onset)} after the onset.` : '',
      '- _(add what went wrong)_',
    ].filter(Boolean).join('\n'),
    lucky: '- _(add where the team got lucky)_',
  };
  const { list, numberOf } = evidence.numbered();
  const renumber = (section: string): string => section.replace(/\{\{cite:([\d,]+)\}\}/g, (_, indexes: string) => cite(indexes.split(',').map((i) => numberOf(Number(i)))));
  return {
    title: `Postmortem: ${inc.kind.replace(/-/g, ' ')} on ${root ?? 'unknown service'}, ${at(inc.onset)}`,
    status: 'draft',
    incidentKey: inc.id,
    zone,
    start: inc.start,
    onset: inc.onset,
    end: inc.end,
    sections: SECTION_IDS.map((id) => ({ id, title: SECTION_TITLES[id], text: renumber(text[id]) })),
    timeline: lines
      .sort((a, b) => a.ts - b.ts)
      .map(({ refs, ...line }) => ({ ...line, evidence: [...new Set(refs.map(numberOf))].sort((a, b) => a - b) })),
    evidence: list,
    impact,
    charts: (input.charts ?? []).slice(0, 2),
    fingerprint: inc.fingerprint,
  };
}

/**
 * Action items as a Markdown task list: the recommended fixes first (when given), then what the data
 * points at: a check on the change that triggered it, an alert where none fired or it fired late, and
 * the spread to other services.
 */
export function actionItems(inc: Incident, fixes: readonly string[], detectedAt: number | null): string {
  const items = fixes.map((f) => f.trim()).filter(Boolean);
  const likely = inc.changes[0];
  const root = inc.rootCauses[0];
  if (likely) items.push(`Review ${changeWords(likely)} and add a check that would have stopped it before production.`);
  const metric = root?.metrics[0]?.metric;
  if (detectedAt === null) items.push(`Add an alert${metric && root ? ` on ${metricName(metric)} of ${root.service}` : ''}: none fired for this incident.`);
  else if (detectedAt - inc.onset > 15 * 60_000) items.push(`Alert earlier${metric && root ? ` on ${metricName(metric)} of ${root.service}` : ''}: the first alert came ${duration(detectedAt - inc.onset)} after the onset.`);
  if (inc.services.length > 2 && root) items.push(`Limit how far a failure of ${root.service} spreads (timeouts, circuit breakers): ${inc.services.length - 1} other services were affected.`);
  if (!items.length) items.push('_(add action items)_');
  return items.map((item) => `- [ ] ${item} (owner: _?_, due: _?_)`).join('\n');
}
