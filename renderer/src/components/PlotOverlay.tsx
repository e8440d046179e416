/**
 * What the timeline adds on top of Plotly: a crosshair that follows the mouse across every panel
 * with the time written in the chosen zone, and the brush: shift-drag (or any drag in select mode)
 * selects a time range. Pixels map to time through the plot margins and the window on screen. Over
 * the log-pattern strip its own tooltip shows (kept inside the plot), and the chart's is hidden.
 * While `pick` is set (placing a note), a click anywhere on the plot gives its time instead.
 */
import { useRef, useState, type ReactNode } from 'react';
import type { TimeRange } from '../nav';
import { fmtRange, fmtTime, fromWall, toWall } from '../time';
import { tipWidth } from './figure/geometry';
import { MARGIN, type StripBox } from './timelineFigure';

export interface PlotOverlayProps {
  window: TimeRange;
  zone: string;
  selectMode: boolean;
  onSelect(r: TimeRange | null): void;
  /** The log-pattern strip's place, for its tooltip and clicks. */
  strip?: StripBox | null;
  onStripClick?(templateId: string, bucket: TimeRange): void;
  /** Set while a time is being picked: a click on the plot gives its time (and neither zooms nor selects). */
  pick?: ((t: number) => void) | null;
  children: ReactNode;
}

interface StripHit {
  templateId: string;
  pattern: string;
  service: string | null;
  count: number;
  bucket: TimeRange;
  y: number;
}

/** The strip cell under a point, if any. */
function stripHit(strip: StripBox | null | undefined, t: number, y: number): StripHit | null {
  if (!strip) return null;
  const row = Math.floor((y - strip.top) / strip.rowPx);
  const p = strip.strip.patterns[row];
  if (y < strip.top || !p) return null;
  const k = Math.floor((t - strip.strip.t[0]) / strip.step);
  if (k < 0 || k >= p.counts.length) return null;
  const from = strip.strip.t[k];
  return {
    templateId: p.templateId,
    pattern: p.pattern,
    service: p.service,
    count: p.counts[k],
    bucket: { from, to: from + strip.step },
    y: strip.top + row * strip.rowPx,
  };
}

export function PlotOverlay({ window: win, zone, selectMode, onSelect, strip, onStripClick, pick, children }: PlotOverlayProps) {
  const box = useRef<HTMLDivElement>(null);
  const [hover, setHover] = useState<{ x: number; t: number; h: number; w: number; flip: boolean; cell: StripHit | null } | null>(null);
  const [drag, setDrag] = useState<{ x0: number; x1: number; h: number } | null>(null);

  const area = (): { left: number; width: number; height: number } | null => {
    const el = box.current;
    if (!el) return null;
    const plotH = (el.firstElementChild as HTMLElement | null)?.clientHeight ?? el.clientHeight;
    return { left: MARGIN.l, width: el.clientWidth - MARGIN.l - MARGIN.r, height: plotH - MARGIN.b };
  };
  const timeAt = (x: number): number => {
    const a = area();
    if (!a) return NaN;
    const w0 = toWall(win.from, zone);
    const w1 = toWall(win.to, zone);
    return fromWall(w0 + ((x - a.left) / a.width) * (w1 - w0), zone);
  };
  const localX = (clientX: number): number => clientX - (box.current?.getBoundingClientRect().left ?? 0);
  const inside = (x: number, y: number): boolean => {
    const a = area();
    return !!a && x >= a.left && x <= a.left + a.width && y >= MARGIN.t && y <= a.height;
  };

  const onMouseDownCapture = (e: React.MouseEvent): void => {
    if (e.button === 0 && pick) {
      const x = localX(e.clientX);
      if (!inside(x, e.clientY - (box.current?.getBoundingClientRect().top ?? 0))) return;
      e.stopPropagation();
      e.preventDefault();
      pick(timeAt(x));
      return;
    }
    if (e.button !== 0 || !(selectMode || e.shiftKey)) return;
    const x = localX(e.clientX);
    const y = e.clientY - (box.current?.getBoundingClientRect().top ?? 0);
    if (!inside(x, y)) return;
    e.stopPropagation();
    e.preventDefault();
    const a = area();
    if (!a) return;
    const clamp = (v: number): number => Math.max(a.left, Math.min(a.left + a.width, v));
    let current = { x0: clamp(x), x1: clamp(x), h: a.height };
    setDrag(current);
    const move = (ev: MouseEvent): void => {
      current = { ...current, x1: clamp(localX(ev.clientX)) };
      setDrag(current);
    };
    const up = (): void => {
      window.removeEventListener('mousemove', move);
      window.removeEventListener('mouseup', up);
      setDrag(null);
      const lo = Math.min(current.x0, current.x1);
      const hi = Math.max(current.x0, current.x1);
      if (hi - lo < 4) onSelect(null);
      else onSelect({ from: timeAt(lo), to: timeAt(hi) });
    };
    window.addEventListener('mousemove', move);
    window.addEventListener('mouseup', up);
  };

  return (
    <div
      ref={box}
      className={`plot-overlay ${selectMode || pick ? 'selecting' : ''} ${hover?.cell && !drag ? 'strip-hover' : ''}`}
      onMouseDownCapture={onMouseDownCapture}
      onMouseMove={(e) => {
        const x = localX(e.clientX);
        const y = e.clientY - (box.current?.getBoundingClientRect().top ?? 0);
        const a = area();
        const t = timeAt(x);
        setHover(
          a && inside(x, y)
            ? { x, t, h: a.height, w: box.current?.clientWidth ?? 0, flip: x > a.left + a.width / 2, cell: stripHit(strip, t, y) }
            : null,
        );
      }}
      onMouseLeave={() => setHover(null)}
      onClick={(e) => {
        const x = localX(e.clientX);
        const y = e.clientY - (box.current?.getBoundingClientRect().top ?? 0);
        const cell = stripHit(strip, timeAt(x), y);
        if (cell && onStripClick) onStripClick(cell.templateId, cell.bucket);
      }}
      data-testid="timeline-overlay"
    >
      {children}
      {hover && !drag && (
        <>
          <div className="crosshair" style={{ left: hover.x, top: MARGIN.t, height: hover.h - MARGIN.t }} />
          <div className="crosshair-label" style={{ left: hover.x }} data-testid="crosshair-time">
            {fmtTime(hover.t, zone, { seconds: true })}
          </div>
          {hover.cell && (
            <div
              className={`strip-tip ${hover.flip ? 'left' : ''}`}
              style={{
                ...(hover.flip ? { right: hover.w - hover.x + 12 } : { left: hover.x + 12 }),
                top: hover.cell.y - 4,
                maxWidth: tipWidth(hover.x, hover.w, hover.flip),
              }}
              data-testid="strip-tip"
            >
              <div className="mono">
                {hover.cell.service && <span className="svc">{hover.cell.service}</span>}
                {hover.cell.pattern}
              </div>
              <div className="muted">
                {hover.cell.count} line{hover.cell.count === 1 ? '' : 's'} · {fmtRange(hover.cell.bucket.from, hover.cell.bucket.to, zone)} · click
                for the lines
              </div>
            </div>
          )}
        </>
      )}
      {drag && (
        <div
          className="brush"
          style={{ left: Math.min(drag.x0, drag.x1), width: Math.abs(drag.x1 - drag.x0), top: MARGIN.t, height: drag.h - MARGIN.t }}
        />
      )}
    </div>
  );
}
