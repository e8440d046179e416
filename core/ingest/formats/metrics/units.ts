/**
 * Values that carry a unit, as Grafana writes them with "Formatted data" (`13.7 °C`, `120 ms`,
 * `1.5 GB`, `45%`, `1.20 K req/s`), and the scaling between units of one family, since Grafana
 * picks the scale per value (`950 ms` then `1.20 s` in one column). Reference: Grafana
 * `packages/grafana-data/src/valueFormats` (scaled units: time, bytes SI/IEC, bits, short).
 */

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

interface Scale {
  family: string;
  factor: number;
}

function table(family: string, entries: [string, number][]): [string, Scale][] {
  return entries.map(([u, f]) => [u, { family, factor: f }]);
}

const BYTE_UNITS: [string, number][] = [
  ['B', 1],
  ['kB', 1e3],
  ['KB', 1e3],
  ['MB', 1e6],
  ['GB', 1e9],
  ['TB', 1e12],
  ['PB', 1e15],
  ['KiB', 1024],
  ['MiB', 1024 ** 2],
  ['GiB', 1024 ** 3],
  ['TiB', 1024 ** 4],
  ['PiB', 1024 ** 5],
];
const BIT_UNITS: [string, number][] = [
  ['b', 1],
  ['kb', 1e3],
  ['Kb', 1e3],
  ['Mb', 1e6],
  ['Gb', 1e9],
  ['Tb', 1e12],
  ['Kib', 1024],
  ['Mib', 1024 ** 2],
  ['Gib', 1024 ** 3],
];

const SCALES = new Map<string, Scale>([
  ...table('time', [
    ['ns', 1e-9],
    ['µs', 1e-6],
    ['μs', 1e-6],
    ['us', 1e-6],
    ['ms', 1e-3],
    ['s', 1],
    ['min', 60],
    ['hour', 3600],
    ['h', 3600],
    ['day', 86400],
    ['d', 86400],
    ['week', 604800],
  ]),
  ...table('bytes', BYTE_UNITS),
  ...table('bytes/s', BYTE_UNITS.map(([u, f]): [string, number] => [`${u}/s`, f])),
  ...table('bits', BIT_UNITS),
  ...table('bits/s', [
    ...BIT_UNITS.map(([u, f]): [string, number] => [`${u}/s`, f]),
    ['bps', 1],
    ['Kbps', 1e3],
    ['Mbps', 1e6],
    ['Gbps', 1e9],
  ]),
]);

const SHORT: Record<string, number> = { K: 1e3, Mil: 1e6, Bil: 1e9, Tri: 1e12, M: 1e6, B: 1e9, T: 1e12 };

/** Family and factor of a unit: '' and `K`/`Mil`/… count as the "short" family (per rest). */
function scaleOf(unit: string): Scale | undefined {
  const s = SCALES.get(unit);
  if (s) return s;
  if (unit === '') return { family: 'short:', factor: 1 };
  const m = /^(K|Mil|Bil|Tri|M|B|T)(?:\s+(.*))?$/.exec(unit);
  if (m) return { family: `short:${m[2] ?? ''}`, factor: SHORT[m[1]] };
  return { family: `short:${unit}`, factor: 1 };
}

/**
 * `value` in `unit` expressed in `target`; undefined when the two are not of one family.
 * Same unit: returned as is. O(1).
 */
export function convertUnit(value: number, unit: string, target: string): number | undefined {
  if (unit === target) return value;
  const a = scaleOf(unit);
  const b = scaleOf(target);
  if (!a || !b || a.family !== b.family) return undefined;
  return (value * a.factor) / b.factor;
}
