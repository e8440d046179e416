/**
 * Hits over time for a log search, as Kibana Discover shows them above its documents: one bar per time
 * bucket (about one per 7 px), the busiest bucket full height, the time axis labelled below. Hovering a
 * bar says its time and count; a click narrows the search to that bucket. SVG, no chart library.
 */
import type { LogHistogram as Histogram } from '../../../core/api/contract';
import { fmtCount } from '../format';
import type { LogQuery } from '../hooks/useLogPages';
import { useElementSize } from '../hooks/useElementSize';
import type { TimeRange } from '../nav';
import { useCall } from '../queries';
import { fmtRange, fmtTime } from '../time';

const HEIGHT = 64;
const AXIS = 16;

/** Bars for a width in px: about one per 7 px, between 12 and 240. */
export function histogramBuckets(width: number): number {
  return Math.max(12, Math.min(240, Math.floor(width / 7)));
}

export interface LogHistogramProps {
  query: LogQuery;
  zone: string;
  onRange(r: TimeRange): void;
}

export function LogHistogram({ query, zone, onRange }: LogHistogramProps) {
  const [box, { width, measured }] = useElementSize<HTMLDivElement>({ width: 800, height: HEIGHT });
  const { query: text, templateId, service, level, from, to } = query;
  const params = measured ? { query: text, templateId, service, level, from, to, buckets: histogramBuckets(width) } : null;
  const h = useCall('logs/histogram', params);
  const data = h.data;
  return (
    <div className="log-histogram" ref={box} data-testid="log-histogram" data-total={data && !h.loading ? data.total : ''}>
      {data && data.counts.length > 0 && <Bars h={data} width={width} zone={zone} onRange={onRange} />}
      {h.error && <span className="error small-text">{h.error}</span>}
    </div>
  );
}

function Bars({ h, width, zone, onRange }: { h: Histogram; width: number; zone: string; onRange(r: TimeRange): void }) {
  const max = Math.max(1, ...h.counts);
  const bw = width / h.counts.length;
  const ticks = [0, 0.25, 0.5, 0.75].map((f) => Math.round(f * h.counts.length));
  return (
    <svg width={width} height={HEIGHT + AXIS} className="histogram" role="img" aria-label={`${fmtCount(h.total)} matching lines over time`}>
      <text x={4} y={10} className="hist-max">
        {fmtCount(max)}
        {h.capped ? ` (first ${fmtCount(h.total)} matches counted)` : ''}
      </text>
      {h.counts.map((n, k) => {
        const barH = n > 0 ? Math.max(1.5, (n / max) * (HEIGHT - 14)) : 0;
        const from = h.t[k];
        return (
          <g key={k} className="hist-bucket" onClick={() => n > 0 && onRange({ from, to: from + h.step })}>
            <title>{`${fmtCount(n)} line${n === 1 ? '' : 's'} · ${fmtRange(from, from + h.step, zone)}${n > 0 ? ' · click to show only these' : ''}`}</title>
            <rect x={k * bw} y={0} width={bw} height={HEIGHT} className="hist-hit" />
            {barH > 0 && <rect x={k * bw + 0.5} y={HEIGHT - barH} width={Math.max(1, bw - 1)} height={barH} className="hist-bar" data-testid="hist-bar" />}
          </g>
        );
      })}
      <line x1={0} x2={width} y1={HEIGHT + 0.5} y2={HEIGHT + 0.5} className="hist-axis" />
      {ticks.map((k) => (
        <text key={k} x={k * bw + 2} y={HEIGHT + AXIS - 4} className="hist-tick">
          {fmtTime(h.t[k], zone, { bare: true })}
        </text>
      ))}
    </svg>
  );
}
