/**
 * The workspace's incidents: anomalies, alerts, change points and log-pattern events grouped into one
 * story each, most severe and most recent first. A click (or Enter) opens the incident's page; the
 * alerts recognised as chronic noise are listed below, kept out of incidents but in sight.
 */
import { useCallback, useRef, useState } from 'react';
import type { IncidentRow } from '../../../core/api/contract';
import { ErrorNote } from '../components/ErrorNote';
import { useWorkspace } from '../context';
import { useListCursor } from '../hooks/useListCursor';
import { fmtShare, kindText } from '../incidents';
import { useCall } from '../queries';
import { fmtDuration, fmtTime } from '../time';
import { Incident } from './Incident';
import { Postmortem } from './Postmortem';
import '../components/incident/incident.css';

/** Services shown in a row before "+N". */
const SHOWN_SERVICES = 4;

export function Incidents() {
  const { nav } = useWorkspace();
  if (nav.incident && nav.postmortem === nav.incident) return <Postmortem key={nav.incident} incident={nav.incident} />;
  return nav.incident ? <Incident key={nav.incident} id={nav.incident} /> : <IncidentList />;
}

function IncidentList() {
  const { go, zone, analysis } = useWorkspace();
  const q = useCall('incidents/list', {});
  const rows = q.data ?? [];
  const body = useRef<HTMLTableSectionElement>(null);
  const open = useCallback((row: IncidentRow) => go({ type: 'incident', id: row.id }), [go]);
  const scrollTo = useCallback((i: number) => body.current?.children[i]?.scrollIntoView({ block: 'nearest' }), []);
  const { cursor, setCursor } = useListCursor(rows.length, { onOpen: (i) => open(rows[i]), scrollTo });
  const notAnalysed = analysis.status?.analysedVersion === null;

  return (
    <div className="view incidents">
      <div className="view-head">
        <div>
          <h2>Incidents</h2>
          <p className="muted">
            Anomalies, alerts, changes and log bursts grouped into incidents, most severe first. Enter opens one.
          </p>
        </div>
      </div>
      <ErrorNote error={q.error} what="Incidents" />
      <div className="table-scroll">
        {rows.length > 0 && (
          <table className="grid incidents-table" data-testid="incidents">
            <thead>
              <tr>
                <th>Severity</th>
                <th>Start ({zone === 'UTC' ? 'UTC' : 'local'})</th>
                <th className="num">Duration</th>
                <th>Services (onset order)</th>
                <th>Likely cause</th>
                <th>Kind</th>
                <th className="num">Alerts</th>
              </tr>
            </thead>
            <tbody ref={body}>
              {rows.map((r, i) => (
                <tr
                  key={r.id}
                  className={i === cursor ? 'cursor' : ''}
                  onClick={() => {
                    setCursor(i);
                    open(r);
                  }}
                  data-testid="incident-row"
                >
                  <td>
                    <span className={`sev sev-${r.severity}`}>{r.severity}</span>
                  </td>
                  <td className="mono">{fmtTime(r.start, zone, { bare: true })}</td>
                  <td className="num">{fmtDuration(r.end - r.start)}</td>
                  <td className="services-cell" title={r.services.join(' → ')}>
                    {r.services.slice(0, SHOWN_SERVICES).map((s) => (
                      <span key={s} className="svc">
                        {s}
                      </span>
                    ))}
                    {r.services.length > SHOWN_SERVICES && <span className="muted">+{r.services.length - SHOWN_SERVICES}</span>}
                    {r.blastRadius > 0 && <span className="muted small-text"> blast {fmtShare(r.blastRadius)}</span>}
                  </td>
                  <td className="cause-cell" title={r.headline}>
                    {r.likelyCause ? <b>{r.likelyCause}</b> : <span className="muted">not ranked</span>}
                    {r.likelyChange && <span className="muted"> · {r.likelyChange}</span>}
                  </td>
                  <td>{kindText(r.kind, r.kindProbability)}</td>
                  <td className="num">{r.alerts || '–'}</td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
        {q.current && !rows.length && (
          <div className="empty" data-testid="incidents-empty">
            {notAnalysed ? (
              <>
                No incidents yet: the data has not been analysed.{' '}
                <button className="primary small" onClick={analysis.run} disabled={analysis.running}>
                  Run analysis
                </button>
              </>
            ) : (
              <>
                No incidents: nothing abnormal was grouped into an incident.
                <br />
                <button className="link" onClick={() => go({ type: 'view', view: 'anomalies' })}>
                  See single anomalies
                </button>{' '}
                or{' '}
                <button className="link" onClick={() => go({ type: 'view', view: 'timeline' })}>
                  the timeline
                </button>
                .
              </>
            )}
          </div>
        )}
        {q.loading && !q.data && <div className="muted pad">Loading…</div>}
        <NoiseAlerts />
      </div>
    </div>
  );
}

const NOISE_REASONS: Record<string, string> = {
  'always-firing': 'always firing',
  flapping: 'flapping',
  certificate: 'certificate expiry',
  'scrape-gap': 'target down during a scrape gap',
  nightly: 'nightly job',
  'low-severity': 'low severity',
};

/** The alerts recognised as chronic noise, folded away under one line until asked for. */
function NoiseAlerts() {
  const [open, setOpen] = useState(false);
  const q = useCall('incidents/noise', {});
  const noise = q.data ?? [];
  if (!noise.length) return <ErrorNote error={q.error} what="Noise alerts" />;
  return (
    <section className="noise" data-testid="noise-alerts">
      <button className="link" onClick={() => setOpen((o) => !o)} aria-expanded={open}>
        {open ? '▾' : '▸'} {noise.length} alert{noise.length === 1 ? '' : 's'} recognised as chronic noise, kept out of incidents
      </button>
      {open && (
        <table className="grid">
          <thead>
            <tr>
              <th>Alert</th>
              <th>Service</th>
              <th>Why it is noise</th>
              <th className="num">Firings</th>
            </tr>
          </thead>
          <tbody>
            {noise.map((n) => (
              <tr key={n.fingerprint} className="static">
                <td className="mono">{n.name}</td>
                <td>{n.service && <span className="svc">{n.service}</span>}</td>
                <td>{NOISE_REASONS[n.reason] ?? n.reason}</td>
                <td className="num">{n.count}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </section>
  );
}
