/**
 * An icicle flame graph drawn as absolutely positioned boxes (x and width in percent, so no measuring): the
 * layout comes from the backend (`profiles/flame`, core/analysis/profiles/layout.ts); this draws it, shows a
 * tooltip on hover (frame, self, total, share; before → after in the differential view), zooms into a box on
 * click (the root or an ancestor zooms back out), and colours search matches, or the change of each node's self
 * share in the differential view (red grew, blue shrank).
 */
import { useState } from 'react';
import { fmtProfileValue, fmtShare as pct, fmtSharePoints as pts, type FlameBox, type FlameGraph as Graph } from '../../../../core/api/profiles';
import { diffColour, frameColour, MATCH_COLOUR } from './colours';
import './flame.css';

const ROW = 18;


export interface FlameGraphProps {
  graph: Graph;
  onZoom(node: number): void;
}

/** The background colour of a box (see colours.ts). */
export function boxColour(box: FlameBox, graph: Graph, diffScale: number): string {
  if (box.match) return MATCH_COLOUR;
  if (graph.diff) return diffColour(box.selfDelta ?? 0, diffScale);
  return frameColour(box.frame.name);
}

/** The largest change of self share in size among the boxes (the differential colour scale). */
export function diffScaleOf(boxes: readonly FlameBox[]): number {
  return boxes.reduce((m, b) => Math.max(m, Math.abs(b.selfDelta ?? 0)), 0);
}

export function FlameGraph({ graph, onZoom }: FlameGraphProps) {
  const [tip, setTip] = useState<{ box: FlameBox; x: number; y: number } | null>(null);
  const scale = diffScaleOf(graph.boxes);
  const searching = graph.search !== null;
  const focusDepth = graph.boxes.find((b) => b.node === graph.focus)?.depth ?? 0;
  return (
    <div className="flame" style={{ height: Math.max(1, graph.depth) * ROW + 2 }} data-testid="flame" onMouseLeave={() => setTip(null)}>
      {graph.boxes.map((b) => (
        <div
          key={b.node}
          className={`flame-box${searching && !b.match ? ' dim' : ''}${b.depth < focusDepth ? ' ancestor' : ''}`}
          style={{ left: `${b.x * 100}%`, width: `${b.width * 100}%`, top: b.depth * ROW, background: boxColour(b, graph, scale) }}
          data-testid="flame-box"
          data-frame={b.frame.name}
          onMouseMove={(e) => setTip({ box: b, x: e.clientX, y: e.clientY })}
          onClick={() => onZoom(b.node)}
        >
          {b.width > 0.02 ? b.frame.name : ''}
        </div>
      ))}
      {tip && <FlameTip box={tip.box} unit={graph.unit} diff={graph.diff} x={tip.x} y={tip.y} />}
    </div>
  );
}

function FlameTip({ box, unit, diff, x, y }: { box: FlameBox; unit: string; diff: boolean; x: number; y: number }) {
  const left = Math.min(x + 14, window.innerWidth - 400);
  return (
    <div className="flame-tip" style={{ left, top: y + 16 }} role="tooltip" data-testid="flame-tip">
      <div className="label">{box.label}</div>
      <div>
        self {fmtProfileValue(box.self, unit)} ({pct(box.selfShare)}) · total {fmtProfileValue(box.total, unit)} ({pct(box.totalShare)})
      </div>
      {diff && box.before && (
        <div>
          self share {pct(box.before.selfShare)} → {pct(box.selfShare)} ({pts(box.selfDelta ?? 0)}) · total {pct(box.before.totalShare)} → {pct(box.totalShare)}
        </div>
      )}
      <div className="muted small-text">click to zoom{box.depth === 0 ? ' out' : ''}</div>
    </div>
  );
}
