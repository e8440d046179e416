/**
 * The Advice view's track record: how often the tool was right, by week — the precision of flagged
 * anomalies (those a person marked expected count against it), the causes a person confirmed or
 * rejected, and the advice accepted or rejected. Every decision also changes later rankings.
 */
import type { TrackWeek } from '../../../../core/api/contract';
import { useCall } from '../../queries';
import { fmtTime } from '../../time';
import { ErrorNote } from '../ErrorNote';
import './Recommendations.css';

const pct = (x: number | null): string => (x === null ? '–' : `${(x * 100).toFixed(1)} %`);
const share = (yes: number, no: number): string => (yes + no ? `${Math.round((yes / (yes + no)) * 100)} %` : '–');

function Row({ label, w }: { label: string; w: Omit<TrackWeek, 'week'> }) {
  return (
    <tr className="static">
      <td className="mono">{label}</td>
      <td className="num">{w.anomalies}</td>
      <td className="num">{w.expected}</td>
      <td className="num">{pct(w.precision)}</td>
      <td className="num">
        {w.causesConfirmed} / {w.causesRejected}
      </td>
      <td className="num">{share(w.causesConfirmed, w.causesRejected)}</td>
      <td className="num">
        {w.adviceAccepted} / {w.adviceRejected}
      </td>
      <td className="num">{share(w.adviceAccepted, w.adviceRejected)}</td>
    </tr>
  );
}

export function Learning() {
  const record = useCall('advice/trackRecord', {});
  const data = record.data;
  return (
    <div className="advice-scroll" data-testid="learning-section">
      <ErrorNote error={record.error} />
      <div className="hint small-text">
        Your verdicts teach the tool: an anomaly marked expected stays out of later baselines, a confirmed or rejected cause reorders later causes, and accepted or
        rejected advice ranks advice of the same action and target higher or lower.
      </div>
      {data && (
        <table className="grid track-table" data-testid="track-record">
          <thead>
            <tr>
              <th>Week of</th>
              <th className="num">Anomalies</th>
              <th className="num">Marked expected</th>
              <th className="num">Precision</th>
              <th className="num">Causes confirmed / rejected</th>
              <th className="num">Confirmed</th>
              <th className="num">Advice accepted / rejected</th>
              <th className="num">Accepted</th>
            </tr>
          </thead>
          <tbody>
            {data.weeks.map((w) => (
              <Row key={w.week} label={fmtTime(w.week, 'UTC').slice(0, 10)} w={w} />
            ))}
            <Row label="all" w={data.total} />
          </tbody>
        </table>
      )}
    </div>
  );
}
