/**
 * Names a person can tell apart: series that share a name (the three quantiles of one recording rule,
 * one metric on two instances) are labelled by the labels whose values differ among them, and only
 * those (`p95`, `instance=auth-1:9100`); a quantile always reads as a percentile. Every place that
 * shows a series (sidebar, tables, chart titles, legends, tooltips) writes it with these functions.
 */

/** A series as far as naming goes (its service is shown beside it wherever it is shown, so it is no label). */
export interface Named {
  name: string;
  labels: Record<string, string>;
  service?: string | null;
}

/** A series' readable name: `name`, the telling labels (`detail`, '' when none) and both together (`text`). */
export interface SeriesLabel {
  name: string;
  detail: string;
  text: string;
}

/** Labels that never tell series apart in a person's eyes. */
const HIDDEN = new Set(['__name__']);

/**
 * A quantile label's value as a percentile: 0.95 → `p95`, 0.5 → `p50`, 0.999 → `p99.9`; null when the
 * value is not a number in [0, 1].
 * @example percentileName('0.99') // 'p99'
 */
export function percentileName(value: string): string | null {
  const q = Number(value);
  if (value.trim() === '' || !Number.isFinite(q) || q < 0 || q > 1) return null;
  return `p${Number((q * 100).toPrecision(6))}`;
}

/** One label as shown: `quantile` as a percentile, anything else as `key=value`. */
export function labelText(key: string, value: string): string {
  return (key === 'quantile' && percentileName(value)) || `${key}=${value}`;
}

/**
 * The label keys whose values differ among `peers` (series of one name), `quantile` first, then by
 * name; a key missing on some peer counts as differing. O(peers × labels).
 * @example varyingKeys([{ quantile: '0.5', job: 'a' }, { quantile: '0.99', job: 'a' }]) // ['quantile']
 */
export function varyingKeys(peers: Record<string, string>[]): string[] {
  const keys = new Set(peers.flatMap((l) => Object.keys(l)));
  const out: string[] = [];
  for (const k of keys) {
    if (HIDDEN.has(k)) continue;
    const first = peers[0]?.[k];
    if (peers.some((l) => l[k] !== first)) out.push(k);
  }
  return out.sort((a, b) => Number(b === 'quantile') - Number(a === 'quantile') || a.localeCompare(b));
}

/** Keys that say where a series was measured rather than what it is: named last. */
const WHERE = ['instance', 'pod', 'host', 'job', 'service'];

/**
 * The fewest keys that tell `peers` apart: one key when its values alone do (preferring `quantile`,
 * then what the series is over where it was measured: `code` before `instance` before `job`), else
 * every key that differs. O(peers × labels).
 * @example tellingKeys([{ instance: 'a', job: 'x' }, { instance: 'b', job: 'y' }]) // ['instance']
 */
export function tellingKeys(peers: Record<string, string>[]): string[] {
  const rank = (k: string): number => (k === 'quantile' ? -1 : WHERE.indexOf(k));
  const keys = varyingKeys(peers).sort((a, b) => rank(a) - rank(b) || a.localeCompare(b));
  const tuples = new Set(peers.map((l) => keys.map((k) => l[k] ?? '\u0000').join('\u0001'))).size;
  const alone = keys.find((k) => new Set(peers.map((l) => l[k])).size === tuples);
  return alone ? [alone] : varyingKeys(peers);
}

/**
 * A series' label given the keys that tell it from its peers: those keys' labels (a quantile always,
 * even with no peer, since `p95` is part of what the series is).
 */
export function seriesLabel(s: Named, keys: string[]): SeriesLabel {
  const shown = keys.includes('quantile') || s.labels.quantile === undefined ? keys : ['quantile', ...keys];
  const detail = shown
    .filter((k) => s.labels[k] !== undefined)
    .map((k) => labelText(k, s.labels[k]))
    .join(' · ');
  return { name: s.name, detail, text: detail ? `${s.name} ${detail}` : s.name };
}

/** Names series against a catalogue: the peers of a series are the catalogue's series of its name. */
export type SeriesNamer = (s: Named) => SeriesLabel;

/**
 * A namer over `catalogue` (all the workspace's series, or at least all those shown together). The
 * peers of a series are the catalogue's series of its name and its service (the service is shown
 * beside a series wherever it is shown, so it needs no label); among them the telling keys (see
 * tellingKeys) are computed once per name and service. A series without such peers is told apart from
 * nothing (its quantile only). O(catalogue × labels) to build, O(labels) per call.
 * @example
 *   const names = seriesNamer([{ name: 'lat', labels: { quantile: '0.5' } }, { name: 'lat', labels: { quantile: '0.95' } }]);
 *   names({ name: 'lat', labels: { quantile: '0.95' } }).text // 'lat p95'
 */
export function seriesNamer(catalogue: readonly Named[]): SeriesNamer {
  const groupOf = (s: Named): string => `${s.name}\u0000${s.service ?? ''}`;
  const groups = new Map<string, Record<string, string>[]>();
  for (const s of catalogue) {
    const peers = groups.get(groupOf(s));
    if (peers) peers.push(s.labels);
    else groups.set(groupOf(s), [s.labels]);
  }
  const keysOf = new Map<string, string[]>();
  return (s) => {
    const group = groupOf(s);
    let keys = keysOf.get(group);
    if (!keys) {
      const peers = groups.get(group);
      keys = peers && peers.length > 1 ? tellingKeys(peers) : [];
      keysOf.set(group, keys);
    }
    return seriesLabel(s, keys);
  };
}
