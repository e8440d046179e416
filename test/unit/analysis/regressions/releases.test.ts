/**
 * Release regressions on generated services with a known answer: a daily traffic shape, CPU that follows traffic,
 * latency and errors with noise, and releases that change one thing (or only the traffic) at a known moment.
 */
import { describe, expect, it } from 'vitest';
import { compareMetric } from '../../../../core/analysis/regressions/compare';
import { keyMetrics, latencyKind, type MetricSeries } from '../../../../core/analysis/regressions/metrics';
import { releaseRegressions, type ReleaseEvent } from '../../../../core/analysis/regressions/releases';
import { normalFrom, seededRandom } from '../../../../core/analysis/stats';

const STEP = 5 * 60_000;
const HOUR = 3_600_000;
const DAY = 24 * HOUR;
/** A Monday, so ten days hold a weekend. */
const T0 = Date.UTC(2026, 2, 2);

interface Change {
  at: number;
  latency?: number;
  errorRatio?: number;
  cpu?: number;
  traffic?: number;
}

/** One service's series over `days` at 5-minute steps; each `Change` multiplies its quantities from `at` on. */
function service(name: string, days: number, changes: Change[], seed = 7): MetricSeries[] {
  const normal = normalFrom(seededRandom(seed));
  const n = (days * DAY) / STEP;
  const ts = Float64Array.from({ length: n }, (_, i) => T0 + i * STEP);
  const rps = new Float64Array(n);
  const cpu = new Float64Array(n);
  const p95 = new Float64Array(n);
  const errors = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    const mul = { latency: 1, errorRatio: 1, cpu: 1, traffic: 1 };
    for (const c of changes) {
      if (ts[i] < c.at) continue;
      mul.latency *= c.latency ?? 1;
      mul.errorRatio *= c.errorRatio ?? 1;
      mul.cpu *= c.cpu ?? 1;
      mul.traffic *= c.traffic ?? 1;
    }
    const daily = 1 + 0.6 * Math.sin((2 * Math.PI * ((ts[i] % DAY) / HOUR - 9)) / 24);
    rps[i] = 200 * daily * mul.traffic * (1 + 0.03 * normal());
    cpu[i] = (0.05 + 0.0015 * rps[i]) * mul.cpu * (1 + 0.02 * normal());
    p95[i] = 0.12 * (1 + 0.15 * daily) * mul.latency * Math.exp(0.06 * normal());
    errors[i] = Math.max(0, rps[i] * 0.004 * mul.errorRatio * (1 + 0.1 * normal()));
  }
  const of = (metric: string, values: Float64Array, seriesId: number, unit: string | null): MetricSeries => ({ seriesId, name: metric, labels: { service: name }, service: name, unit, ts, values });
  return [
    of('http_requests_per_second', rps, 1, '/s'),
    of('process_cpu_usage', cpu, 2, 'ratio'),
    of('http_request_duration_seconds_p95', p95, 3, 's'),
    of('http_errors_per_second', errors, 4, '/s'),
  ];
}

const release = (ts: number, extra: Partial<ReleaseEvent> = {}): ReleaseEvent => ({ eventId: ts / 1000, ts, endTs: null, service: 'api', title: 'Release 2.0', version: '2.0', mitigation: false, ...extra });
/** Tuesday of the second week, 11:00: eight days of history, the weekday-only comparison has four earlier weekdays. */
const AT = T0 + 8 * DAY + 11 * HOUR;

describe('keyMetrics', () => {
  it('picks latency quantiles, an error ratio over the request rate, traffic and CPU', () => {
    const metrics = keyMetrics(service('api', 1, []));
    expect(metrics.map((m) => m.role).sort()).toEqual(['cpu', 'errors', 'latency', 'throughput']);
    const errors = metrics.find((m) => m.role === 'errors');
    expect(errors?.denominator?.name).toBe('http_requests_per_second');
    expect(errors?.badDirection).toBe('up');
    expect(metrics.find((m) => m.role === 'throughput')?.badDirection).toBe('down');
  });

  it('reads the quantile from a label or a suffix and leaves the median out', () => {
    expect(latencyKind('http_request_duration_seconds', { quantile: '0.99' })).toBe('p99');
    expect(latencyKind('request_latency_p95', {})).toBe('p95');
    expect(latencyKind('http_request_duration_seconds_p50', {})).toBeNull();
    expect(latencyKind('http_request_duration_seconds_bucket', {})).toBeNull();
    expect(latencyKind('request_latency_ms', {})).toBe('mean');
  });
});

describe('compareMetric', () => {
  it('takes the daily shape out: the morning climb after a release that changed nothing is no shift', () => {
    const series = service('api', 10, []);
    const traffic = keyMetrics(series).find((m) => m.role === 'throughput');
    if (!traffic) throw new Error('no traffic metric');
    // 06:00 -> 10:00: traffic climbs steeply; raw values after are far above those before.
    const at = T0 + 8 * DAY + 6 * HOUR;
    const raw = series[0];
    const mean = (from: number, to: number): number => {
      let sum = 0;
      let count = 0;
      raw.ts.forEach((t, i) => {
        if (t >= from && t < to) {
          sum += raw.values[i];
          count++;
        }
      });
      return sum / count;
    };
    expect(mean(at, at + 4 * HOUR) / mean(at - 4 * HOUR, at)).toBeGreaterThan(1.5);
    const c = compareMetric(traffic, { releaseTs: at, beforeFrom: at - DAY, from: at + 10 * 60_000, to: at + 4 * HOUR }, null);
    expect(c.shortOf).toBeNull();
    expect(Math.abs(c.effect)).toBeLessThan(0.33);
    expect(Math.abs(c.relChange)).toBeLessThan(0.05);
  });
});

describe('releaseRegressions', () => {
  it('finds a planted latency regression and names the latency metric first', () => {
    const [r] = releaseRegressions([release(AT)], service('api', 10, [{ at: AT, latency: 1.4 }]));
    expect(r.verdict).toBe('regressed');
    expect(r.confidence).toBeGreaterThan(0.8);
    expect(r.worst[0].series).toBe('http_request_duration_seconds_p95');
    expect(r.worst[0].relChange).toBeGreaterThan(0.3);
    expect(r.worst[0].relChange).toBeLessThan(0.5);
    expect(r.sentence).toMatch(/made things worse.*latency/);
  });

  it('finds a planted error-ratio regression and a CPU improvement', () => {
    const errors = releaseRegressions([release(AT)], service('api', 10, [{ at: AT, errorRatio: 3 }]))[0];
    expect(errors.verdict).toBe('regressed');
    expect(errors.worst[0].series).toContain('http_errors_per_second / http_requests_per_second');
    const cpu = releaseRegressions([release(AT)], service('api', 10, [{ at: AT, cpu: 0.7 }]))[0];
    expect(cpu.verdict).toBe('improved');
    expect(cpu.worst[0].series).toBe('process_cpu_usage');
  });

  it('does not call a traffic change a regression: CPU and errors follow the traffic', () => {
    const [r] = releaseRegressions([release(AT)], service('api', 10, [{ at: AT, traffic: 1.5 }]));
    expect(r.verdict).toBe('no-change');
    const traffic = r.worst.find((m) => m.series === 'http_requests_per_second');
    expect(traffic?.relChange).toBeGreaterThan(0.3);
    expect(r.sentence).toContain('Traffic changed too');
  });

  it('says not enough data when the next release follows too soon, or there is no history', () => {
    const [soon] = releaseRegressions([release(AT), release(AT + 40 * 60_000, { version: '2.1', title: 'Release 2.1' })], service('api', 10, []));
    expect(soon.verdict).toBe('not-enough-data');
    expect(soon.confidence).toBe(0);
    const early = T0 + DAY + 11 * HOUR;
    const [first] = releaseRegressions([release(early)], service('api', 10, []));
    expect(first.verdict).toBe('not-enough-data');
    expect(first.sentence).toContain('not enough data');
  });

  it('links a rollback to the release it undoes, by its title or by the version it brings back', () => {
    const series = service('api', 10, [{ at: AT, latency: 1.5 }, { at: AT + 3 * HOUR, latency: 1 / 1.5 }]);
    const before = release(AT - 2 * DAY, { version: '1.9', title: 'Release 1.9' });
    const bad = release(AT);
    const back = release(AT + 3 * HOUR, { version: '1.9', title: 'Deploy 1.9' });
    const out = releaseRegressions([before, bad, back], series);
    expect(out[1].verdict).toBe('regressed');
    expect(out[1].rolledBackBy).toBe(back.eventId);
    expect(out[2].rolledBackBy).toBeNull();
    const named = releaseRegressions([bad, release(AT + 3 * HOUR, { version: null, title: 'Rollback to 1.9', mitigation: true })], series);
    expect(named[0].rolledBackBy).toBe((AT + 3 * HOUR) / 1000);
  });

  it('leaves out releases after as-of and data after it', () => {
    const out = releaseRegressions([release(AT), release(AT + DAY, { version: '2.1' })], service('api', 10, [{ at: AT, latency: 1.4 }]), { asOf: AT + 2 * HOUR });
    expect(out).toHaveLength(1);
    expect(out[0].verdict).toBe('regressed');
    expect(out[0].sentence).toMatch(/over the (1\d\d|\d\d) min after it/);
  });
});
