/**
 * AWS CloudWatch `aws cloudwatch get-metric-data` output: `MetricDataResults[]` with `Id`,
 * `Label`, parallel `Timestamps` (ISO 8601) and `Values`, `StatusCode`. Results may be newest first
 * (the default ScanBy), and a file may hold several pages concatenated (`}{` or `}\n{`): results
 * with the same Id and Label are one series. Reference:
 * https://docs.aws.amazon.com/AmazonCloudWatch/latest/APIReference/API_GetMetricData.html
 *
 * Series name: the Label (else the Id), label `id` = the query Id. A result with StatusCode other
 * than Complete, and a last page that still has a NextToken, are reported as notes.
 */
import { parseIsoTime } from '../../time';
import type { FormatReader, IngestRecord, Labels, Sniff } from '../../types';
import { badLine, type MetricReadContext, note } from './context';
import { readJsonSamples, SampleHandler } from './json-parser';
import { COLLECT, DESCEND, type Decision, type JsonValue, type PathKey, SKIP, type WalkHandler } from './json-walker';
import { jsonObjectHead, safeDetect } from './sniff';

const FIELDS = new Set(['Id', 'Label', 'Timestamps', 'Values', 'StatusCode', 'Messages']);

function timeOf(t: JsonValue): number {
  if (typeof t === 'string') return parseIsoTime(t);
  if (typeof t === 'number') return t < 1e11 ? Math.round(t * 1000) : Math.round(t);
  return Number.NaN;
}

class CloudWatchHandler extends SampleHandler implements WalkHandler {
  private r: Record<string, JsonValue> = {};
  private startLine = 1;
  private nextToken = false;
  private pages = 0;

  select(p: readonly PathKey[]): Decision {
    switch (p.length) {
      case 0:
        return DESCEND;
      case 1:
        if (p[0] === 'MetricDataResults') return DESCEND;
        return p[0] === 'NextToken' || p[0] === 'Messages' ? COLLECT : SKIP;
      case 2:
        return p[0] === 'MetricDataResults' ? DESCEND : SKIP;
      case 3:
        return p[0] === 'MetricDataResults' && FIELDS.has(String(p[2])) ? COLLECT : SKIP;
      default:
        return SKIP;
    }
  }

  enter(p: readonly PathKey[], isArray: boolean): void {
    if (p.length === 0) {
      this.pages++;
      this.nextToken = false;
    } else if (p.length === 2 && p[0] === 'MetricDataResults') {
      this.r = {};
      this.startLine = this.line();
      if (isArray) badLine(this.ctx, this.line(), 'a result object {"Id",…}', 'an array');
    }
  }

  leave(p: readonly PathKey[]): void {
    if (p.length === 2 && p[0] === 'MetricDataResults') this.finish();
  }

  value(p: readonly PathKey[], v: JsonValue): void {
    if (p.length === 1) {
      if (p[0] === 'NextToken') this.nextToken = typeof v === 'string' && v !== '';
      else if (Array.isArray(v)) for (const m of v) note(this.ctx, `CloudWatch message: ${JSON.stringify(m)}`);
      return;
    }
    if (p.length === 3) this.r[String(p[2])] = v;
  }

  /** Called once the whole file is read. */
  done(): void {
    if (this.nextToken) {
      note(this.ctx, `the last page (of ${this.pages}) has a NextToken: more data was available than the file holds`);
    }
  }

  private finish(): void {
    const r = this.r;
    const id = typeof r.Id === 'string' ? r.Id : '';
    const label = typeof r.Label === 'string' ? r.Label : '';
    const ts = r.Timestamps;
    const vals = r.Values;
    if (id === '' && label === '') {
      badLine(this.ctx, this.startLine, 'a result with an "Id" or "Label"', JSON.stringify(r).slice(0, 80));
      return;
    }
    if (!Array.isArray(ts) || !Array.isArray(vals) || ts.length !== vals.length) {
      badLine(
        this.ctx,
        this.startLine,
        `result "${id}": "Timestamps" and "Values" arrays of the same length`,
        `${Array.isArray(ts) ? ts.length : 'no'} timestamps, ${Array.isArray(vals) ? vals.length : 'no'} values`,
      );
      return;
    }
    const status = typeof r.StatusCode === 'string' ? r.StatusCode : 'Complete';
    if (status !== 'Complete') {
      const msgs = Array.isArray(r.Messages) && r.Messages.length > 0 ? `: ${JSON.stringify(r.Messages)}` : '';
      note(this.ctx, `result "${id}" (${label}) has StatusCode ${status}${msgs}`);
    }
    const name = label || id;
    const labels: Labels = id ? { id } : {};
    const buf = this.sink.get(`${id}\u0000${label}`, () => ({ name, labels }));
    // Newest first (ScanBy TimestampDescending) is written oldest first.
    const n = ts.length;
    const times = ts.map(timeOf);
    const desc = n > 1 && times[0] > times[n - 1];
    for (let k = 0; k < n; k++) {
      const i = desc ? n - 1 - k : k;
      const t = times[i];
      const x = vals[i];
      if (Number.isNaN(t) || typeof x !== 'number') {
        badLine(
          this.ctx,
          this.startLine,
          `result "${id}" point ${i}: an ISO 8601 timestamp and a number`,
          `${JSON.stringify(ts[i])}, ${JSON.stringify(x)}`,
        );
        continue;
      }
      buf.push(t, x);
    }
  }
}

export const cloudWatchReader: FormatReader = {
  id: 'cloudwatch-get-metric-data',
  kind: 'metrics',
  title: 'AWS CloudWatch get-metric-data JSON',
  detect(sniff: Sniff): number {
    return safeDetect(() => (/"MetricDataResults"\s*:/.test(jsonObjectHead(sniff)) ? 0.95 : 0));
  },
  read(open: () => NodeJS.ReadableStream, ctx: MetricReadContext): AsyncIterable<IngestRecord[]> {
    return readJsonSamples(open, ctx, CloudWatchHandler, (handler) => handler.done());
  },
};
