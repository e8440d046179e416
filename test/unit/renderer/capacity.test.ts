/** The Capacity view's charts: what each figure draws, from the contract's shapes. */
import { describe, expect, it } from 'vitest';
import type { CapacityResource, ServiceLoadModel } from '../../../core/api/contract';
import { chartColours, fmtRunway, interpolate, loadCurveFigure, runwayFigure } from '../../../renderer/src/components/capacity/figures';

const H = 3_600_000;
const T0 = Date.UTC(2026, 2, 1);
const resource: CapacityResource = {
  service: 'worker',
  resource: 'memory',
  seriesId: 7,
  series: 'container_memory_working_set_bytes',
  labels: {},
  unit: 'bytes',
  limit: 2e9,
  limitSource: 'series',
  current: 1.2e9,
  method: 'trend',
  runwayHours: 40,
  runwayLowHours: 35,
  runwayHighHours: 46,
  pCross: 0.99,
  slopePerHour: 2e7,
  sentence: '',
  history: { t: [T0, T0 + H], v: [1.18e9, 1.2e9] },
  forecast: { t: [T0 + 2 * H, T0 + 3 * H], value: [1.22e9, 1.24e9], lower: [1.21e9, 1.22e9], upper: [1.23e9, 1.26e9] },
};

describe('runway chart', () => {
  it('draws history, the forecast band and line, and the limit across both, from 0 to a little above the limit', () => {
    const { data, layout } = runwayFigure(resource, 'UTC', chartColours(true));
    expect(data.map((d) => d.name)).toEqual(['history', 'lower', 'forecast interval', 'forecast', 'limit']);
    expect(data[4]).toMatchObject({ x: [T0, T0 + 3 * H], y: [2e9, 2e9] });
    expect((layout.yaxis as { range: number[] }).range).toEqual([0, 2e9 * 1.15]);
  });
  it('draws no limit line for a resource without one', () => {
    expect(runwayFigure({ ...resource, limit: null }, 'UTC', chartColours(false)).data.some((d) => d.name === 'limit')).toBe(false);
  });
});

describe('load curve', () => {
  const model: ServiceLoadModel = {
    service: 'api',
    demandSeries: 'http_requests_per_second',
    latencySeries: 'http_request_duration_seconds_p95',
    replicas: 2,
    kind: 'queue',
    params: { service: 0.05, maxLoad: 100 },
    knee: 78,
    maxLoad: 100,
    capacityPerReplica: 80,
    sloSeconds: 0.25,
    sloSource: 'user',
    rmseLog: 0.05,
    points: { load: [10, 20], latency: [0.055, 0.0625] },
    curve: { load: [20, 50, 80, 98], latency: [0.0625, 0.1, 0.25, Infinity] },
    demand: [],
  };
  it('marks the capacity where the curve meets the SLO and the knee on the curve; drops infinite points', () => {
    const { data } = loadCurveFigure(model, chartColours(true));
    const byName = Object.fromEntries(data.map((d) => [d.name, d]));
    expect(byName['capacity at SLO']).toMatchObject({ x: [80], y: [0.25] });
    expect(byName['open queue fit'].x).toEqual([20, 50, 80]);
    expect((byName.knee.y as number[])[0]).toBeCloseTo(0.1 + (0.15 * 28) / 30, 6);
  });
});

describe('helpers', () => {
  it('interpolates on a grid and writes runways in hours or days', () => {
    expect(interpolate([0, 10], [0, 1], 5)).toBe(0.5);
    expect(interpolate([0, 10], [0, 1], 20)).toBe(1);
    expect(fmtRunway(null)).toBe('—');
    expect(fmtRunway(0)).toBe('now');
    expect(fmtRunway(30)).toBe('30.0 h');
    expect(fmtRunway(72)).toBe('3.0 d');
  });
});
