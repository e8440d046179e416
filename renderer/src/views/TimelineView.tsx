/**
 * The Timeline view: the charted series (sidebar, with the catalogue to add more), the toolbar
 * (time range, zoom, pan, drag mode, layers) and the stacked timeline. A brushed range can be
 * compared with its baseline, opened in Logs, noted or shared. Notes (components/annotations/) are drawn on the
 * timeline and listed under it; `n` adds one at the selection or at the next click on the chart.
 */
import { useCallback, useMemo, useRef, useState } from 'react';
import type { SeriesInfo } from '../../../core/api/contract';
import { AnnotationEditor, rememberedAuthor } from '../components/annotations/AnnotationEditor';
import { AnnotationsPanel } from '../components/annotations/AnnotationsPanel';
import { draftOf, newDraft, type NoteDraft } from '../components/annotations/notes';
import { ShareDialog } from '../components/annotations/ShareDialog';
import { NOTE_STYLE } from '../components/figure/annotations';
import { SeriesBrowser, type SeriesBrowserHandle } from '../components/SeriesBrowser';
import { SeriesName } from '../components/SeriesName';
import { Timeline, type DragMode } from '../components/Timeline';
import { TimeRangePicker } from '../components/TimeRangePicker';
import { COLORS, EVENT_STYLE } from '../components/timelineFigure';
import { useWorkspace } from '../context';
import { useElementSize } from '../hooks/useElementSize';
import { useSeriesNames } from '../hooks/useSeriesNames';
import { useShortcuts } from '../hooks/useShortcuts';
import { useCall } from '../queries';
import type { SeriesLabel } from '../seriesLabel';
import type { TimeRange } from '../nav';
import { panWindow, zoomWindow } from '../ranges';
import { fmtDuration, fmtRange } from '../time';

export function TimelineView() {
  const { ws, nav, go, zone, theme, epoch, anomalies, full, picking } = useWorkspace();
  const [mode, setMode] = useState<DragMode>('zoom');
  const [band, setBand] = useState(true);
  const [logs, setLogs] = useState(true);
  const [draft, setDraft] = useState<NoteDraft | null>(null);
  const [placing, setPlacing] = useState(false);
  const [sharing, setSharing] = useState<TimeRange | null>(null);
  const notes = useCall('annotations/list', {}).data;
  const browser = useRef<SeriesBrowserHandle>(null);
  const names = useSeriesNames();
  const [main, { height }] = useElementSize<HTMLDivElement>({ width: 1000, height: 640 });
  const win = nav.range ?? full;

  const ids = useMemo(() => new Set(nav.chosen.map((s) => s.id)), [nav.chosen]);
  const charted = useMemo(() => anomalies.all.filter((a) => ids.has(a.seriesId)), [anomalies.all, ids]);
  const onWindow = useCallback((r: TimeRange | null) => go({ type: 'range', range: r }), [go]);
  const onSelect = useCallback((r: TimeRange | null) => go({ type: 'select', selection: r }), [go]);
  const onPattern = useCallback(
    (templateId: string, bucket: TimeRange) => go({ type: 'logs', focus: { templateId, range: bucket } }),
    [go],
  );

  const annotate = (): void => (nav.selection ? setDraft(newDraft(nav.selection, rememberedAuthor())) : setPlacing((p) => !p));
  const placeNote = useCallback((t: number) => {
    setPlacing(false);
    setDraft(newDraft(t, rememberedAuthor()));
  }, []);
  const editNote = useCallback((id: number) => {
    const note = notes?.find((n) => n.id === id);
    if (note) setDraft(draftOf(note));
  }, [notes]);

  const zoom = (factor: number): void => onWindow(zoomWindow(win, full, factor));
  const pan = (frac: number): void => onWindow(panWindow(win, full, frac));
  useShortcuts({
    zoomIn: () => zoom(0.5),
    zoomOut: () => zoom(2),
    panLeft: () => pan(-0.25),
    panRight: () => pan(0.25),
    resetZoom: () => onWindow(null),
    selectMode: () => setMode((m) => (m === 'select' ? 'zoom' : 'select')),
    compare: () => nav.selection && go({ type: 'compare', selection: nav.selection }),
    search: () => browser.current?.focusSearch(),
    annotate,
    escape: () => (placing ? setPlacing(false) : nav.selection ? onSelect(null) : mode === 'select' ? setMode('zoom') : undefined),
  });

  const sel = nav.selection;
  return (
    <div className="view timeline-view">
      <aside className="sidebar">
        <div className="charted">
          <div className="sidebar-head">
            <h3>On the timeline ({nav.chosen.length})</h3>
            {nav.chosen.length > 0 && (
              <button className="ghost small" onClick={() => go({ type: 'chosen', series: [] })}>
                Clear
              </button>
            )}
          </div>
          <ul data-testid="charted">
            {nav.chosen.map((s, i) => (
              <ChartedRow
                key={s.id}
                s={s}
                label={names.label(s)}
                color={COLORS[i % COLORS.length]}
                onRemove={() => go({ type: 'remove', id: s.id })}
                onCapacity={() => go({ type: 'capacity', seriesId: s.id, service: s.service ?? undefined })}
              />
            ))}
          </ul>
        </div>
        <SeriesBrowser
          ref={browser}
          compact
          dataVersion={ws.dataVersion}
          epoch={epoch}
          range={ws.timeRange}
          selected={nav.chosen.map((s) => s.id)}
          anomalies={anomalies.bySeries}
          onPick={(s) => go({ type: 'toggle', series: s })}
        />
      </aside>
      <section className="main">
        <div className="toolbar">
          <TimeRangePicker window={win} full={full} zone={zone} onChange={onWindow} />
          <div className="seg" role="group" aria-label="Zoom and pan">
            <button onClick={() => pan(-0.25)} title="Pan left (h, ←)" aria-label="Pan left">
              ◀
            </button>
            <button onClick={() => zoom(2)} title="Zoom out (-)" aria-label="Zoom out">
              −
            </button>
            <button onClick={() => zoom(0.5)} title="Zoom in (+)" aria-label="Zoom in">
              +
            </button>
            <button onClick={() => pan(0.25)} title="Pan right (l, →)" aria-label="Pan right">
              ▶
            </button>
          </div>
          <div className="seg" role="group" aria-label="Drag mode">
            {(['zoom', 'pan', 'select'] as DragMode[]).map((m) => (
              <button key={m} className={mode === m ? 'on' : ''} onClick={() => setMode(m)} title={MODE_TITLES[m]}>
                {m[0].toUpperCase() + m.slice(1)}
              </button>
            ))}
          </div>
          <button
            className={placing ? 'on' : ''}
            onClick={annotate}
            title="Add a note at the selected range, or at the next click on the chart (n)"
            data-testid="add-note"
          >
            {placing ? 'Click on the chart…' : '+ Note'}
          </button>
          <label className="inline" title="The learnt normal band and expected value">
            <input type="checkbox" checked={band} onChange={(e) => setBand(e.target.checked)} /> band
          </label>
          <label className="inline" title="Top log patterns over time">
            <input type="checkbox" checked={logs} onChange={(e) => setLogs(e.target.checked)} /> logs
          </label>
          <span className="legend muted">
            {Object.values(EVENT_STYLE).map((s) => (
              <span key={s.label} className="legend-item">
                <i style={{ background: s.color }} /> {s.label}
              </span>
            ))}
            <span className="legend-item">
              <i className="anomaly-swatch" /> Anomaly
            </span>
            <span className="legend-item">
              <i style={{ background: NOTE_STYLE.color }} /> {NOTE_STYLE.label}
            </span>
          </span>
        </div>
        {sel && (
          <div className="selection-bar" data-testid="selection-bar">
            <span>
              Selected <b>{fmtRange(sel.from, sel.to, zone)}</b> ({fmtDuration(sel.to - sel.from)})
            </span>
            <button className="primary small" onClick={() => go({ type: 'compare', selection: sel })} title="Compare with baseline (c)">
              Compare with baseline
            </button>
            <button className="small" onClick={() => go({ type: 'logs', focus: { range: sel } })}>
              Logs in range
            </button>
            <button className="small" onClick={() => onWindow(sel)}>
              Zoom to it
            </button>
            <button className="small" onClick={() => setDraft(newDraft(sel, rememberedAuthor()))} title="Add a note over this range (n)">
              Add note
            </button>
            <button className="small" onClick={() => setSharing(sel)} title="Write this range as a smaller workspace to share, optionally redacted">
              Share…
            </button>
            <button className="ghost small" onClick={() => onSelect(null)} title="Clear (Esc)">
              Clear
            </button>
          </div>
        )}
        <div className="timeline-scroll" ref={main}>
          {nav.chosen.length === 0 && !picking && (
            <div className="empty small">
              Pick series on the left (or in the Explorer) to chart them here. Drag to zoom, shift-drag to select a range,
              double-click to show all. <kbd>?</kbd> lists the keys.
            </div>
          )}
          <Timeline
            series={nav.chosen}
            window={win}
            selection={sel}
            anomalies={charted}
            zone={zone}
            theme={theme}
            mode={mode}
            hold={picking}
            band={band}
            logs={logs}
            height={Math.max(420, height - 12)}
            onWindow={onWindow}
            onSelect={onSelect}
            onPattern={onPattern}
            notes={notes}
            pickTime={placing ? placeNote : null}
            onNote={editNote}
          />
        </div>
        <AnnotationsPanel notes={notes ?? []} zone={zone} onEdit={(n) => setDraft(draftOf(n))} onShow={onWindow} />
        {draft && <AnnotationEditor draft={draft} zone={zone} onClose={() => setDraft(null)} />}
        {sharing && <ShareDialog target={{ range: sharing }} zone={zone} onClose={() => setSharing(null)} />}
      </section>
    </div>
  );
}

const MODE_TITLES: Record<DragMode, string> = {
  zoom: 'Drag to zoom into a time range',
  pan: 'Drag to move along time',
  select: 'Drag to select a range to compare (s); shift-drag selects in any mode',
};

function ChartedRow({ s, label, color, onRemove, onCapacity }: { s: SeriesInfo; label: SeriesLabel; color: string; onRemove(): void; onCapacity(): void }) {
  return (
    <li className="charted-row" title={`${s.name} ${JSON.stringify(s.labels)}`}>
      <i className="dot" style={{ background: color }} />
      <span className="charted-name">
        {s.service ? <span className="muted">{s.service} · </span> : null}
        <SeriesName label={label} />
      </span>
      <button className="ghost icon small" onClick={onCapacity} aria-label={`Runway of ${label.text}`} title="Capacity: this series' runway to its limit (or its service's)">
        ⧗
      </button>
      <button className="ghost icon small" onClick={onRemove} aria-label={`Remove ${label.text}`} title="Remove from the timeline">
        ×
      </button>
    </li>
  );
}
