/** A dialog over the app: Escape or the close button closes it; keys do not reach the views behind. */
import { useEffect, useRef, type ReactNode } from 'react';
import { useShortcuts } from '../hooks/useShortcuts';

export interface ModalProps {
  title: string;
  onClose(): void;
  children: ReactNode;
  footer?: ReactNode;
  wide?: boolean;
  testId?: string;
}

export function Modal({ title, onClose, children, footer, wide, testId }: ModalProps) {
  const box = useRef<HTMLDivElement>(null);
  useShortcuts({ escape: onClose }, { capture: true });
  useEffect(() => {
    box.current?.focus();
  }, []);
  return (
    <div className="modal-backdrop" onMouseDown={(e) => e.target === e.currentTarget && onClose()}>
      <div
        className={`modal ${wide ? 'modal-wide' : ''}`}
        role="dialog"
        aria-modal="true"
        aria-label={title}
        ref={box}
        tabIndex={-1}
        data-testid={testId}
      >
        <header className="modal-head">
          <h2>{title}</h2>
          <button className="ghost icon" onClick={onClose} aria-label="Close" title="Close (Esc)">
            ×
          </button>
        </header>
        <div className="modal-body">{children}</div>
        {footer && <footer className="modal-foot">{footer}</footer>}
      </div>
    </div>
  );
}
