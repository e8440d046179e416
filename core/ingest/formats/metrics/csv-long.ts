/**
 * Hand-made long CSV: one point a row, `timestamp,series,value[,label...]` in any column order,
 * found by header names (time: time/timestamp/ts/date…; series: series/metric/name/__name__…;
 * value: value/val/y…; an optional `unit` column). Every other column is a label (empty cells are
 * left out). Epoch (by digit count) or ISO times; times without an offset are read in `ctx.zone`.
 * Values may carry a unit (see table-cells.ts). O(cells); labels are built once per series.
 */
import type { FormatReader, IngestRecord, Labels, Sniff } from '../../types';
import { fieldCountError } from '../logs/io/bad-line';
import { badLine, type MetricReadContext } from './context';
import { CsvRecords, guessDelimiter } from './csv';
import { csvHead, longColumns, numericShare, timeShare } from './csv-detect';
import { LineChunkParser } from './line-parser';
import { safeDetect } from './sniff';
import { readSamples } from './stream';
import { isEmptyCell, parseTimeCell, valueCell } from './table-cells';
import { EpochColumn } from '../../time';

function detect(sniff: Sniff): number {
  const h = csvHead(sniff);
  if (!h) return 0;
  const cols = longColumns(h.header);
  if (!cols) return 0;
  if (h.rows.length === 0) return 0.6;
  if (timeShare(h.rows, cols.time) < 0.8) return 0.1;
  const others = new Set(h.header.map((_, i) => i).filter((i) => i !== cols.value));
  if (numericShare(h.rows, others) < 0.8) return 0.1;
  return 0.85;
}

class LongTableParser extends LineChunkParser {
  private csv: CsvRecords | undefined;
  private header: string[] | undefined;
  private cols = { time: 0, series: 0, value: 0, unit: -1 };
  private labelCols: number[] = [];
  /** The time column's epoch unit, from its values. */
  private readonly epochs = new EpochColumn();

  override end(): void {
    this.lines.end();
    this.csv?.end();
    if (!this.header) badLine(this.ctx, Math.max(1, this.lines.line), 'a header line (time, series, value…)', 'end of file');
  }

  protected override line(text: string, n: number): void {
    if (!this.csv) {
      if (text.trim() === '') return;
      this.csv = new CsvRecords(
        guessDelimiter(text),
        (f, k) => this.record(f, k),
        (k) => badLine(this.ctx, k, 'a closing quote', 'an unterminated quoted field'),
      );
    }
    if (!this.csv.open && text.trim() === '') return;
    this.csv.push(text, n);
  }

  private record(fields: string[], n: number): void {
    if (!this.header) {
      const header = fields.map((f) => f.trim());
      const cols = longColumns(header);
      if (!cols) {
        badLine(this.ctx, n, 'a header naming time, series and value columns', fields.join(','));
        return;
      }
      const unit = header.findIndex((h) => h.toLowerCase() === 'unit');
      this.cols = { ...cols, unit };
      this.labelCols = header.map((_, i) => i).filter((i) => i !== cols.time && i !== cols.series && i !== cols.value && i !== unit);
      this.header = header;
      return;
    }
    const wrong = fieldCountError(this.header.length, fields, this.csv?.delimiter);
    if (wrong) {
      badLine(this.ctx, n, ...wrong);
      return;
    }
    const { time, series, value, unit } = this.cols;
    const tcell = fields[time] ?? '';
    const ts = parseTimeCell(tcell, this.ctx.zone, this.epochs);
    if (Number.isNaN(ts)) {
      badLine(this.ctx, n, 'a time (epoch or ISO 8601)', tcell);
      return;
    }
    const name = (fields[series] ?? '').trim();
    if (name === '') {
      badLine(this.ctx, n, `a series name in column "${this.header[series]}"`, fields.join(this.csv?.delimiter ?? ','));
      return;
    }
    const vcell = fields[value] ?? '';
    if (isEmptyCell(vcell)) return;
    let key = name;
    for (const c of this.labelCols) key += `\u0000${fields[c] ?? ''}`;
    const unitCell = unit >= 0 ? (fields[unit] ?? '').trim() : '';
    if (unitCell !== '') key += `\u0001${unitCell}`;
    const buf = this.sink.get(key, () => {
      const labels: Labels = {};
      for (const c of this.labelCols) {
        const v = (fields[c] ?? '').trim();
        if (v !== '') labels[this.header?.[c] ?? `column ${c + 1}`] = v;
      }
      return unitCell === '' ? { name, labels } : { name, labels, unit: unitCell };
    });
    if (unitCell !== '') buf.unitFixed = true;
    const v = valueCell(buf, vcell, this.csv?.delimiter === ';');
    if (typeof v === 'string') badLine(this.ctx, n, v, vcell);
    else buf.push(ts, v);
  }
}

export const csvLongReader: FormatReader = {
  id: 'csv-long',
  kind: 'metrics',
  title: 'CSV, long (time, series, value, labels…)',
  detect(sniff: Sniff): number {
    return safeDetect(() => detect(sniff));
  },
  read(open: () => NodeJS.ReadableStream, ctx: MetricReadContext): AsyncIterable<IngestRecord[]> {
    return readSamples(open, ctx, (sink) => new LongTableParser(ctx, sink));
  },
};
