/**
 * A small wrapper around plotly.js-dist-min: draws with Plotly.react whenever data or layout change.
 * Plotly (4.8 MB) is loaded on first use, so the app shell paints before it arrives.
 */
import type PlotlyDefault from 'plotly.js-dist-min';
import type { Config, Layout, PlotData, PlotlyHTMLElement } from 'plotly.js-dist-min';
import { useEffect, useRef } from 'react';

type PlotlyModule = typeof PlotlyDefault;
let plotly: Promise<PlotlyModule> | null = null;
/** The Plotly module, loaded once. */
export function loadPlotly(): Promise<PlotlyModule> {
  plotly ??= import('plotly.js-dist-min').then((m) => m.default);
  return plotly;
}

export interface PlotProps {
  data: PlotData[];
  layout: Layout;
  config?: Config;
  className?: string;
  onRelayout?(e: Record<string, unknown>): void;
  onDrawn?(el: PlotlyHTMLElement): void;
  testId?: string;
}

export function Plot({ data, layout, config, className, onRelayout, onDrawn, testId }: PlotProps) {
  const ref = useRef<HTMLDivElement>(null);
  const relayout = useRef(onRelayout);
  useEffect(() => {
    relayout.current = onRelayout;
  });

  useEffect(() => {
    const el = ref.current;
    if (!el) return;
    let cancelled = false;
    void loadPlotly()
      .then((Plotly) => (cancelled ? null : Plotly.react(el, data, layout, { displaylogo: false, responsive: true, ...config })))
      .then((gd) => {
        if (!gd) return;
        if (cancelled) return;
        gd.removeAllListeners('plotly_relayout');
        gd.on('plotly_relayout', (e) => relayout.current?.(e));
        onDrawn?.(gd);
      });
    return () => {
      cancelled = true;
    };
  }, [data, layout, config, onDrawn]);

  useEffect(() => {
    const el = ref.current;
    return () => {
      if (el) void loadPlotly().then((Plotly) => Plotly.purge(el));
    };
  }, []);

  return <div ref={ref} className={className} data-testid={testId} />;
}
