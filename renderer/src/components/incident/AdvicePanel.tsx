/**
 * The incident page's advice: its recommendations (stage, confidence, risk, expected effect, commands as
 * text, accept / reject), the runbooks that fit it with why, and "Export plan" (Markdown). Nothing is
 * ever executed.
 */
import { useState } from 'react';
import { useCall } from '../../queries';
import { exportPlan, NEVER_RUN, RecommendationItem, useDecide } from '../advice/Recommendations';
import { ErrorNote } from '../ErrorNote';
import '../advice/Recommendations.css';

export function AdvicePanel({ incident }: { incident: string }) {
  const list = useCall('advice/list', { incident });
  const runbooks = useCall('advice/runbooks', { incident });
  const { decided, error, decide } = useDecide();
  const [planError, setPlanError] = useState<string | null>(null);
  const recs = (list.data?.groups ?? []).flatMap((g) => g.recommendations).sort((a, b) => b.rank - a.rank);
  const fitting = (runbooks.data?.runbooks ?? []).filter((r) => r.score !== null);
  return (
    <section className="panel-section" data-testid="advice-panel">
      <div className="rec-head">
        <h3>What to do</h3>
        <span className="spacer" />
        <button className="small" onClick={() => void exportPlan(incident).then(setPlanError)} title={NEVER_RUN} data-testid="export-plan">
          Export plan
        </button>
      </div>
      <ErrorNote error={list.error ?? runbooks.error ?? error ?? planError} />
      {list.data && !recs.length && <div className="muted">No recommendation for this incident.</div>}
      <ul className="rec-list">
        {recs.map((r) => (
          <RecommendationItem key={r.id} rec={r} decided={decided[r.id]} onDecide={decide} showIncident={false} compact />
        ))}
      </ul>
      {fitting.length > 0 && (
        <>
          <h3 className="sub">Matching runbooks</h3>
          <ol className="runbook-matches" data-testid="matching-runbooks">
            {fitting.map((r) => (
              <li key={r.id} data-testid="matching-runbook">
                <b>{r.title}</b> <span className="muted small-text">({r.action}, risk {r.risk}, score {r.score})</span>
                <div className="muted small-text">{r.reasons.join(' · ')}</div>
              </li>
            ))}
          </ol>
        </>
      )}
      <div className="muted small-text">{NEVER_RUN}</div>
    </section>
  );
}
