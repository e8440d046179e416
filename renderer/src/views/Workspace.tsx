/**
 * An open workspace: the view tabs (keys i, 1–7; it lands on Incidents when there are some), the shared
 * navigation state every view uses, the workspace's open anomalies, a drop target for imports, and a
 * status line with the counts.
 */
import { useQueryClient } from '@tanstack/react-query';
import { lazy, Suspense, useCallback, useEffect, useMemo, useReducer, useRef, useState } from 'react';
import type { WorkspaceInfo } from '../../../core/api/contract';
import { api } from '../api';
import { ImportDialog, type ImportRequest } from '../components/ImportDialog';
import { DropTarget } from '../components/DropTarget';
import { JobBar } from '../components/JobBar';
import { TopBar, type TopBarProps } from '../components/TopBar';
import { WorkspaceContext, type WorkspaceContextValue } from '../context';
import { fmtCount } from '../format';
import { useAnalysis } from '../hooks/useAnalysis';
import { useAnomalyIndex } from '../hooks/useAnomalyIndex';
import { useApiEvent } from '../hooks/useApiEvent';
import { useShortcuts } from '../hooks/useShortcuts';
import { navReducer, VIEWS, type ViewName } from '../nav';
import { readUrlState, scheduleUrlState } from '../address';
import { navFromUrl } from '../urlState';
import { landsOnIncidents } from '../incidents';
import { afterFirstChart } from '../priority';
import { useCall } from '../queries';
import { fmtRange } from '../time';
import { AnalysisStatusLine } from '../components/AnalysisStatusLine';
import { TimelineView } from './TimelineView';

// The timeline is in the first bundle (a link to it must draw fast); every other view is its own chunk, fetched
// once the first chart is drawn (or when first shown, if sooner), so the code a first chart waits for does not grow
// with every new view, and a view chosen a moment after opening is already there.
const VIEW_CHUNKS = {
  anomalies: () => import('./Anomalies'),
  advice: () => import('./Advice'),
  capacity: () => import('./Capacity'),
  compare: () => import('./Compare'),
  explorer: () => import('./Explorer'),
  incidents: () => import('./Incidents'),
  logs: () => import('./Logs'),
};
const Anomalies = lazy(() => VIEW_CHUNKS.anomalies().then((m) => ({ default: m.Anomalies })));
const Advice = lazy(() => VIEW_CHUNKS.advice().then((m) => ({ default: m.Advice })));
const Capacity = lazy(() => VIEW_CHUNKS.capacity().then((m) => ({ default: m.Capacity })));
const Compare = lazy(() => VIEW_CHUNKS.compare().then((m) => ({ default: m.Compare })));
const Explorer = lazy(() => VIEW_CHUNKS.explorer().then((m) => ({ default: m.Explorer })));
const Incidents = lazy(() => VIEW_CHUNKS.incidents().then((m) => ({ default: m.Incidents })));
const Logs = lazy(() => VIEW_CHUNKS.logs().then((m) => ({ default: m.Logs })));
void afterFirstChart().then(() => Object.values(VIEW_CHUNKS).forEach((load) => void load().catch(() => undefined)));

export interface WorkspaceProps {
  ws: WorkspaceInfo;
  zone: string;
  theme: 'dark' | 'light';
  bar: Omit<TopBarProps, 'wsName' | 'children'>;
}

/** How many series the timeline charts by itself when a workspace opens with anomalies. */
const AUTO_PICK = 4;
/** Where an empty workspace's (empty) timeline sits. */
const OPENED_AT = Date.now();

export function Workspace({ ws, zone, theme, bar }: WorkspaceProps) {
  // The address holds the view (see urlState.ts): a reload or a copied link opens it again.
  const [url] = useState(readUrlState);
  const [nav, go] = useReducer(navReducer, ws.path, (path) => navFromUrl(url, path));
  const [pendingSeries, setPendingSeries] = useState(() => (url.ws === undefined || url.ws === ws.path ? (url.series ?? null) : null));
  const [epoch, setEpoch] = useState(0);
  const [importing, setImporting] = useState<ImportRequest | null>(null);
  const queries = useQueryClient();
  const bumpEpoch = useCallback(() => {
    setEpoch((e) => e + 1);
    void queries.invalidateQueries();
  }, [queries]);
  // New data (an import landed, an analysis finished): every cached answer is asked again.
  useApiEvent('workspace/changed', () => void queries.invalidateQueries());
  const anomalies = useAnomalyIndex();
  const analysis = useAnalysis(bumpEpoch);
  useApiEvent('job/done', (d) => {
    if (/analys|detect/i.test(d.kind)) bumpEpoch();
  });

  // Chart the series with the worst open anomalies when the workspace opens, and again when an
  // analysis lands, as long as the person has not chosen what to chart.
  const touched = nav.touched;
  const [picking, setPicking] = useState(true);
  useEffect(() => {
    if (touched) return;
    api
      .invoke('series/list', { limit: 20_000 })
      .finally(() => setPicking(false))
      .then((list) => {
        const top = list
          .filter((s) => (s.anomalyScore ?? 0) > 0)
          .sort((a, b) => b.anomalyScore - a.anomalyScore)
          .slice(0, AUTO_PICK);
        if (top.length) go({ type: 'auto', series: top });
      })
      .catch(() => undefined);
  }, [touched, epoch, ws.dataVersion]);

  // The series the address names, looked up by id, in its order.
  useEffect(() => {
    if (!pendingSeries) return;
    api
      .invoke('series/list', { limit: 100_000 })
      .then((list) => {
        const byId = new Map(list.map((s) => [s.id, s]));
        go({ type: 'chosen', series: pendingSeries.map((id) => byId.get(id)).filter((s) => s !== undefined) });
      })
      .catch(() => undefined)
      .finally(() => setPendingSeries(null));
  }, [pendingSeries]);

  useEffect(() => {
    scheduleUrlState({
      ...readUrlState(),
      ws: ws.path,
      view: nav.view,
      range: nav.range ?? undefined,
      series: pendingSeries ?? nav.chosen.map((s) => s.id),
      selection: nav.selection ?? undefined,
      incident: nav.view === 'incidents' ? (nav.incident ?? undefined) : undefined,
    });
  }, [ws.path, nav.view, nav.range, nav.chosen, nav.selection, nav.incident, pendingSeries]);

  // Lands on the incidents once there are some (at open, or when the first analysis finds them), as long as
  // neither the address nor the person chose a view (a tab, an "open …", a series charted by hand).
  const incidents = useCall('incidents/list', {});
  const landing = useRef(true);
  const openedOn = useRef(nav.view);
  const incidentCount = incidents.data?.length ?? 0;
  useEffect(() => {
    if (!landing.current || incidentCount === 0) return;
    landing.current = false;
    // A tab or key pressed before the incidents arrived is the person's choice too.
    const stayed = nav.view === openedOn.current;
    if (stayed && nav.seq === 0 && !nav.touched && landsOnIncidents(url, ws.path, incidentCount)) go({ type: 'view', view: 'incidents' });
  }, [incidentCount, nav.seq, nav.touched, nav.view, url, ws.path]);

  const full = useMemo(() => {
    const last = ws.timeRange.last ?? OPENED_AT;
    const first = ws.timeRange.first ?? last - 86_400_000;
    return { from: first, to: Math.max(last + 1, first + 60_000) };
  }, [ws.timeRange.first, ws.timeRange.last]);

  const show = (view: ViewName): void => {
    landing.current = false;
    // The Incidents tab goes back to the incident page left open; pressed again, to the list.
    go(view === 'incidents' && nav.view === 'incidents' ? { type: 'incident', id: null } : { type: 'view', view });
  };
  useShortcuts({
    incidents: () => show('incidents'),
    view1: () => show('explorer'),
    view2: () => show('timeline'),
    view3: () => show('anomalies'),
    view4: () => show('logs'),
    view5: () => show('compare'),
    view6: () => show('capacity'),
    view7: () => show('advice'),
  });

  const empty = isEmptyWorkspace(ws);
  const openImport = (): void => setImporting({ files: [], paths: [] });
  const ctx: WorkspaceContextValue = { ws, zone, theme, nav, go, epoch, bumpEpoch, anomalies, analysis, full, picking: (picking && !touched) || pendingSeries !== null };
  const c = ws.counts;
  return (
    <WorkspaceContext.Provider value={ctx}>
      <TopBar {...bar} wsName={ws.name}>
        <nav className="tabs" role="tablist">
          {VIEWS.map((v) => (
            <button
              key={v.name}
              role="tab"
              aria-selected={nav.view === v.name}
              className={nav.view === v.name ? 'tab on' : 'tab'}
              onClick={() => show(v.name)}
              title={`${v.label} (${v.key})`}
              data-testid={`tab-${v.name}`}
            >
              {v.label}
              {v.name === 'anomalies' && anomalies.all.length > 0 && <span className="badge bad">{anomalies.all.length}</span>}
              {v.name === 'incidents' && incidentCount > 0 && <span className="badge bad">{incidentCount}</span>}
            </button>
          ))}
        </nav>
      </TopBar>
      <JobBar />
      <DropTarget label={`Drop files, folders or archives to import them into ${ws.name}`} onDrop={setImporting}>
        <main className="ws-main" data-view={nav.view}>
          {empty && <EmptyWorkspace name={ws.name} onImport={openImport} />}
          <Suspense fallback={<p className="muted loading-view">Loading…</p>}>
          {!empty && nav.view === 'incidents' && <Incidents />}
          {!empty && nav.view === 'explorer' && <Explorer />}
          {!empty && nav.view === 'timeline' && <TimelineView />}
          {!empty && nav.view === 'anomalies' && <Anomalies />}
          {!empty && nav.view === 'logs' && <Logs />}
          {!empty && nav.view === 'compare' && <Compare />}
          {!empty && nav.view === 'capacity' && <Capacity />}
          {!empty && nav.view === 'advice' && <Advice />}
          </Suspense>
        </main>
      </DropTarget>
      <footer className="statusbar" data-testid="ws-summary">
        <span>
          <b>{fmtCount(c.series)}</b> series · <b>{fmtCount(c.samples)}</b> samples · <b>{fmtCount(c.logs)}</b> log lines ·{' '}
          <b>{fmtCount(c.events)}</b> events
        </span>
        <span className="muted">{ws.timeRange.first !== null ? fmtRange(full.from, full.to, zone) : 'no data yet'}</span>
        {!empty && <AnalysisStatusLine />}
        <span className="spacer" />
        <button className={empty ? 'primary small' : 'ghost small'} onClick={openImport} data-testid="import-open">
          Import…
        </button>
      </footer>
      {importing && <ImportDialog workspace={ws} request={importing} onClose={() => setImporting(null)} />}
    </WorkspaceContext.Provider>
  );
}

/** True when nothing has been imported yet: no series, no log lines, no events. */
export function isEmptyWorkspace(ws: Pick<WorkspaceInfo, 'counts'>): boolean {
  return ws.counts.series === 0 && ws.counts.logs === 0 && ws.counts.events === 0;
}

/** What an empty workspace shows in place of its views: importing is the one thing to do. */
function EmptyWorkspace({ name, onImport }: { name: string; onImport(): void }) {
  return (
    <div className="empty empty-ws" data-testid="empty-workspace">
      <h2>{name} has no data yet</h2>
      <p>
        Import exported metrics, logs, alerts, deploys or config changes: files, folders, <code>.zip</code> or <code>.tar.gz</code> archives. Or
        drop them anywhere on this window.
      </p>
      <button className="primary big" onClick={onImport} data-testid="import-cta" autoFocus>
        Import data…
      </button>
      <p className="muted">Once the data is in, Hindsight learns what is normal and flags what was not.</p>
    </div>
  );
}
