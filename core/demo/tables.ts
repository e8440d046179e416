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

/** `deploys/deployments.csv`: header plus one row per deploy or config change, in the given order. */
export function deploymentsCsv(deploys: readonly DeployEvent[]): string {
  const rows = ['time,service,kind,version,description'];
  for (const d of deploys) {
    rows.push([isoSeconds(d.timeMs), d.service, d.kind, d.version, d.description].map(csvField).join(','));
  }
  return `${rows.join('\n')}\n`;
}

/** `topology/dependencies.csv`: header plus one `caller,callee` row per edge. */
export function dependenciesCsv(): string {
  return `${['caller,callee', ...EDGES.map(([a, b]) => `${a},${b}`)].join('\n')}\n`;
}
