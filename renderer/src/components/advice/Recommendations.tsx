/**
 * The Advice view's recommendations: what to do about the workspace's incidents, grouped by the stage
 * the policy gives them (eligible for automation, canary / A-B first, ticket for a person, noted), each
 * with its evidence, expected effect, confidence and risk, the commands of its runbook as text, and
 * accept / reject (which later rankings use). A plan per incident exports as Markdown. The policy is
 * edited here. Nothing is ever executed. `RecommendationItem` and `exportPlan` also serve the incident page.
 */
import { useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import type { AdviceCommand, AdvicePolicy, Recommendation, Risk, Stage } from '../../../../core/api/contract';
import { STAGE_LABELS } from '../../../../core/api/contract';
import { api } from '../../api';
import { useWorkspace } from '../../context';
import { download } from '../../download';
import { useCall } from '../../queries';
import { ErrorNote } from '../ErrorNote';
import './Recommendations.css';

export const NEVER_RUN = 'Hindsight never runs these commands: they are text to review, and an "eligible" step is only exported.';

/** Downloads an incident's remediation plan (Markdown); resolves with an error text or null. */
export async function exportPlan(incident: string): Promise<string | null> {
  try {
    const plan = await api.invoke('advice/plan', { incident });
    download(plan.filename, plan.markdown, 'text/markdown');
    return null;
  } catch (e) {
    return `Could not export the plan: ${e instanceof Error ? e.message : String(e)}`;
  }
}

/** Accept / reject with the caches that depend on it asked again; the decision shown at once. */
export function useDecide(): { decided: Record<string, 'accepted' | 'rejected'>; error: string | null; decide: (r: Recommendation, decision: 'accepted' | 'rejected') => void } {
  const queries = useQueryClient();
  const [decided, setDecided] = useState<Record<string, 'accepted' | 'rejected'>>({});
  const [error, setError] = useState<string | null>(null);
  const decide = (r: Recommendation, decision: 'accepted' | 'rejected'): void => {
    if (!r.incident) return;
    setError(null);
    api
      .invoke('advice/decide', { incident: r.incident, recommendation: r.id, decision })
      .then(() => {
        setDecided((d) => ({ ...d, [r.id]: decision }));
        void queries.invalidateQueries({ queryKey: ['advice/list'] });
        void queries.invalidateQueries({ queryKey: ['advice/trackRecord'] });
      })
      .catch((e: Error) => setError(`Could not record the decision: ${e.message}`));
  };
  return { decided, error, decide };
}

/** Commands as text (never run), each with what to expect and how to verify it; a title where a runbook step has one. */
export function CommandList({ commands }: { commands: (AdviceCommand & { title?: string })[] }) {
  return (
    <ol className="commands small-text">
      {commands.map((c, i) => (
        <li key={i}>
          {c.title && <b>{c.title}</b>}
          <code>{c.text}</code>
          {c.expect && <div className="muted">expect: {c.expect}</div>}
          {c.verify && (
            <div className="verify">
              verify: <code>{c.verify}</code>
            </div>
          )}
        </li>
      ))}
    </ol>
  );
}

export function StageBadge({ stage }: { stage: Stage }) {
  return <span className={`badge stage-${stage}`}>{STAGE_LABELS[stage]}</span>;
}

/** One recommendation: title, stage, numbers, evidence, effect, commands (folded), decision buttons. */
export function RecommendationItem({
  rec,
  decided,
  onDecide,
  showIncident = true,
  compact = false,
}: {
  rec: Recommendation;
  decided?: 'accepted' | 'rejected';
  onDecide: (r: Recommendation, d: 'accepted' | 'rejected') => void;
  showIncident?: boolean;
  compact?: boolean;
}) {
  const { go } = useWorkspace();
  return (
    <li className={`rec${decided ? ` decided-${decided}` : ''}`} data-testid="recommendation" data-action={rec.action} data-stage={rec.stage}>
      <div className="rec-head">
        <b className="rec-title">{rec.title}</b>
        <StageBadge stage={rec.stage} />
        <span className="badge" title="how sure the advice is that this step addresses the cause">
          {Math.round(rec.confidence * 100)} %
        </span>
        <span className={`badge risk-${rec.risk}`} title={rec.riskReason}>
          risk {rec.risk}
        </span>
        {showIncident && rec.incident && (
          <button className="ghost small" onClick={() => go({ type: 'incident', id: rec.incident })} title="Open the incident">
            {rec.incident}
          </button>
        )}
        <span className="spacer" />
        <button className={`small${decided === 'accepted' ? ' on-verdict' : ''}`} onClick={() => onDecide(rec, 'accepted')} disabled={!rec.incident} data-testid="accept">
          Accept
        </button>
        <button className={`small${decided === 'rejected' ? ' on-verdict' : ''}`} onClick={() => onDecide(rec, 'rejected')} disabled={!rec.incident} data-testid="reject">
          Reject
        </button>
      </div>
      <div className="rec-body">
        <div>
          <span className="muted">Expect:</span> {rec.expectedEffect.text}
        </div>
        {rec.alreadyDone && <div className="hint small-text">Already done: {rec.alreadyDone.text}. Check that it holds.</div>}
        {rec.learned.length > 0 && <div className="muted small-text">Learned: {rec.learned.join(' · ')}</div>}
        {!compact && (
          <ul className="small-text">
            {rec.evidence.map((e, i) => (
              <li key={i}>{e.text}</li>
            ))}
          </ul>
        )}
        <details>
          <summary className="small-text">
            {rec.commands.length ? `${rec.commands.length} command(s) from runbook ${rec.runbook}` : 'No runbook of this action'} · risk: {rec.riskReason}
          </summary>
          <CommandList commands={rec.commands} />
        </details>
      </div>
    </li>
  );
}

const RISKS: Risk[] = ['low', 'medium', 'high'];
const STAGE_CHOICES: Stage[] = ['eligible', 'canary', 'ticket', 'noted'];

/** The staging policy as one editable row: the confidence threshold and the stage per risk. */
function PolicyEditor({ policy }: { policy: AdvicePolicy }) {
  const queries = useQueryClient();
  const [draft, setDraft] = useState<AdvicePolicy | null>(null);
  const [error, setError] = useState<string | null>(null);
  const shown = draft ?? policy;
  const save = (): void => {
    if (!draft) return;
    api
      .invoke('advice/setPolicy', { policy: draft })
      .then(() => {
        setDraft(null);
        void queries.invalidateQueries({ queryKey: ['advice/list'] });
      })
      .catch((e: Error) => setError(`Could not save the policy: ${e.message}`));
  };
  return (
    <div className="policy-row small-text" data-testid="advice-policy">
      <span className="muted">Policy:</span>
      <label>
        confidence below{' '}
        <input
          type="number"
          min={0}
          max={1}
          step={0.05}
          value={shown.minConfidence}
          onChange={(e) => setDraft({ ...shown, minConfidence: Math.min(1, Math.max(0, Number(e.target.value))) })}
        />{' '}
        → noted;
      </label>
      {RISKS.map((risk) => (
        <label key={risk}>
          {risk} risk →{' '}
          <select value={shown.byRisk[risk]} onChange={(e) => setDraft({ ...shown, byRisk: { ...shown.byRisk, [risk]: e.target.value as Stage } })}>
            {STAGE_CHOICES.map((s) => (
              <option key={s} value={s}>
                {STAGE_LABELS[s]}
              </option>
            ))}
          </select>
        </label>
      ))}
      <button className="small" onClick={save} disabled={!draft}>
        Save policy
      </button>
      <ErrorNote error={error} />
    </div>
  );
}

export function Recommendations() {
  const list = useCall('advice/list', {});
  const { decided, error, decide } = useDecide();
  const [planError, setPlanError] = useState<string | null>(null);
  const data = list.data;
  const incidents = [...new Set((data?.groups ?? []).flatMap((g) => g.recommendations.flatMap((r) => (r.incident ? [r.incident] : []))))];
  return (
    <div className="advice-scroll" data-testid="recommendations-section">
      <ErrorNote error={list.error ?? error ?? planError} />
      <div className="hint advice-notice">{NEVER_RUN}</div>
      {data && <PolicyEditor policy={data.policy} />}
      {data?.problems.map((p) => (
        <div key={p} className="muted small-text">
          Runbook skipped: {p}
        </div>
      ))}
      {list.loading && !data && <div className="muted pad">Loading…</div>}
      {data && !data.groups.length && <div className="muted pad">No recommendations: {data.incidents ? 'no incident calls for one' : 'run the analysis to find incidents first'}.</div>}
      {data?.groups.map((g) => (
        <section key={g.stage} className="panel-section stage-group" data-testid={`stage-${g.stage}`}>
          <h3>
            {g.label} <span className="muted">({g.recommendations.length})</span>
          </h3>
          <ul className="rec-list">
            {g.recommendations.map((r) => (
              <RecommendationItem key={r.id} rec={r} decided={decided[r.id]} onDecide={decide} />
            ))}
          </ul>
        </section>
      ))}
      {incidents.length > 0 && (
        <div className="policy-row small-text">
          <span className="muted">Export a remediation plan (Markdown):</span>
          {incidents.map((id) => (
            <button key={id} className="small" onClick={() => void exportPlan(id).then(setPlanError)} data-testid="export-plan">
              {id}
            </button>
          ))}
        </div>
      )}
    </div>
  );
}
