/**
 * The line parser behind the three Prometheus text readers (exposition 0.0.4, OpenMetrics 1.0,
 * promtool tsdb dump / dump-openmetrics). References: Prometheus "Exposition formats" (0.0.4),
 * OpenMetrics 1.0 specification, promtool `tsdb dump`.
 *
 * Per line O(length); labels are parsed once per distinct series (cache keyed by the series text).
 * Timestamps: 0.0.4 integer ms; OpenMetrics float seconds; promtool ms, or seconds when written with
 * a '.' (dump-openmetrics). A sample without timestamp (a scrape) gets `ctx.fileTimeMs`; without
 * it the first such sample is a bad line and the rest are counted in a note. OpenMetrics `_created`
 * samples of counters/histograms/summaries are creation times, not values: skipped and counted.
 * `# UNIT` sets the unit of its family's series. OpenMetrics must end with `# EOF`.
 */
import type { ReadContext } from '../../types';
import { detach, type SampleSink, type SeriesBuffer } from './batcher';
import { badLine, type MetricReadContext, note } from './context';
import { parseSeries, splitSampleLine } from './exposition-line';
import { LabelSyntaxError } from './labels';
import { LineChunkParser } from './line-parser';
import { parseSampleValue } from './values';

export type Dialect = 'prometheus-text' | 'openmetrics' | 'promtool';

const TYPES_004 = new Set(['counter', 'gauge', 'histogram', 'summary', 'untyped']);
const TYPES_OM = new Set(['counter', 'gauge', 'histogram', 'gaugehistogram', 'stateset', 'info', 'summary', 'unknown']);
const CREATED_FAMILIES = new Set(['counter', 'histogram', 'summary', 'gaugehistogram']);
const SUFFIXES = ['_total', '_bucket', '_count', '_sum', '_created', '_gcount', '_gsum', '_info'];
const INT_RE = /^-?\d+$/;

export class ExpositionParser extends LineChunkParser {
  private readonly types = new Map<string, string>();
  private readonly units = new Map<string, string>();
  private eofLine = 0;
  private missingTs = 0;
  private created = 0;
  /** One-entry cache: dumps list a series' samples together, so the last series is usually the next. */
  private lastSeries = '';
  private lastBuf: SeriesBuffer | undefined;

  constructor(
    ctx: MetricReadContext,
    sink: SampleSink,
    private readonly dialect: Dialect,
  ) {
    super(ctx, sink);
  }

  override end(): void {
    this.lines.end();
    const last = this.lines.line;
    if (this.dialect === 'openmetrics' && this.eofLine === 0) {
      badLine(this.ctx, last + 1, 'a final "# EOF" line (OpenMetrics)', 'end of file');
    }
    if (this.missingTs > 1) {
      note(this.ctx, `${this.missingTs - 1} more sample(s) without a timestamp skipped (no file time given)`);
    }
    if (this.created > 0) note(this.ctx, `${this.created} _created sample(s) skipped (creation times, not values)`);
  }

  protected override line(text: string, n: number): void {
    const c0 = text.charCodeAt(0);
    if (text.length === 0 || ((c0 === 0x20 || c0 === 0x09) && text.trim() === '')) return;
    if (this.eofLine > 0) {
      badLine(this.ctx, n, `nothing after "# EOF" (line ${this.eofLine})`, text);
      return;
    }
    if (c0 === 0x23) {
      this.comment(text, n);
      return;
    }
    this.sample(text, n);
  }

  private comment(text: string, n: number): void {
    const t = text.trim();
    if (t === '# EOF') {
      if (this.dialect !== 'prometheus-text') this.eofLine = n;
      return;
    }
    const m = /^#\s*(TYPE|UNIT)\s+(\S+)\s*(.*)$/.exec(t);
    if (!m) return; // HELP and free comments
    const [, kind, family, rest] = m;
    if (kind === 'TYPE') {
      const type = rest.trim();
      const allowed = this.dialect === 'prometheus-text' ? TYPES_004 : TYPES_OM;
      if (!allowed.has(type)) {
        badLine(this.ctx, n, `a metric type (${[...allowed].join(', ')})`, type);
        return;
      }
      this.types.set(detach(family), detach(type));
    } else if (rest.trim() !== '') {
      this.units.set(detach(family), detach(rest.trim()));
    }
  }

  private familyOf(name: string): string {
    if (this.types.has(name) || this.units.has(name)) return name;
    for (const s of SUFFIXES) if (name.endsWith(s)) return name.slice(0, -s.length);
    return name;
  }

  private sample(text: string, n: number): void {
    const ctx: ReadContext = this.ctx;
    const parts = splitSampleLine(text);
    if (typeof parts === 'string') {
      badLine(ctx, n, parts, text);
      return;
    }
    const value = parseSampleValue(parts.value);
    if (value === undefined) {
      badLine(ctx, n, 'a sample value (a number, NaN, +Inf or -Inf)', parts.value);
      return;
    }
    if (parts.extra !== undefined) {
      badLine(ctx, n, 'the end of the line after the timestamp', parts.extra);
      return;
    }
    let ts: number;
    if (parts.timestamp === undefined) {
      const ft = this.ctx.fileTimeMs;
      if (ft === undefined) {
        if (++this.missingTs === 1) {
          badLine(ctx, n, 'a timestamp (the file has none and no file time was given)', text);
        }
        return;
      }
      ts = ft;
    } else {
      ts = this.timestamp(parts.timestamp);
      if (Number.isNaN(ts)) {
        badLine(ctx, n, this.dialect === 'prometheus-text' ? 'a timestamp in integer ms' : 'a timestamp', parts.timestamp);
        return;
      }
    }
    let buf: SeriesBuffer;
    if (this.lastBuf !== undefined && parts.series === this.lastSeries) buf = this.lastBuf;
    else {
      try {
        buf = this.sink.get(parts.series, () => {
          const s = parseSeries(parts.series);
          const unit = this.units.get(this.familyOf(s.name));
          return unit === undefined ? s : { ...s, unit };
        });
      } catch (e) {
        if (!(e instanceof LabelSyntaxError)) throw e;
        badLine(ctx, n, e.message.replace(/^expected /, ''), text);
        return;
      }
      this.lastSeries = parts.series;
      this.lastBuf = buf;
    }
    if (this.dialect === 'openmetrics' && buf.name.endsWith('_created')) {
      const t = this.types.get(buf.name.slice(0, -8));
      if (t !== undefined && CREATED_FAMILIES.has(t)) {
        this.created++;
        return;
      }
    }
    buf.push(ts, value);
  }

  private timestamp(s: string): number {
    const seconds = this.dialect === 'openmetrics' || (this.dialect === 'promtool' && s.includes('.'));
    if (!seconds) return INT_RE.test(s) ? Number(s) : Number.NaN;
    const v = parseSampleValue(s);
    return v === undefined || !Number.isFinite(v) ? Number.NaN : Math.round(v * 1000);
  }
}
