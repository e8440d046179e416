/** A small wrapper around plotly.js-dist-min: draws with Plotly.react whenever data or layout change. */
import Plotly, { type Config, type Layout, type PlotData, type PlotlyHTMLElement } from 'plotly.js-dist-min';
import { useEffect, useRef } from 'react';

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
    void Plotly.react(el, data, layout, { displaylogo: false, responsive: true, ...config }).then((gd) => {
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
      if (el) Plotly.purge(el);
    };
  }, []);

  return <div ref={ref} className={className} data-testid={testId} />;
}
