/**
 * A time field that reads the same in every locale: `2026-03-06 16:17`, 24-hour, in the chosen zone
 * (see toInputValue/fromInputValue). The browser's date-time field follows the system's locale, which
 * is a 12-hour clock in the US.
 */
export interface TimeInputProps {
  value: string;
  onChange(value: string): void;
  label: string;
}

export function TimeInput({ value, onChange, label }: TimeInputProps) {
  return (
    <input
      type="text"
      className="time-input mono"
      value={value}
      onChange={(e) => onChange(e.target.value)}
      placeholder="YYYY-MM-DD HH:MM"
      pattern="\d{4}-\d\d-\d\d[T ]\d{1,2}:\d\d(:\d\d)?"
      title="YYYY-MM-DD HH:MM, 24-hour"
      spellCheck={false}
      aria-label={label}
    />
  );
}
