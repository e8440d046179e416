/**
 * The Explorer: every series, grouped by service, with sparklines over the whole data range and
 * their anomalies marked; most anomalous first. Click picks a series for the timeline,
 * double-click (or Enter) opens it there alone. Analysis runs from here.
 */
import { useRef } from 'react';
import { AnalysisStatusLine } from '../components/AnalysisStatusLine';
import { SeriesBrowser, type SeriesBrowserHandle } from '../components/SeriesBrowser';
import { useWorkspace } from '../context';
import { useShortcuts } from '../hooks/useShortcuts';

export function Explorer() {
  const { ws, nav, go, epoch, anomalies, analysis } = useWorkspace();
  const browser = useRef<SeriesBrowserHandle>(null);
  useShortcuts({ search: () => browser.current?.focusSearch() });
  const chosen = nav.chosen.length;
  const noAnalysis = analysis.status?.analysedVersion === null;

  return (
    <div className="view explorer">
      <div className="view-head">
        <div>
          <h2>Explorer</h2>
          <p className="muted">
            {ws.counts.series} series over the whole data range. Red marks are open anomalies. Click to pick for the timeline,
            double-click to open one alone.
          </p>
        </div>
        <span className="spacer" />
        <div className="head-actions">
          <AnalysisStatusLine big />
          <button
            className="primary"
            disabled={!chosen}
            onClick={() => go({ type: 'timeline' })}
            data-testid="open-timeline"
            title="Show the picked series on the timeline (2)"
          >
            Open {chosen || ''} on the timeline
          </button>
          <button
            onClick={() => {
              const list = browser.current?.listed() ?? [];
              go({ type: 'timeline', series: list.slice(0, 6) });
            }}
            title="Chart the first six series listed (with the sort shown)"
          >
            Chart the first 6 listed
          </button>
        </div>
      </div>
      {noAnalysis && (
        <div className="hint">
          Nothing analysed yet: <b>Run analysis</b> learns each series' normal (daily and weekly seasonality) and flags what
          was abnormal, so the list can sort the most anomalous first.
        </div>
      )}
      <SeriesBrowser
        ref={browser}
        dataVersion={ws.dataVersion}
        epoch={epoch}
        range={ws.timeRange}
        selected={nav.chosen.map((s) => s.id)}
        anomalies={anomalies.bySeries}
        onPick={(s) => go({ type: 'toggle', series: s })}
        onOpen={(s) => go({ type: 'timeline', series: [s], range: null })}
      />
    </div>
  );
}
