/**
 * A synthetic monitoring dump for the anomaly budget (bench/anomaly-budget.ts): `services` services with 10 series
 * each, `days` days at one-minute steps from a Wednesday (so one weekend with weekdays on both sides), daily and
 * weekly seasonality (weekends quieter), noise, and the shapes that flooded round one: request and error counters
 * as rates (non-negative, near zero at night), gauges with small whole-number values (connections, busy threads,
 * queue depth), latencies, CPU, memory. No incident unless `incidents` asks for some: each one degrades its root
 * service's latency, errors, CPU, threads and queue for 20–40 minutes, and one caller of it mildly.
 */
import { rng } from './rng';

const MIN = 60_000;
const DAY = 86_400_000;
/** Wednesday 2026-03-04 00:00 UTC. */
export const DUMP_START = Date.UTC(2026, 2, 4);

export interface DumpSeries {
  name: string;
  service: string;
  ts: Float64Array;
  values: Float64Array;
}

export interface PlantedIncident {
  rootService: string;
  /** A service calling the root, mildly affected. */
  caller: string;
  startMs: number;
  endMs: number;
}

export interface OpsDump {
  series: DumpSeries[];
  incidents: PlantedIncident[];
  days: number;
}

export interface OpsDumpOptions {
  seed?: number;
  days?: number;
  services?: number;
  /** Planted incidents (0 = a quiet dump). */
  incidents?: number;
}

/** Poisson draw (Knuth for small means, normal approximation above 30). */
function poisson(rand: () => number, mean: number): number {
  if (mean <= 0) return 0;
  if (mean > 30) return Math.max(0, Math.round(mean + Math.sqrt(mean) * gauss(rand)));
  const l = Math.exp(-mean);
  let k = 0;
  let p = 1;
  do {
    k++;
    p *= rand();
  } while (p > l);
  return k - 1;
}

function gauss(rand: () => number): number {
  return Math.sqrt(-2 * Math.log(Math.max(rand(), 1e-12))) * Math.cos(2 * Math.PI * rand());
}

/** Load in [~0.15, 1]: low at night, peak mid-afternoon UTC, weekends at 60%. */
function load(t: number): number {
  const h = ((t % DAY) / DAY) * 24;
  const day = new Date(t).getUTCDay();
  const daily = 0.575 - 0.425 * Math.cos((2 * Math.PI * (h - 3)) / 24);
  return daily * (day === 0 || day === 6 ? 0.6 : 1);
}

/** The dump; the same options always give the same data. O(services x 10 x days x 1440). */
export function generateOpsDump(o: OpsDumpOptions = {}): OpsDump {
  const seed = o.seed ?? 1;
  const days = o.days ?? 10;
  const nServices = o.services ?? 10;
  const rand = rng(seed);
  const n = days * 1440;
  const ts = Float64Array.from({ length: n }, (_, i) => DUMP_START + i * MIN);
  const loads = Float64Array.from(ts, load);
  const services = Array.from({ length: nServices }, (_, k) => `svc-${String.fromCharCode(97 + (k % 26))}${k >= 26 ? k : ''}`);

  const incidents: PlantedIncident[] = [];
  for (let k = 0; k < (o.incidents ?? 0); k++) {
    const root = services[Math.floor(rand() * nServices)];
    const others = services.filter((s) => s !== root);
    const caller = others[Math.floor(rand() * others.length)];
    // Away from the first two days (history) and spread over the rest.
    const day = 2 + Math.floor(((k + rand()) / (o.incidents ?? 1)) * (days - 2.5));
    const startMs = DUMP_START + day * DAY + Math.floor(rand() * 20) * 3_600_000 + Math.floor(rand() * 60) * MIN;
    incidents.push({ rootService: root, caller, startMs, endMs: startMs + (20 + Math.floor(rand() * 21)) * MIN });
  }
  /** Incident impact in [0, 1] on a service at time t: 1 on the root, 0.3 on its caller, 0 elsewhere. */
  const impact = (service: string, t: number): number => {
    let x = 0;
    for (const inc of incidents) {
      if (t < inc.startMs || t > inc.endMs) continue;
      if (inc.rootService === service) x = Math.max(x, 1);
      else if (inc.caller === service) x = Math.max(x, 0.3);
    }
    return x;
  };

  const series: DumpSeries[] = [];
  for (const service of services) {
    const base = 5 + 200 * rand(); // requests per second at peak
    const lat = 20 + 180 * rand(); // ms
    const pool = 2 + Math.floor(4 * rand());
    const mem = (200 + 800 * rand()) * 2 ** 20;
    const make = (name: string, f: (i: number, x: number) => number): void => {
      series.push({ name, service, ts, values: Float64Array.from({ length: n }, (_, i) => f(i, impact(service, ts[i]))) });
    };
    make('http_requests_per_second', (i) => poisson(rand, base * loads[i] * 60) / 60);
    make('http_errors_per_second', (i, x) => poisson(rand, base * loads[i] * 60 * (0.002 + 0.2 * x)) / 60);
    make('latency_p50_ms', (i, x) => lat * (1 + 0.2 * loads[i]) * (1 + 3 * x) * Math.exp(0.05 * gauss(rand)));
    make('latency_p95_ms', (i, x) => 3 * lat * (1 + 0.3 * loads[i]) * (1 + 4 * x) * Math.exp(0.1 * gauss(rand)));
    make('cpu_percent', (i, x) => Math.min(100, Math.max(0, 8 + 50 * loads[i] + 40 * x + 2 * gauss(rand))));
    make('memory_bytes', (i) => mem * (1 + 0.05 * Math.sin((2 * Math.PI * i) / 97)) + mem * 0.01 * gauss(rand));
    make('db_connections_active', (i, x) => Math.min(pool * 4, poisson(rand, pool * (0.5 + loads[i]) + 8 * x)));
    make('threads_busy', (i, x) => poisson(rand, 1 + 3 * loads[i] + 10 * x));
    make('queue_depth', (i, x) => poisson(rand, 0.3 * loads[i] + 20 * x));
    make('gc_pause_ms', (i) => Math.max(0, 5 + 3 * loads[i] + 2 * gauss(rand) + (rand() < 0.002 ? 40 * rand() : 0)));
  }
  return { series, incidents, days };
}
