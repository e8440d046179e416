/** A search box: Esc clears it (and only then bubbles up to close things). */
import type { Ref } from 'react';

export interface SearchInputProps {
  value: string;
  onChange(value: string): void;
  placeholder: string;
  /** Accessible name, also what tests find it by. */
  label: string;
  ref?: Ref<HTMLInputElement>;
}

export function SearchInput({ value, onChange, placeholder, label, ref }: SearchInputProps) {
  return (
    <input
      ref={ref}
      className="search"
      type="search"
      placeholder={placeholder}
      value={value}
      onChange={(e) => onChange(e.target.value)}
      onKeyDown={(e) => {
        if (e.key === 'Escape' && value) {
          e.preventDefault();
          onChange('');
        }
      }}
      aria-label={label}
    />
  );
}
