/**
 * The time-range picker: relative windows ending at the data's last sample (the data is a dump,
 * so "now" is when it ends), all the data, or absolute from/to typed in the chosen zone.
 */
import { useState } from 'react';
import type { TimeRange } from '../nav';
import { activePreset, PRESETS } from '../ranges';
import { fmtRange, fromInputValue, toInputValue, zoneLabel } from '../time';
import { TimeInput } from './TimeInput';

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
  const active = activePreset(win, full);

  const openEditor = (): void => {
    setFrom(toInputValue(win.from, zone));
    setTo(toInputValue(win.to, zone));
    setError(null);
    setOpen(!open);
  };
  const apply = (): void => {
    const a = fromInputValue(from, zone);
    const b = fromInputValue(to, zone);
    if (!Number.isFinite(a) || !Number.isFinite(b)) return setError('both times are needed, as YYYY-MM-DD HH:MM (24-hour)');
    if (b <= a) return setError('"to" must be after "from"');
    setError(null);
    setOpen(false);
    onChange({ from: a, to: b });
  };

  return (
    <div className="range-picker">
      <div className="seg" role="group" aria-label="Time range">
        {PRESETS.map((p) => {
          const whole = p.ms >= full.to - full.from;
          return (
            <button
              key={p.label}
              className={active === p.label ? 'on' : ''}
              title={whole ? `The data spans less than ${p.label}: this is all of it` : `The last ${p.label} of the data`}
              aria-pressed={active === p.label}
              onClick={() => onChange(whole ? null : { from: full.to - p.ms, to: full.to })}
            >
              {p.label}
            </button>
          );
        })}
        <button className={active === 'All' ? 'on' : ''} aria-pressed={active === 'All'} onClick={() => onChange(null)} title="All the data (0)">
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
            <TimeInput value={from} onChange={setFrom} label="From" />
          </label>
          <label>
            To
            <TimeInput value={to} onChange={setTo} label="To" />
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
