/**
 * Datadog timeseries query API v2 (`POST /api/v2/query/timeseries`): `data.attributes` holds
 * `series[]` (`group_tags`, `query_index`, `unit`), one shared `times` array (ms) and `values`,
 * one array per series parallel to `times` (null = no point).
 * Reference: https://docs.datadoghq.com/api/latest/metrics/#query-timeseries-data-across-multiple-products
 *
 * The response carries no metric name: series are named after the file, with `_q<index>` when the
 * file holds more than one query. Streams `values` one series at a time once `times` is known.
 */
import type { FormatReader, IngestRecord, Labels, Sniff } from '../../types';
import { badLine, type MetricReadContext } from './context';
import { datadogUnit, tagsToLabels } from './datadog-v1';
import { readJsonSamples, SampleHandler } from './json-parser';
import { COLLECT, DESCEND, type Decision, type JsonValue, type PathKey, SKIP, type WalkHandler } from './json-walker';
import { jsonObjectHead, nameFromFile, safeDetect } from './sniff';

const ATTR = ['data', 'attributes'];

function underAttributes(p: readonly PathKey[]): boolean {
  return p[0] === 'data' && p[1] === 'attributes';
}

class DatadogV2Handler extends SampleHandler implements WalkHandler {
  private series: JsonValue[] | undefined;
  private times: number[] | undefined;
  private early: { index: number; values: JsonValue; line: number }[] = [];
  private errors = '';
  private errorLine = 1;

  select(p: readonly PathKey[]): Decision {
    if (p.length === 0) return DESCEND;
    if (p.length === 1) {
      if (p[0] === 'data') return DESCEND;
      return p[0] === 'errors' ? COLLECT : SKIP;
    }
    if (p.length === 2) return p[0] === 'data' && p[1] === 'attributes' ? DESCEND : SKIP;
    if (!underAttributes(p)) return SKIP;
    if (p.length === 3) {
      if (p[2] === 'values') return DESCEND;
      return p[2] === 'series' || p[2] === 'times' ? COLLECT : SKIP;
    }
    return p.length === 4 && p[2] === 'values' ? COLLECT : SKIP;
  }

  enter(p: readonly PathKey[]): void {
    if (p.length === 0) {
      this.series = undefined;
      this.times = undefined;
      this.early = [];
    }
  }

  leave(p: readonly PathKey[]): void {
    // `values` met before `times` / `series` wait for the end of the document.
    if (p.length === 0) {
      if (this.early.length > 0) {
        if (!this.times) badLine(this.ctx, this.line(), `a "times" array in ${ATTR.join('.')}`, 'none');
        else for (const e of this.early) this.emit(e.index, e.values, e.line);
        this.early = [];
      }
      if (this.errors !== '') {
        badLine(this.ctx, this.errorLine, 'a successful Datadog query result', this.errors);
        this.errors = '';
      }
    }
  }

  value(p: readonly PathKey[], v: JsonValue): void {
    if (p.length === 1) {
      if (Array.isArray(v) && v.length > 0) {
        this.errors = v.map((x) => (typeof x === 'string' ? x : JSON.stringify(x))).join('; ');
        this.errorLine = this.line();
      } else if (typeof v === 'string' && v !== '') {
        this.errors = v;
        this.errorLine = this.line();
      }
      return;
    }
    if (p.length === 3) {
      if (p[2] === 'series') {
        if (Array.isArray(v)) this.series = v;
        else badLine(this.ctx, this.line(), 'an array "series"', JSON.stringify(v));
      } else if (p[2] === 'times') {
        if (Array.isArray(v) && v.every((t) => typeof t === 'number')) this.times = (v as number[]).map(Math.round);
        else badLine(this.ctx, this.line(), 'an array of ms numbers "times"', JSON.stringify(v));
      }
      return;
    }
    const index = p[3] as number;
    if (this.times && this.series) this.emit(index, v, this.line());
    else this.early.push({ index, values: v, line: this.line() });
  }

  private emit(index: number, vals: JsonValue, line: number): void {
    const times = this.times ?? [];
    if (!Array.isArray(vals) || vals.length !== times.length) {
      badLine(
        this.ctx,
        line,
        `values[${index}]: an array as long as "times" (${times.length})`,
        Array.isArray(vals) ? `${vals.length} values` : JSON.stringify(vals),
      );
      return;
    }
    const meta = this.series?.[index];
    const m = meta && typeof meta === 'object' && !Array.isArray(meta) ? meta : {};
    const qi = typeof m.query_index === 'number' ? m.query_index : 0;
    const manyQueries = (this.series ?? []).some(
      (s) => s && typeof s === 'object' && !Array.isArray(s) && typeof s.query_index === 'number' && s.query_index > 0,
    );
    const stem = nameFromFile(this.ctx.file);
    const name = manyQueries ? `${stem}_q${qi}` : stem;
    const labels: Labels = tagsToLabels(Array.isArray(m.group_tags) ? m.group_tags.map(String) : []);
    const unit = datadogUnit(m.unit);
    const buf = this.sink.get(`${name}\u0000${JSON.stringify(labels)}`, () => ({ name, labels, unit }));
    for (let i = 0; i < times.length; i++) {
      const x = vals[i];
      if (typeof x === 'number') buf.push(times[i], x);
      else if (x !== null) badLine(this.ctx, line, `values[${index}][${i}]: a number or null`, JSON.stringify(x));
    }
  }
}

export const datadogV2Reader: FormatReader = {
  id: 'datadog-v2-timeseries',
  kind: 'metrics',
  title: 'Datadog API v2 timeseries query JSON',
  detect(sniff: Sniff): number {
    return safeDetect(() => {
      const h = jsonObjectHead(sniff);
      if (!h) return 0;
      if (/"type"\s*:\s*"timeseries_response"/.test(h)) return 0.95;
      if (/"times"\s*:\s*\[/.test(h) && /"group_tags"\s*:/.test(h)) return 0.85;
      return 0;
    });
  },
  read(open: () => NodeJS.ReadableStream, ctx: MetricReadContext): AsyncIterable<IngestRecord[]> {
    return readJsonSamples(open, ctx, DatadogV2Handler);
  },
};
