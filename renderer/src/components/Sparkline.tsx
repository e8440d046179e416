/**
 * A small inline chart: min/max per bucket drawn as a band with the average line, and optional
 * shaded ranges (anomalies). SVG, no library; a few hundred points at most.
 */
import { memo } from 'react';

export interface SparklineProps {
  t: number[];
  min?: number[];
  max?: number[];
  avg: number[];
  from: number;
  to: number;
  width: number;
  height: number;
  marks?: { start: number; end: number }[];
  color?: string;
  /** Draw bars instead of a line (counts). */
  bars?: boolean;
}

function extent(values: (number[] | undefined)[]): [number, number] {
  let lo = Infinity;
  let hi = -Infinity;
  for (const arr of values) {
    if (!arr) continue;
    for (const v of arr) {
      if (!Number.isFinite(v)) continue;
      if (v < lo) lo = v;
      if (v > hi) hi = v;
    }
  }
  if (!Number.isFinite(lo)) return [0, 1];
  if (hi === lo) return [lo - 1, hi + 1];
  return [lo, hi];
}

export const Sparkline = memo(function Sparkline(p: SparklineProps) {
  const { width: w, height: h, from, to } = p;
  const span = Math.max(1, to - from);
  const [lo, hi] = extent(p.bars ? [p.avg, [0]] : [p.min ?? p.avg, p.max ?? p.avg]);
  const x = (t: number): number => ((t - from) / span) * w;
  const y = (v: number): number => h - 1 - ((v - lo) / (hi - lo)) * (h - 2);
  const color = p.color ?? 'var(--accent)';
  const marks = (p.marks ?? []).map((m, i) => {
    const a = Math.max(0, x(m.start));
    const b = Math.min(w, x(m.end));
    return <rect key={i} x={a} y={0} width={Math.max(2, b - a)} height={h} className="spark-mark" />;
  });
  if (p.bars) {
    const bw = Math.max(1, w / Math.max(1, p.avg.length) - 0.5);
    return (
      <svg width={w} height={h} className="sparkline" aria-hidden="true">
        {marks}
        {p.avg.map((v, i) =>
          v > 0 ? <rect key={i} x={(i / p.avg.length) * w} y={y(v)} width={bw} height={h - 1 - y(v)} fill={color} /> : null,
        )}
      </svg>
    );
  }
  let line = '';
  let band = '';
  const top: string[] = [];
  const bottom: string[] = [];
  for (let i = 0; i < p.t.length; i++) {
    const v = p.avg[i];
    if (!Number.isFinite(v)) continue;
    const px = x(p.t[i]).toFixed(1);
    line += `${line ? 'L' : 'M'}${px},${y(v).toFixed(1)}`;
    if (p.min && p.max) {
      top.push(`${px},${y(p.max[i]).toFixed(1)}`);
      bottom.push(`${px},${y(p.min[i]).toFixed(1)}`);
    }
  }
  if (top.length > 1) band = `M${top.join('L')}L${bottom.reverse().join('L')}Z`;
  return (
    <svg width={w} height={h} className="sparkline" aria-hidden="true">
      {marks}
      {band && <path d={band} fill={color} opacity={0.25} />}
      <path d={line} fill="none" stroke={color} strokeWidth={1} />
    </svg>
  );
});
