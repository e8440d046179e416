/**
 * The timeline figure's layer builders (renderer/src/components/figure/) and their composition,
 * in node without a DOM: what each layer draws, where the panels sit, that text from imported data
 * is escaped, and that remembered layers hand back the very traces drawn before when their input
 * did not change (what makes the redraw after a zoom cheap).
 */
import { describe, expect, it } from 'vitest';
import type { AnomalyInfo, EventInfo, PatternStrip, SeriesBand, SeriesBuckets, SeriesInfo } from '../../../core/api/contract';
import { anomaliesInView, buildAnomalyMarkers, buildAnomalyShading } from '../../../renderer/src/components/figure/anomalies';
import { bandLayer, buildBandLayer } from '../../../renderer/src/components/figure/band';
import { buildEventLines, buildEventStrip, buildEventsInView } from '../../../renderer/src/components/figure/events';
import { figureGeometry, panelTop, paperFraction, tipWidth, yRange } from '../../../renderer/src/components/figure/geometry';
import { buildLayout, panelTitle } from '../../../renderer/src/components/figure/layout';
import { buildLogStrip, cellShade, logStripLayer, shadeColor, shadeStops, stripPixels, stripRowLabels } from '../../../renderer/src/components/figure/logStrip';
import { memoLayer, shallowEqual } from '../../../renderer/src/components/figure/memo';
import { buildSeriesLayer, hoverFormat, seriesLayer } from '../../../renderer/src/components/figure/series';
import { LOG_ROW_PX, MARGIN, palette, STRIP_PX, TITLE_PX } from '../../../renderer/src/components/figure/style';
import { buildFigure, PLOT_CONFIG, type FigureInput } from '../../../renderer/src/components/timelineFigure';

const MIN = 60_000;
const H = 60 * MIN;
const T0 = Date.parse('2026-07-01T00:00:00Z');
/** Berlin is UTC+2 in July: wall-clock ms are 2 h ahead of UTC ms. */
const BERLIN = 'Europe/Berlin';

function series(id: number, extra: Partial<SeriesInfo> = {}): SeriesInfo {
  return { id, name: `m${id}`, labels: {}, service: null, unit: null, firstTs: T0, lastTs: T0 + H, count: 60, anomalies: 0, anomalyScore: 0, ...extra };
}
function buckets(id: number, avg: number[]): SeriesBuckets {
  return { id, t: avg.map((_, k) => T0 + k * MIN), min: avg.map((v) => v - 1), max: avg.map((v) => v + 1), avg, source: 'raw' };
}
function band(id: number, n: number): SeriesBand {
  const t = Array.from({ length: n }, (_, k) => T0 + k * MIN);
  return { id, method: 'static', periodsMs: [], t, expected: t.map(() => 10), lower: t.map(() => 8), upper: t.map(() => 12), ranges: [], notes: [] };
}
function anomaly(seriesId: number, start: number, end: number, extra: Partial<AnomalyInfo> = {}): AnomalyInfo {
  return {
    id: start,
    seriesId,
    seriesName: 'm',
    labels: {},
    service: null,
    start,
    end,
    peakTs: start,
    peakValue: 30,
    expected: 10,
    direction: 'up',
    severity: 'high',
    sigmas: 6,
    rank: 1,
    ...extra,
  } as AnomalyInfo;
}
function event(id: number, kind: string, ts: number, extra: Partial<EventInfo> = {}): EventInfo {
  return { id, ts, endTs: null, kind, service: null, title: `${kind} ${id}`, severity: null, attrs: {}, ...extra };
}

describe('memoLayer', () => {
  it('answers the same input (same fields) with the same object, and rebuilds when a field changes', () => {
    let builds = 0;
    const layer = memoLayer(
      (i: { data: number[]; zone: string }) => {
        builds++;
        return i.data.map((v) => v * 2);
      },
      (i) => i.data,
    );
    const data = [1, 2];
    const first = layer({ data, zone: 'UTC' });
    expect(layer({ data, zone: 'UTC' })).toBe(first);
    expect(builds).toBe(1);
    expect(layer({ data, zone: BERLIN })).not.toBe(first);
    expect(layer({ data: [1, 2], zone: 'UTC' })).not.toBe(first); // equal contents, other object: rebuilt
    expect(builds).toBe(3);
  });

  it('keeps at most `keep` answers per key, dropping the oldest', () => {
    let builds = 0;
    const key = {};
    const layer = memoLayer((i: { n: number }) => ({ n: i.n, build: ++builds }), () => key, 2);
    layer({ n: 1 });
    layer({ n: 2 });
    layer({ n: 3 });
    expect(layer({ n: 3 }).build).toBe(3);
    expect(layer({ n: 1 }).build).toBe(4);
  });

  it('shallowEqual compares own fields by identity', () => {
    const arr: number[] = [];
    expect(shallowEqual({ a: 1, b: arr }, { a: 1, b: arr })).toBe(true);
    expect(shallowEqual({ a: 1, b: arr }, { a: 1, b: [] })).toBe(false);
    expect(shallowEqual({ a: 1 }, { a: 1, b: undefined })).toBe(false);
    expect(shallowEqual({ a: NaN }, { a: NaN })).toBe(true);
  });
});

describe('geometry', () => {
  it('shares the height between panels, 90–260 px each, and adds the log rows', () => {
    const g = figureGeometry(2, 3, 600);
    const fixed = MARGIN.t + MARGIN.b + STRIP_PX + TITLE_PX + 3 * LOG_ROW_PX + 2 * TITLE_PX;
    expect(g.panel).toBe(Math.floor((600 - fixed) / 2));
    expect(g.panel).toBeLessThan(260);
    expect(g.height).toBe(fixed + 2 * g.panel);
    expect(figureGeometry(1, 0, 5000).panel).toBe(260);
    expect(figureGeometry(12, 0, 400).panel).toBe(90);
  });

  it('turns px from the top into paper fractions, clamped to [0, 1]', () => {
    const g = figureGeometry(1, 0, 500);
    expect(paperFraction(g, 0)).toBe(1);
    expect(paperFraction(g, g.paper)).toBe(0);
    expect(paperFraction(g, g.paper * 2)).toBe(0);
    expect(panelTop(g, 1) - panelTop(g, 0)).toBe(TITLE_PX + g.panel);
  });

  it('yRange pads 6 %, starts at 0 for positive data near 0, and widens a flat line', () => {
    expect(yRange([[10, 20]])).toEqual([10 - 0.6, 20 + 0.6]);
    expect(yRange([[0.1, 10]])).toEqual([0, 10 + 0.06 * 9.9]);
    expect(yRange([[5, 5]])).toEqual([4.5, 5.5]);
    expect(yRange([undefined, [NaN]])).toEqual([0, 1]);
  });
});

describe('tipWidth', () => {
  it('keeps the strip tooltip inside the plot on the side it opens to', () => {
    expect(tipWidth(900, 1000, false)).toBe(160); // near the right edge it would open left (flip), at least 160 px
    expect(tipWidth(900, 1000, true)).toBe(560);
    expect(tipWidth(300, 1000, false)).toBe(560);
    expect(tipWidth(600, 1000, true)).toBe(560);
    expect(tipWidth(400, 700, true)).toBe(380);
    expect(tipWidth(200, 700, false)).toBe(480);
  });
});

describe('series layer', () => {
  it('draws the min/max envelope and the average line in wall-clock time of the zone', () => {
    const b = buckets(1, [10, 20, 15]);
    const [min, max, avg] = buildSeriesLayer({ buckets: b, name: 'cpu', hoverName: 'api · cpu', unit: null, color: '#4fa3ff', axis: 'y2', zone: BERLIN });
    expect(min).toMatchObject({ name: 'min', y: b.min, yaxis: 'y2' });
    expect(max).toMatchObject({ name: 'max', y: b.max, fill: 'tonexty' });
    expect(avg).toMatchObject({ name: 'cpu', y: b.avg, customdata: [[9, 11], [19, 21], [14, 16]] });
    expect(avg.x).toEqual(b.t.map((t) => t + 2 * H));
    expect(min.x).toBe(avg.x); // one x array shared by the three traces
  });

  it('escapes the series name in the hover text, and draws nothing without buckets', () => {
    const [, , avg] = buildSeriesLayer({ buckets: buckets(1, [1]), name: 'x', hoverName: '<img src=x>', unit: null, color: '#fff', axis: 'y2', zone: 'UTC' });
    expect(avg.hovertemplate).toContain('&lt;img src=x&gt;');
    expect(avg.hovertemplate).not.toContain('<img');
    expect(buildSeriesLayer({ buckets: buckets(1, []), name: 'x', hoverName: 'x', unit: null, color: '#fff', axis: 'y2', zone: 'UTC' })).toEqual([]);
  });

  it('writes the hover values in the series unit', () => {
    const b = { ...buckets(1, [0.12, 0.95]), min: [0.08, 0.9], max: [1.2, 4.8] };
    const [, , avg] = buildSeriesLayer({ buckets: b, name: 'lat', hoverName: 'lat p95', unit: 's', color: '#fff', axis: 'y2', zone: 'UTC' });
    expect(avg.customdata).toEqual([[0.08, 1.2], [0.9, 4.8]]);
    expect(avg.hovertemplate).toBe('<b>%{y:.4~s}s</b> (min %{customdata[0]:.4~s}s, max %{customdata[1]:.4~s}s)<extra>lat p95</extra>');
    expect(hoverFormat('B')).toEqual({ format: '.4~s', suffix: 'B' });
    expect(hoverFormat('/s')).toEqual({ format: '.4~s', suffix: '/s' });
    expect(hoverFormat('ratio')).toEqual({ format: '.3~%', suffix: '' });
    expect(hoverFormat('ms')).toEqual({ format: '.4~g', suffix: ' ms' });
    expect(hoverFormat('<b>')).toEqual({ format: '.4~g', suffix: ' &lt;b&gt;' });
    expect(hoverFormat(null)).toEqual({ format: '.4~s', suffix: '' });
  });

  it('is remembered by its buckets', () => {
    const input = { buckets: buckets(1, [1, 2]), name: 'x', hoverName: 'x', unit: null, color: '#fff', axis: 'y2', zone: 'UTC' };
    expect(seriesLayer({ ...input })).toBe(seriesLayer({ ...input }));
    expect(seriesLayer({ ...input, axis: 'y3' })).not.toBe(seriesLayer(input));
  });
});

describe('band layer', () => {
  it('fills between the lower and upper edges and dots the expected value', () => {
    const b = band(1, 4);
    const traces = buildBandLayer({ band: b, axis: 'y2', zone: 'UTC', fill: 'grey', lineColor: '#888', unit: null, floor: null });
    expect(traces.map((t) => t.name)).toEqual(['band-lower', 'band-upper', 'expected']);
    expect(traces[1]).toMatchObject({ y: b.upper, fill: 'tonexty', fillcolor: 'grey' });
    expect(traces[2]).toMatchObject({ y: b.expected, line: { dash: 'dot', color: '#888' } });
    expect(buildBandLayer({ band: band(1, 0), axis: 'y2', zone: 'UTC', fill: 'grey', lineColor: '#888', unit: null, floor: null })).toEqual([]);
    const input = { band: b, axis: 'y2', zone: 'UTC', fill: 'grey', lineColor: '#888', unit: null, floor: null };
    expect(bandLayer({ ...input })).toBe(bandLayer({ ...input }));
    expect(bandLayer({ ...input, floor: 0 })).not.toBe(bandLayer(input));
  });

  it('never draws the band or the expected value below the floor of a non-negative series', () => {
    const b = { ...band(1, 3), lower: [-4, 1, -0.5], expected: [-1, 3, 2], upper: [2, 5, 4] };
    const [lower, upper, expected] = buildBandLayer({ band: b, axis: 'y2', zone: 'UTC', fill: 'grey', lineColor: '#888', unit: 'ms', floor: 0 });
    expect(lower.y).toEqual([0, 1, 0]);
    expect(upper.y).toEqual([2, 5, 4]);
    expect(expected.y).toEqual([0, 3, 2]);
    expect(expected.hovertemplate).toBe('expected %{y:.4~g} ms<extra></extra>');
    // Without a floor (a series that does go below zero) the band is drawn as learnt.
    const [free] = buildBandLayer({ band: b, axis: 'y2', zone: 'UTC', fill: 'grey', lineColor: '#888', unit: null, floor: null });
    expect(free.y).toBe(b.lower);
  });
});

describe('anomaly layers', () => {
  const list = [anomaly(1, T0, T0 + 10 * MIN), anomaly(1, T0 + 20 * MIN, T0 + 20 * MIN, { severity: 'low' }), anomaly(2, T0, T0 + MIN)];

  it('keeps the anomalies of one series that overlap the window, the same array for the same question', () => {
    const inView = anomaliesInView(list, 1, { from: T0 + 5 * MIN, to: T0 + 15 * MIN });
    expect(inView).toEqual([list[0]]);
    expect(anomaliesInView(list, 1, { from: T0 + 5 * MIN, to: T0 + 15 * MIN })).toBe(inView);
  });

  it('shades each range from the panel bottom to top, one trace per severity, at least a minute wide', () => {
    const mine = list.filter((a) => a.seriesId === 1);
    const traces = buildAnomalyShading({ anomalies: mine, axis: 'y2', zone: 'UTC', lo: 0, hi: 50 });
    expect(traces.map((t) => t.fillcolor)).toEqual(['rgba(234,179,8,0.16)', 'rgba(229,72,77,0.24)']); // low first, high on top
    expect(traces[0].x).toEqual([T0 + 20 * MIN, T0 + 21 * MIN, T0 + 21 * MIN, T0 + 20 * MIN, T0 + 20 * MIN, null]);
    expect(traces[1].y).toEqual([0, 0, 50, 50, 0, null]);
    expect(traces.every((t) => t.name === 'anomaly-area' && t.fill === 'toself')).toBe(true);
  });

  it('marks each peak, with its severity and sigmas on hover', () => {
    const [markers] = buildAnomalyMarkers({ anomalies: [list[0]], axis: 'y2', zone: 'UTC', unit: null, floor: null });
    expect(markers).toMatchObject({ mode: 'markers', x: [T0], y: [30] });
    expect(markers.text?.[0]).toMatch(/^anomaly · high · 6\.0σ up/);
    expect(buildAnomalyMarkers({ anomalies: [], axis: 'y2', zone: 'UTC', unit: null, floor: null })).toEqual([]);
    // In the series' unit, and the expected value not below a non-negative series' floor.
    const [inUnit] = buildAnomalyMarkers({ anomalies: [{ ...list[0], peakValue: 2.777e8, expected: -5e6 }], axis: 'y2', zone: 'UTC', unit: 'B', floor: 0 });
    expect(inUnit.text?.[0]).toContain('peak 277.7 MB vs expected 0 B');
  });
});

describe('event layers', () => {
  const events = [
    event(1, 'deploy', T0 + MIN, { service: 'api', title: 'v2 <script>' }),
    event(2, 'deploy', T0 + 2 * MIN, { service: 'db' }),
    event(3, 'config', T0 + 3 * MIN),
    event(4, 'alert', T0 + 4 * MIN, { endTs: T0 + 9 * MIN, severity: 'critical' }),
    event(5, 'alert', T0 + 5 * H),
  ];

  it('keeps the events that overlap the window', () => {
    expect(buildEventsInView({ events, from: T0 + 8 * MIN, to: T0 + H }).map((e) => e.id)).toEqual([4]);
  });

  it('draws a marker per event on its kind\'s row, a bar for lasting ones, with escaped titles', () => {
    const traces = buildEventStrip({ events: events.slice(0, 4), zone: 'UTC', dark: true });
    expect(traces.map((t) => t.name)).toEqual(['Deploy', 'Config change', 'alert-spans', 'Alert']);
    expect(traces[0]).toMatchObject({ x: [T0 + MIN, T0 + 2 * MIN], y: [0.72, 0.72], customdata: [1, 2], yaxis: 'y' });
    expect(traces[0].text?.[0]).toContain('v2 &lt;script&gt;');
    expect(traces[2]).toMatchObject({ x: [T0 + 4 * MIN, T0 + 9 * MIN, null] });
  });

  it('draws deploy and config lines through a panel for the charted services and for events of no service', () => {
    const traces = buildEventLines({ events, services: new Set(['api']), axis: 'y2', zone: 'UTC', lo: 1, hi: 9 });
    expect(traces.map((t) => t.name)).toEqual(['deploy-lines', 'config-lines']);
    expect(traces[0]).toMatchObject({ x: [T0 + MIN, T0 + MIN, null], y: [1, 9, null] });
    expect(traces[1].x).toEqual([T0 + 3 * MIN, T0 + 3 * MIN, null]);
  });
});

describe('log-pattern strip', () => {
  const strip: PatternStrip = {
    t: [T0, T0 + MIN, T0 + 2 * MIN],
    patterns: [
      { templateId: 'a', pattern: 'GET <*>', service: null, counts: [0, 10, 5] },
      { templateId: 'b', pattern: 'timeout', service: 'api', counts: [1, 0, 0] },
    ],
  };

  it('shades each row by its own busiest bucket and leaves empty buckets blank', () => {
    expect(cellShade(0, 10)).toBeNull();
    expect(cellShade(10, 10)).toBe(1);
    expect(cellShade(5, 10)).toBeCloseTo(0.575);
  });

  it('paints one pixel per bucket and LOG_ROW_PX per pattern, with a one-pixel gap under each row', () => {
    const px = stripPixels(strip, true);
    expect(px).toMatchObject({ width: 3, height: 2 * LOG_ROW_PX });
    const alpha = (x: number, y: number): number => px.data[(y * px.width + x) * 4 + 3];
    expect(alpha(0, 0)).toBe(0); // pattern a, bucket 0: no lines
    expect(alpha(1, 0)).toBe(255); // pattern a's busiest bucket: the opaque burst colour
    expect(alpha(1, LOG_ROW_PX - 1)).toBe(0); // the gap
    expect(alpha(0, LOG_ROW_PX)).toBe(255); // pattern b's only bucket is its busiest
    expect(Array.from(px.data.subarray(4, 8))).toEqual(shadeColor(1, shadeStops(true)));
    expect(shadeColor(0, shadeStops(true))).toEqual([79, 163, 255, Math.round(0.12 * 255)]);
    expect(shadeColor(0.3, shadeStops(true))).toEqual([79, 163, 255, Math.round(0.36 * 255)]); // half way to the 0.6 stop
  });

  it("places the bitmap over the strip's buckets on the time axis, painted once per strip", () => {
    const g = figureGeometry(1, 2, 600);
    let painted = 0;
    const rasterize = (): string => `data:image/png;base64,${++painted}`;
    const input = { strip, geometry: g, span: H, zone: 'UTC', palette: palette('dark'), rasterize };
    const layer = buildLogStrip(input);
    expect(layer.image).toMatchObject({ source: 'data:image/png;base64,1', xref: 'x', yref: 'y3', x: T0, sizex: 3 * MIN, y: 0, sizey: 2, sizing: 'stretch' });
    expect(layer.axisName).toBe('yaxis3');
    expect(layer.axis).toMatchObject({ range: [2, 0], fixedrange: true });
    expect(layer.traces.map((t) => t.yaxis)).toEqual(['y3']); // keeps the axis the x axis is anchored to
    expect(layer.box).toEqual({ top: MARGIN.t + panelTop(g, 1), rowPx: LOG_ROW_PX, strip, step: MIN });
    logStripLayer(input);
    logStripLayer({ ...input });
    expect(painted).toBe(2); // the first direct build, then one for the remembered layer
    // Every row is named in the margin.
    expect(layer.axis).toMatchObject({ showticklabels: true, tickvals: [0.5, 1.5] });
    expect((layer.axis.ticktext as string[]).every((t) => t.length > 0)).toBe(true);
  });

  it('names strip rows by the words that tell them apart, or their service', () => {
    const rows = [
      { pattern: 'GET <*> HTTP/<*> "Mozilla/<*> (Windows NT <*>)"', service: 'gateway' },
      { pattern: 'GET <*> HTTP/<*> "Mozilla/<*> (iPhone; <*>)"', service: 'gateway' },
      { pattern: 'Payment <*> declined for order <*>', service: null },
      { pattern: '<*> <*>', service: 'orders' },
      { pattern: '<*>', service: null },
    ];
    expect(stripRowLabels(rows)).toEqual(['GET Windows', 'GET iPhone', 'Payment dec…', 'orders', '?']);
  });
});

describe('layout', () => {
  it('puts one y axis per panel with the given range, titles with the anomaly count, and the selection', () => {
    const g = figureGeometry(2, 0, 700);
    const layout = buildLayout({
      geometry: g,
      window: { from: T0, to: T0 + H },
      selection: { from: T0 + MIN, to: T0 + 2 * MIN },
      zone: BERLIN,
      palette: palette('light'),
      panels: [
        { series: series(1), label: { name: 'm1', detail: '', text: 'm1' }, unit: null, range: [0, 10], anomalyCount: 2 },
        { series: series(2, { unit: 'ms' }), label: { name: 'm2', detail: '', text: 'm2' }, unit: 'ms', range: [5, 6], anomalyCount: 0 },
      ],
      logStrip: null,
      datarevision: '1,2',
    });
    expect(layout.xaxis).toMatchObject({ range: [T0 + 2 * H, T0 + 3 * H], anchor: 'y3' });
    expect(layout.yaxis2).toMatchObject({ range: [0, 10] });
    expect(layout.yaxis3).toMatchObject({ range: [5, 6] });
    const titles = (layout.annotations as { text: string }[]).map((a) => a.text);
    expect(titles[1]).toContain('2 anomalies in view');
    expect(titles[2]).toContain('ms');
    // Tick labels in the panel's unit, at round numbers of one scale.
    expect(layout.yaxis2).toMatchObject({ tickmode: 'array', tickvals: [0, 2, 4, 6, 8, 10], ticktext: ['0', '2', '4', '6', '8', '10'] });
    expect((layout.yaxis3 as { ticktext: string[] }).ticktext.every((t) => t.endsWith(' ms'))).toBe(true);
    expect(layout.shapes).toEqual([expect.objectContaining({ name: 'selection', x0: T0 + 2 * H + MIN, x1: T0 + 2 * H + 2 * MIN })]);
    expect(layout.datarevision).toBe('1,2');
  });

  it('escapes the series name and labels in a panel title', () => {
    const label = { name: '<b>x', detail: 'host="a"&', text: '<b>x host="a"&' };
    const title = panelTitle({ series: series(1, { name: '<b>x', labels: { host: '"a"&' } }), label, unit: null, anomalyCount: 1 }, '#888', '#00f');
    expect(title).toContain('&lt;b&gt;x');
    expect(title).toContain('host=&#34;a&#34;&amp;');
    expect(title).toContain('1 anomaly in view');
    expect(title).not.toContain('<b>x');
  });

  it('titles a panel by the labels that tell its series apart, with its service and unit', () => {
    const s = series(1, { name: 'job:http_request_duration_seconds:histogram_quantile', labels: { quantile: '0.95', job: 'api' }, service: 'api' });
    const label = { name: s.name, detail: 'p95', text: `${s.name} p95` };
    const title = panelTitle({ series: s, label, unit: 's', anomalyCount: 0 }, '#888', '#00f');
    expect(title).toContain('<b style="color:#00f">p95</b>');
    expect(title).toContain('api · s');
    expect(title).not.toContain('job=api');
  });
});

describe('plot settings', () => {
  it('shows no Plotly tip (its zoom hint sits over the window\'s top right controls) and no mode bar', () => {
    expect(PLOT_CONFIG).toMatchObject({ showTips: false, displayModeBar: false, scrollZoom: true });
  });
});

describe('buildFigure', () => {
  function input(extra: Partial<FigureInput> = {}): FigureInput {
    return {
      series: [series(1, { service: 'api' }), series(2)],
      buckets: new Map([
        [1, buckets(1, [10, 11, 30, 12])],
        [2, buckets(2, [1, 2, 3, 4])],
      ]),
      bands: new Map([[1, band(1, 4)]]),
      events: [event(1, 'deploy', T0 + MIN, { service: 'api' })],
      anomalies: [anomaly(1, T0 + 2 * MIN, T0 + 3 * MIN)],
      strip: null,
      window: { from: T0, to: T0 + 4 * MIN },
      selection: null,
      zone: 'UTC',
      theme: 'dark',
      height: 640,
      ...extra,
    };
  }

  it('stacks each panel\'s layers in drawing order, then the events strip', () => {
    const fig = buildFigure(input());
    expect(fig.data.map((t) => `${t.name}@${t.yaxis}`)).toEqual([
      'anomaly-area@y2',
      'band-lower@y2',
      'band-upper@y2',
      'expected@y2',
      'min@y2',
      'max@y2',
      'm1@y2',
      'deploy-lines@y2',
      'Anomaly@y2',
      'min@y3',
      'max@y3',
      'm2@y3',
      'deploy-lines@y3',
      'Deploy@y',
    ]);
    expect(fig.points).toBe(16);
    expect(fig.strip).toBeNull();
    // The panel's y range holds the data and the band, and the shading spans it.
    const [lo, hi] = (fig.layout.yaxis2 as { range: number[] }).range;
    expect(lo).toBeLessThanOrEqual(7);
    expect(hi).toBeGreaterThanOrEqual(31);
    expect(fig.data[0].y).toEqual([lo, lo, hi, hi, lo, null]);
  });

  it('reuses the traces of unchanged layers and keeps the data revision when nothing changed', () => {
    const base = input({ bands: new Map() });
    const first = buildFigure(base);
    const again = buildFigure({ ...base, selection: { from: T0, to: T0 + MIN } });
    expect(again.layout.datarevision).toBe(first.layout.datarevision);
    expect(again.data).toEqual(first.data);
    expect(again.data.every((t, k) => t === first.data[k])).toBe(true);

    // The band arrives: panel 2's series traces are the very ones drawn before; the revision moves.
    const withBand = buildFigure({ ...base, bands: new Map([[1, band(1, 4)]]) });
    expect(withBand.layout.datarevision).not.toBe(first.layout.datarevision);
    const panel2 = (fig: typeof first) => fig.data.filter((t) => t.yaxis === 'y3' && t.name !== 'deploy-lines');
    expect(panel2(withBand).every((t, k) => t === panel2(first)[k])).toBe(true);
  });

  it('names series of one name by the labels that tell them apart, and writes values in their unit', () => {
    const name = 'job:http_request_duration_seconds:histogram_quantile';
    const fig = buildFigure(
      input({
        series: [series(1, { name, labels: { quantile: '0.5', job: 'api' } }), series(2, { name, labels: { quantile: '0.99', job: 'api' } })],
        bands: new Map(),
        anomalies: [],
      }),
    );
    const titles = (fig.layout.annotations as { text: string }[]).map((a) => a.text);
    expect(titles.some((t) => t.includes('>p50<'))).toBe(true);
    expect(titles.some((t) => t.includes('>p99<'))).toBe(true);
    const lines = fig.data.filter((t) => t.name === name);
    expect(lines.map((t) => t.hovertemplate)).toEqual([expect.stringContaining(`${name} p50`), expect.stringContaining(`${name} p99`)]);
    // seconds: the tooltip says "s", and the axis ticks carry the unit
    expect(lines[0].hovertemplate).toContain('<b>%{y:.4~s}s</b>');
    expect((fig.layout.yaxis2 as { ticktext: string[] }).ticktext.every((t) => / s$/.test(t))).toBe(true);
  });

  it('never gives a non-negative series a band or an axis below zero', () => {
    const b = { ...band(2, 4), lower: [-3, -2, -1, 0], expected: [-1, 1, 2, 3], upper: [3, 4, 5, 6] };
    const fig = buildFigure(input({ bands: new Map([[2, b]]), anomalies: [] }));
    const [lo] = (fig.layout.yaxis3 as { range: number[] }).range;
    expect(lo).toBe(0);
    const lower = fig.data.find((t) => t.name === 'band-lower' && t.yaxis === 'y3');
    const expected = fig.data.find((t) => t.name === 'expected' && t.yaxis === 'y3');
    expect(lower?.y).toEqual([0, 0, 0, 0]);
    expect(expected?.y).toEqual([0, 1, 2, 3]);
    // A series that does go negative keeps its band and axis as they are.
    const negative = { ...buckets(2, [1, 2, 3, 4]), min: [-5, 1, 2, 3] };
    const free = buildFigure(input({ buckets: new Map([[2, negative]]), bands: new Map([[2, b]]), anomalies: [] }));
    expect((free.layout.yaxis3 as { range: number[] }).range[0]).toBeLessThan(-5);
    expect(free.data.find((t) => t.name === 'band-lower' && t.yaxis === 'y3')?.y).toEqual([-3, -2, -1, 0]);
  });

  it('adds the log-pattern strip as the bottom axis, with its box for the overlay', () => {
    const strip: PatternStrip = { t: [T0, T0 + 2 * MIN], patterns: [{ templateId: 'a', pattern: 'p', service: null, counts: [1, 2] }] };
    const fig = buildFigure(input({ strip, rasterize: () => 'data:image/png;base64,AA' }));
    expect(fig.layout.images).toEqual([expect.objectContaining({ source: 'data:image/png;base64,AA', yref: 'y4' })]);
    expect(fig.data.at(-1)?.yaxis).toBe('y4');
    expect(fig.layout.xaxis).toMatchObject({ anchor: 'y4' });
    expect(fig.strip).toMatchObject({ strip, step: 2 * MIN });
  });
});
