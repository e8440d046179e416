/** The URL of the library's file, emitted as an asset by the bundler (loaded as a classic script). */
declare module 'plotly.js-basic-dist-min?url' {
  const url: string;
  export default url;
}

/** The part of Plotly's API (the basic bundle) that Hindsight uses (the package ships no types). */
declare module 'plotly.js-basic-dist-min' {
  export type Datum = number | string | null;
  export interface PlotData {
    type?: string;
    mode?: string;
    name?: string;
    x?: Datum[];
    y?: Datum[];
    xaxis?: string;
    yaxis?: string;
    line?: Record<string, unknown>;
    marker?: Record<string, unknown>;
    fill?: string;
    fillcolor?: string;
    hoverinfo?: string;
    hovertemplate?: string;
    text?: string[];
    showlegend?: boolean;
    connectgaps?: boolean;
    [key: string]: unknown;
  }
  export type Layout = Record<string, unknown>;
  export type Config = Record<string, unknown>;
  export interface PlotlyHTMLElement extends HTMLDivElement {
    on(event: string, cb: (e: Record<string, unknown>) => void): void;
    removeAllListeners(event: string): void;
    data: PlotData[];
    layout: Layout;
  }
  export function react(el: HTMLElement, data: PlotData[], layout: Layout, config?: Config): Promise<PlotlyHTMLElement>;
  export function purge(el: HTMLElement): void;
  export function relayout(el: HTMLElement, update: Layout): Promise<PlotlyHTMLElement>;
  const Plotly: {
    react: typeof react;
    purge: typeof purge;
    relayout: typeof relayout;
    Plots: { resize(el: HTMLElement): void };
  };
  export default Plotly;
}
