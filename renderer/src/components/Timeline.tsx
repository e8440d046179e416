/**
 * The timeline: stacked panels on one shared time axis (see timelineFigure.ts), read downsampled to
 * the plot's pixel width and re-read after every zoom or pan. Drag zooms, double-click shows all,
 * shift-drag (or select mode) selects a range; a crosshair follows the mouse across every panel.
 */
import type { PlotlyHTMLElement } from 'plotly.js-basic-dist-min';
import { useCallback, useEffect, useMemo, useRef } from 'react';
import type { AnnotationInfo } from '../../../core/api/annotations';
import type { AnomalyInfo, SeriesInfo } from '../../../core/api/contract';
import { useElementSize } from '../hooks/useElementSize';
import { useSeriesNames } from '../hooks/useSeriesNames';
import { useTimelineData } from '../hooks/useTimelineData';
import type { TimeRange } from '../nav';
import { parseAxisTime } from '../time';
import { ErrorNote } from './ErrorNote';
import { warmPlotly } from '../plotlyLoader';
import { Plot } from './Plot';
import { PlotOverlay } from './PlotOverlay';
import { buildFigure, MARGIN, PLOT_CONFIG } from './timelineFigure';

export type DragMode = 'zoom' | 'pan' | 'select';

export interface TimelineProps {
  series: SeriesInfo[];
  window: TimeRange;
  selection: TimeRange | null;
  anomalies: AnomalyInfo[];
  zone: string;
  theme: 'dark' | 'light';
  mode: DragMode;
  /** Draw nothing yet: what to chart is still being decided. */
  hold?: boolean;
  band: boolean;
  logs: boolean;
  /** Height the figure may use before the page scrolls. */
  height: number;
  onWindow(r: TimeRange | null): void;
  onSelect(r: TimeRange | null): void;
  onPattern?(templateId: string, bucket: TimeRange): void;
  /** A person's notes, drawn in the events strip and through the panels. */
  notes?: AnnotationInfo[];
  /** Set while a note's time is being picked: a click on the plot gives it. */
  pickTime?: ((t: number) => void) | null;
  /** A click on a note's marker. */
  onNote?(id: number): void;
}

let firstChartMarked = false;

export function Timeline(p: TimelineProps) {
  // The chart library runs while the first requests for data are on their way.
  useEffect(() => warmPlotly(), []);
  const [box, { width, measured }] = useElementSize<HTMLDivElement>();
  // Nothing is read before the real width is known: a guess would cost a request thrown away.
  const plotWidth = measured ? Math.max(100, Math.min(4000, width - MARGIN.l - MARGIN.r)) : 0;
  const ids = useMemo(() => p.series.map((s) => s.id), [p.series]);
  const d = useTimelineData({
    ids,
    window: p.window,
    width: plotWidth,
    band: p.band,
    logs: p.logs,
  });

  const names = useSeriesNames();
  const { data, layout, points, strip } = useMemo(() => {
    const fig = buildFigure({
      series: p.series,
      buckets: d.buckets,
      bands: d.bands,
      events: d.events,
      anomalies: p.anomalies,
      strip: d.strip,
      window: d.window,
      selection: p.selection,
      zone: p.zone,
      theme: p.theme,
      height: p.height,
      label: names.label,
      notes: p.notes,
    });
    fig.layout.dragmode = p.mode === 'pan' ? 'pan' : 'zoom';
    return fig;
  }, [p.series, d.buckets, d.bands, d.events, p.anomalies, d.strip, d.window, p.selection, p.zone, p.theme, p.height, p.mode, names, p.notes]);

  const { onWindow, zone } = p;
  const onRelayout = useCallback(
    (e: Record<string, unknown>) => {
      if (e['xaxis.autorange']) {
        onWindow(null);
        return;
      }
      const a = e['xaxis.range[0]'] ?? (e['xaxis.range'] as unknown[] | undefined)?.[0];
      const b = e['xaxis.range[1]'] ?? (e['xaxis.range'] as unknown[] | undefined)?.[1];
      if (a === undefined || b === undefined) return;
      const from = parseAxisTime(a, zone);
      const to = parseAxisTime(b, zone);
      if (Number.isFinite(from) && Number.isFinite(to) && to > from) onWindow({ from, to });
    },
    [onWindow, zone],
  );

  const { onNote } = p;
  const onClick = useCallback(
    (e: Record<string, unknown>) => {
      const point = (e.points as { data?: { name?: string }; customdata?: unknown }[] | undefined)?.find((pt) => pt.data?.name?.startsWith('notes'));
      if (point && onNote) onNote(Number(point.customdata));
    },
    [onNote],
  );

  const loadedKey = d.bucketsKey;
  const complete = d.complete;
  const plotEl = useRef<PlotlyHTMLElement | null>(null);
  const onDrawn = useCallback(
    (gd: PlotlyHTMLElement) => {
      plotEl.current = gd;
      if (points > 0 && !firstChartMarked) {
        firstChartMarked = true;
        performance.mark('hindsight:first-chart');
      }
      gd.dataset.points = String(points);
      // Which request's data is on screen: benchmarks and tests wait on this, not on sleeps.
      gd.dataset.loaded = loadedKey ?? '';
      gd.dataset.complete = complete ? 'yes' : 'no';
    },
    [points, loadedKey, complete],
  );
  // An answer asked again that came back unchanged draws nothing new (the cache keeps the same
  // objects): the figure on screen is then already the current one, and says so.
  useEffect(() => {
    const gd = plotEl.current;
    if (gd && gd.data === data) onDrawn(gd);
  }, [onDrawn, data]);

  const loading = d.bucketsKeyWanted !== null && d.bucketsKey !== d.bucketsKeyWanted;
  // The first draw (and so the chart library's evaluation, which holds the page for about a
  // second) waits for the series' data: running the library earlier only delays that data.
  const drawable = p.series.length ? d.bucketsKey !== null : !p.hold;
  return (
    <div className="timeline" ref={box}>
      {d.errors.map((e) => (
        <ErrorNote key={e.what} what={e.what} error={e.error} />
      ))}
      <div className={`timeline-status ${loading ? 'busy' : ''}`} aria-live="polite">
        {loading ? 'loading…' : ''}
      </div>
      <PlotOverlay
        window={d.window}
        zone={p.zone}
        selectMode={p.mode === 'select'}
        onSelect={p.onSelect}
        strip={strip}
        onStripClick={p.onPattern}
        pick={p.pickTime}
      >
        {drawable ? (
          <Plot
            data={data}
            layout={layout}
            config={PLOT_CONFIG}
            onRelayout={onRelayout}
            onClick={onClick}
            onDrawn={onDrawn}
            testId="timeline-plot"
            className="plot"
          />
        ) : (
          <div className="plot-placeholder" style={{ height: p.height }}>Reading the series…</div>
        )}
      </PlotOverlay>
    </div>
  );
}
