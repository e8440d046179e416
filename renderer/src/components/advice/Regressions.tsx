/**
 * The Advice view's release regressions: every production deploy in time order with its verdict (regressed,
 * improved, no change, not enough data), its confidence and sentence, and for the metrics that decided it a small
 * chart of the day around the deploy (the deploy marked) with before → after, the Holm-adjusted p-value and
 * Cliff's delta; each release opens the timeline at its deploy with those series charted.
 */
import { useMemo, useState } from 'react';
import type { MetricShift, RegressionVerdict, ReleaseRegression, SeriesInfo } from '../../../../core/api/contract';
import { inferUnit } from '../../../../core/api/units';
import { useWorkspace } from '../../context';
import { fmtChange, fmtValue } from '../../format';
import { useCall } from '../../queries';
import { fmtTime } from '../../time';
import { ErrorNote } from '../ErrorNote';
import { Sparkline } from '../Sparkline';
import './Regressions.css';

const HOUR = 3_600_000;
/** The chart of a metric spans this long on each side of its deploy. */
const AROUND = 12 * HOUR;

const VERDICT_TEXT: Record<RegressionVerdict, string> = { regressed: 'regressed', improved: 'improved', 'no-change': 'no change', 'not-enough-data': 'not enough data' };
const VERDICT_CLASS: Record<RegressionVerdict, string> = { regressed: 'bad', improved: 'new', 'no-change': '', 'not-enough-data': 'rare' };
/** Which releases are listed: all, those judged (not 'not enough data'), or one verdict. */
type Filter = 'all' | 'judged' | RegressionVerdict;

/** The unit a shift's values are written in: a derived error ratio is a ratio, else its series' own or the one its name implies. */
function unitOf(shift: MetricShift, info: SeriesInfo | undefined): string | null {
  return shift.series.includes(' / ') ? 'ratio' : info ? inferUnit(info.name, info.unit) : null;
}

/** A p-value for a person: `< 1e-12` when it underflows, else two significant digits. */
function pText(p: number): string {
  return p < 1e-12 ? '< 1e-12' : p < 1e-3 ? p.toExponential(0) : p.toPrecision(2);
}

/**
 * The shifts a release row shows: those that decided its verdict (up to 3), else its largest shift of a metric that
 * could decide it (traffic, the one metric whose bad direction is down, never does).
 */
function shown(r: ReleaseRegression): MetricShift[] {
  if (r.verdict === 'regressed' || r.verdict === 'improved') return r.worst.filter((m) => m.verdict === r.verdict).slice(0, 3);
  const largest = r.worst.find((m) => m.badDirection !== 'down' && m.verdict !== 'not-enough-data');
  return r.verdict === 'no-change' && largest ? [largest] : [];
}

export function Regressions() {
  const q = useCall('regressions/list', {});
  const list = useCall('series/list', { limit: 100_000 });
  const [filter, setFilter] = useState<Filter>('judged');
  const info = useMemo(() => new Map((list.data ?? []).map((s) => [s.id, s])), [list.data]);
  const overview = q.data;
  const releases = (overview?.releases ?? []).filter((r) => filter === 'all' || (filter === 'judged' ? r.verdict !== 'not-enough-data' : r.verdict === filter));
  return (
    <div className="regressions" data-testid="regressions">
      <ErrorNote error={q.error} what="release regressions" />
      {!overview && !q.error && <p className="muted">Comparing every deploy with the time before it… (this runs in the background)</p>}
      {overview && (
        <>
          <div className="row regressions-head">
            <span className="muted">
              {overview.releases.length} production deploy(s): {overview.counts.regressed} regressed, {overview.counts.improved} improved, {overview.counts['no-change']} no change,{' '}
              {overview.counts['not-enough-data']} not enough data. Each is judged over up to a day after it against the time before it, both against the same hours on earlier days.
            </span>
            <span className="spacer" />
            <div className="seg" role="group" aria-label="Show releases">
              {(['judged', 'regressed', 'improved', 'no-change', 'not-enough-data', 'all'] as const).map((f) => (
                <button key={f} className={f === filter ? 'on' : ''} onClick={() => setFilter(f)} data-testid={`regressions-filter-${f}`}>
                  {f === 'all' ? 'all' : f === 'judged' ? 'judged' : VERDICT_TEXT[f]}
                </button>
              ))}
            </div>
          </div>
          {!releases.length && <p className="muted">No release {filter === 'all' || filter === 'judged' ? `${filter === 'judged' ? 'judged ' : ''}in this workspace (deploy events of production)` : `with the verdict "${VERDICT_TEXT[filter]}"`}.</p>}
          <ol className="release-list">
            {releases.map((r) => (
              <ReleaseRow key={r.eventId} release={r} info={info} rolledBack={r.rolledBackBy === null ? null : (overview.releases.find((o) => o.eventId === r.rolledBackBy) ?? null)} />
            ))}
          </ol>
        </>
      )}
    </div>
  );
}

function ReleaseRow({ release: r, info, rolledBack }: { release: ReleaseRegression; info: Map<number, SeriesInfo>; rolledBack: ReleaseRegression | null }) {
  const { go, zone } = useWorkspace();
  const metrics = shown(r);
  const openTimeline = (): void => {
    const series = metrics.map((m) => info.get(m.seriesId)).filter((s): s is SeriesInfo => s !== undefined);
    go({ type: 'timeline', series: series.length ? series : undefined, range: { from: r.ts - AROUND, to: r.ts + AROUND }, selection: { from: r.ts, to: rolledBack?.ts ?? r.ts + HOUR } });
  };
  return (
    <li className={`release ${r.verdict}`} data-testid="release" data-verdict={r.verdict}>
      <div className="row release-head">
        <span className="release-time">{fmtTime(r.ts, zone)}</span>
        <strong>{r.service ?? '–'}</strong>
        <span className="release-title" title={r.title}>
          {r.version ?? r.title}
        </span>
        <span className={`badge ${VERDICT_CLASS[r.verdict]}`} data-testid="release-verdict">
          {VERDICT_TEXT[r.verdict]}
        </span>
        {r.verdict !== 'not-enough-data' && <span className="muted small">confidence {Math.round(r.confidence * 100)} %</span>}
        {rolledBack && <span className="badge">undone {fmtTime(rolledBack.ts, zone, { bare: true }).slice(5)}</span>}
        <span className="spacer" />
        <button className="link" onClick={openTimeline} data-testid="release-timeline" title="The timeline around this deploy, with the metrics shown here charted">
          Timeline at this deploy
        </button>
      </div>
      <p className="release-sentence">{r.sentence}</p>
      {metrics.length > 0 && <Shifts release={r} shifts={metrics} info={info} />}
    </li>
  );
}

/** The shown metrics of one release: a chart of the day around the deploy each, with before → after and the test. */
function Shifts({ release, shifts, info }: { release: ReleaseRegression; shifts: MetricShift[]; info: Map<number, SeriesInfo> }) {
  const from = release.ts - AROUND;
  const to = release.ts + AROUND;
  const range = useCall('series/range', { ids: [...new Set(shifts.map((s) => s.seriesId))], from, to, width: 96 });
  return (
    <div className="release-shifts">
      {shifts.map((s) => {
        const buckets = range.data?.series.find((b) => b.id === s.seriesId);
        const unit = unitOf(s, info.get(s.seriesId));
        return (
          <div className="shift" key={`${s.seriesId}-${s.series}`} data-testid="release-shift">
            <div className="shift-chart">
              {buckets ? (
                <Sparkline t={buckets.t} min={buckets.min} max={buckets.max} avg={buckets.avg} from={from} to={to} width={180} height={36} marks={[{ start: release.ts, end: release.ts + (to - release.ts) / 48 }]} color={s.verdict === 'regressed' ? 'var(--danger)' : s.verdict === 'improved' ? 'var(--ok)' : undefined} />
              ) : (
                <span className="muted small">…</span>
              )}
            </div>
            <div className="shift-text">
              <div className="shift-name" title={s.series}>
                {s.series}
                {s.series.includes(' / ') && <span className="muted small"> (chart: the numerator)</span>}
              </div>
              <div>
                {fmtValue(s.beforeMedian, unit)} → <strong>{fmtValue(s.afterMedian, unit)}</strong> <span className="muted">({fmtChange(s.relChange)})</span>
              </div>
              <div className="muted small">
                p {pText(s.pValue)} · Cliff&apos;s δ {s.effect.toFixed(2)} · {s.badDirection === 'up' ? 'higher is worse' : s.badDirection === 'down' ? 'lower is worse' : ''}
              </div>
            </div>
          </div>
        );
      })}
    </div>
  );
}
