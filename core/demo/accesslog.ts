/**
 * The gateway's nginx access log, `log_format combined` plus `$request_time`:
 *   203.0.113.7 - - [02/Mar/2026:10:00:00 +0000] "GET /api/cart HTTP/1.1" 200 512 "-" "Mozilla/5.0 ..." 0.023
 * A sample of the gateway's requests, so lines per minute follow its request rate, the share of 5xx
 * follows its error rate (504 while an upstream is saturated, 502 after the bad deploy), and
 * request times are drawn from a log-normal matched to that minute's p50 and p95.
 */

import type { LogCounts } from './logs';
import type { ServiceSeries } from './metrics';
import { STEP_MS, type Plan, type PlannedIncident } from './plan';
import { Random } from './random';
import type { FileSink } from './sink';

const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

const USER_AGENTS = [
  'Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/122.0.0.0 Safari/537.36',
  'Mozilla/5.0 (Macintosh; Intel Mac OS X 14_3) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.3 Safari/605.1.15',
  'Mozilla/5.0 (iPhone; CPU iPhone OS 17_3 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.3 Mobile/15E148 Safari/604.1',
  'Mozilla/5.0 (Linux; Android 14; Pixel 8) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/122.0.6261.64 Mobile Safari/537.36',
  'Mozilla/5.0 (X11; Linux x86_64; rv:123.0) Gecko/20100101 Firefox/123.0',
  'ShopApp/4.12.0 (iOS 17.3; iPhone15,2)',
  'ShopApp/4.12.0 (Android 14; SM-S911B)',
];
const UA_WEIGHTS = [30, 14, 18, 16, 5, 9, 8];

const TERMS = ['running+shoes', 'usb-c+cable', 'winter+jacket', 'coffee+grinder', 'yoga+mat', 'wireless+earbuds', 'desk+lamp'];

interface Endpoint {
  weight: number;
  method: string;
  path: (r: Random) => string;
  static?: boolean;
}

const ENDPOINTS: Endpoint[] = [
  { weight: 30, method: 'GET', path: (r) => `/api/products?page=${r.int(1, 20)}&sort=popular` },
  { weight: 15, method: 'GET', path: (r) => `/api/products/SKU-${r.int(10_000, 99_999)}` },
  { weight: 12, method: 'GET', path: (r) => `/api/search?q=${r.pick(TERMS)}` },
  { weight: 8, method: 'GET', path: () => '/api/cart' },
  { weight: 6, method: 'POST', path: () => '/api/cart/items' },
  { weight: 3, method: 'POST', path: () => '/api/orders' },
  { weight: 4, method: 'GET', path: (r) => `/api/orders/ORD-${r.int(10_000_000, 99_999_999)}` },
  { weight: 5, method: 'POST', path: () => '/api/auth/token' },
  { weight: 6, method: 'GET', path: () => '/api/users/me' },
  { weight: 3, method: 'GET', path: (r) => `/api/recommendations?user=${r.int(100_000, 999_999)}` },
  { weight: 8, method: 'GET', path: () => '/static/js/app.4f2a9c.js', static: true },
];
const ENDPOINT_WEIGHTS = ENDPOINTS.map((e) => e.weight);

/** Incident kinds whose failing requests end in a gateway timeout (504) rather than a 5xx from upstream. */
const TIMEOUT_KINDS = new Set([
  'upstream-saturation', 'cpu-saturation', 'network-delay', 'lock-contention', 'cache-eviction', 'traffic-surge',
]);

function pad2(n: number): string {
  return n < 10 ? `0${n}` : String(n);
}

/** `[dd/Mon/yyyy:HH:MM:` for the minute starting at `ms`. */
function clfMinute(ms: number): string {
  const d = new Date(ms);
  return `${pad2(d.getUTCDate())}/${MONTHS[d.getUTCMonth()]}/${d.getUTCFullYear()}:${pad2(d.getUTCHours())}:${pad2(d.getUTCMinutes())}:`;
}

/** Write the access log: about `budget` lines at rest. O(minutes + lines). */
export async function writeAccessLog(sink: FileSink, plan: Plan<PlannedIncident>, series: ServiceSeries, budget: number): Promise<LogCounts> {
  const { values, errBase, errExtra } = series;
  const r = Random.derive(plan.seed, `logs/${series.spec.name}`);
  const rps = values.http_requests_per_second;
  const err = values.http_errors_per_second;
  const p50 = values.http_request_duration_seconds_p50;
  const p95 = values.http_request_duration_seconds_p95;
  let sum = 0;
  for (let i = 0; i < plan.n; i++) sum += rps[i];
  const k = sum > 0 ? budget / sum : 0;
  const clients = Array.from({ length: 3000 }, () =>
    `${r.pick([31, 62, 81, 85, 91, 93, 109, 151, 178, 185, 188, 203])}.${r.int(1, 254)}.${r.int(0, 255)}.${r.int(1, 254)}`);
  const kindOf = new Map(plan.incidents.map((x) => [x.id, x.kind]));
  const extras = [...errExtra.entries()];
  const counts: LogCounts = { events: 0, lines: 0 };

  for (let i = 0; i < plan.n; i++) {
    const t0 = plan.startMs + i * STEP_MS;
    const m = r.poisson(k * rps[i]);
    if (m === 0) continue;
    const prefix = clfMinute(t0);
    const ratio5 = rps[i] > 0 ? err[i] / rps[i] : 0;
    const sigma = Math.min(1.5, Math.max(0.2, Math.log(p95[i] / p50[i]) / 1.645));
    let errTotal = errBase[i];
    for (const [, x] of extras) errTotal += x[i];
    const offsets = Array.from({ length: m }, () => r.int(0, 59_999)).sort((a, b) => a - b);
    let out = '';
    for (const off of offsets) {
      const ep = ENDPOINTS[r.weighted(ENDPOINT_WEIGHTS)];
      const path = ep.path(r);
      let status: number;
      let bytes: number;
      let rt: number;
      if (!ep.static && r.chance(ratio5)) {
        let kind = 'base';
        let u = r.float() * errTotal - errBase[i];
        for (const [id, x] of extras) {
          if (u < 0) break;
          u -= x[i];
          if (u < 0) kind = kindOf.get(id) ?? 'base';
        }
        if (TIMEOUT_KINDS.has(kind)) status = 504;
        else if (kind === 'bad-deploy') status = r.chance(0.7) ? 502 : 500;
        else status = [500, 502, 502, 503][r.int(0, 3)];
        bytes = status === 504 ? 167 : status === 502 ? 157 : status === 503 ? 197 : 21;
        rt = status === 504 ? 5 + r.uniform(0, 0.01) : status === 503 ? r.uniform(0, 0.002) : r.logNormal(p50[i], sigma);
      } else if (!ep.static && r.chance(0.035)) {
        status = [404, 404, 401, 400, 429][r.int(0, 4)];
        bytes = r.int(40, 220);
        rt = r.logNormal(p50[i] * 0.3, 0.5);
      } else if (ep.static) {
        status = r.chance(0.6) ? 304 : 200;
        bytes = status === 304 ? 0 : 182_344;
        rt = r.uniform(0, 0.004);
      } else {
        status = ep.method === 'POST' ? (r.chance(0.4) ? 201 : 200) : 200;
        bytes = Math.max(2, Math.round(r.logNormal(1800, 0.9)));
        rt = Math.min(60, r.logNormal(p50[i], sigma));
      }
      const ref = r.chance(0.55) ? `https://shop.example.com${r.pick(['/', '/cart', '/search', '/product', '/checkout'])}` : '-';
      const ua = USER_AGENTS[r.weighted(UA_WEIGHTS)];
      const sec = pad2(Math.floor(off / 1000));
      out += `${r.pick(clients)} - - [${prefix}${sec} +0000] "${ep.method} ${path} HTTP/1.1" ${status} ${bytes} "${ref}" "${ua}" ${rt.toFixed(3)}\n`;
    }
    counts.events += m;
    counts.lines += m;
    if (sink.push(out)) await sink.flush();
  }
  await sink.flush();
  return counts;
}
