/**
 * Values that carry a unit, as Grafana writes them with "Formatted data" (`13.7 °C`, `120 ms`,
 * `1.5 GB`, `45%`, `1.20 K req/s`); the scaling between units of one family (Grafana picks the scale
 * per value: `950 ms` then `1.20 s` in one column) lives with the rest of the units in core/api/units.ts.
 */

export { convertUnit } from '../../../api/units';

export interface ValueWithUnit {
  value: number;
  /** '' when the cell had no unit. */
  unit: string;
}

const VALUE_RE =
  /^([+-]?(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][+-]?\d+)?|[+-]?(?:Inf|inf|Infinity)|NaN|nan)\s*(\S(?:.*\S)?)?$/;
const VALUE_COMMA_RE = /^([+-]?(?:\d+(?:,\d*)?|,\d+)(?:[eE][+-]?\d+)?)\s*(\S(?:.*\S)?)?$/;

/**
 * A cell to number + unit; undefined when it does not start with a number. O(length).
 * With `decimalComma` (a `;`-separated file), `13,7` reads as 13.7.
 */
export function parseValueWithUnit(cell: string, decimalComma = false): ValueWithUnit | undefined {
  const t = cell.trim();
  let m = decimalComma && t.includes(',') ? VALUE_COMMA_RE.exec(t) : null;
  let num: string;
  if (m) {
    num = m[1].replace(',', '.');
  } else if ((m = VALUE_RE.exec(t))) {
    num = m[1];
  } else {
    return undefined;
  }
  let value: number;
  const lower = num.toLowerCase();
  if (lower === 'nan') value = Number.NaN;
  else if (lower.endsWith('inf') || lower.endsWith('infinity')) value = num.startsWith('-') ? -Infinity : Infinity;
  else value = Number(num);
  return { value, unit: m[2] ?? '' };
}

