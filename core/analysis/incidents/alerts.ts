/**
 * Alerts before grouping: repeats of one fingerprint folded into episodes (flapping becomes one alert with a
 * count), and chronic noise recognised and set aside — always-firing watchdogs, certificate expiry warnings,
 * target-down during scrape gaps, nightly same-hour firings, chronic flappers, info-level alerts. This is the
 * de-duplication and suppression step alert-correlation products (BigPanda, PagerDuty event intelligence) run
 * before correlating. Pure: no store, no I/O.
 */
import type { AlertSignal, NoiseAlert } from './types';

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;
/** Firings of one fingerprint closer than this are one episode (flapping folded). */
export const FLAP_GAP_MS = 30 * MINUTE;
/** An episode that fired this often is flapping: weak evidence, never the moment an incident starts. */
export const FLAPPING_COUNT = 4;

/** One episode of an alert: its firings folded, with where it starts and ends. */
export interface AlertEpisode {
  fingerprint: string;
  name: string;
  service: string | null;
  severity: string | null;
  startsAt: number;
  endsAt: number;
  /** Firings folded into this episode. */
  count: number;
  ids: number[];
}

export interface FoldedAlerts {
  episodes: AlertEpisode[];
  noise: (NoiseAlert & { service: string | null; ids: number[] })[];
}

const ALWAYS_FIRING = /watchdog|deadman|dead-man|heartbeat|always.?firing|infoinhibitor/i;
const CERTIFICATE = /cert|ssl|tls|x509|expir/i;
const TARGET_DOWN = /targetdown|target.?down|scrape|absent|nodata|no.?data/i;

/** Circular spread (hours) of the hours of day at which `times` fall: 0 when all at the same hour. */
function hourSpread(times: readonly number[]): number {
  let x = 0;
  let y = 0;
  for (const t of times) {
    const angle = (((t % DAY) + DAY) % DAY) / DAY * 2 * Math.PI;
    x += Math.cos(angle);
    y += Math.sin(angle);
  }
  const r = Math.hypot(x, y) / times.length;
  // Circular standard deviation, in hours.
  return r >= 1 ? 0 : (Math.sqrt(-2 * Math.log(Math.max(r, 1e-12))) / (2 * Math.PI)) * 24;
}

/**
 * Why a fingerprint's firings are chronic noise, or null when they are not. `spanMs`: the workspace's length;
 * `strongNear(service, from, to)`: whether the service has strong metric evidence then (a target down with
 * its service's metrics misbehaving is a real outage, not a scrape gap).
 */
function noiseReason(
  firings: readonly AlertSignal[],
  spanMs: number,
  strongNear: (service: string | null, from: number, to: number) => boolean,
): NoiseAlert['reason'] | null {
  const first = firings[0];
  const text = `${first.name} ${first.labels['annotation.summary'] ?? ''}`;
  const active = firings.reduce((sum, f) => sum + Math.max(0, (f.endsAt ?? f.startsAt) - f.startsAt), 0);
  if (ALWAYS_FIRING.test(first.name) || (spanMs > 0 && active >= 0.5 * spanMs)) return 'always-firing';
  if (CERTIFICATE.test(text)) return 'certificate';
  if (TARGET_DOWN.test(first.name) && firings.every((f) => !strongNear(f.service, f.startsAt - 15 * MINUTE, (f.endsAt ?? f.startsAt) + 15 * MINUTE))) {
    return 'scrape-gap';
  }
  const days = new Set(firings.map((f) => Math.floor(f.startsAt / DAY)));
  if (days.size >= 3 && hourSpread(firings.map((f) => f.startsAt)) <= 1) return 'nightly';
  if (firings.length >= 20 && days.size >= 5) return 'flapping';
  if (/^(info|none|informational)$/i.test(first.severity ?? '')) return 'low-severity';
  return null;
}

/**
 * Folds alerts by fingerprint into episodes and sets chronic noise aside (see the file's header).
 * O(alerts log alerts).
 * @example foldAlerts(alerts, 14 * DAY, () => false).noise // [{ name: 'Watchdog', reason: 'always-firing', … }]
 */
export function foldAlerts(
  alerts: readonly AlertSignal[],
  spanMs: number,
  strongNear: (service: string | null, from: number, to: number) => boolean,
): FoldedAlerts {
  const byFingerprint = new Map<string, AlertSignal[]>();
  for (const a of alerts) {
    const list = byFingerprint.get(a.fingerprint);
    if (list) list.push(a);
    else byFingerprint.set(a.fingerprint, [a]);
  }
  const episodes: AlertEpisode[] = [];
  const noise: FoldedAlerts['noise'] = [];
  for (const [fingerprint, firings] of byFingerprint) {
    firings.sort((a, b) => a.startsAt - b.startsAt || a.id - b.id);
    const reason = noiseReason(firings, spanMs, strongNear);
    if (reason) {
      noise.push({ fingerprint, name: firings[0].name, service: firings[0].service, reason, count: firings.length, ids: firings.map((f) => f.id) });
      continue;
    }
    let current: AlertEpisode | null = null;
    for (const f of firings) {
      const end = Math.max(f.startsAt, f.endsAt ?? f.startsAt);
      if (current && f.startsAt <= current.endsAt + FLAP_GAP_MS) {
        current.endsAt = Math.max(current.endsAt, end);
        current.count++;
        current.ids.push(f.id);
        continue;
      }
      current = { fingerprint, name: f.name, service: f.service, severity: f.severity, startsAt: f.startsAt, endsAt: end, count: 1, ids: [f.id] };
      episodes.push(current);
    }
  }
  episodes.sort((a, b) => a.startsAt - b.startsAt);
  noise.sort((a, b) => b.count - a.count || a.name.localeCompare(b.name));
  return { episodes, noise };
}
