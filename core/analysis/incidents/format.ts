/**
 * How investigation texts write times, values and metric names: deterministic (UTC, fixed precision), so
 * the same data always reads the same. Pure.
 */

/** "14:02" (UTC) for a time on the incident's day; "Mar 6 14:02" when `withDay`. */
export function clock(ms: number, withDay = false): string {
  const iso = new Date(ms).toISOString();
  const hm = iso.slice(11, 16);
  if (!withDay) return hm;
  const d = new Date(ms);
  const month = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'][d.getUTCMonth()];
  return `${month} ${d.getUTCDate()} ${hm}`;
}

/** A value with a unit guessed from the metric name: seconds, bytes, a 0..1 share as %, else 3 significant digits. */
export function value(metric: string, v: number): string {
  if (!Number.isFinite(v)) return '?';
  if (/seconds|duration|latency/.test(metric)) return v >= 1 ? `${v.toPrecision(3)} s` : `${(v * 1000).toPrecision(3)} ms`;
  if (/bytes/.test(metric)) {
    const units = ['B', 'KiB', 'MiB', 'GiB', 'TiB'];
    let x = Math.abs(v);
    let u = 0;
    while (x >= 1024 && u < units.length - 1) {
      x /= 1024;
      u++;
    }
    return `${(Math.sign(v) * x).toPrecision(3)} ${units[u]}`;
  }
  if (/cpu_usage|ratio|utili[sz]ation/.test(metric) && Math.abs(v) <= 1.5) return `${(v * 100).toPrecision(3)} %`;
  return Math.abs(v) >= 1000 || Math.abs(v) < 0.01 ? v.toPrecision(3) : String(Number(v.toPrecision(3)));
}

/** A short readable name of a metric: `http_request_duration_seconds_p95` → `p95 latency`. */
export function metricName(metric: string): string {
  const p = /_(p\d{2,3})$/.exec(metric);
  if (/duration|latency/.test(metric)) return `${p ? p[1] : 'mean'} latency`;
  if (/error/.test(metric)) return 'errors';
  if (/requests?_per_second|requests_total|rps|throughput/.test(metric)) return 'requests';
  if (/cpu/.test(metric)) return 'CPU';
  if (/memory|resident|heap/.test(metric)) return 'memory';
  return metric;
}

/** Minutes between two times, rounded, as "3 min" / "2 h 5 min" / "1.5 d". */
export function duration(ms: number): string {
  const min = Math.round(Math.abs(ms) / 60_000);
  if (min < 60) return `${min} min`;
  if (min < 48 * 60) return `${Math.floor(min / 60)} h${min % 60 ? ` ${min % 60} min` : ''}`;
  return `${(min / 1440).toFixed(1)} d`;
}
