/**
 * Units of measured values: the scales of each family (time, bytes, bits and their rates), the unit a
 * series' name implies when its export carried none (Prometheus naming: `_seconds`, `_bytes`, `_ratio`,
 * `_total` counters read as rates), and values written with SI prefixes for people (`277.7 MB`,
 * `120 ms`, `4.8 s`, `12 %`, `1.2k/s`). Shared by the importers (which convert between units of one
 * family) and the renderer (which shows them). References: Grafana
 * `packages/grafana-data/src/valueFormats` (scaled units); Prometheus "Metric and label naming".
 */

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
const TIME_UNITS: [string, number][] = [
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
];

const SCALES = new Map<string, Scale>([
  ...table('time', TIME_UNITS),
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
function scaleOf(unit: string): Scale {
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
 * @example convertUnit(1.2, 's', 'ms') // 1200
 */
export function convertUnit(value: number, unit: string, target: string): number | undefined {
  if (unit === target) return value;
  const a = scaleOf(unit);
  const b = scaleOf(target);
  if (a.family !== b.family) return undefined;
  return (value * a.factor) / b.factor;
}

/** Spellings of units in exports and names, to the one each is shown as. */
const CANONICAL: Record<string, string> = {
  percent: '%',
  percentage: '%',
  pct: '%',
  percentunit: 'ratio',
  seconds: 's',
  second: 's',
  sec: 's',
  milliseconds: 'ms',
  millisecond: 'ms',
  microseconds: 'µs',
  nanoseconds: 'ns',
  bytes: 'B',
  byte: 'B',
  bits: 'b',
  ratio: 'ratio',
  fraction: 'ratio',
};

/** Name parts that carry a base unit (Prometheus: the unit is a suffix before `_total`). */
const NAME_UNITS: Record<string, string> = {
  seconds: 's',
  milliseconds: 'ms',
  millis: 'ms',
  ms: 'ms',
  microseconds: 'µs',
  nanoseconds: 'ns',
  bytes: 'B',
  bits: 'b',
  ratio: 'ratio',
  percent: '%',
  percentage: '%',
  pct: '%',
};

/** A recording rule's operation that makes a rate per second (`rate5m`, `irate1m`, `rate`). */
const RATE_OP_RE = /^i?rate\d*[smhdw]?$/;
/** Name parts that say "how much of the CPU" without a unit: usage between 0 and 1 (or 0–100). */
const CPU_USAGE = new Set(['usage', 'utilization', 'utilisation', 'util', 'busy']);

/**
 * The unit to show a series in: its export's own unit (spelling normalised: `percent` → `%`,
 * `seconds` → `s`), else the one its name implies. A counter (`…_total`), a name with `per_second`,
 * or a recording rule's `rate…` operation is a rate per second (`/s`, `B/s`); a base-unit counter of
 * seconds (`cpu_seconds_total`) is a share of a core (`ratio`); CPU usage without a unit is a `ratio`.
 * `observedMax`, when known, corrects a `ratio` whose values run past 1.5 to `%` (a percentage
 * exported under a ratio-like name). Null when nothing says. O(length of the name).
 * @example inferUnit('job:http_request_duration_seconds:histogram_quantile') // 's'
 * @example inferUnit('http_requests_total') // '/s'
 * @example inferUnit('node_memory_bytes', 'bytes') // 'B'
 */
export function inferUnit(name: string, unit?: string | null, observedMax?: number): string | null {
  const given = unit?.trim();
  let found: string | null;
  if (given) {
    found = CANONICAL[given.toLowerCase()] ?? given;
  } else {
    const segments = name.toLowerCase().split(':');
    // Recording rules: `level:metric:operations`; the metric is the longest part, the ops come last.
    const ops = segments.length > 1 ? segments.slice(2).join('_').split('_') : [];
    const metric = segments.length > 1 ? (segments[1] || segments[0]) : segments[0];
    const parts = metric.split(/[^a-z0-9]+/).filter(Boolean);
    let rate = ops.some((op) => RATE_OP_RE.test(op));
    let base: string | null = null;
    for (let i = 0; i < parts.length; i++) {
      const p = parts[i];
      if (p === 'per' && /^(second|sec|s)$/.test(parts[i + 1] ?? '')) {
        rate = true;
        i++;
        continue;
      }
      if (p === 'total' && i === parts.length - 1) rate = true;
      else if (NAME_UNITS[p] && p !== 'ms') base = NAME_UNITS[p];
      else if (p === 'ms' && i === parts.length - 1) base = 'ms';
    }
    if (ops.includes('ratio')) base = 'ratio';
    if (!base && parts.includes('cpu') && parts.some((p) => CPU_USAGE.has(p))) base = 'ratio';
    if (rate) found = base === 's' ? 'ratio' : base && base !== 'ratio' && base !== '%' ? `${base}/s` : base ?? '/s';
    else found = base;
  }
  if (found === 'ratio' && observedMax !== undefined && observedMax > 1.5) return '%';
  return found;
}

/** How a value of a unit is written at one magnitude: divide by `factor`, then append `suffix`. */
export interface DisplayScale {
  factor: number;
  /** Appended to the number as is (leading space included where one belongs: ' MB', '/s', ' %'). */
  suffix: string;
}

/** The time units values are written in, smallest first (one spelling each). */
const TIME_LADDER = TIME_UNITS.filter(([u]) => ['ns', 'µs', 'ms', 's', 'min', 'h', 'd'].includes(u));
const SI_PREFIXES: [string, number][] = [
  ['', 1],
  ['k', 1e3],
  ['M', 1e6],
  ['G', 1e9],
  ['T', 1e12],
  ['P', 1e15],
];

/** The largest step of a ladder not above `magnitude` (the first one for 0). */
function rung(ladder: [string, number][], magnitude: number): [string, number] {
  let pick = ladder[0];
  for (const step of ladder) if (magnitude >= step[1] * 0.9995) pick = step;
  return pick;
}

/**
 * The scale to write numbers of about `magnitude` (in `unit`) with: time in ns…d, bytes and bits with
 * SI prefixes (kB, MB; rates `MB/s`), `ratio` as a percentage, `%` as is, counts and rates with k/M/G
 * (`1.2k/s`), any other unit appended after a space. O(1).
 * @example displayScale('B', 2.777e8) // { factor: 1e6, suffix: ' MB' }
 */
export function displayScale(unit: string | null | undefined, magnitude: number): DisplayScale {
  const m = Math.abs(magnitude);
  const u = unit ?? '';
  if (u === 'ratio') return { factor: 0.01, suffix: ' %' };
  if (u === '%') return { factor: 1, suffix: ' %' };
  const scale = SCALES.get(u);
  if (scale?.family === 'time') {
    const [name, f] = m === 0 ? [u, scale.factor] : rung(TIME_LADDER, m * scale.factor);
    return { factor: f / scale.factor, suffix: ` ${name}` };
  }
  if (scale && /^(bytes|bits)/.test(scale.family)) {
    const base = scale.family.startsWith('bytes') ? 'B' : 'b';
    const [prefix, f] = rung(SI_PREFIXES, m * scale.factor);
    return { factor: f / scale.factor, suffix: ` ${prefix}${base}${scale.family.endsWith('/s') ? '/s' : ''}` };
  }
  const [prefix, f] = rung(SI_PREFIXES, m);
  if (u.startsWith('/')) return { factor: f, suffix: `${prefix}${u}` };
  return { factor: f, suffix: u ? `${prefix} ${u}` : prefix };
}

/** A number with about 4 significant digits and no trailing zeros: 277.7, 12, 0.0123. */
function digits(x: number): string {
  if (x === 0) return '0';
  const a = Math.abs(x);
  if (a < 1e-3 || a >= 1e6) return x.toExponential(2);
  return String(Number(x.toPrecision(4)));
}

/**
 * A value written for a person in its unit, scaled to fit (`277.7 MB`, `120 ms`, `4.8 s`, `12 %`,
 * `1.2k/s`); '–' for null or a non-finite value. O(1).
 * @example formatQuantity(0.12, 'ratio') // '12 %'
 * @example formatQuantity(1234, '/s') // '1.234k/s'
 */
export function formatQuantity(value: number | null | undefined, unit: string | null | undefined): string {
  if (value === null || value === undefined || !Number.isFinite(value)) return '–';
  const s = displayScale(unit, value);
  return `${digits(value / s.factor)}${s.suffix}`;
}

/** Axis ticks: where they go (in the data's unit) and what they read (one scale for the whole axis). */
export interface AxisTicks {
  values: number[];
  labels: string[];
}

/**
 * About `count` evenly spaced ticks on [lo, hi] at round numbers of the scale that fits the larger
 * end (`0 MB, 100 MB, 200 MB`), labelled in that scale. The step is the one of 1, 2, 2.5, 5 × a power
 * of ten nearest (in ratio) to a `count`th of the range.
 * Empty when the range is not finite or empty. O(count).
 * @example axisTicks(0, 3e8, 'B', 4).labels // ['0 MB', '100 MB', '200 MB', '300 MB']
 */
export function axisTicks(lo: number, hi: number, unit: string | null | undefined, count: number): AxisTicks {
  if (!Number.isFinite(lo) || !Number.isFinite(hi) || !(hi > lo) || count < 1) return { values: [], labels: [] };
  const scale = displayScale(unit, Math.max(Math.abs(lo), Math.abs(hi)));
  const a = lo / scale.factor;
  const b = hi / scale.factor;
  const raw = (b - a) / Math.max(1, count);
  const power = 10 ** Math.floor(Math.log10(raw));
  const step = [1, 2, 2.5, 5, 10].map((k) => k * power).reduce((best, k) => (Math.abs(Math.log(k / raw)) < Math.abs(Math.log(best / raw)) ? k : best));
  const values: number[] = [];
  const labels: string[] = [];
  for (let k = Math.ceil(a / step - 1e-9); k * step <= b + step * 1e-9; k++) {
    const v = Number((k * step).toPrecision(12));
    values.push(v * scale.factor);
    labels.push(`${digits(v)}${scale.suffix}`);
  }
  return { values, labels };
}
