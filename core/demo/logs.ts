/**
 * Synthetic application logs driven by the metrics: each minute a service writes a Poisson number
 * of everyday messages proportional to its request rate, and of error messages proportional to its
 * error rate, so log volume follows the daily cycle and swells during incidents. Incident error
 * lines come from the incident's own templates (new error after the bad deploy, timeouts during
 * saturation); deploys and the OOM kill add shutdown/startup lines at their exact times.
 *
 * Styles: RFC 3339 plain text with Java stack traces on continuation lines; four JSON-lines
 * dialects (ts/level/msg; time(+01:00)/level/msg; @timestamp/severity/message; epoch-ms
 * timestamp/severity/message); postgres' own `YYYY-MM-DD HH:MM:SS.mmm UTC [pid] LEVEL:  msg`;
 * and the gateway's nginx combined access log with the request time appended.
 */

import {
  CATALOG, PG_CHECKPOINT, PG_RELOAD, PG_SATURATION, RESTART_REASON, dbTimeoutLines, leakLines, shutdownLines,
  SUITE_CATALOG, startupLines, upstreamErrorLines, upstreamTimeoutLines,
} from './catalog';
import type { ServiceSeries } from './metrics';
import { STEP_MS, type Effect, type Plan, type PlannedIncident } from './plan';
import { Random } from './random';
import type { FileSink } from './sink';
import { TemplateSet, compile, type Level, type RenderContext, type Template, type TemplateDef } from './templates';

export interface LogCounts {
  /** Log events (a stack trace is part of its event). */
  events: number;
  /** Physical lines. */
  lines: number;
}

interface LogEvent {
  ms: number;
  level: Level;
  msg: string;
  logger: string;
  stack: string;
  detail: string;
  pid: number;
}

/** Share of a service's log budget spent on error lines at rest. */
const ERROR_SHARE = 0.06;

const TEXT_LEVEL: Record<Level, string> = { debug: 'DEBUG', info: 'INFO ', warn: 'WARN ', error: 'ERROR', fatal: 'FATAL' };
const PG_LEVEL: Record<Level, string> = { debug: 'DEBUG1', info: 'LOG', warn: 'WARNING', error: 'ERROR', fatal: 'FATAL' };
const SLOG_LEVEL: Record<Level, string> = { debug: 'DEBUG', info: 'INFO', warn: 'WARN', error: 'ERROR', fatal: 'ERROR' };
const SEVERITY_UPPER: Record<Level, string> = { debug: 'DEBUG', info: 'INFO', warn: 'WARNING', error: 'ERROR', fatal: 'CRITICAL' };
const SEVERITY_LOWER: Record<Level, string> = { debug: 'debug', info: 'info', warn: 'warning', error: 'error', fatal: 'fatal' };

function makeEvent(t: Template, r: Random, c: RenderContext, ms: number, pid = 0): LogEvent {
  const msg = t.render(r, c);
  return { ms, level: t.level, msg, logger: t.logger, stack: t.renderStack(r, c, msg), detail: t.renderDetail(r, c), pid };
}

/** How an incident shows in this service's error lines. */
interface IncidentErrors {
  set: TemplateSet | null;
  /** With this probability draw from `set`, else from the everyday errors. */
  p: number;
}

function incidentErrors(plan: Plan<PlannedIncident>, series: ServiceSeries): Map<string, IncidentErrors> {
  const { spec } = series;
  const out = new Map<string, IncidentErrors>();
  for (const e of plan.effects) {
    if (e.service !== spec.name || !e.incidentId || out.has(e.incidentId)) continue;
    let defs: TemplateDef[] | null;
    let p = 1;
    switch (e.tag) {
      case 'bad-root':
        defs = plan.badDeploy ? [plan.badDeploy.newError] : null;
        p = 0.85;
        break;
      case 'bad-caller':
        defs = upstreamErrorLines(spec.runtime, e.callee as string);
        break;
      case 'sat-root':
        defs = PG_SATURATION.errors;
        break;
      case 'sat-caller':
        defs = e.hops === 1 ? dbTimeoutLines(spec.runtime, spec.name) : upstreamTimeoutLines(spec.runtime, e.callee as string);
        break;
      default:
        defs = e.errors ?? null;
        p = e.errorP ?? 1;
        break;
    }
    out.set(e.incidentId, { set: defs ? new TemplateSet(defs) : null, p });
  }
  return out;
}

/** Envelope value of the effect with `tag` on `service` at minute i (0 when none). */
function envAt(plan: Plan<PlannedIncident>, service: string, tag: string): (i: number) => number {
  const e = plan.effects.find((x) => x.service === service && x.tag === tag);
  if (!e) return () => 0;
  return (i) => {
    const k = i - e.startIdx;
    return k >= 0 && k < e.env.length ? e.env[k] : 0;
  };
}

/** Deploy, config and OOM lines at their exact times, rendered up front. */
function scheduledEvents(plan: Plan<PlannedIncident>, series: ServiceSeries, r: Random): LogEvent[] {
  const { spec } = series;
  const out: LogEvent[] = [];
  let ooms = 0;
  const ctx = (version: string): RenderContext => ({ service: spec.name, app: spec.app, version, restarts: ooms });
  const startup = startupLines(spec.runtime).map(compile);
  const shutdown = shutdownLines(spec.runtime).map(compile);
  let version = plan.initialVersion.get(spec.name) as string;
  for (const rs of plan.restarts.get(spec.name) ?? []) {
    let t = rs.timeMs;
    if (rs.reason === 'deploy') {
      shutdown.forEach((tpl, k) => out.push(makeEvent(tpl, r, ctx(version), t - 1500 + 700 * k)));
    } else {
      ooms++;
      const { oom } = leakLines(spec.runtime);
      out.push(makeEvent(compile(oom), r, ctx(version), t - r.int(100, 900)));
      t += 4000;
      out.push(makeEvent(compile(RESTART_REASON), r, ctx(version), t));
    }
    version = rs.version;
    startup.forEach((tpl, k) => out.push(makeEvent(tpl, r, ctx(version), t + 2500 + 3000 * k + r.int(0, 900))));
  }
  if (spec.runtime === 'postgres') {
    const reload = compile(PG_RELOAD[0]);
    for (const d of plan.deploys) {
      if (d.service !== 'postgres' || d.kind !== 'config') continue;
      out.push(makeEvent(reload, r, ctx(version), d.timeMs + 200, 1));
      const m = /^(\w+) \S+ -> (\S+)$/.exec(d.description);
      if (m) {
        out.push({ ms: d.timeMs + 230, level: 'info', msg: `parameter "${m[1]}" changed to "${m[2]}"`, logger: '', stack: '', detail: '', pid: 1 });
      }
    }
  }
  return out.filter((e) => e.ms >= plan.startMs && e.ms < plan.endMs).sort((a, b) => a.ms - b.ms);
}

function formatter(style: string, service: string, r: Random): (e: LogEvent) => string {
  switch (style) {
    case 'text':
      return (e) => {
        const head = `${new Date(e.ms).toISOString()} ${TEXT_LEVEL[e.level]} [${service}] ${e.logger || 'main'} - ${e.msg}`;
        return e.stack ? `${head}\n${e.stack}\n` : `${head}\n`;
      };
    case 'postgres':
      return (e) => {
        const iso = new Date(e.ms).toISOString();
        const prefix = `${iso.slice(0, 10)} ${iso.slice(11, 23)} UTC [${e.pid}]`;
        const head = `${prefix} ${PG_LEVEL[e.level]}:  ${e.msg}\n`;
        return e.detail ? `${head}${prefix} STATEMENT:  ${e.detail}\n` : head;
      };
    case 'json-ts':
      return (e) => `${JSON.stringify({ ts: new Date(e.ms).toISOString(), level: e.level, msg: e.msg, service, ...(e.stack ? { stack: e.stack } : {}) })}\n`;
    case 'json-time':
      return (e) => {
        const local = new Date(e.ms + 3_600_000).toISOString().slice(0, 23);
        const time = `${local}${String(r.int(0, 999)).padStart(3, '0')}+01:00`;
        return `${JSON.stringify({ time, level: SLOG_LEVEL[e.level], msg: e.msg, service })}\n`;
      };
    case 'json-at':
      return (e) => `${JSON.stringify({ '@timestamp': new Date(e.ms).toISOString(), severity: SEVERITY_UPPER[e.level], message: e.msg, service })}\n`;
    case 'json-epoch':
      return (e) => `${JSON.stringify({ timestamp: e.ms, severity: SEVERITY_LOWER[e.level], message: e.msg, service, hostname: `${service}-7d9f8c6b5-x2k4p` })}\n`;
    default:
      throw new Error(`demo: no formatter for log style '${style}'`);
  }
}

function countLines(s: string): number {
  let k = 0;
  for (let i = s.indexOf('\n'); i !== -1; i = s.indexOf('\n', i + 1)) k++;
  return k;
}

/**
 * Write one application (non-access) log. `budget` is the target number of events at rest;
 * incidents add more. O(minutes + events).
 */
export async function writeAppLog(sink: FileSink, plan: Plan<PlannedIncident>, series: ServiceSeries, budget: number): Promise<LogCounts> {
  const { spec, values, errBase, errExtra } = series;
  const r = Random.derive(plan.seed, `logs/${spec.name}`);
  const rps = values.http_requests_per_second;
  let sumRps = 0;
  let sumErr = 0;
  for (let i = 0; i < plan.n; i++) {
    sumRps += rps[i];
    sumErr += errBase[i];
  }
  const kN = sumRps > 0 ? ((1 - ERROR_SHARE) * budget) / sumRps : 0;
  const kE = sumErr > 0 ? (ERROR_SHARE * budget) / sumErr : 0;
  const catalog = CATALOG[spec.catalog ?? spec.name] ?? SUITE_CATALOG[spec.catalog ?? spec.name];
  const normal = new TemplateSet(catalog.normal);
  const errors = new TemplateSet(catalog.errors);
  const incidents = incidentErrors(plan, series);
  const extras = [...errExtra.entries()];
  const ctx: RenderContext = { service: spec.name, app: spec.app, version: plan.initialVersion.get(spec.name) as string, restarts: 0 };
  const scheduled = scheduledEvents(plan, series, r);
  const gcEnv = envAt(plan, spec.name, 'gc');
  const pressure = compile(leakLines(spec.runtime).pressure);
  const satEnv = spec.runtime === 'postgres' ? envAt(plan, spec.name, 'sat-root') : () => 0;
  const reportQuery = compile(PG_SATURATION.report);
  const slowQuery = compile(PG_SATURATION.slow);
  const checkpoint = PG_CHECKPOINT.map(compile);
  const bursts = plan.effects.filter((e) => e.service === spec.name && e.burst).map((e) => ({ e, set: new TemplateSet((e.burst as NonNullable<Effect['burst']>).defs) }));
  const pids = Array.from({ length: 40 }, () => r.int(2_000, 48_000));
  const pid = (): number => (spec.runtime === 'postgres' ? r.pick(pids) : 0);
  const format = formatter(spec.style, spec.name, r);
  const counts: LogCounts = { events: 0, lines: 0 };
  let next = 0;

  for (let i = 0; i < plan.n; i++) {
    const t0 = plan.startMs + i * STEP_MS;
    const evs: LogEvent[] = [];
    while (next < scheduled.length && scheduled[next].ms < t0 + STEP_MS) evs.push(scheduled[next++]);
    const nNormal = r.poisson(kN * rps[i]);
    for (let k = 0; k < nNormal; k++) evs.push(makeEvent(normal.draw(r), r, ctx, t0 + r.int(0, 59_999), pid()));
    let errTotal = errBase[i];
    for (const [, x] of extras) errTotal += x[i];
    const nErr = r.poisson(kE * errTotal);
    for (let k = 0; k < nErr; k++) {
      let u = r.float() * errTotal - errBase[i];
      let tpl: Template = errors.draw(r);
      for (const [id, x] of extras) {
        if (u < 0) break;
        u -= x[i];
        if (u < 0) {
          const inc = incidents.get(id);
          if (inc?.set && r.chance(inc.p)) tpl = inc.set.draw(r);
        }
      }
      evs.push(makeEvent(tpl, r, ctx, t0 + r.int(0, 59_999), pid()));
    }
    const gc = gcEnv(i);
    if (gc > 0) {
      const nGc = r.poisson(3 * gc);
      const gauges: RenderContext = {
        ...ctx,
        heapPct: Math.round((100 * values.process_resident_memory_bytes[i]) / spec.memLimit),
        gcPct: Math.min(98, Math.round(8 + 70 * gc + r.uniform(-4, 4))),
      };
      for (let k = 0; k < nGc; k++) evs.push(makeEvent(pressure, r, gauges, t0 + r.int(0, 59_999)));
    }
    for (const { e, set } of bursts) {
      const k = i - e.startIdx;
      if (k < 0 || k >= e.env.length) continue;
      const nBurst = r.poisson((e.burst as NonNullable<Effect['burst']>).perMin * e.env[k]);
      for (let j = 0; j < nBurst; j++) evs.push(makeEvent(set.draw(r), r, ctx, t0 + r.int(0, 59_999), pid()));
    }
    if (spec.runtime === 'postgres') {
      if (i % 5 === 0) {
        const s = t0 + r.int(0, 2_000);
        evs.push(makeEvent(checkpoint[0], r, ctx, s, 71), makeEvent(checkpoint[1], r, ctx, s + r.int(26_000, 29_500), 71));
      }
      const sat = satEnv(i);
      if (sat > 0) {
        const nReport = r.poisson(1.5 * sat);
        for (let k = 0; k < nReport; k++) evs.push(makeEvent(reportQuery, r, ctx, t0 + r.int(0, 59_999), pid()));
        const nSlow = r.poisson(4 * sat);
        for (let k = 0; k < nSlow; k++) evs.push(makeEvent(slowQuery, r, ctx, t0 + r.int(0, 59_999), pid()));
      }
    }
    evs.sort((a, b) => a.ms - b.ms);
    let out = '';
    for (const e of evs) {
      const s = format(e);
      counts.lines += countLines(s);
      out += s;
    }
    counts.events += evs.length;
    if (out && sink.push(out)) await sink.flush();
  }
  await sink.flush();
  return counts;
}
