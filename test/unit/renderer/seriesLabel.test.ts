/** Readable series names (renderer/src/seriesLabel.ts): namesakes told apart by the labels that differ. */
import { describe, expect, it } from 'vitest';
import { labelText, type Named, percentileName, seriesLabel, seriesNamer, tellingKeys, varyingKeys } from '../../../renderer/src/seriesLabel';

const RULE = 'job:http_request_duration_seconds:histogram_quantile';

describe('percentileName', () => {
  it('reads quantiles as percentiles', () => {
    expect(percentileName('0.95')).toBe('p95');
    expect(percentileName('0.5')).toBe('p50');
    expect(percentileName('0.999')).toBe('p99.9');
    expect(percentileName('1')).toBe('p100');
    expect(percentileName('high')).toBeNull();
    expect(percentileName('')).toBeNull();
    expect(percentileName('95')).toBeNull();
    expect(labelText('quantile', '0.99')).toBe('p99');
    expect(labelText('quantile', 'x')).toBe('quantile=x');
    expect(labelText('instance', 'a:9100')).toBe('instance=a:9100');
  });
});

describe('varyingKeys', () => {
  it('keeps only the keys whose values differ, quantile first', () => {
    expect(varyingKeys([{ quantile: '0.5', job: 'api' }, { quantile: '0.99', job: 'api' }])).toEqual(['quantile']);
    expect(
      varyingKeys([
        { instance: 'b', zone: 'x', quantile: '0.5' },
        { instance: 'a', zone: 'x', quantile: '0.9' },
      ]),
    ).toEqual(['quantile', 'instance']);
    // A key one of them lacks tells them apart too; __name__ never does.
    expect(varyingKeys([{ code: '5xx', __name__: 'a' }, { __name__: 'b' }])).toEqual(['code']);
    expect(varyingKeys([{ job: 'a' }, { job: 'a' }])).toEqual([]);
  });
});

describe('tellingKeys', () => {
  it('uses one key when its values alone tell the series apart, preferring what over where', () => {
    const perService = [
      { instance: 'auth-0:9100', job: 'auth', service: 'auth' },
      { instance: 'orders-0:9100', job: 'orders', service: 'orders' },
    ];
    expect(tellingKeys(perService)).toEqual(['instance']);
    expect(tellingKeys([{ code: '2xx', instance: 'a' }, { code: '5xx', instance: 'b' }])).toEqual(['code']);
    expect(tellingKeys([{ quantile: '0.5', instance: 'a' }, { quantile: '0.9', instance: 'b' }])).toEqual(['quantile']);
  });

  it('uses every differing key when no single one tells them apart', () => {
    const grid = [
      { code: '2xx', instance: 'a' },
      { code: '5xx', instance: 'a' },
      { code: '2xx', instance: 'b' },
    ];
    expect(tellingKeys(grid)).toEqual(['code', 'instance']);
  });
});

describe('seriesNamer', () => {
  const catalogue: Named[] = [
    { name: RULE, labels: { quantile: '0.5', job: 'api' } },
    { name: RULE, labels: { quantile: '0.95', job: 'api' } },
    { name: RULE, labels: { quantile: '0.99', job: 'api' } },
    { name: 'process_resident_memory_bytes', labels: { instance: 'auth-0:9100', job: 'auth' } },
    { name: 'process_resident_memory_bytes', labels: { instance: 'auth-1:9100', job: 'auth' } },
    { name: 'queue_depth', labels: { job: 'worker' } },
  ];
  const names = seriesNamer(catalogue);

  it('labels the quantiles of one recording rule p50/p95/p99', () => {
    expect(catalogue.slice(0, 3).map((s) => names(s).detail)).toEqual(['p50', 'p95', 'p99']);
    expect(names(catalogue[1])).toEqual({ name: RULE, detail: 'p95', text: `${RULE} p95` });
  });

  it('labels one metric on two instances by the instance only', () => {
    expect(names(catalogue[3]).text).toBe('process_resident_memory_bytes instance=auth-0:9100');
    expect(names(catalogue[4]).detail).toBe('instance=auth-1:9100');
  });

  it('adds nothing to a series without namesakes, but a quantile always reads as a percentile', () => {
    expect(names(catalogue[5])).toEqual({ name: 'queue_depth', detail: '', text: 'queue_depth' });
    expect(seriesLabel({ name: 'lat', labels: { quantile: '0.9', job: 'a' } }, []).detail).toBe('p90');
    expect(names({ name: 'not_in_catalogue', labels: { quantile: '0.75' } }).text).toBe('not_in_catalogue p75');
  });

  it('tells apart only series of one name and one service (the service is shown beside each)', () => {
    const perService = seriesNamer([
      { name: 'rss_bytes', labels: { instance: 'auth-0:9100' }, service: 'auth' },
      { name: 'rss_bytes', labels: { instance: 'orders-0:9100' }, service: 'orders' },
      { name: 'rss_bytes', labels: { instance: 'orders-1:9100' }, service: 'orders' },
    ]);
    expect(perService({ name: 'rss_bytes', labels: { instance: 'auth-0:9100' }, service: 'auth' }).detail).toBe('');
    expect(perService({ name: 'rss_bytes', labels: { instance: 'orders-1:9100' }, service: 'orders' }).detail).toBe('instance=orders-1:9100');
  });

  it('gives every namesake a different text', () => {
    const texts = catalogue.map((s) => names(s).text);
    expect(new Set(texts).size).toBe(texts.length);
  });
});
