/**
 * One incident's page: what happened in plain words, the most likely causes (with their metrics as
 * sparklines and the reasons), the changes that may explain it with their before/after, the evidence
 * in time order, the alerts and log patterns it absorbed, a map of the affected services coloured by
 * onset order, earlier incidents like it, and one click to the timeline on the incident's range.
 */
import { useQueryClient } from '@tanstack/react-query';
import { useMemo, useState } from 'react';
import type { CauseVerdict, Evidence } from '../../../core/api/contract';
import { api } from '../api';
import { AlertList, PatternList } from '../components/incident/Absorbed';
import { AdvicePanel } from '../components/incident/AdvicePanel';
import { CauseList, SPARKS_PER_CAUSE } from '../components/incident/CauseList';
import { ChangeList, MitigationList } from '../components/incident/ChangeList';
import { EvidenceList } from '../components/incident/EvidenceList';
import { ServiceMap } from '../components/incident/ServiceMap';
import { SimilarList } from '../components/incident/SimilarList';
import { ShareDialog } from '../components/annotations/ShareDialog';
import { ErrorNote } from '../components/ErrorNote';
import { useWorkspace } from '../context';
import { useSparklines } from '../hooks/useSparklines';
import { causeSeriesIds, fmtShare, incidentWindow, kindText } from '../incidents';
import { useShortcuts } from '../hooks/useShortcuts';
import { useCall } from '../queries';
import { fmtDuration, fmtRange } from '../time';

/** Sparkline buckets across the incident's window. */
const SPARK_WIDTH = 80;
/** Causes whose metrics the timeline charts. */
const TIMELINE_CAUSES = 3;

export function Incident({ id }: { id: string }) {
  const { go, zone, ws, analysis } = useWorkspace();
  const q = useCall('incidents/get', { id });
  const similar = useCall('incidents/similar', { id });
  const queries = useQueryClient();
  const [saved, setSaved] = useState<Record<string, CauseVerdict>>({});
  const [pending, setPending] = useState<string | null>(null);
  const [verdictError, setVerdictError] = useState<string | null>(null);
  const [sharing, setSharing] = useState(false);

  const detail = q.data?.incident.id === id ? q.data : undefined;
  const incident = detail?.incident;
  const window = useMemo(() => (incident ? incidentWindow(incident) : null), [incident]);
  const sparkIds = useMemo(() => causeSeriesIds(incident?.rootCauses ?? [], SPARKS_PER_CAUSE, Infinity), [incident]);
  const sparks = useSparklines(sparkIds, { from: window?.from ?? null, to: window?.to ?? null, width: SPARK_WIDTH, dataVersion: ws.dataVersion });
  const seriesById = useMemo(() => new Map((detail?.series ?? []).map((s) => [s.id, s])), [detail]);

  const back = (): void => go({ type: 'incident', id: null });
  useShortcuts({ escape: back });
  if (!detail || !incident || !window) {
    return (
      <div className="view incident">
        <div className="view-head">
          <button className="ghost small" onClick={back}>
            ← All incidents
          </button>
        </div>
        <ErrorNote error={q.error} what="Incident" onRetry={back} />
        {q.loading && <div className="muted pad">Loading…</div>}
      </div>
    );
  }

  const verdicts: Record<string, CauseVerdict> = { ...detail.verdicts, ...saved };
  const recordVerdict = (service: string, verdict: CauseVerdict): void => {
    setPending(service);
    setVerdictError(null);
    api
      .invoke('incidents/feedback', { incident: incident.id, service, verdict })
      .then(() => {
        setSaved((s) => ({ ...s, [service]: verdict }));
        void queries.invalidateQueries({ queryKey: ['incidents/get'] });
      })
      .catch((e: Error) => setVerdictError(`Could not record the verdict: ${e.message}`))
      .finally(() => setPending(null));
  };
  // The timeline charts the top metrics of the three most likely causes.
  const charted = causeSeriesIds(incident.rootCauses, SPARKS_PER_CAUSE, TIMELINE_CAUSES).flatMap((sid) => seriesById.get(sid) ?? []);
  const openTimeline = (): void => go({ type: 'timeline', series: charted, range: window, selection: { from: incident.onset, to: incident.end } });
  const openEvidence = (e: Evidence): void => {
    if (e.kind === 'pattern') {
      go({ type: 'logs', focus: { range: window, at: e.ts } });
      return;
    }
    const around = Math.max(15 * 60_000, (window.to - window.from) / 4);
    go({ type: 'timeline', series: charted, range: { from: e.ts - around, to: e.ts + around }, selection: { from: incident.onset, to: incident.end } });
  };

  return (
    <div className="view incident" data-testid="incident-page">
      <div className="view-head incident-head">
        <button className="ghost small" onClick={back} title="Back to the list of incidents (Esc)">
          ← All incidents
        </button>
        <span className={`sev sev-${incident.severity}`}>{incident.severity}</span>
        <h2 className="mono">{fmtRange(incident.start, incident.end, zone)}</h2>
        <span className="muted">{fmtDuration(incident.end - incident.start)}</span>
        <span className="badge">{kindText(incident.kind, incident.kindProbability)}</span>
        {incident.blastRadius > 0 && <span className="muted">blast radius {fmtShare(incident.blastRadius)}</span>}
        <span className="spacer" />
        {incident.rootCauses[0] && (
          <button
            onClick={() => go({ type: 'capacity', service: incident.rootCauses[0].service, asOf: firstAlarm(incident) })}
            data-testid="open-capacity"
            title="The root service's resources and their runway as they stood when the first alert fired (or at the onset)"
          >
            Runway of {incident.rootCauses[0].service}
          </button>
        )}
        <button onClick={() => setSharing(true)} data-testid="share-incident" title="Write this incident's range as a smaller workspace to share, optionally redacted">
          Share…
        </button>
        <button onClick={() => go({ type: 'postmortem', incident: incident.id })} data-testid="write-postmortem" title="Draft a postmortem from this incident's evidence">
          Write postmortem
        </button>
        <button className="primary" onClick={openTimeline} data-testid="open-timeline" title="Open the timeline on the incident's range with the causes' metrics">
          Open on the timeline
        </button>
      </div>
      {sharing && <ShareDialog target={{ incident: incident.id, range: { from: incident.start, to: incident.end } }} zone={zone} onClose={() => setSharing(false)} />}
      <div className="incident-scroll">
        <p className="incident-summary" data-testid="incident-summary">
          {incident.summary}
        </p>
        <ErrorNote error={verdictError} />
        {Object.keys(saved).length > 0 && (
          <div className="hint" data-testid="verdict-saved">
            Your verdict is saved: the next analysis ranks the causes with it.{' '}
            <button className="small" onClick={analysis.run} disabled={analysis.running}>
              Re-run analysis
            </button>
          </div>
        )}
        <div className="incident-grid">
          <div className="incident-col">
            <section className="panel-section">
              <h3>Most likely causes</h3>
              <CauseList
                causes={incident.rootCauses}
                series={seriesById}
                sparks={sparks}
                window={window}
                incident={incident}
                verdicts={verdicts}
                onVerdict={recordVerdict}
                pending={pending}
              />
            </section>
            <section className="panel-section">
              <h3>Changes that may explain it</h3>
              <ChangeList changes={detail.changes} onset={incident.onset} zone={zone} />
              {incident.mitigations.length > 0 && (
                <>
                  <h3 className="sub">Mitigated by</h3>
                  <MitigationList changes={incident.mitigations} onset={incident.onset} zone={zone} />
                </>
              )}
            </section>
            <section className="panel-section">
              <h3>Evidence in time order</h3>
              <EvidenceList evidence={detail.evidence} zone={zone} onset={incident.onset} onOpen={openEvidence} />
            </section>
          </div>
          <div className="incident-col side">
            <AdvicePanel incident={incident.id} />
            <section className="panel-section">
              <h3>Affected services, by onset</h3>
              <ServiceMap nodes={detail.map.nodes} edges={detail.map.edges} zone={zone} />
            </section>
            <section className="panel-section">
              <h3>Alerts ({incident.alerts.reduce((n, a) => n + a.count, 0)})</h3>
              <AlertList alerts={incident.alerts} zone={zone} onset={incident.onset} />
            </section>
            <section className="panel-section">
              <h3>Top log patterns</h3>
              <PatternList patterns={incident.logPatterns} onOpen={(templateId) => go({ type: 'logs', focus: { templateId, range: window } })} />
            </section>
            <section className="panel-section">
              <h3>Like this one</h3>
              <ErrorNote error={similar.error} />
              <SimilarList similar={similar.data ?? []} zone={zone} onOpen={(other) => go({ type: 'incident', id: other })} />
            </section>
          </div>
        </div>
      </div>
    </div>
  );
}

/** When the incident first alarmed someone: its first absorbed alert, else its onset. */
function firstAlarm(incident: { onset: number; alerts: { startsAt: number }[] }): number {
  return incident.alerts.length ? Math.min(...incident.alerts.map((a) => a.startsAt)) : incident.onset;
}
