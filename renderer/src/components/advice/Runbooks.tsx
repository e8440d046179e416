/**
 * The Advice view's runbooks: every runbook in effect (built-in, and the person's from their data folder,
 * which add or replace by id), with its action, risk, match rules and steps (commands as text).
 */
import type { RunbookInfo } from '../../../../core/api/contract';
import { useCall } from '../../queries';
import { ErrorNote } from '../ErrorNote';
import { CommandList } from './Recommendations';
import './Recommendations.css';

/** A runbook's match rules as short badges. */
export function RunbookRules({ runbook }: { runbook: Pick<RunbookInfo, 'match'> }) {
  const { kinds, services, metrics, logs } = runbook.match;
  const rules = [...kinds.map((k) => `kind ${k}`), ...services.map((s) => `service ${s}`), ...metrics.map((m) => `metric ${m}`), ...logs.map((l) => `log ${l}`)];
  return (
    <span className="runbook-rules">
      {rules.map((r) => (
        <span key={r} className="badge fam mono small-text">
          {r}
        </span>
      ))}
    </span>
  );
}

export function Runbooks() {
  const list = useCall('advice/runbooks', {});
  const data = list.data;
  return (
    <div className="advice-scroll" data-testid="runbooks-section">
      <ErrorNote error={list.error} />
      {data && (
        <div className="hint small-text">
          Your own runbooks go in <span className="mono">{data.userDir}</span> (Markdown with front-matter, as the built-in ones); one with a built-in's id replaces it.
        </div>
      )}
      {data?.problems.map((p) => (
        <div key={p} className="muted small-text">
          Runbook skipped: {p}
        </div>
      ))}
      {data?.runbooks.map((r) => (
        <section key={r.id} className="panel-section" data-testid="runbook">
          <div className="rec-head">
            <b className="rec-title">{r.title}</b>
            <span className="badge">{r.action}</span>
            <span className={`badge risk-${r.risk}`}>risk {r.risk}</span>
            <span className="muted small-text">
              {r.origin} · <span className="mono">{r.id}</span>
            </span>
          </div>
          <RunbookRules runbook={r} />
          <details>
            <summary className="small-text">{r.steps.length} step(s)</summary>
            <CommandList commands={r.steps.map((step) => ({ title: step.title, text: step.command, expect: step.expect, verify: step.verify }))} />
          </details>
        </section>
      ))}
    </div>
  );
}
