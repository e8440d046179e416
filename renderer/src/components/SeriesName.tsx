/**
 * A series written for a person: its name (cut with an ellipsis when long) and, never cut, the labels
 * that tell it from series of the same name (`p95`, `instance=auth-1:9100`); see seriesLabel.ts.
 */
import type { SeriesLabel } from '../seriesLabel';

export function SeriesName({ label, className = '' }: { label: SeriesLabel; className?: string }) {
  return (
    <span className={`series-name ${className}`} title={label.text}>
      <span className="series-base">{label.name}</span>
      {label.detail && (
        <span className="series-detail" data-testid="series-detail">
          {label.detail}
        </span>
      )}
    </span>
  );
}
