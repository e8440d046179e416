/**
 * The incident views' pure helpers (renderer/src/incidents.ts): the window an incident opens on the
 * timeline, when a workspace lands on its incidents, kinds and shares in words, onset colours, and the
 * layered layout of the affected-services map. Plus the incident's place in the URL and the navigation.
 */
import { describe, expect, it } from 'vitest';
import type { IncidentMapNode, ServiceEdge } from '../../../core/api/contract';
import {
  causeSeriesIds,
  clockNear,
  fmtShare,
  incidentWindow,
  kindText,
  landsOnIncidents,
  layoutServiceMap,
  mapLayers,
  MAP_SIZES,
  onsetColor,
  relativeToOnset,
  shortMetric,
} from '../../../renderer/src/incidents';
import { initialNav, navReducer } from '../../../renderer/src/nav';
import { formatUrlState, navFromUrl, parseUrlState } from '../../../renderer/src/urlState';

const MIN = 60_000;
const T = Date.parse('2026-03-06T14:02:00Z');

const node = (service: string, onsetOrder: number | null, causeRank: number | null = null): IncidentMapNode => ({
  service,
  onsetOrder,
  onset: onsetOrder === null ? null : T + onsetOrder * MIN,
  causeRank,
});
const edge = (caller: string, callee: string): ServiceEdge => ({ caller, callee, origin: 'imported' });

describe('incident window', () => {
  it('pads a short incident by 30 min on either side and a long one by half its length', () => {
    expect(incidentWindow({ start: T, end: T + 10 * MIN })).toEqual({ from: T - 30 * MIN, to: T + 40 * MIN });
    expect(incidentWindow({ start: T, end: T + 240 * MIN })).toEqual({ from: T - 120 * MIN, to: T + 360 * MIN });
  });
});

describe('landing on incidents', () => {
  it('lands when the address names no view and there are incidents', () => {
    expect(landsOnIncidents({}, '/a.hindsight', 3)).toBe(true);
    expect(landsOnIncidents({ ws: '/a.hindsight' }, '/a.hindsight', 1)).toBe(true);
  });
  it('keeps the view an address names for this workspace, and the usual landing without incidents', () => {
    expect(landsOnIncidents({ ws: '/a.hindsight', view: 'logs' }, '/a.hindsight', 3)).toBe(false);
    expect(landsOnIncidents({}, '/a.hindsight', 0)).toBe(false);
  });
  it("lands when the address's view was for another workspace", () => {
    expect(landsOnIncidents({ ws: '/b.hindsight', view: 'logs' }, '/a.hindsight', 2)).toBe(true);
  });
});

describe('words', () => {
  it('names a kind with its probability, and an unknown kind without one', () => {
    expect(kindText('memory-leak', 0.823)).toBe('memory leak · 82 %');
    expect(kindText('cpu-saturation', 1)).toBe('CPU saturation · 100 %');
    expect(kindText('unknown', 0.4)).toBe('unknown kind');
  });
  it('writes shares as whole percentages', () => {
    expect(fmtShare(0.374)).toBe('37 %');
    expect(fmtShare(0.001)).toBe('<1 %');
    expect(fmtShare(0)).toBe('0 %');
  });
  it('places a time against the onset', () => {
    expect(relativeToOnset(T - 22 * MIN, T)).toBe('22 min before onset');
    expect(relativeToOnset(T + 29 * MIN, T)).toBe('29 min after onset');
    expect(relativeToOnset(T + 10_000, T)).toBe('at onset');
    expect(relativeToOnset(T - 26 * 60 * MIN, T)).toBe('1 d 2 h before onset');
  });
});

describe('onset colours', () => {
  it('runs from red (first) to yellow (last), grey for a neighbour that stayed normal', () => {
    expect(onsetColor(0, 4)).toBe('hsl(0 75% 55%)');
    expect(onsetColor(3, 4)).toBe('hsl(50 75% 55%)');
    expect(onsetColor(0, 1)).toBe('hsl(0 75% 55%)');
    expect(onsetColor(null, 4)).toBe('var(--muted)');
  });
});

describe('service map layout', () => {
  it('puts callers above their callees, by longest call path', () => {
    // edge -> checkout -> payments -> postgres, and edge -> postgres directly
    const nodes = [node('postgres', 0, 0), node('payments', 1, 1), node('checkout', 2), node('edge', 3)];
    const layers = mapLayers(nodes, [edge('edge', 'checkout'), edge('checkout', 'payments'), edge('payments', 'postgres'), edge('edge', 'postgres')]);
    expect(Object.fromEntries(layers)).toEqual({ edge: 0, checkout: 1, payments: 2, postgres: 3 });
  });

  it('survives a cycle, leaving out the edge that closes it', () => {
    const nodes = [node('a', 0), node('b', 1), node('c', 2)];
    const layers = mapLayers(nodes, [edge('a', 'b'), edge('b', 'c'), edge('c', 'a')]);
    expect(new Set(layers.values()).size).toBe(3);
    expect(layers.get('a')).toBe(0);
    expect(layers.get('c')).toBe(2);
  });

  it('reads left to right in onset order when no edge is known, neighbours last', () => {
    const layers = mapLayers([node('late', 2), node('first', 0), node('calm', null), node('second', 1)], []);
    expect(Object.fromEntries(layers)).toEqual({ first: 0, second: 1, late: 2, calm: 3 });
  });

  it('puts callers above callees, a layer left to right in onset order, centred, and sizes the picture to fit', () => {
    const nodes = [node('db', 0, 0), node('api-b', 2), node('api-a', 1), node('cache', null)];
    const layout = layoutServiceMap(nodes, [edge('api-a', 'db'), edge('api-b', 'db'), edge('api-a', 'cache')]);
    const at = Object.fromEntries(layout.nodes.map((n) => [n.service, n]));
    expect([at['api-a'].layer, at['api-b'].layer, at.db.layer, at.cache.layer]).toEqual([0, 0, 1, 1]);
    expect(at['api-a'].x).toBeLessThan(at['api-b'].x);
    expect(at.db.x).toBeLessThan(at.cache.x);
    expect(at.db.y - at['api-a'].y).toBe(MAP_SIZES.row);
    expect(layout.width).toBe(2 * MAP_SIZES.margin + MAP_SIZES.nodeWidth + MAP_SIZES.column);
    expect(layout.height).toBe(2 * MAP_SIZES.margin + MAP_SIZES.nodeHeight + MAP_SIZES.row);
    for (const n of layout.nodes) {
      expect(n.x - MAP_SIZES.nodeWidth / 2).toBeGreaterThanOrEqual(0);
      expect(n.x + MAP_SIZES.nodeWidth / 2).toBeLessThanOrEqual(layout.width);
      expect(n.y + MAP_SIZES.nodeHeight / 2).toBeLessThanOrEqual(layout.height);
    }
    // A line from the bottom of the caller's box to the top of the callee's.
    const line = layout.lines.find((l) => l.caller === 'api-a' && l.callee === 'db');
    expect(line).toMatchObject({ x1: at['api-a'].x, y1: at['api-a'].y + MAP_SIZES.nodeHeight / 2, x2: at.db.x, y2: at.db.y - MAP_SIZES.nodeHeight / 2 });
  });

  it('centres a narrower layer under a wider one', () => {
    const layout = layoutServiceMap([node('a', 1), node('b', 2), node('db', 0)], [edge('a', 'db'), edge('b', 'db')]);
    const at = Object.fromEntries(layout.nodes.map((n) => [n.service, n]));
    expect(at.db.x).toBe((at.a.x + at.b.x) / 2);
  });

  it('draws no line for an edge to a service not on the map, and nothing for no services', () => {
    expect(layoutServiceMap([node('a', 0)], [edge('a', 'elsewhere')]).lines).toEqual([]);
    expect(layoutServiceMap([], [])).toEqual({ width: 0, height: 0, nodes: [], lines: [] });
  });
});

describe('the incident in the address and the navigation', () => {
  it('reads back the open incident, and opens the Incidents view on it', () => {
    const search = formatUrlState({ ws: '/a.hindsight', view: 'incidents', incident: 'INC-20260306-1402-payments' });
    expect(parseUrlState(search)).toEqual({ ws: '/a.hindsight', view: 'incidents', incident: 'INC-20260306-1402-payments' });
    expect(navFromUrl(parseUrlState(search), '/a.hindsight')).toMatchObject({ view: 'incidents', incident: 'INC-20260306-1402-payments' });
  });
  it('opens an incident page and goes back to the list', () => {
    const opened = navReducer(initialNav, { type: 'incident', id: 'INC-1' });
    expect(opened).toMatchObject({ view: 'incidents', incident: 'INC-1' });
    expect(navReducer(opened, { type: 'incident', id: null })).toMatchObject({ view: 'incidents', incident: null });
  });
});

describe('the series of the causes', () => {
  const causes = [
    { metrics: [{ seriesId: 1 }, { seriesId: 2 }, { seriesId: 3 }] },
    { metrics: [{ seriesId: 2 }, { seriesId: 4 }] },
    { metrics: [] },
    { metrics: [{ seriesId: 5 }] },
    { metrics: [{ seriesId: 6 }] },
  ];
  it('takes the top metrics of the first causes, best cause first, each series once', () => {
    expect(causeSeriesIds(causes)).toEqual([1, 2, 4]);
    expect(causeSeriesIds(causes, 1, Infinity)).toEqual([1, 2, 5, 6]);
    expect(causeSeriesIds([])).toEqual([]);
  });
  it('shortens a long metric name from its start, keeping the end that tells metrics apart', () => {
    expect(shortMetric('http_request_duration_seconds_p95', 20)).toBe('…uration_seconds_p95');
    expect(shortMetric('http_request_duration_seconds_p95', 20)).toHaveLength(20);
    expect(shortMetric('cpu', 20)).toBe('cpu');
  });
});

describe('times beside an incident', () => {
  const onset = Date.parse('2026-03-06T15:15:00Z');
  it('writes the clock on the onset day and the month and day on another', () => {
    expect(clockNear(Date.parse('2026-03-06T10:01:00Z'), onset, 'UTC')).toBe('10:01');
    expect(clockNear(Date.parse('2026-03-05T13:43:00Z'), onset, 'UTC')).toBe('03-05 13:43');
  });
  it('decides the day in the zone shown', () => {
    // 23:30 UTC on the 5th is 00:30 on the 6th in Berlin (UTC+1), the onset's day there.
    expect(clockNear(Date.parse('2026-03-05T23:30:00Z'), onset, 'Europe/Berlin')).toBe('00:30');
    expect(clockNear(Date.parse('2026-03-05T23:30:00Z'), onset, 'UTC')).toBe('03-05 23:30');
  });
});
