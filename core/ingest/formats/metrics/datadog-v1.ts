/**
 * Datadog metrics query API v1 (`GET /api/v1/query`): `series[]` with `metric`, `scope`
 * ("host:a,env:prod" -> labels), `unit` ([unit, per_unit]) and `pointlist` [[ms, value|null]].
 * Reference: https://docs.datadoghq.com/api/latest/metrics/#query-timeseries-points
 *
 * Streams the file; each series' points are held until the series object ends (its unit may come
 * after its points), which Datadog's per-query point limit keeps small. A null value is no point.
 * `"status":"error"` / `errors` are reported as a ParseError.
 */
import type { FormatReader, IngestRecord, Labels, Sniff } from '../../types';
import { badLine, type MetricReadContext } from './context';
import { readJsonSamples, SampleHandler } from './json-parser';
import { COLLECT, DESCEND, type Decision, type JsonValue, type PathKey, SKIP, type WalkHandler } from './json-walker';
import { jsonObjectHead, nameFromFile, safeDetect } from './sniff';

/** Datadog tags ("host:a", "env:prod", "production") to labels; '*' is no tag. */
export function tagsToLabels(tags: readonly string[]): Labels {
  const labels: Labels = {};
  for (const raw of tags) {
    const t = raw.trim();
    if (t === '' || t === '*') continue;
    const i = t.indexOf(':');
    if (i < 0) labels[t] = '';
    else labels[t.slice(0, i)] = t.slice(i + 1);
  }
  return labels;
}

/** Datadog's `unit` pair ([{short_name,name}, per_unit|null]) to 'ms', 'B/s', …; undefined when none. */
export function datadogUnit(v: JsonValue | undefined): string | undefined {
  if (!Array.isArray(v)) return undefined;
  const nameOf = (u: JsonValue | undefined): string | undefined => {
    if (!u || typeof u !== 'object' || Array.isArray(u)) return undefined;
    const s = u.short_name ?? u.name;
    return typeof s === 'string' && s !== '' ? s : undefined;
  };
  const a = nameOf(v[0]);
  const b = nameOf(v[1]);
  if (a === undefined) return undefined;
  return b === undefined ? a : `${a}/${b}`;
}

class DatadogV1Handler extends SampleHandler implements WalkHandler {
  private meta: Record<string, JsonValue> = {};
  private ts: number[] = [];
  private values: number[] = [];
  private status: string | undefined;
  private error = '';
  private errorLine = 1;

  select(p: readonly PathKey[]): Decision {
    switch (p.length) {
      case 0:
        return DESCEND;
      case 1:
        if (p[0] === 'series') return DESCEND;
        return p[0] === 'status' || p[0] === 'error' || p[0] === 'errors' ? COLLECT : SKIP;
      case 2:
        return p[0] === 'series' ? DESCEND : SKIP;
      case 3:
        if (p[0] !== 'series') return SKIP;
        return p[2] === 'pointlist' ? DESCEND : COLLECT;
      case 4:
        return p[0] === 'series' && p[2] === 'pointlist' ? COLLECT : SKIP;
      default:
        return SKIP;
    }
  }

  enter(p: readonly PathKey[], isArray: boolean): void {
    if (p.length === 2 && p[0] === 'series') {
      this.meta = {};
      this.ts = [];
      this.values = [];
      if (isArray) badLine(this.ctx, this.line(), 'a series object', 'an array');
    }
  }

  leave(p: readonly PathKey[]): void {
    if (p.length === 2 && p[0] === 'series') this.finishSeries();
    else if (p.length === 0 && (this.status === 'error' || this.error !== '')) {
      badLine(this.ctx, this.errorLine, 'a successful Datadog query result', this.error || 'status "error"');
      this.status = undefined;
      this.error = '';
    }
  }

  value(p: readonly PathKey[], v: JsonValue): void {
    if (p.length === 1) {
      if (p[0] === 'status') this.status = String(v);
      else if (p[0] === 'error' && v) this.error = String(v);
      else if (p[0] === 'errors' && Array.isArray(v) && v.length > 0) this.error = v.map(String).join('; ');
      if (p[0] !== 'status' || v === 'error') this.errorLine = this.line();
      return;
    }
    if (p.length === 3) {
      this.meta[String(p[2])] = v;
      return;
    }
    if (p.length === 4) {
      if (Array.isArray(v) && v.length >= 2 && typeof v[0] === 'number' && (typeof v[1] === 'number' || v[1] === null)) {
        if (v[1] !== null) {
          this.ts.push(Math.round(v[0]));
          this.values.push(v[1]);
        }
      } else {
        badLine(this.ctx, this.line(), 'a point [<ms>, <value or null>]', JSON.stringify(v));
      }
    }
  }

  private finishSeries(): void {
    const m = this.meta;
    const str = (k: string): string | undefined => (typeof m[k] === 'string' && m[k] !== '' ? (m[k] as string) : undefined);
    const name = str('metric') ?? str('display_name') ?? str('expression') ?? nameFromFile(this.ctx.file);
    const scope = str('scope');
    const tags = scope !== undefined ? scope.split(',') : Array.isArray(m.tag_set) ? m.tag_set.map(String) : [];
    const labels = tagsToLabels(tags);
    const unit = datadogUnit(m.unit);
    const buf = this.sink.get(`${name}\u0000${JSON.stringify(labels)}`, () => ({ name, labels, unit }));
    for (let i = 0; i < this.ts.length; i++) buf.push(this.ts[i], this.values[i]);
    this.ts = [];
    this.values = [];
  }
}

export const datadogV1Reader: FormatReader = {
  id: 'datadog-v1-query',
  kind: 'metrics',
  title: 'Datadog API v1 query (series / pointlist JSON)',
  detect(sniff: Sniff): number {
    return safeDetect(() => {
      const h = jsonObjectHead(sniff);
      if (!h) return 0;
      if (/"pointlist"\s*:\s*\[/.test(h)) return 0.95;
      if (/"res_type"\s*:\s*"time_series"/.test(h)) return 0.9;
      return 0;
    });
  },
  read(open: () => NodeJS.ReadableStream, ctx: MetricReadContext): AsyncIterable<IngestRecord[]> {
    return readJsonSamples(open, ctx, DatadogV1Handler);
  },
};
