/**
 * A small wrapper around Plotly (the cartesian bundle): draws with Plotly.react whenever data or layout change.
 * The library runs on first use (see plotlyLoader.ts), so the app shell paints before it arrives.
 */
import type { Config, Layout, PlotData, PlotlyHTMLElement } from 'plotly.js-basic-dist-min';
import { useEffect, useRef, useState } from 'react';
import { loadPlotly } from '../plotlyLoader';
import { chartDrawn } from '../priority';

export interface PlotProps {
  data: PlotData[];
  layout: Layout;
  config?: Config;
  className?: string;
  onRelayout?(e: Record<string, unknown>): void;
  onClick?(e: Record<string, unknown>): void;
  /** Called after each draw (not a reason to draw again: it is read from a ref). */
  onDrawn?(el: PlotlyHTMLElement): void;
  testId?: string;
}

export function Plot({ data, layout, config, className, onRelayout, onClick, onDrawn, testId }: PlotProps) {
  const ref = useRef<HTMLDivElement>(null);
  const [failed, setFailed] = useState<string | null>(null);
  const relayout = useRef(onRelayout);
  const click = useRef(onClick);
  const drawn = useRef(onDrawn);
  useEffect(() => {
    relayout.current = onRelayout;
    click.current = onClick;
    drawn.current = onDrawn;
  });

  useEffect(() => {
    const el = ref.current;
    if (!el) return;
    let cancelled = false;
    void loadPlotly()
      .then((Plotly) => {
        if (cancelled) return null;
        return Plotly.react(el, data, layout, { displaylogo: false, responsive: true, ...config });
      })
      .then((gd) => {
        if (!gd) return;
        chartDrawn();
        if (cancelled) return;
        gd.removeAllListeners('plotly_relayout');
        gd.on('plotly_relayout', (e) => relayout.current?.(e));
        gd.removeAllListeners('plotly_click');
        gd.on('plotly_click', (e) => click.current?.(e));
        drawn.current?.(gd);
      })
      .catch((e: unknown) => !cancelled && setFailed(e instanceof Error ? e.message : String(e)));
    return () => {
      cancelled = true;
    };
  }, [data, layout, config]);

  useEffect(() => {
    const el = ref.current;
    return () => {
      if (el) void loadPlotly().then((Plotly) => Plotly.purge(el), () => undefined);
    };
  }, []);

  return (
    <>
      {failed && <div className="error-note">Charts are unavailable: {failed}</div>}
      <div ref={ref} className={className} data-testid={testId} />
    </>
  );
}
