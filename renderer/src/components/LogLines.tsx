/**
 * The raw log view: a virtualised list of lines (only the rows on screen exist in the DOM), read
 * a page at a time as it scrolls; parameters highlighted, searched words marked; a click shows
 * the whole line (stack traces included) with its level, service, source file:line and fields (the
 * exception of a trace among them), and "jump to this time" opens the timeline there.
 */
import { useVirtualizer } from '@tanstack/react-virtual';
import { useEffect, useRef, useState } from 'react';
import type { LogLine } from '../../../core/api/contract';
import type { LogPages } from '../hooks/useLogPages';
import { fileName, logFields } from '../logFields';
import { fmtTime } from '../time';
import { ErrorNote } from './ErrorNote';
import { LogText } from './LogText';

export interface LogLinesProps {
  pages: LogPages;
  zone: string;
  words: string[];
  onJump(line: LogLine): void;
  /** What the lines on screen answer (exposed for tests: they wait on it instead of sleeping). */
  answers: string;
}

const ROW = 22;

export function LogLines({ pages, zone, words, onJump, answers }: LogLinesProps) {
  const scroller = useRef<HTMLDivElement>(null);
  const [open, setOpen] = useState<LogLine | null>(null);
  // eslint-disable-next-line react-hooks/incompatible-library -- the virtualizer's own state is read during render, as documented
  const virtual = useVirtualizer({
    count: pages.rows.length,
    getScrollElement: () => scroller.current,
    estimateSize: () => ROW,
    overscan: 12,
  });
  const items = virtual.getVirtualItems();
  const lastIndex = items.length ? items[items.length - 1].index : -1;
  const { loadMore, more, rows } = pages;
  useEffect(() => {
    if (more && lastIndex >= rows.length - 40) loadMore();
  }, [lastIndex, rows.length, more, loadMore]);
  const shown = open && rows.some((r) => r.id === open.id) ? open : null;

  return (
    <div className="log-lines">
      <ErrorNote error={pages.error} what="Log search" />
      <div className="log-scroll mono" ref={scroller} data-testid="log-lines" data-answers={pages.loading ? '' : answers}>
        <div style={{ height: virtual.getTotalSize(), position: 'relative' }}>
          {items.map((it) => {
            const l = rows[it.index];
            return (
              <div
                key={l.id}
                className={`log-row ${shown?.id === l.id ? 'open' : ''} lvl-${(l.level ?? '').toLowerCase()}`}
                style={{ height: ROW, transform: `translateY(${it.start}px)` }}
                onClick={() => setOpen(shown?.id === l.id ? null : l)}
                data-testid="log-line"
              >
                <span className="log-ts">{fmtTime(l.ts, zone, { millis: true, bare: true })}</span>
                <span className="log-level">{l.level ?? ''}</span>
                <span className="log-svc">{l.service ?? ''}</span>
                <span className="log-raw">
                  <LogText raw={firstLine(l.raw)} params={l.params} words={words} />
                </span>
                <button
                  className="ghost icon small jump"
                  title="Show this time on the timeline"
                  aria-label="Jump to this time on the timeline"
                  onClick={(e) => {
                    e.stopPropagation();
                    onJump(l);
                  }}
                >
                  ⤴
                </button>
              </div>
            );
          })}
        </div>
        {!pages.loading && !rows.length && !pages.error && <div className="muted pad">No lines match.</div>}
      </div>
      {shown && (
        <div className="log-detail" data-testid="log-detail">
          <div className="log-detail-head">
            <span className="mono">{fmtTime(shown.ts, zone, { millis: true })}</span>
            <span className={`log-level lvl-${(shown.level ?? '').toLowerCase()}`} data-testid="detail-level">
              {shown.level ?? 'no level'}
            </span>
            <span className="svc" data-testid="detail-service">
              {shown.service ?? 'no service'}
            </span>
            <span className="muted mono" title={shown.source ?? undefined} data-testid="detail-source">
              {shown.source ? `${fileName(shown.source)}:${shown.line}` : `line ${shown.line}`}
            </span>
            <span className="spacer" />
            <button className="small" onClick={() => onJump(shown)}>
              Jump to this time
            </button>
            <button className="ghost icon small" onClick={() => setOpen(null)} aria-label="Close">
              ×
            </button>
          </div>
          <DetailFields raw={shown.raw} />
          <pre className="mono">
            <LogText raw={shown.raw} params={shown.params} words={words} />
          </pre>
        </div>
      )}
    </div>
  );
}

/** The line's fields (JSON or key=value, and the exception of a trace), when it has any. */
function DetailFields({ raw }: { raw: string }) {
  const fields = logFields(raw);
  if (!fields.length) return null;
  return (
    <dl className="log-fields" data-testid="detail-fields">
      {fields.map(([k, v]) => (
        <div key={k} className="log-field">
          <dt>{k}</dt>
          <dd className="mono">{v}</dd>
        </div>
      ))}
    </dl>
  );
}

function firstLine(raw: string): string {
  const i = raw.indexOf('\n');
  return i < 0 ? raw : `${raw.slice(0, i)} …`;
}
