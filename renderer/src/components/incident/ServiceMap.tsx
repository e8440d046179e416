/**
 * The small map of an incident's affected services: the call graph in layers (callers above their
 * callees), each service coloured by its place in the onset order (red first, through orange to
 * yellow), its rank as a cause marked, neighbours that stayed normal in grey. SVG, laid out by
 * layoutServiceMap (pure, tested).
 */
import type { IncidentMapNode, ServiceEdge } from '../../../../core/api/contract';
import { layoutServiceMap, MAP_SIZES, onsetColor } from '../../incidents';
import { fmtClock } from '../../time';

export interface ServiceMapProps {
  nodes: IncidentMapNode[];
  edges: ServiceEdge[];
  zone: string;
}

/** Characters of a service name that fit in a node box (beside a two-digit onset number). */
const NAME_FIT = 14;

export function ServiceMap({ nodes, edges, zone }: ServiceMapProps) {
  const layout = layoutServiceMap(nodes, edges);
  const affected = nodes.filter((n) => n.onsetOrder !== null).length;
  if (!layout.nodes.length) return <div className="muted small-text">No services to draw.</div>;
  const half = { w: MAP_SIZES.nodeWidth / 2, h: MAP_SIZES.nodeHeight / 2 };
  return (
    <div className="service-map" data-testid="service-map">
      <svg
        viewBox={`0 0 ${layout.width} ${layout.height}`}
        width={layout.width}
        style={{ maxWidth: '100%', height: 'auto' }}
        role="img"
        aria-label="Affected services by onset order"
      >
        <defs>
          <marker id="map-arrow" viewBox="0 0 8 8" refX="7" refY="4" markerWidth="7" markerHeight="7" orient="auto-start-reverse">
            <path d="M0,0 L8,4 L0,8 z" className="map-arrow" />
          </marker>
        </defs>
        {layout.lines.map((l) => (
          <line
            key={`${l.caller}>${l.callee}`}
            x1={l.x1}
            y1={l.y1}
            x2={l.x2}
            y2={l.y2}
            className={l.origin === 'inferred' ? 'map-edge inferred' : 'map-edge'}
            markerEnd="url(#map-arrow)"
          >
            <title>{`${l.caller} calls ${l.callee}${l.origin === 'inferred' ? ' (inferred from correlated traffic)' : ''}`}</title>
          </line>
        ))}
        {layout.nodes.map((n) => {
          const color = onsetColor(n.onsetOrder, affected);
          const name = n.service.length > NAME_FIT ? `${n.service.slice(0, NAME_FIT - 1)}…` : n.service;
          return (
            <g key={n.service} className={n.onsetOrder === null ? 'map-node calm' : 'map-node'} data-testid="map-node">
              <title>
                {n.onsetOrder === null
                  ? `${n.service}: a neighbour that stayed normal`
                  : `${n.service}: #${n.onsetOrder + 1} to go abnormal${n.onset !== null ? ` at ${fmtClock(n.onset, zone)}` : ''}${n.causeRank !== null ? `, cause rank ${n.causeRank + 1}` : ''}`}
              </title>
              <rect
                x={n.x - half.w}
                y={n.y - half.h}
                width={MAP_SIZES.nodeWidth}
                height={MAP_SIZES.nodeHeight}
                rx={6}
                style={{ stroke: color, fill: color }}
                className={n.causeRank === 0 ? 'map-box cause' : 'map-box'}
              />
              <text x={n.x - half.w + 8} y={n.y + 4} className="map-order">
                {n.onsetOrder === null ? '·' : n.onsetOrder + 1}
              </text>
              <text x={n.x - half.w + 28} y={n.y + 4} className="map-name">
                {name}
              </text>
            </g>
          );
        })}
      </svg>
      <div className="map-legend muted small-text">
        <span className="map-ramp" /> first → last to go abnormal · bold border: most likely cause · grey: neighbour that stayed normal
      </div>
    </div>
  );
}
