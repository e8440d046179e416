/**
 * Prometheus HTTP API query results: `query_range` (resultType "matrix") and instant queries
 * ("vector", "scalar"). Reference: https://prometheus.io/docs/prometheus/latest/querying/api/
 *
 * Streams: points are read one at a time from `data.result[i].values` and cut into records of at
 * most 10k points, so file size does not bound memory. Values are strings ("NaN", "+Inf", "-Inf");
 * times are float seconds, stored as ms rounded. `__name__` becomes the series name; a result
 * without one (an expression like `rate(x[5m])`) is named after the file. Native histogram
 * samples (`histograms` / `histogram`) are skipped and counted in a note; `warnings` / `infos`
 * become notes. `"status":"error"` is reported as a ParseError carrying errorType and error.
 */
import type { FormatReader, IngestRecord, Labels, Sniff } from '../../types';
import type { SeriesBuffer } from './batcher';
import { badLine, type MetricReadContext, note } from './context';
import { readJsonSamples, SampleHandler } from './json-parser';
import { COLLECT, COLLECT_NUMERIC, DESCEND, type Decision, type JsonValue, type PathKey, SKIP, type WalkHandler } from './json-walker';
import { jsonObjectHead, nameFromFile, safeDetect } from './sniff';
import { parseSampleValue } from './values';
import { EpochColumn } from '../../time';

const POINT_EXPECTED = 'a point [<unix seconds>, "<value>"]';

function detect(sniff: Sniff): number {
  return safeDetect(() => {
    const h = jsonObjectHead(sniff);
    if (!h) return 0;
    if (/"resultType"\s*:\s*"(matrix|vector|scalar)"/.test(h)) return 0.95;
    if (/"status"\s*:\s*"error"/.test(h) && /"errorType"\s*:/.test(h)) return 0.9;
    if (/"data"\s*:\s*\{\s*"result"\s*:\s*\[/.test(h) && /"metric"\s*:\s*\{/.test(h)) return 0.7;
    return 0;
  });
}

/** Per-file state of the walk. */
class QueryResultHandler extends SampleHandler implements WalkHandler {
  status: string | undefined;
  statusLine = 1;
  errorType = '';
  error = '';
  resultType: string | undefined;
  histogramSamples = 0;
  private buf: SeriesBuffer | undefined;
  /** Points met before the series' labels (keys in an unusual order). */
  private early: [number, number][] = [];
  /** Times are epoch seconds by the API, but exports in ms exist: the file's unit is read from its values. */
  private readonly epochs = new EpochColumn();

  select(p: readonly PathKey[]): Decision {
    switch (p.length) {
      case 0:
        return DESCEND;
      case 1:
        if (p[0] === 'data') return DESCEND;
        return p[0] === 'status' || p[0] === 'errorType' || p[0] === 'error' || p[0] === 'warnings' || p[0] === 'infos'
          ? COLLECT
          : SKIP;
      case 2:
        if (p[0] !== 'data') return SKIP;
        if (p[1] === 'resultType') return COLLECT;
        if (p[1] === 'result') return this.resultType === 'scalar' ? COLLECT_NUMERIC : DESCEND;
        return SKIP;
      case 3:
        return p[0] === 'data' && p[1] === 'result' && this.resultType !== 'scalar' ? DESCEND : SKIP;
      case 4:
        if (p[0] !== 'data' || p[1] !== 'result') return SKIP;
        if (p[3] === 'metric') return COLLECT;
        if (p[3] === 'value') return COLLECT_NUMERIC;
        if (p[3] === 'values' || p[3] === 'histograms') return DESCEND;
        if (p[3] === 'histogram') this.histogramSamples++;
        return SKIP;
      case 5:
        if (p[0] !== 'data' || p[1] !== 'result') return SKIP;
        if (p[3] === 'values') return COLLECT_NUMERIC;
        if (p[3] === 'histograms') this.histogramSamples++;
        return SKIP;
      default:
        return SKIP;
    }
  }

  enter(p: readonly PathKey[], isArray: boolean): void {
    if (p.length === 3) {
      this.buf = undefined;
      this.early = [];
      if (isArray) badLine(this.ctx, this.line(), 'a series object {"metric":…,"values":…}', 'an array');
    } else if (p.length === 0) {
      this.resultType = undefined;
    }
  }

  leave(p: readonly PathKey[]): void {
    if (p.length === 3) {
      if (!this.buf && this.early.length > 0) this.startSeries({});
      this.buf?.flush();
      this.buf = undefined;
    } else if (p.length === 0 && this.status === 'error') {
      badLine(
        this.ctx,
        this.statusLine,
        'a successful query result ("status":"success")',
        `error ${this.errorType || '(no errorType)'}: ${this.error || '(no message)'}`,
      );
      this.status = undefined;
    }
  }

  value(p: readonly PathKey[], v: JsonValue): void {
    switch (p.length) {
      case 1:
        if (p[0] === 'status') {
          this.status = String(v);
          this.statusLine = this.line();
        } else if (p[0] === 'errorType') this.errorType = String(v);
        else if (p[0] === 'error') this.error = String(v);
        else if (Array.isArray(v)) for (const w of v) note(this.ctx, `Prometheus ${String(p[0]).slice(0, -1)}: ${String(w)}`);
        return;
      case 2:
        if (p[1] === 'resultType') {
          this.resultType = String(v);
          if (v !== 'matrix' && v !== 'vector' && v !== 'scalar') {
            badLine(this.ctx, this.line(), 'resultType "matrix", "vector" or "scalar"', String(v));
          }
        } else if (p[1] === 'result') {
          // resultType "scalar": one [time, "value"] pair.
          const buf = this.sink.open('scalar', {});
          this.buf = buf;
          this.point(v);
          buf.flush();
          this.buf = undefined;
        }
        return;
      case 4:
        if (p[3] === 'metric') this.startSeries(v);
        else this.point(v);
        return;
      case 5:
        this.point(v);
        return;
    }
  }

  private startSeries(v: JsonValue): void {
    if (v === null || typeof v !== 'object' || Array.isArray(v)) {
      badLine(this.ctx, this.line(), 'a label map "metric":{...}', JSON.stringify(v));
      v = {};
    }
    const labels: Labels = {};
    let name: string | undefined;
    for (const [k, x] of Object.entries(v)) {
      if (k === '__name__') name = String(x);
      else labels[k] = String(x);
    }
    this.buf = this.sink.open(name ?? nameFromFile(this.ctx.file), labels);
    for (const [t, x] of this.early) this.buf.push(t, x);
    this.early = [];
  }

  private point(v: JsonValue): void {
    let ts = Number.NaN;
    let value: number | undefined;
    if (Array.isArray(v) && v.length === 2 && typeof v[0] === 'number') {
      ts = this.epochs.toMs(v[0]);
      const raw = v[1];
      value = typeof raw === 'string' ? parseSampleValue(raw) : typeof raw === 'number' ? raw : undefined;
    }
    if (!Number.isFinite(ts) || value === undefined) {
      badLine(this.ctx, this.line(), POINT_EXPECTED, JSON.stringify(v) ?? String(v));
      return;
    }
    if (this.buf) this.buf.push(ts, value);
    else this.early.push([ts, value]);
  }
}

export const prometheusQueryRangeReader: FormatReader = {
  id: 'prometheus-query-range',
  kind: 'metrics',
  title: 'Prometheus HTTP API query / query_range JSON',
  detect,
  read(open: () => NodeJS.ReadableStream, ctx: MetricReadContext): AsyncIterable<IngestRecord[]> {
    return readJsonSamples(open, ctx, QueryResultHandler, (handler) => {
      if (handler.histogramSamples > 0) {
        note(ctx, `${handler.histogramSamples} native histogram sample(s) skipped: histograms are not imported yet`);
      }
    });
  },
};
