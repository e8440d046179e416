/**
 * A dump laid out as real ones are — per-service log folders in four styles, Prometheus metrics, rotated access
 * logs, Kubernetes events with rollouts and scaling, deploys to production and staging, alerts with one firing a
 * month before the data — imported through the real CLI (`hindsight import … && hindsight summary --json`), and
 * the pieces the summary cannot show checked through the store. Every file is written by this test.
 */
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { gzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { importPaths } from '../../../core/ingest/import';
import { WorkspaceStore } from '../../../core/store/workspace';

const ROOT = resolve(__dirname, '../../..');
const T0 = Date.UTC(2025, 2, 14, 10, 0, 0);
const MIN = 60_000;
/** Two hours of data. */
const MINUTES = 120;

let dir: string;
let dump: string;

const write = (rel: string, content: string | Buffer): void => {
  const p = join(dump, rel);
  mkdirSync(dirname(p), { recursive: true });
  writeFileSync(p, content);
};
const iso = (t: number): string => new Date(t).toISOString();
/** `2025-03-14 10:00:01,000` */
const javaTime = (t: number): string => iso(t).replace('T', ' ').replace('.', ',').replace('Z', '');
const nginxTime = (t: number): string => {
  const d = new Date(t);
  const mon = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'][d.getUTCMonth()];
  const p = (n: number): string => String(n).padStart(2, '0');
  return `${p(d.getUTCDate())}/${mon}/${d.getUTCFullYear()}:${p(d.getUTCHours())}:${p(d.getUTCMinutes())}:${p(d.getUTCSeconds())} +0000`;
};
const accessLines = (from: number, to: number): string =>
  Array.from({ length: to - from }, (_, i) => {
    const m = from + i;
    return `10.0.0.${m % 7} - - [${nginxTime(T0 + m * MIN + 5000)}] "GET /api/items/${m} HTTP/1.1" ${m % 10 === 0 ? 502 : 200} ${512 + m} "-" "curl/8.0"`;
  }).join('\n') + '\n';

/** Expected log events per service (one event per minute, a stack trace counting as one). */
const LOGS = { orders: MINUTES, payments: MINUTES, search: MINUTES, gateway: MINUTES };

function writeDump(): void {
  // Metrics: a job label, a pod label, and one series nothing ties to a service.
  const values = Array.from({ length: MINUTES }, (_, i) => [(T0 + i * MIN) / 1000, String(10 + (i % 5))]);
  write(
    'metrics/prometheus/query_range.json',
    JSON.stringify({
      status: 'success',
      data: {
        resultType: 'matrix',
        result: [
          { metric: { __name__: 'http_requests_total', job: 'orders', instance: '10.0.0.1:8080' }, values },
          { metric: { __name__: 'container_memory_working_set_bytes', pod: 'payments-7d4b9c6f8-x2x7k', app: '2.3.1' }, values },
          { metric: { __name__: 'node_load1', instance: '10.0.0.9:9100' }, values },
        ],
      },
    }),
  );
  // Java: thread and logger in the header, a stack trace every 30 minutes.
  write(
    'logs/orders/orders.log',
    Array.from({ length: MINUTES }, (_, i) => {
      const head = `${javaTime(T0 + i * MIN + 1000)} ${i % 30 === 0 ? 'ERROR' : 'INFO '} [http-nio-8080-exec-${1 + (i % 4)}] c.s.orders.OrderController - order ${1000 + i} placed`;
      return i % 30 === 0 ? `${head}\njava.lang.IllegalStateException: stock\n\tat c.s.orders.Stock.take(Stock.java:42)` : head;
    }).join('\n') + '\n',
  );
  // JSON: `app` holds the mobile app's version, `logger` a logger.
  write(
    'logs/payments/payments.jsonl',
    Array.from({ length: MINUTES }, (_, i) =>
      JSON.stringify({ ts: iso(T0 + i * MIN + 2000), level: 'info', msg: `charge ${i} ok`, app: '2.3.1', logger: 'com.shop.pay.Charge' }),
    ).join('\n') + '\n',
  );
  // Python logging: `name - LEVEL - msg`, the logger name in the header; an instance-numbered file.
  write(
    'logs/search/search-1.log',
    Array.from({ length: MINUTES }, (_, i) => `${javaTime(T0 + i * MIN + 3000)} - search.api - INFO - query ${i} took 12 ms`).join('\n') + '\n',
  );
  // nginx access logs rotated: the oldest gzipped.
  write('logs/gateway/access.log.2.gz', gzipSync(accessLines(0, 40)));
  write('logs/gateway/access.log.1', accessLines(40, 80));
  write('logs/gateway/access.log', accessLines(80, MINUTES));

  // Kubernetes events: a rollout of checkout (new replica set, 4 steps), a plain scale-up, a restart, an OOM kill,
  // a probe failure, and a rollout in the staging namespace.
  const ev = (reason: string, message: string, t: number, name: string, kind = 'Deployment', namespace = 'shop', type = 'Normal') => ({
    kind: 'Event',
    apiVersion: 'v1',
    metadata: { name: `${name}.${t}`, namespace },
    involvedObject: { kind, name, namespace },
    reason,
    message,
    type,
    count: 1,
    firstTimestamp: iso(t).replace('.000', ''),
    lastTimestamp: iso(t).replace('.000', ''),
    source: { component: 'deployment-controller' },
  });
  const at = (m: number): number => T0 + m * MIN;
  write(
    'k8s/events.json',
    JSON.stringify({
      apiVersion: 'v1',
      kind: 'List',
      items: [
        ev('ScalingReplicaSet', 'Scaled up replica set checkout-7f9c6d5b8 to 1', at(30), 'checkout'),
        ev('ScalingReplicaSet', 'Scaled down replica set checkout-5d4f8b7c9 to 2 from 3', at(31), 'checkout'),
        ev('ScalingReplicaSet', 'Scaled up replica set checkout-7f9c6d5b8 to 3 from 1', at(32), 'checkout'),
        ev('ScalingReplicaSet', 'Scaled down replica set checkout-5d4f8b7c9 to 0 from 2', at(33), 'checkout'),
        ev('ScalingReplicaSet', 'Scaled up replica set checkout-7f9c6d5b8 to 5 from 3', at(90), 'checkout'),
        ev('BackOff', 'Back-off restarting failed container', at(50), 'payments-7d4b9c6f8-x2x7k', 'Pod', 'shop', 'Warning'),
        ev('OOMKilling', 'Memory cgroup out of memory: Killed process 4242 (java)', at(51), 'payments-7d4b9c6f8-x2x7k', 'Pod', 'shop', 'Warning'),
        ev('Unhealthy', 'Readiness probe failed: HTTP probe failed with statuscode: 503', at(52), 'search-0', 'Pod', 'shop', 'Warning'),
        ev('ScalingReplicaSet', 'Scaled up replica set orders-6b8d9f7c5 to 1', at(60), 'orders', 'Deployment', 'staging'),
        ev('ScalingReplicaSet', 'Scaled down replica set orders-5c7d8b6f4 to 0 from 1', at(61), 'orders', 'Deployment', 'staging'),
      ],
    }),
  );
  // Deploys: one to production, one to staging.
  write(
    'deploys/deployments.csv',
    `time,service,kind,version,environment,description\n${iso(at(20))},orders,deploy,v2.4.0,production,orders v2.4.0\n${iso(at(70))},orders,deploy,v2.5.0-rc1,staging,orders v2.5.0-rc1\n`,
  );
  // Alerts: one during the data, one that fired a month before it.
  const alert = (name: string, service: string, t: number) => ({
    status: 'firing',
    labels: { alertname: name, service, severity: 'warning' },
    annotations: { summary: `${name} on ${service}` },
    startsAt: iso(t),
    endsAt: '0001-01-01T00:00:00Z',
    fingerprint: `${name}${t}`,
  });
  write(
    'alerts/alertmanager.json',
    JSON.stringify({
      version: '4',
      status: 'firing',
      receiver: 'team',
      groupLabels: {},
      commonLabels: {},
      alerts: [alert('HighLatency', 'search', at(52)), alert('CertificateExpiry', 'gateway', T0 - 30 * 24 * 60 * MIN)],
    }),
  );
}

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'hindsight-attrib-'));
  dump = join(dir, 'dump');
  writeDump();
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** `node bin/hindsight.mjs ...args`; returns exit code, stdout, stderr. */
function hindsight(args: string[]): { code: number | null; out: string; err: string } {
  const r = spawnSync(process.execPath, [join(ROOT, 'bin/hindsight.mjs'), ...args], {
    env: { ...process.env, HINDSIGHT_HOME: join(dir, 'home') },
    encoding: 'utf8',
    timeout: 240_000,
  });
  return { code: r.status, out: r.stdout, err: r.stderr };
}

interface Counts {
  series: number;
  logs: number;
  events: number;
}

describe('importing a dump with per-service log folders (CLI, end to end)', () => {
  it('ties every log line, series and event to its service, counts kinds, and spans only the metrics and logs', () => {
    const ws = join(dir, 'cli.hindsight');
    const imported = hindsight(['import', ws, dump, '--json']);
    expect(imported.code, imported.err).toBe(0);
    const result = JSON.parse(imported.out) as { totals: { series: number; logs: number; failed: number; skipped: number } };
    expect(result.totals.failed).toBe(0);
    const summarised = hindsight(['summary', ws, '--json']);
    expect(summarised.code, summarised.err).toBe(0);
    const s = JSON.parse(summarised.out) as {
      services: Record<string, Counts & { samples: number }>;
      unattributed: Counts;
      events_by_kind: Record<string, number>;
      nonprod_events_by_kind: Record<string, number>;
      span: { first: number; last: number; first_iso: string; last_iso: string };
      counts: { series: number; logs: number };
      sources: { path: string; service: string | null; serviceOrigin: string | null }[];
    };
    const logsOf = (name: string): number => s.services[name]?.logs ?? 0;
    // Per-service log counts: the folder names the service, whatever the lines say.
    for (const [svc, n] of Object.entries(LOGS)) expect(logsOf(svc), svc).toBe(n);
    const allLogs = s.counts.logs;
    const attributed = Object.values(s.services).reduce((n, c) => n + c.logs, 0);
    expect(attributed / allLogs).toBeGreaterThanOrEqual(0.98);
    expect(s.unattributed.logs).toBe(0);
    // Never a thread, logger, version or host id.
    for (const name of Object.keys(s.services)) {
      expect(name).not.toMatch(/exec|Controller|search\.api|^2\.3\.1$|com\.shop|^10\./);
    }
    // Series: the job label (orders), the pod name (payments, not the app version), the access-log series under
    // the gateway folder, counted once across the three rotated files; the node's load belongs to no service.
    expect(s.services.orders.series).toBe(1);
    expect(s.services.payments.series).toBe(1);
    expect(s.services.gateway.series).toBe(result.totals.series - 3);
    expect(s.services.gateway.series).toBeLessThanOrEqual(10);
    expect(s.unattributed.series).toBe(1);
    expect(s.counts.series).toBe(result.totals.series);
    // Events: one production rollout of checkout and one production deploy of orders are deploys; the scale-up,
    // restart, OOM kill and probe failure have kinds of their own; the staging rollout and deploy are kept apart.
    expect(s.events_by_kind).toEqual({ alert: 2, deploy: 2, 'k8s-scale': 1, 'k8s-restart': 1, 'k8s-oom': 1, 'k8s-probe': 1 });
    expect(s.nonprod_events_by_kind).toEqual({ deploy: 2 });
    expect(s.services.checkout.events).toBe(2);
    expect(s.services.payments.events).toBe(2);
    // The alert of a month before does not stretch the span: metrics and logs only.
    expect(s.span.first).toBe(T0);
    expect(s.span.last).toBeLessThan(T0 + MINUTES * MIN);
    expect(s.span.first_iso).toBe(iso(T0));
    // Each source keeps its service and where it came from.
    const src = (end: string) => s.sources.find((x) => x.path.endsWith(end));
    expect(src('orders.log')).toMatchObject({ service: 'orders', serviceOrigin: 'path' });
    expect(src('payments.jsonl')).toMatchObject({ service: 'payments', serviceOrigin: 'path' });
    expect(src('alertmanager.json')?.serviceOrigin).toBe('field');
  }, 300_000);
});

describe('importing the same dump into a store', () => {
  it('lists production deploys only by default, staging ones on request, and far-early alerts all the same', async () => {
    const store = WorkspaceStore.open(join(dir, 'store.hindsight'), { create: true });
    try {
      const r = await importPaths(store, [dump]);
      expect(r.totals.failed).toBe(0);
      const deploys = store.events(-Infinity, Infinity, 100, ['deploy']);
      expect(deploys.map((e) => [e.service, JSON.parse(e.attrs).environment ?? null])).toEqual([
        ['orders', 'production'],
        ['checkout', null],
      ]);
      const rollout = deploys[1];
      expect(rollout.end_ts).toBe(T0 + 33 * MIN);
      expect(JSON.parse(rollout.attrs)).toMatchObject({ revision: '7f9c6d5b8', steps: '4' });
      const all = store.events(-Infinity, Infinity, 100, ['deploy'], true);
      expect(all).toHaveLength(4);
      expect(all.filter((e) => e.nonprod === 1).map((e) => e.service)).toEqual(['orders', 'orders']);
      // Kept and listed, outside the span.
      const alerts = store.events(-Infinity, Infinity, 100, ['alert']);
      expect(alerts.map((a) => a.ts)).toContain(T0 - 30 * 24 * 60 * MIN);
      expect(store.timeRange().first).toBe(T0);
      expect(store.logSpan().first).toBe(T0 + 1000);
    } finally {
      store.close();
    }
  }, 120_000);

  it('gives --service (CLI, through the ingest worker) to files that name no service themselves', () => {
    const file = join(dir, 'plain.log');
    writeFileSync(file, Array.from({ length: 5 }, (_, i) => `${javaTime(T0 + i * MIN)} INFO [main] c.s.Boot - step ${i}`).join('\n') + '\n');
    const ws = join(dir, 'option.hindsight');
    expect(hindsight(['import', ws, file, '--service', 'billing']).code).toBe(0);
    const s = JSON.parse(hindsight(['summary', ws, '--json']).out) as {
      services: Record<string, Counts>;
      sources: { service: string | null; serviceOrigin: string | null }[];
    };
    expect(Object.keys(s.services)).toEqual(['billing']);
    expect(s.services.billing.logs).toBe(5);
    expect(s.sources[0]).toMatchObject({ service: 'billing', serviceOrigin: 'option' });
  }, 120_000);
});
