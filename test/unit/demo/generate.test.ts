import { createHash } from 'node:crypto';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parse as parseCsv } from 'csv-parse/sync';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { generateDemo, type DemoManifest, type GroundTruthIncident } from '../../../core/demo/generate';
import { parseIsoTime } from '../../../core/ingest/time';
import { median } from '../../../core/analysis/stats';

const SMALL = { days: 4, logLines: 6_000 };
const DAY = 86_400_000;
const MIN = 60_000;

interface PromFile {
  status: string;
  data: { resultType: string; result: { metric: Record<string, string>; values: [number, string][] }[] };
}

interface LogEvent {
  ts: number;
  message: string;
}

interface Truth {
  startMs: number;
  endMs: number;
  logs: Record<string, { path: string; style: string; events: number; lines: number }>;
  incidents: GroundTruthIncident[];
}

const TEXT_HEAD = /^(\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z) (DEBUG|INFO |WARN |ERROR|FATAL) \[([a-z]+)\] (\S+) - (.+)$/;
const TEXT_CONT = /^(\t(at |\.\.\. \d+ more)|Caused by: |[a-z]+(\.[A-Za-z0-9_$]+)+: )/;
const PG_LINE = /^(\d{4}-\d{2}-\d{2}) (\d{2}:\d{2}:\d{2}\.\d{3}) UTC \[\d+\] (LOG|WARNING|ERROR|FATAL|STATEMENT): {2}(.+)$/;
const NGINX =
  /^(\d{1,3}(?:\.\d{1,3}){3}) - (\S+) \[(\d{2})\/([A-Z][a-z]{2})\/(\d{4}):(\d{2}):(\d{2}):(\d{2}) ([+-]\d{4})\] "([A-Z]+) (\S+) (HTTP\/\d\.\d)" (\d{3}) (\d+|-) "([^"]*)" "([^"]*)" (\d+\.\d{3})$/;
const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];
const JSON_TIME_KEY: Record<string, [string, string]> = {
  'json-ts': ['ts', 'msg'],
  'json-time': ['time', 'msg'],
  'json-at': ['@timestamp', 'message'],
  'json-epoch': ['timestamp', 'message'],
};

function sha256(buf: Buffer): string {
  return createHash('sha256').update(buf).digest('hex');
}

async function text(dir: string, rel: string): Promise<string> {
  return readFile(join(dir, rel), 'utf8');
}

async function truthOf(m: DemoManifest): Promise<Truth> {
  return JSON.parse(await text(m.dir, 'ground-truth.json')) as Truth;
}

function physicalLines(s: string): string[] {
  const lines = s.split('\n');
  expect(lines.pop()).toBe('');
  return lines;
}

/** Parse a log file in its style; every line must be a header in that style or (text) a continuation. */
function readLog(s: string, style: string): LogEvent[] {
  const out: LogEvent[] = [];
  for (const line of physicalLines(s)) {
    if (style === 'text') {
      const m = TEXT_HEAD.exec(line);
      if (m) out.push({ ts: parseIsoTime(m[1]), message: m[5] });
      else if (!TEXT_CONT.test(line) || out.length === 0) throw new Error(`not a text log line: ${line}`);
    } else if (style === 'postgres') {
      const m = PG_LINE.exec(line);
      if (!m) throw new Error(`not a postgres log line: ${line}`);
      if (m[3] !== 'STATEMENT') out.push({ ts: parseIsoTime(`${m[1]}T${m[2]}Z`), message: m[4] });
    } else if (style === 'nginx') {
      const m = NGINX.exec(line);
      if (!m) throw new Error(`not an nginx combined line: ${line}`);
      const ts = Date.UTC(Number(m[5]), MONTHS.indexOf(m[4]), Number(m[3]), Number(m[6]), Number(m[7]), Number(m[8]));
      out.push({ ts, message: `${m[10]} ${m[11]} ${m[13]}` });
    } else {
      const [timeKey, msgKey] = JSON_TIME_KEY[style];
      const obj = JSON.parse(line) as Record<string, unknown>;
      const t = obj[timeKey];
      const ts = typeof t === 'number' ? t : parseIsoTime(String(t));
      if (typeof obj[msgKey] !== 'string') throw new Error(`no ${msgKey} in ${line}`);
      out.push({ ts, message: obj[msgKey] as string });
    }
  }
  return out;
}

async function readMetrics(m: DemoManifest, service: string): Promise<Map<string, { t: number[]; v: number[] }>> {
  const prom = JSON.parse(await text(m.dir, `metrics/prometheus/${service}.json`)) as PromFile;
  return new Map(prom.data.result.map((r) => [r.metric.__name__, { t: r.values.map((x) => x[0] * 1000), v: r.values.map((x) => Number(x[1])) }]));
}

function meanIn(s: { t: number[]; v: number[] }, from: number, to: number): number {
  let sum = 0;
  let k = 0;
  for (let i = 0; i < s.t.length; i++) {
    if (s.t[i] >= from && s.t[i] < to) {
      sum += s.v[i];
      k++;
    }
  }
  return sum / k;
}

/** First time at or after `from` where the series stays above `thr` for 3 minutes. */
function firstSustained(s: { t: number[]; v: number[] }, from: number, thr: number): number {
  let run = 0;
  for (let i = 0; i < s.t.length; i++) {
    if (s.t[i] < from) continue;
    run = s.v[i] > thr ? run + 1 : 0;
    if (run === 3) return s.t[i - 2];
  }
  return Number.POSITIVE_INFINITY;
}

function toRegex(pattern: string): RegExp {
  const parts = pattern.split('<*>').map((p) => p.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'));
  return new RegExp(parts.join('.+?'));
}

let root = '';
let a: DemoManifest;
let b: DemoManifest;
let other: DemoManifest;

beforeAll(async () => {
  root = await mkdtemp(join(tmpdir(), 'hindsight-demo-'));
  a = await generateDemo(join(root, 'a'), { ...SMALL, seed: 7 });
  b = await generateDemo(join(root, 'b'), { ...SMALL, seed: 7 });
  other = await generateDemo(join(root, 'c'), { ...SMALL, seed: 8 });
}, 60_000);

afterAll(async () => {
  if (root) await rm(root, { recursive: true, force: true });
});

describe('generateDemo: determinism', () => {
  it('writes byte-identical files for the same seed', async () => {
    expect(b.files).toEqual(a.files);
    for (const f of a.files) {
      expect(sha256(await readFile(join(b.dir, f.path)))).toBe(f.sha256);
    }
  });

  it('reports the true size and sha256 of every file it wrote', async () => {
    for (const f of a.files) {
      const buf = await readFile(join(a.dir, f.path));
      expect({ path: f.path, bytes: buf.length, sha256: sha256(buf) }).toEqual(f);
    }
  });

  it('writes different metrics, logs, alerts and deploys for another seed', () => {
    const bySeed = new Map(other.files.map((f) => [f.path, f.sha256]));
    const differ = a.files.filter((f) => bySeed.get(f.path) !== f.sha256).map((f) => f.path);
    const expected = a.files.map((f) => f.path).filter((p) => p !== 'topology/dependencies.csv');
    expect(differ).toEqual(expected);
  });

  it('overwrites an existing dump in place with the same bytes', async () => {
    const again = await generateDemo(other.dir, { ...SMALL, seed: 7 });
    expect(again.files).toEqual(a.files);
  });

  it('refuses options that cannot make a dump, naming the option', async () => {
    await expect(generateDemo(join(root, 'bad'), { days: 1 })).rejects.toThrow(/days/);
    await expect(generateDemo(join(root, 'bad'), { seed: -1 })).rejects.toThrow(/seed/);
    await expect(generateDemo(join(root, 'bad'), { endMs: Date.UTC(2026, 2, 16, 0, 0, 30) })).rejects.toThrow(/endMs/);
    await expect(generateDemo(join(root, 'bad'), { logLines: 1.5 })).rejects.toThrow(/logLines/);
  });
});

describe('generateDemo: every file is valid in its format', () => {
  it('writes Prometheus query_range matrices with 1-minute string samples', async () => {
    const n = SMALL.days * 1440;
    for (const service of a.services) {
      const prom = JSON.parse(await text(a.dir, `metrics/prometheus/${service}.json`)) as PromFile;
      expect(prom.status).toBe('success');
      expect(prom.data.resultType).toBe('matrix');
      expect(prom.data.result).toHaveLength(8); // the seven metrics and the container's memory limit
      const limit = prom.data.result.find((r) => r.metric.__name__ === 'container_spec_memory_limit_bytes');
      expect(new Set(limit?.values.map(([, v]) => v)).size).toBe(1);
      for (const r of prom.data.result) {
        expect(r.metric.service).toBe(service);
        expect(typeof r.metric.instance).toBe('string');
        expect(r.values).toHaveLength(n);
        expect(r.values[0][0]).toBe(a.startMs / 1000);
        for (let i = 0; i < r.values.length; i++) {
          const [t, v] = r.values[i];
          if (i > 0 && t - r.values[i - 1][0] !== 60) throw new Error(`${service} ${r.metric.__name__}: step at ${i}`);
          if (typeof v !== 'string' || !Number.isFinite(Number(v)) || Number(v) < 0) {
            throw new Error(`${service} ${r.metric.__name__}: bad value ${v}`);
          }
        }
      }
    }
  });

  it('writes every log line as a timestamped header in its style or a stack-trace continuation, in time order', async () => {
    const truth = await truthOf(a);
    const styles = new Set<string>();
    for (const [service, info] of Object.entries(truth.logs)) {
      const raw = await text(a.dir, info.path);
      const events = readLog(raw, info.style);
      expect(events.length, service).toBe(info.events);
      expect(physicalLines(raw).length, service).toBe(info.lines);
      for (let i = 0; i < events.length; i++) {
        const e = events[i];
        if (!(e.ts >= a.startMs && e.ts < a.endMs)) throw new Error(`${service}: time out of range in ${e.message}`);
        if (i > 0 && e.ts < events[i - 1].ts) throw new Error(`${service}: out of order at ${e.message}`);
      }
      styles.add(info.style);
    }
    expect([...styles].sort()).toEqual(['json-at', 'json-epoch', 'json-time', 'json-ts', 'nginx', 'postgres', 'text']);
  });

  it('writes multi-line Java stack traces in the plain-text logs', async () => {
    const orders = physicalLines(await text(a.dir, 'logs/orders.log'));
    expect(orders.some((l) => l.startsWith('\tat com.shop.orders.'))).toBe(true);
    expect(orders.filter((l) => !TEXT_HEAD.test(l)).length).toBeGreaterThan(50);
  });

  it('writes Alertmanager webhook payloads, version 4, open alerts ending at the zero time', async () => {
    const payloads = JSON.parse(await text(a.dir, 'alerts/alertmanager-webhook.json')) as {
      version: string; status: string; groupLabels: object;
      alerts: { status: string; labels: Record<string, string>; startsAt: string; endsAt: string; fingerprint: string }[];
    }[];
    expect(payloads.length).toBeGreaterThan(5);
    for (const p of payloads) {
      expect(p.version).toBe('4');
      expect(['firing', 'resolved']).toContain(p.status);
      for (const al of p.alerts) {
        expect(Object.keys(al.labels).sort()).toEqual(['alertname', 'service', 'severity']);
        expect(al.fingerprint).toMatch(/^[0-9a-f]{16}$/);
        expect(parseIsoTime(al.startsAt)).toBeGreaterThanOrEqual(a.startMs);
        if (al.status === 'firing') expect(al.endsAt).toBe('0001-01-01T00:00:00Z');
        else expect(parseIsoTime(al.endsAt)).toBeGreaterThan(parseIsoTime(al.startsAt));
      }
    }
  });

  it('writes deployments and dependencies as CSV with the agreed headers', async () => {
    const deploys = await text(a.dir, 'deploys/deployments.csv');
    expect(deploys.split('\n')[0]).toBe('time,service,kind,version,description');
    const rows = parseCsv(deploys, { columns: true }) as Record<string, string>[];
    expect(rows.length).toBeGreaterThan(5);
    for (const r of rows) {
      expect(parseIsoTime(r.time)).toBeGreaterThan(a.startMs);
      expect(a.services).toContain(r.service);
      expect(['deploy', 'config']).toContain(r.kind);
      expect(r.version).not.toBe('');
    }
    const edges = parseCsv(await text(a.dir, 'topology/dependencies.csv'), { columns: true }) as Record<string, string>[];
    expect(edges).toContainEqual({ caller: 'gateway', callee: 'frontend' });
    expect(edges).toContainEqual({ caller: 'orders', callee: 'postgres' });
    for (const e of edges) expect(a.services).toEqual(expect.arrayContaining([e.caller, e.callee]));
  });

  it('writes ground truth with three incidents of different kinds after the first days', async () => {
    const truth = await truthOf(a);
    expect(truth.incidents.map((i) => i.kind).sort()).toEqual(['bad-deploy', 'memory-leak', 'upstream-saturation']);
    expect(truth.incidents).toEqual(a.incidents);
    for (const inc of truth.incidents) {
      expect(inc.onsetMs).toBeGreaterThanOrEqual(a.startMs + DAY);
      expect(inc.endMs).toBeGreaterThan(inc.onsetMs);
      expect(inc.endMs).toBeLessThanOrEqual(a.endMs);
      expect(parseIsoTime(inc.onset)).toBe(inc.onsetMs);
      expect(inc.affectedServices[0]).toBe(inc.rootService);
      expect(inc.affectedSeries.length).toBeGreaterThan(0);
    }
  });
});

describe('generateDemo: the full default dump', () => {
  let full: DemoManifest;
  let truth: Truth;
  let seconds = 0;
  const byKind = (kind: string): GroundTruthIncident => truth.incidents.find((i) => i.kind === kind) as GroundTruthIncident;
  const raw = new Map<string, string>();
  const parsed = new Map<string, LogEvent[]>();
  const series = new Map<string, Map<string, { t: number[]; v: number[] }>>();
  const rawLog = async (service: string): Promise<string> => {
    if (!raw.has(service)) raw.set(service, await text(full.dir, truth.logs[service].path));
    return raw.get(service) as string;
  };
  const logOf = async (service: string): Promise<LogEvent[]> => {
    if (!parsed.has(service)) parsed.set(service, readLog(await rawLog(service), truth.logs[service].style));
    return parsed.get(service) as LogEvent[];
  };
  const metricsOf = async (service: string): Promise<Map<string, { t: number[]; v: number[] }>> => {
    if (!series.has(service)) series.set(service, await readMetrics(full, service));
    return series.get(service) as Map<string, { t: number[]; v: number[] }>;
  };

  beforeAll(async () => {
    const t = performance.now();
    full = await generateDemo(join(root, 'full'));
    seconds = (performance.now() - t) / 1000;
    truth = await truthOf(full);
  }, 120_000);

  it('has 10 services x 7 metrics (and a memory limit) of 20,160 points and at least 200k log lines, in well under a minute', async () => {
    expect(seconds).toBeLessThan(60);
    expect(full.services).toHaveLength(10);
    for (const service of full.services) {
      const m = await metricsOf(service);
      expect(m.size).toBe(8);
      expect(m.has('container_spec_memory_limit_bytes')).toBe(true);
      for (const s of m.values()) expect(s.v).toHaveLength(20_160);
    }
    let lines = 0;
    for (const service of Object.keys(truth.logs)) lines += physicalLines(await rawLog(service)).length;
    expect(lines).toBeGreaterThanOrEqual(200_000);
    expect(full.incidents.every((i) => i.onsetMs >= full.startMs + 3 * DAY)).toBe(true);
  });

  it('plants a bad deploy: error rate at least 3x the same hours a day earlier, a deploy at onset and a rollback', async () => {
    const inc = byKind('bad-deploy');
    const err = (await metricsOf(inc.rootService)).get('http_errors_per_second') as { t: number[]; v: number[] };
    const during = meanIn(err, inc.onsetMs, inc.endMs);
    const dayBefore = meanIn(err, inc.onsetMs - DAY, inc.endMs - DAY);
    expect(during).toBeGreaterThanOrEqual(3 * dayBefore);
    const rows = parseCsv(await text(full.dir, 'deploys/deployments.csv'), { columns: true }) as Record<string, string>[];
    const svcRows = rows.filter((r) => r.service === inc.rootService);
    expect(svcRows).toContainEqual(expect.objectContaining({ time: inc.onset.replace('.000Z', 'Z'), version: inc.deploy?.version }));
    expect(svcRows.some((r) => parseIsoTime(r.time) > inc.onsetMs && parseIsoTime(r.time) < inc.endMs && /Rollback/.test(r.description)))
      .toBe(true);
  });

  it('plants a new error pattern only inside the bad-deploy window, only in that service', async () => {
    const inc = byKind('bad-deploy');
    const re = toRegex(inc.newLogPattern as string);
    for (const service of Object.keys(truth.logs)) {
      const hits = (await logOf(service)).filter((e) => re.test(e.message));
      if (service !== inc.rootService) {
        expect(hits, service).toHaveLength(0);
        continue;
      }
      expect(hits.length).toBeGreaterThanOrEqual(10);
      expect(hits.filter((e) => e.ts < inc.onsetMs)).toHaveLength(0);
      expect(hits.filter((e) => e.ts >= inc.endMs)).toHaveLength(0);
    }
  });

  it('plants a memory leak: memory climbs until the OOM restart, then drops, with OOMKilled lines', async () => {
    const inc = byKind('memory-leak');
    const restart = inc.restartMs as number;
    const mem = (await metricsOf(inc.rootService)).get('process_resident_memory_bytes') as { t: number[]; v: number[] };
    const xs: number[] = [];
    const ys: number[] = [];
    for (let i = 0; i < mem.t.length; i++) {
      if (mem.t[i] >= inc.onsetMs + 3 * 3_600_000 && mem.t[i] < restart - MIN) {
        xs.push(mem.t[i] / 3_600_000);
        ys.push(mem.v[i]);
      }
    }
    const mx = xs.reduce((s, x) => s + x, 0) / xs.length;
    const my = ys.reduce((s, y) => s + y, 0) / ys.length;
    let sxy = 0;
    let sxx = 0;
    for (let i = 0; i < xs.length; i++) {
      sxy += (xs[i] - mx) * (ys[i] - my);
      sxx += (xs[i] - mx) ** 2;
    }
    expect(sxy / sxx).toBeGreaterThan(0);
    const before = meanIn(mem, restart - 30 * MIN, restart - MIN);
    const after = meanIn(mem, restart + 2 * MIN, restart + 30 * MIN);
    expect(after).toBeLessThan(0.7 * before);
    const oom = (await logOf(inc.rootService)).filter((e) => /OOMKilled/.test(e.message));
    expect(oom.length).toBeGreaterThan(0);
    expect(oom.every((e) => Math.abs(e.ts - restart) < 2 * MIN)).toBe(true);
  });

  it('plants an upstream saturation: the database slows first, its callers after, with timeouts in their logs', async () => {
    const inc = byKind('upstream-saturation');
    const onsetOf = async (service: string): Promise<number> => {
      const p95 = (await metricsOf(service)).get('http_request_duration_seconds_p95') as { t: number[]; v: number[] };
      const base = median(p95.v.filter((_, i) => p95.t[i] >= inc.onsetMs - 120 * MIN && p95.t[i] < inc.onsetMs - 10 * MIN));
      return firstSustained(p95, inc.onsetMs - 60 * MIN, 1.5 * base);
    };
    const rootAt = await onsetOf(inc.rootService);
    expect(rootAt).toBeGreaterThanOrEqual(inc.onsetMs - MIN);
    expect(rootAt).toBeLessThan(inc.onsetMs + 15 * MIN);
    const callers = ['orders', 'payments', 'users', 'inventory'];
    for (const caller of callers) {
      expect(inc.affectedServices).toContain(caller);
      expect(await onsetOf(caller), caller).toBeGreaterThan(rootAt);
      const timeouts = (await logOf(caller))
        .filter((e) => e.ts >= inc.onsetMs && e.ts < inc.endMs && /timed? ?out|timeout|deadline exceeded|not available/.test(e.message));
      expect(timeouts.length, caller).toBeGreaterThan(3);
    }
  });

  it('fires alerts during each incident, and a few noise alerts outside them', async () => {
    const payloads = JSON.parse(await text(full.dir, 'alerts/alertmanager-webhook.json')) as {
      status: string; alerts: { labels: Record<string, string>; startsAt: string }[];
    }[];
    const firing = payloads.filter((p) => p.status === 'firing').map((p) => {
      const { alertname, service } = p.alerts[0].labels;
      return { alertname, service, at: parseIsoTime(p.alerts[0].startsAt) };
    });
    for (const inc of truth.incidents) {
      const inside = firing.filter((f) => inc.affectedServices.includes(f.service) && f.at >= inc.onsetMs && f.at <= inc.endMs);
      expect(inside.map((f) => f.service), inc.kind).toContain(inc.rootService);
    }
    const outside = new Set(firing
      .filter((f) => truth.incidents.every((inc) => f.at < inc.onsetMs - 3_600_000 || f.at > inc.endMs + 3_600_000))
      .map((f) => `${f.alertname}/${f.service}/${f.at}`));
    expect(outside.size).toBeGreaterThanOrEqual(3);
  });

  it('follows daily and weekly cycles: fewer requests and log lines at night and at weekends', async () => {
    const rps = (await metricsOf('gateway')).get('http_requests_per_second') as { t: number[]; v: number[] };
    const byHour = (h0: number, h1: number, weekend: boolean): number[] =>
      rps.v.filter((_, i) => {
        const d = new Date(rps.t[i]);
        const we = d.getUTCDay() === 0 || d.getUTCDay() === 6;
        return we === weekend && d.getUTCHours() >= h0 && d.getUTCHours() < h1;
      });
    const mean = (xs: number[]): number => xs.reduce((s, x) => s + x, 0) / xs.length;
    expect(mean(byHour(2, 5, false))).toBeLessThan(0.5 * mean(byHour(13, 17, false)));
    expect(mean(byHour(13, 17, true))).toBeLessThan(0.85 * mean(byHour(13, 17, false)));
    const access = await logOf('gateway');
    const night = access.filter((e) => new Date(e.ts).getUTCHours() >= 2 && new Date(e.ts).getUTCHours() < 5).length;
    const afternoon = access.filter((e) => new Date(e.ts).getUTCHours() >= 13 && new Date(e.ts).getUTCHours() < 16).length;
    expect(night).toBeLessThan(0.5 * afternoon);
  });
});
