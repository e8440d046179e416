/**
 * The time-range picker: relative windows ending at the data's last sample (the data is a dump,
 * so "now" is when it ends), all the data, or absolute from/to typed in the chosen zone.
 */
import { useState } from 'react';
import type { TimeRange } from '../nav';
import { DURATIONS, fmtRange, fromInputValue, toInputValue, zoneLabel } from '../time';

const PRESETS = [
  { label: '1h', ms: DURATIONS.HOUR },
  { label: '6h', ms: 6 * DURATIONS.HOUR },
  { label: '24h', ms: DURATIONS.DAY },
  { label: '7d', ms: 7 * DURATIONS.DAY },
];

export interface TimeRangePickerProps {
  window: TimeRange;
  full: TimeRange;
  zone: string;
  onChange(r: TimeRange | null): void;
}

export function TimeRangePicker({ window: win, full, zone, onChange }: TimeRangePickerProps) {
  const [open, setOpen] = useState(false);
  const [from, setFrom] = useState('');
  const [to, setTo] = useState('');
  const [error, setError] = useState<string | null>(null);
  const isAll = win.from <= full.from && win.to >= full.to;

  const openEditor = (): void => {
    setFrom(toInputValue(win.from, zone));
    setTo(toInputValue(win.to, zone));
    setError(null);
    setOpen(!open);
  };
  const apply = (): void => {
    const a = fromInputValue(from, zone);
    const b = fromInputValue(to, zone);
    if (!Number.isFinite(a) || !Number.isFinite(b)) return setError('both times are needed, as YYYY-MM-DD HH:MM');
    if (b <= a) return setError('"to" must be after "from"');
    setError(null);
    setOpen(false);
    onChange({ from: a, to: b });
  };

  return (
    <div className="range-picker">
      <div className="seg" role="group" aria-label="Time range">
        {PRESETS.map((p) => {
          const active = Math.abs(win.to - full.to) < 1000 && Math.abs(win.to - win.from - p.ms) < 1000;
          return (
            <button
              key={p.label}
              className={active ? 'on' : ''}
              title={`The last ${p.label} of the data`}
              onClick={() => onChange({ from: Math.max(full.from, full.to - p.ms), to: full.to })}
            >
              {p.label}
            </button>
          );
        })}
        <button className={isAll ? 'on' : ''} onClick={() => onChange(null)} title="All the data (0)">
          All
        </button>
      </div>
      <button className="range-text" onClick={openEditor} title="Type a from/to range" data-testid="range-text">
        {fmtRange(win.from, win.to, zone)}
      </button>
      {open && (
        <form
          className="range-editor popover"
          onSubmit={(e) => {
            e.preventDefault();
            apply();
          }}
        >
          <label>
            From
            <input type="datetime-local" step={60} value={from} onChange={(e) => setFrom(e.target.value)} aria-label="From" />
          </label>
          <label>
            To
            <input type="datetime-local" step={60} value={to} onChange={(e) => setTo(e.target.value)} aria-label="To" />
          </label>
          <span className="muted">{zoneLabel(zone, win.from)}</span>
          <button className="primary">Apply</button>
          <button type="button" className="ghost" onClick={() => setOpen(false)}>
            Cancel
          </button>
          {error && <span className="error">{error}</span>}
        </form>
      )}
    </div>
  );
}
