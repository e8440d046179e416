/**
 * The parser behind the wide-table readers (Grafana panel CSV, hand-made wide CSV): one time
 * column, one column per series, rows joined by time (an empty cell is no point).
 *
 * - An Excel `sep=X` first line sets the delimiter; with `;` a decimal comma (`13,7`) is read too.
 *   Without it the delimiter is guessed from the header (`,`, `;` or tab).
 * - A header that is a selector (`up{a="b"}`, `{__name__="up", a="b"}`) gives name + labels; one
 *   without a name (`{a="b"}`, a computed series) is named after the file; any other header text
 *   is the series name as written.
 * - Times: epoch by digit count, ISO 8601, or `YYYY-MM-DD HH:mm:ss` read in `ctx.zone`.
 * - Values may carry units (see table-cells.ts). O(cells); memory: one row plus pending points.
 */
import type { Labels } from '../../types';
import type { SampleSink, SeriesBuffer } from './batcher';
import { fieldCountError } from '../logs/io/bad-line';
import { badLine, type MetricReadContext } from './context';
import { CsvRecords, guessDelimiter } from './csv';
import { SEP_RE, timeColumn } from './csv-detect';
import { parseSelector } from './labels';
import { LineChunkParser } from './line-parser';
import { nameFromFile } from './sniff';
import { isEmptyCell, parseTimeCell, valueCell } from './table-cells';
import { EpochColumn } from '../../time';

/** More columns than this is not a metrics table (and would cost a series each). */
export const MAX_COLUMNS = 10_000;

export class WideTableParser extends LineChunkParser {
  private csv: CsvRecords | undefined;
  private sepSeen = false;
  private decimalComma = false;
  private header: string[] | undefined;
  private timeCol = 0;
  private series: (SeriesBuffer | undefined)[] = [];
  /** The time column's epoch unit, from its values. */
  private readonly epochs = new EpochColumn();

  constructor(
    ctx: MetricReadContext,
    sink: SampleSink,
    /** Header name of the time column when there is no time-like name ('Time' for Grafana). */
    private readonly preferTime: string | undefined,
  ) {
    super(ctx, sink);
  }

  override end(): void {
    this.lines.end();
    this.csv?.end();
    if (!this.header) badLine(this.ctx, Math.max(1, this.lines.line), 'a header line (time column, series…)', 'end of file');
  }

  protected override line(text: string, n: number): void {
    if (!this.csv) {
      if (text.trim() === '') return;
      const m = SEP_RE.exec(text.trim());
      if (m && !this.sepSeen) {
        this.sepSeen = true;
        this.startCsv(m[1]);
        return;
      }
      this.startCsv(guessDelimiter(text));
    }
    if (!this.csv?.open && text.trim() === '') return;
    this.csv?.push(text, n);
  }

  private startCsv(delimiter: string): void {
    this.decimalComma = delimiter === ';';
    this.csv = new CsvRecords(
      delimiter,
      (f, n) => this.record(f, n),
      (n) => badLine(this.ctx, n, 'a closing quote', 'an unterminated quoted field'),
    );
  }

  private record(fields: string[], n: number): void {
    if (!this.header) {
      this.setHeader(fields, n);
      return;
    }
    const h = this.header;
    const wrong = fieldCountError(h.length, fields, this.csv?.delimiter);
    if (wrong) {
      badLine(this.ctx, n, ...wrong);
      return;
    }
    const tcell = fields[this.timeCol] ?? '';
    const ts = parseTimeCell(tcell, this.ctx.zone, this.epochs);
    if (Number.isNaN(ts)) {
      badLine(this.ctx, n, 'a time (epoch, ISO 8601 or YYYY-MM-DD HH:mm:ss)', tcell);
      return;
    }
    const m = Math.min(fields.length, h.length);
    for (let c = 0; c < m; c++) {
      const buf = this.series[c];
      if (!buf) continue;
      const cell = fields[c];
      if (isEmptyCell(cell)) continue;
      const v = valueCell(buf, cell, this.decimalComma);
      if (typeof v === 'string') badLine(this.ctx, n, `${v} in column "${h[c]}"`, cell);
      else buf.push(ts, v);
    }
  }

  private setHeader(fields: string[], n: number): void {
    const header = fields.map((f) => f.trim());
    let tc = timeColumn(header);
    if (tc < 0 && this.preferTime !== undefined) tc = header.indexOf(this.preferTime);
    if (tc < 0) tc = 0;
    if (header.length < 2 || header.length > MAX_COLUMNS) {
      badLine(
        this.ctx,
        n,
        `a header with a time column and 1 to ${MAX_COLUMNS - 1} series columns`,
        header.length < 2 ? fields.join(',') : `${header.length} columns`,
      );
      return;
    }
    this.header = header;
    this.timeCol = tc;
    const fallback = nameFromFile(this.ctx.file);
    this.series = header.map((h, c) => {
      if (c === tc) return undefined;
      const sel = parseSelector(h);
      let name: string;
      let labels: Labels = {};
      if (sel) {
        name = sel.name ?? fallback;
        labels = sel.labels;
      } else {
        name = h === '' ? `column ${c + 1}` : h;
      }
      return this.sink.get(`${name}\u0000${JSON.stringify(labels)}`, () => ({ name, labels }));
    });
  }
}
