/**
 * The ranked root causes of an incident: each service with its score, its top metrics as sparklines
 * over the incident's window (the incident shaded), the reasons best first, and the buttons that
 * record a person's verdict ("this is the cause" / "not the cause"), which later runs use.
 */
import { useState } from 'react';
import type { CauseVerdict, RankedCause, SeriesBuckets, SeriesInfo } from '../../../../core/api/contract';
import { shortMetric } from '../../incidents';
import { Sparkline } from '../Sparkline';

/** Metrics per cause drawn as sparklines. */
export const SPARKS_PER_CAUSE = 2;
/** The two verdicts a person gives on a cause, as buttons. */
const VERDICTS: { verdict: CauseVerdict; label: string; title: string }[] = [
  { verdict: 'cause', label: 'This is the cause', title: 'Record that this service is the cause; the next analysis ranks it first' },
  { verdict: 'not-cause', label: 'Not the cause', title: 'Record that this service is not the cause; the next analysis ranks it last' },
];

/** Causes shown before "Show more". */
const FIRST_CAUSES = 5;
/** Reasons shown per cause before "more". */
const SHOWN_REASONS = 4;

export interface CauseListProps {
  causes: RankedCause[];
  series: Map<number, SeriesInfo>;
  sparks: Map<number, SeriesBuckets>;
  window: { from: number; to: number };
  incident: { onset: number; end: number };
  verdicts: Record<string, CauseVerdict>;
  /** Records a verdict (a later one overrides); `pending` names the service being saved. */
  onVerdict(service: string, verdict: CauseVerdict): void;
  pending: string | null;
}

/** Patterns with the same text (mined apart, e.g. per service) shown once. */
function uniqueTemplates<T extends { template: string }>(patterns: readonly T[]): T[] {
  const seen = new Set<string>();
  return patterns.filter((t) => {
    if (seen.has(t.template)) return false;
    seen.add(t.template);
    return true;
  });
}

export function CauseList(p: CauseListProps) {
  const [all, setAll] = useState(false);
  if (!p.causes.length) return <div className="muted">No service was ranked as a cause.</div>;
  const best = Math.max(...p.causes.map((c) => c.score), 1e-9);
  const shown = all ? p.causes : p.causes.slice(0, FIRST_CAUSES);
  return (
    <>
      <ol className="cause-list" data-testid="causes">
        {shown.map((c, i) => {
          const verdict = p.verdicts[c.service];
          return (
            <li key={c.service} className={`cause${verdict ? ` verdict-${verdict}` : ''}`} data-testid="cause">
              <div className="cause-head">
                <span className="cause-rank">{i + 1}</span>
                <b className="cause-service">{c.service}</b>
                <span className="rank-bar" title={`score ${c.score.toFixed(3)}`}>
                  <span style={{ width: `${Math.max(2, Math.min(100, (c.score / best) * 100))}%` }} />
                </span>
                <span className="spacer" />
                {verdict && <span className={`badge ${verdict === 'cause' ? 'new' : ''}`}>you said: {verdict === 'cause' ? 'the cause' : 'not the cause'}</span>}
                {VERDICTS.map((v) => (
                  <button
                    key={v.verdict}
                    className={verdict === v.verdict ? 'small on-verdict' : 'ghost small'}
                    disabled={p.pending === c.service || verdict === v.verdict}
                    onClick={() => p.onVerdict(c.service, v.verdict)}
                    title={v.title}
                    data-testid={`verdict-${v.verdict}`}
                  >
                    {v.label}
                  </button>
                ))}
              </div>
              <div className="cause-body">
                <div className="cause-sparks">
                  {c.metrics.slice(0, SPARKS_PER_CAUSE).map((m) => {
                    const b = p.sparks.get(m.seriesId);
                    const info = p.series.get(m.seriesId);
                    return (
                      <div key={m.seriesId} className="cause-spark" title={info ? `${info.name}${info.unit ? ` (${info.unit})` : ''}` : m.metric}>
                        <span className="mono small-text">{shortMetric(m.metric, 25)}</span>
                        {b ? (
                          <Sparkline
                            t={b.t}
                            min={b.min}
                            max={b.max}
                            avg={b.avg}
                            from={p.window.from}
                            to={p.window.to}
                            width={160}
                            height={28}
                            marks={[{ start: p.incident.onset, end: p.incident.end }]}
                          />
                        ) : (
                          <span className="spark-placeholder" style={{ width: 160 }} />
                        )}
                      </div>
                    );
                  })}
                </div>
                <ul className="reasons">
                  {c.evidence.slice(0, SHOWN_REASONS).map((e, j) => (
                    <li key={j}>{e.text}</li>
                  ))}
                  {c.evidence.length > SHOWN_REASONS && <li className="muted">and {c.evidence.length - SHOWN_REASONS} more in the evidence below</li>}
                  {uniqueTemplates(c.patterns).slice(0, 2).map((t) => (
                    <li key={t.templateId} className="mono small-text pattern-reason" title={t.template}>
                      log: {t.template}
                    </li>
                  ))}
                </ul>
              </div>
            </li>
          );
        })}
      </ol>
      {p.causes.length > shown.length && (
        <button className="link" onClick={() => setAll(true)}>
          Show {p.causes.length - shown.length} more services ranked lower
        </button>
      )}
    </>
  );
}
