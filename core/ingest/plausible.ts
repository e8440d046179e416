/**
 * Plausible times: rows dated 1970 or 2200, or far from everything else in the workspace, are kept out of an
 * import (counted as rejected, each named), unless the person asks to keep them. One stray row years away
 * from the rest would otherwise stretch every time axis and every analysis over the gap.
 *
 * Two checks, both here and nowhere else:
 * - **the window**: a time must lie in [PLAUSIBLE_FROM, now + PLAUSIBLE_AHEAD_MS];
 * - **the others**: against the span R of the data already in the workspace (earlier sources, earlier files
 *   of the same import), a row is *far* when it lies outside R by more than max(FAR_FACTOR × |R|, FAR_MIN_MS).
 *   Far rows are held back while the source is read. If they stay few — at most FAR_MAX_HELD, and fewer than
 *   the rows in R, so the rest of the data outnumbers them — they are outliers and kept out. If more arrive,
 *   they are a bulk of their own (an export of another period) and all land.
 *
 * What this cannot see: a stray row in the very first source of a workspace that is still inside the window
 * (there is nothing to compare it with yet). Analysis copes with it anyway: its memory follows the data, not
 * the span (see analyse.ts, sparseBucketAxis in core/analysis/logs/patterns.ts).
 */
import type { SourceRow } from '../store/statements';
import type { LogInput } from '../store/workspace';
import type { BatchRecord, BatchSamples, SourceBatch } from './worker-reader';

/** Earliest plausible time: 2000-01-01T00:00:00Z. */
export const PLAUSIBLE_FROM = Date.UTC(2000, 0, 1);
/** Latest plausible time, past the import's clock: one year. */
export const PLAUSIBLE_AHEAD_MS = 366 * 86_400_000;
/** A row is far when outside the others' span by more than this many times its length … */
export const FAR_FACTOR = 10;
/** … and by more than this (a short workspace still takes, say, the deploys of the weeks before it). */
export const FAR_MIN_MS = 90 * 86_400_000;
/** Far rows held back per source at most; past this they are a bulk of their own. */
export const FAR_MAX_HELD = 10_000;

/** The data already in the workspace: its time span and how many rows lie in it. */
export interface Reference {
  first: number;
  last: number;
  rows: number;
}

/** The span and rows of the sources that hold rows; null when there are none. */
export function referenceOf(sources: readonly SourceRow[]): Reference | null {
  let first = Infinity;
  let last = -Infinity;
  let rows = 0;
  for (const s of sources) {
    if (s.first_ts === null || s.last_ts === null || s.rows_accepted === 0) continue;
    first = Math.min(first, s.first_ts);
    last = Math.max(last, s.last_ts);
    rows += s.rows_accepted;
  }
  return rows ? { first, last, rows } : null;
}

/** Where a time stands: fine, outside the window, or far from the reference. */
export type Verdict = 'ok' | 'window' | 'far';

const iso = (t: number): string => (Number.isFinite(t) && Math.abs(t) < 8.64e15 ? new Date(t).toISOString() : String(t));

/** Judges times against the window and the reference; pure, O(1) a time. */
export class TimeJudge {
  readonly until: number;
  private readonly lo: number;
  private readonly hi: number;

  constructor(
    readonly nowMs: number,
    readonly reference: Reference | null,
  ) {
    this.until = nowMs + PLAUSIBLE_AHEAD_MS;
    if (reference) {
      const slack = Math.max(FAR_FACTOR * (reference.last - reference.first), FAR_MIN_MS);
      this.lo = reference.first - slack;
      this.hi = reference.last + slack;
    } else {
      this.lo = -Infinity;
      this.hi = Infinity;
    }
  }

  judge(t: number): Verdict {
    if (!(t >= PLAUSIBLE_FROM && t <= this.until)) return 'window';
    return t < this.lo || t > this.hi ? 'far' : 'ok';
  }

  /** Why a time was kept out, in words. */
  reason(t: number, verdict: Exclude<Verdict, 'ok'>): string {
    if (verdict === 'window') return `time ${iso(t)} outside the plausible window ${iso(PLAUSIBLE_FROM).slice(0, 10)} .. ${iso(this.until).slice(0, 10)}`;
    const r = this.reference as Reference;
    return `time ${iso(t)} far from the rest of the data (${iso(r.first)} .. ${iso(r.last)})`;
  }
}

/** One row kept out: where it was (file:line when known) and why. */
export type RejectRow = (where: string, why: string) => void;

/** A row held back as far, ready to land if far rows turn out to be many. */
type Held = { kind: 'log'; row: LogInput } | { kind: 'record'; record: BatchRecord; ts: number; value?: number };

/**
 * The batches of one source with implausible rows kept out (see the module comment); `reject` hears of each
 * one (`where` is `file:line` for log rows and events with a line, else the series or event). With `keep`,
 * the batches pass unchanged. Memory: at most FAR_MAX_HELD held rows.
 */
export async function* plausibleBatches(
  batches: AsyncIterable<SourceBatch>,
  judge: TimeJudge,
  file: string,
  reject: RejectRow,
): AsyncGenerator<SourceBatch> {
  let held: Held[] | null = [];
  const hold = (h: Held): boolean => {
    if (held === null) return false;
    held.push(h);
    return true;
  };
  const release = (): SourceBatch => {
    const out: SourceBatch = { records: [], logs: [] };
    for (const h of held ?? []) {
      if (h.kind === 'log') out.logs.push(h.row);
      else if (h.record.kind === 'samples') out.records.push({ ...h.record, ts: [h.ts], values: [h.value as number] });
      else out.records.push(h.record);
    }
    held = null;
    return out;
  };
  for await (const batch of batches) {
    const records: BatchRecord[] = [];
    for (const rec of batch.records) {
      if (rec.kind === 'samples') {
        const kept = keptSamples(rec, judge, file, reject, hold);
        if (kept) records.push(kept);
      } else if (rec.kind === 'event') {
        const v = judge.judge(rec.ts);
        if (v === 'ok' || (v === 'far' && !hold({ kind: 'record', record: rec, ts: rec.ts }))) records.push(rec);
        else if (v === 'window') reject(eventWhere(file, rec), judge.reason(rec.ts, v));
      } else records.push(rec);
    }
    const logs: LogInput[] = [];
    for (const row of batch.logs) {
      const v = judge.judge(row.ts);
      if (v === 'ok' || (v === 'far' && !hold({ kind: 'log', row }))) logs.push(row);
      else if (v === 'window') reject(`${file}:${row.line}`, judge.reason(row.ts, v));
    }
    if (held && held.length > Math.min(FAR_MAX_HELD, (judge.reference?.rows ?? 1) - 1)) {
      const out = release();
      records.push(...out.records);
      logs.push(...out.logs);
    }
    yield { records, logs };
  }
  for (const h of held ?? []) {
    if (h.kind === 'log') reject(`${file}:${h.row.line}`, judge.reason(h.row.ts, 'far'));
    else if (h.record.kind === 'samples') reject(`${file}: ${seriesWhere(h.record)}`, judge.reason(h.ts, 'far'));
    else if (h.record.kind === 'event') reject(eventWhere(file, h.record), judge.reason(h.ts, 'far'));
  }
}

function eventWhere(file: string, rec: Extract<BatchRecord, { kind: 'event' }>): string {
  return rec.line ? `${file}:${rec.line}` : `${file}: event "${rec.title.slice(0, 60)}"`;
}

function seriesWhere(rec: BatchSamples): string {
  const labels = Object.entries(rec.labels)
    .map(([k, v]) => `${k}="${v}"`)
    .join(',');
  return `series ${rec.name}{${labels}}`;
}

/** The samples of `rec` that are plausible (or undefined when none is); the others are rejected or held. */
function keptSamples(rec: BatchSamples, judge: TimeJudge, file: string, reject: RejectRow, hold: (h: Held) => boolean): BatchSamples | undefined {
  const n = rec.ts.length;
  let bad = 0;
  for (let i = 0; i < n; i++) if (judge.judge(rec.ts[i]) !== 'ok') bad++;
  if (bad === 0) return rec;
  const ts: number[] = [];
  const values: number[] = [];
  for (let i = 0; i < n; i++) {
    const t = rec.ts[i];
    const v = judge.judge(t);
    if (v === 'ok' || (v === 'far' && !hold({ kind: 'record', record: rec, ts: t, value: rec.values[i] }))) {
      ts.push(t);
      values.push(rec.values[i]);
    } else if (v === 'window') reject(`${file}: ${seriesWhere(rec)}`, judge.reason(t, v));
  }
  return ts.length ? { ...rec, ts, values } : undefined;
}

/** The import summary's sentence for rows kept out, or undefined when none was. */
export function plausibleNotice(rejected: number): string | undefined {
  if (!rejected) return undefined;
  return `${rejected} row(s) with implausible times kept out (listed with file and line); import with --keep-implausible-times to keep them`;
}
