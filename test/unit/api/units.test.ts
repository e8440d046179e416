/**
 * Units (core/api/units.ts): the unit a series' name or export implies, values written with SI
 * prefixes for people, and axis ticks at round numbers of one scale.
 */
import { describe, expect, it } from 'vitest';
import { axisTicks, convertUnit, displayScale, formatQuantity, inferUnit } from '../../../core/api/units';

describe('inferUnit', () => {
  it('takes the export’s own unit first, spelled the one way it is shown', () => {
    expect(inferUnit('anything', 'percent')).toBe('%');
    expect(inferUnit('anything', 'seconds')).toBe('s');
    expect(inferUnit('anything', 'bytes')).toBe('B');
    expect(inferUnit('anything', 'percentunit')).toBe('ratio');
    expect(inferUnit('anything', 'req/s')).toBe('req/s');
    expect(inferUnit('mem_used', 'MB')).toBe('MB');
  });

  it('reads Prometheus names: base units, counters as rates, recording rules', () => {
    expect(inferUnit('http_request_duration_seconds')).toBe('s');
    expect(inferUnit('http_request_duration_seconds_p95')).toBe('s');
    expect(inferUnit('job:http_request_duration_seconds:histogram_quantile')).toBe('s');
    expect(inferUnit('process_resident_memory_bytes')).toBe('B');
    expect(inferUnit('gc_pause_milliseconds')).toBe('ms');
    expect(inferUnit('query_time_ms')).toBe('ms');
    expect(inferUnit('http_error_ratio')).toBe('ratio');
    expect(inferUnit('disk_used_percent')).toBe('%');
    expect(inferUnit('http_requests_total')).toBe('/s');
    expect(inferUnit('http_requests_per_second')).toBe('/s');
    expect(inferUnit('job:http_requests:rate5m')).toBe('/s');
    expect(inferUnit('node_network_receive_bytes_total')).toBe('B/s');
    expect(inferUnit('process_cpu_seconds_total')).toBe('ratio');
    expect(inferUnit('process_cpu_usage')).toBe('ratio');
    expect(inferUnit('queue_depth')).toBeNull();
    // "ms" inside a word or in the middle of a name is not milliseconds
    expect(inferUnit('sms_sent')).toBeNull();
  });

  it('reads a ratio whose values run past 1.5 as a percentage', () => {
    expect(inferUnit('process_cpu_usage', null, 87)).toBe('%');
    expect(inferUnit('process_cpu_usage', null, 0.9)).toBe('ratio');
  });
});

describe('formatQuantity', () => {
  it('writes values in the scale that fits, with about 4 significant digits', () => {
    expect(formatQuantity(2.777e8, 'B')).toBe('277.7 MB');
    expect(formatQuantity(0.12, 's')).toBe('120 ms');
    expect(formatQuantity(4.8, 's')).toBe('4.8 s');
    expect(formatQuantity(90, 's')).toBe('1.5 min');
    expect(formatQuantity(0.00042, 's')).toBe('420 µs');
    expect(formatQuantity(1500, 'ms')).toBe('1.5 s');
    expect(formatQuantity(0.12, 'ratio')).toBe('12 %');
    expect(formatQuantity(12, '%')).toBe('12 %');
    expect(formatQuantity(1200, '/s')).toBe('1.2k/s');
    expect(formatQuantity(1200, 'req/s')).toBe('1.2k req/s');
    expect(formatQuantity(3.5e6, 'B/s')).toBe('3.5 MB/s');
    expect(formatQuantity(2048, 'KiB')).toBe('2.097 MB');
    expect(formatQuantity(13.7, '°C')).toBe('13.7 °C');
  });

  it('writes plain numbers with k/M/G and says "–" for what is missing', () => {
    expect(formatQuantity(0.0822834, null)).toBe('0.08228');
    expect(formatQuantity(777_520_000, null)).toBe('777.5M');
    expect(formatQuantity(12_345, null)).toBe('12.35k');
    expect(formatQuantity(-1500, null)).toBe('-1.5k');
    expect(formatQuantity(0, 's')).toBe('0 s');
    expect(formatQuantity(0, 'B')).toBe('0 B');
    expect(formatQuantity(Number.NaN, 's')).toBe('–');
    expect(formatQuantity(null, 's')).toBe('–');
  });

  it('scales by the family of the unit', () => {
    expect(displayScale('B', 2.777e8)).toEqual({ factor: 1e6, suffix: ' MB' });
    expect(displayScale('ms', 2500)).toEqual({ factor: 1000, suffix: ' s' });
    expect(displayScale('ratio', 0.5)).toEqual({ factor: 0.01, suffix: ' %' });
  });
});

describe('axisTicks', () => {
  it('puts ticks at round numbers of the scale of the larger end, labelled in it', () => {
    expect(axisTicks(0, 3e8, 'B', 3)).toEqual({ values: [0, 1e8, 2e8, 3e8], labels: ['0 MB', '100 MB', '200 MB', '300 MB'] });
    expect(axisTicks(0, 0.5, 's', 4).labels).toEqual(['0 ms', '100 ms', '200 ms', '300 ms', '400 ms', '500 ms']);
    expect(axisTicks(0, 1, 'ratio', 4).labels).toEqual(['0 %', '25 %', '50 %', '75 %', '100 %']);
    expect(axisTicks(980, 2400, '/s', 3).labels).toEqual(['1k/s', '1.5k/s', '2k/s']);
  });

  it('is empty for a range it cannot tick', () => {
    expect(axisTicks(1, 1, 's', 4).values).toEqual([]);
    expect(axisTicks(0, Number.NaN, 's', 4).values).toEqual([]);
  });
});

describe('convertUnit', () => {
  it('converts within a family and refuses across families', () => {
    expect(convertUnit(1.2, 's', 'ms')).toBeCloseTo(1200, 9);
    expect(convertUnit(1, 'ms', 'GB')).toBeUndefined();
  });
});
