/**
 * The two small CSV files of the dump: `deploys/deployments.csv` (`time,service,kind,version,description`,
 * RFC 4180 quoting, times ISO 8601 UTC) and `topology/dependencies.csv` (`caller,callee`).
 */

import type { DeployEvent } from './plan';
import { EDGES } from './services';

/** Quote a CSV field when it holds a comma, quote or line break (RFC 4180). */
export function csvField(s: string): string {
  return /[",\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

/** ISO 8601 UTC without milliseconds when they are zero: 2026-03-06T13:04:27Z. */
export function isoSeconds(ms: number): string {
  const s = new Date(ms).toISOString();
  return s.endsWith('.000Z') ? `${s.slice(0, 19)}Z` : s;
}

/**
 * `deploys/deployments.csv`: header plus one row per deploy or config change, in the given order.
 * When any change names a config key, three more columns say which and its old -> new value
 * (`key,old_value,new_value`; empty for the other rows).
 */
export function deploymentsCsv(deploys: readonly DeployEvent[]): string {
  const keyed = deploys.some((d) => d.key !== undefined);
  const rows = [keyed ? 'time,service,kind,version,description,key,old_value,new_value' : 'time,service,kind,version,description'];
  for (const d of deploys) {
    const cells = [isoSeconds(d.timeMs), d.service, d.kind, d.version, d.description];
    if (keyed) cells.push(d.key ?? '', d.oldValue ?? '', d.newValue ?? '');
    rows.push(cells.map(csvField).join(','));
  }
  return `${rows.join('\n')}\n`;
}

/** `topology/dependencies.csv`: header plus one `caller,callee` row per edge (default: the shop's). */
export function dependenciesCsv(edges: readonly (readonly [string, string])[] = EDGES): string {
  return `${['caller,callee', ...edges.map(([a, b]) => `${a},${b}`)].join('\n')}\n`;
}
