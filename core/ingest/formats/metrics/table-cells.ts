/**
 * Cells of hand-made and exported tables (CSV): time cells (epoch by digit count, ISO 8601 with
 * or without offset, `YYYY-MM-DD HH:mm:ss` in the chosen zone, `YYYY/MM/DD`), value cells with an
 * optional unit kept consistent per series, and the header names that mean "time".
 */
import { parseTimestamp, type EpochColumn } from '../../time';
import type { SeriesBuffer } from './batcher';
import { convertUnit, parseValueWithUnit } from './units';

/** Header names taken as the time column (case-insensitive). */
export const TIME_HEADER_RE = /^(time|timestamp|ts|date|datetime|date_time|time_stamp|_time|@timestamp|time \(utc\))$/i;

const EPOCH_CELL_RE = /^\d+(?:\.\d+)?$/;

/**
 * A time cell to UTC ms; NaN when it is not a time. With `epochs`, an epoch number is read in its column's
 * unit (EpochColumn), else by its digit count. O(length).
 */
export function parseTimeCell(cell: string, zone: string, epochs?: EpochColumn): number {
  const t = cell.trim();
  if (epochs && EPOCH_CELL_RE.test(t) && !Number.isNaN(parseTimestamp(t, zone))) return epochs.toMs(Number(t));
  let v = parseTimestamp(t, zone);
  if (Number.isNaN(v) && /^\d{4}\/\d{2}\/\d{2}[ T]/.test(t)) v = parseTimestamp(t.replace(/\//g, '-'), zone);
  return v;
}

/** True for a cell that means "no point here". */
export function isEmptyCell(cell: string): boolean {
  const t = cell.trim();
  return t === '' || t === 'null' || t === 'undefined' || t === 'None';
}

/**
 * A value cell for series `buf`: the number in the series' unit. The first unit seen becomes the
 * series' unit; later cells in another unit of the same family are converted (`1.2 s` in a `ms`
 * series reads 1200), and a bare number is taken in the series' unit. Returns a string saying what was expected when the cell cannot be used.
 */
export function valueCell(buf: SeriesBuffer, cell: string, decimalComma: boolean): number | string {
  const p = parseValueWithUnit(cell, decimalComma);
  if (!p) return 'a number (optionally with a unit)';
  if (!buf.unitFixed) {
    buf.unitFixed = true;
    if (p.unit !== '') buf.unit = p.unit;
    return p.value;
  }
  const target = buf.unit ?? '';
  const v = convertUnit(p.value, p.unit, target);
  // A bare number in a series with a unit is taken in that unit.
  if (v === undefined && p.unit === '') return p.value;
  return v === undefined ? `a value in ${target === '' ? 'no unit' : target} (as the column's first values)` : v;
}
