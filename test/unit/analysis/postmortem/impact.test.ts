/**
 * Impact figures from planted series: failed requests integrated from an error rate (or a counter's
 * increase), the error budget against the SLO, peak latency (p99 before p50) and peak error share;
 * "not measurable" (null) when the data has no error series.
 */
import { describe, expect, it } from 'vitest';
import { computeImpact, counterIncrease, integrateRate, metricRole, type ImpactSeries } from '../../../../core/analysis/postmortem/impact';

const MIN = 60_000;
const T0 = Date.UTC(2026, 2, 6, 14, 0);
const ts = Array.from({ length: 120 }, (_, i) => T0 + i * MIN);
/** A series of the planted minute grid; `value(i)` per minute. */
const series = (seriesId: number, service: string, metric: string, value: (i: number) => number): ImpactSeries => ({ seriesId, service, metric, ts, values: ts.map((_, i) => value(i)) });
const ONSET = T0 + 30 * MIN;
const END = T0 + 60 * MIN;
const during = (i: number) => i >= 30 && i < 60;

describe('integrateRate and counterIncrease', () => {
  it('integrates a per-second rate over minute samples in [from, to)', () => {
    expect(integrateRate([0, MIN, 2 * MIN], [2, 2, 2], 0, 3 * MIN)).toBe(360);
    expect(integrateRate([0, MIN, 2 * MIN], [2, 2, 2], MIN, 2 * MIN)).toBe(120);
    // A ten-minute gap counts two steps, not ten.
    expect(integrateRate([0, MIN, 11 * MIN, 12 * MIN], [1, 1, 1, 1], 0, 13 * MIN)).toBe(60 + 120 + 60 + 60);
  });

  it('adds a counter\'s increases, a drop read as a reset', () => {
    expect(counterIncrease([0, 1, 2, 3], [100, 150, 20, 70], 0, 3)).toBe(50 + 20 + 50);
  });

  it('reads the role of a metric from its name', () => {
    expect(metricRole('http_errors_per_second')).toBe('errors-rate');
    expect(metricRole('http_requests_failed_total')).toBe('errors-counter');
    expect(metricRole('http_error_ratio')).toBe('error-ratio');
    expect(metricRole('http_requests_per_second')).toBe('requests-rate');
    expect(metricRole('http_request_duration_seconds_p99')).toBe('latency');
    expect(metricRole('process_cpu_usage')).toBeNull();
  });
});

describe('computeImpact', () => {
  const data = [
    series(1, 'api', 'http_errors_per_second', (i) => (during(i) ? 10 : 0)),
    series(2, 'api', 'http_requests_per_second', () => 100),
    series(3, 'api', 'http_request_duration_seconds_p50', (i) => (during(i) ? 9 : 0.1)),
    series(4, 'api', 'http_request_duration_seconds_p99', (i) => (during(i) ? (i === 45 ? 4.8 : 2) : 0.3)),
    series(5, 'db', 'process_cpu_usage', () => 0.5),
  ];

  it('counts failed requests, the budget burnt and the peaks', () => {
    const impact = computeImpact({ onset: ONSET, end: END, services: ['api', 'db'], series: data, meanRequestRate: { api: 100 } });
    expect(impact.durationMs).toBe(30 * MIN);
    // 10/s for 30 min.
    expect(impact.failedRequests).toBe(18_000);
    expect(impact.totalRequests).toBe(180_000);
    expect(impact.countedServices).toEqual(['api']);
    // Budget: 0.1 % of 100/s over 30 days = 259 200 requests.
    expect(impact.budgetBurnt).toBeCloseTo(18_000 / 259_200, 9);
    // The p99 peak, though the p50 reads higher.
    expect(impact.peakLatency).toEqual({ value: 4.8, service: 'api', metric: 'http_request_duration_seconds_p99', ts: T0 + 45 * MIN });
    expect(impact.peakErrorRate?.value).toBeCloseTo(0.1, 9);
  });

  it('follows the SLO the person sets', () => {
    const strict = computeImpact({ onset: ONSET, end: END, services: ['api'], series: data, meanRequestRate: { api: 100 }, slo: { target: 0.9999, windowDays: 7 } });
    expect(strict.budgetBurnt).toBeCloseTo(18_000 / (0.0001 * 100 * 7 * 86_400), 6);
    expect(() => computeImpact({ onset: ONSET, end: END, services: [], series: [], meanRequestRate: {}, slo: { target: 99.9, windowDays: 30 } })).toThrow(/between 0 and 1/);
  });

  it('says nothing it cannot measure', () => {
    const impact = computeImpact({ onset: ONSET, end: END, services: ['db'], series: data, meanRequestRate: {} });
    expect(impact).toMatchObject({ failedRequests: null, totalRequests: null, budgetBurnt: null, peakLatency: null, peakErrorRate: null });
    expect(impact.budgetBasis).toMatch(/^not measurable from this dump/);
  });
});
