/**
 * Logs: the patterns table (Drain templates with counts, sparkline, first seen, level mix, new/rare
 * badges, family) above the raw lines. A pattern click filters the lines to it and shows its
 * examples; the search box is full-text over every line (FTS5: words, "phrases", prefix*, AND/OR/NOT).
 */
import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import type { LogLine, TemplateInfo } from '../../../core/api/contract';
import { ErrorNote } from '../components/ErrorNote';
import { LogHistogram } from '../components/LogHistogram';
import { LogLines } from '../components/LogLines';
import { queryWords } from '../components/LogText';
import { Sparkline } from '../components/Sparkline';
import { useWorkspace } from '../context';
import { fmtCount } from '../format';
import { useDebounced } from '../hooks/useDebounced';
import { useListCursor } from '../hooks/useListCursor';
import { useLogPages, type LogQuery } from '../hooks/useLogPages';
import { useCall } from '../queries';
import { useShortcuts } from '../hooks/useShortcuts';
import type { TimeRange } from '../nav';
import { fmtRange, fmtTime } from '../time';
import { SearchInput } from '../components/SearchInput';

type Sort = 'count' | 'new' | 'rare' | 'first';
const LEVELS = ['error', 'warn', 'info', 'debug'];

function levelKey(l: string): string {
  const k = l.toLowerCase();
  if (k.startsWith('err') || k === 'fatal' || k === 'critical' || k === 'crit') return 'error';
  if (k.startsWith('warn')) return 'warn';
  if (k.startsWith('debug') || k === 'trace') return 'debug';
  return 'info';
}

export function Logs() {
  const { nav, go, zone, full } = useWorkspace();
  const focus = nav.logs;
  // Another view may have sent the person here with a focus (a pattern, a time, a query).
  const [templateId, setTemplateId] = useState<string | undefined>(focus.templateId);
  const [range, setRange] = useState<TimeRange | undefined>(focus.range);
  const [query, setQuery] = useState(focus.query ?? '');
  const [patternFilter, setPatternFilter] = useState('');
  const [service, setService] = useState('');
  const [level, setLevel] = useState('');
  const [sort, setSort] = useState<Sort>('count');
  const search = useRef<HTMLInputElement>(null);
  const table = useRef<HTMLTableSectionElement>(null);
  useShortcuts({ search: () => search.current?.focus() });

  const pf = useDebounced(patternFilter, 150);
  const templates = useCall('logs/templates', { service: service || undefined, sort, query: pf || undefined, limit: 500, ...range });
  const services = useCall('workspace/summary', {});
  const list = useMemo(() => templates.data ?? [], [templates.data]);
  const selected = list.find((t) => t.id === templateId);
  // The chosen pattern's text even when the list above no longer holds it (filtered out, another
  // range): the chip that says the lines are narrowed to it must never go silent.
  const lookup = useCall('logs/templates', templateId && !selected ? { limit: 10_000 } : null);
  const chosenPattern = selected?.pattern ?? lookup.data?.find((t) => t.id === templateId)?.pattern;

  const q = useDebounced(query.trim(), 250);
  const logQuery = useMemo<LogQuery>(
    () => ({
      query: q || undefined,
      templateId,
      service: service || undefined,
      level: level || undefined,
      order: 'asc',
      ...(range ?? {}),
    }),
    [q, templateId, service, level, range],
  );
  const pages = useLogPages(logQuery);
  const words = useMemo(() => queryWords(q), [q]);

  const scrollTo = useCallback((i: number) => table.current?.children[i]?.scrollIntoView({ block: 'nearest' }), []);
  const { cursor, setCursor } = useListCursor(list.length, {
    onOpen: (i) => setTemplateId(list[i].id === templateId ? undefined : list[i].id),
    scrollTo,
  });

  // A pattern chosen elsewhere (the timeline's strip, Compare) is scrolled into view once listed.
  useEffect(() => {
    const i = list.findIndex((t) => t.id === templateId);
    if (i >= 0) table.current?.children[i]?.scrollIntoView({ block: 'nearest' });
  }, [list, templateId]);

  const jump = (l: LogLine): void => {
    const span = Math.max(30 * 60_000, (nav.range ? nav.range.to - nav.range.from : 0) / 8);
    go({
      type: 'timeline',
      range: { from: Math.max(full.from, l.ts - span / 2), to: Math.min(full.to, l.ts + span / 2) },
      selection: { from: l.ts - 30_000, to: l.ts + 30_000 },
    });
  };

  return (
    <div className="view logs">
      <div className="view-head">
        <h2>Logs</h2>
        <input
          type="search"
          className="search narrow"
          placeholder="Filter patterns"
          value={patternFilter}
          onChange={(e) => setPatternFilter(e.target.value)}
          aria-label="Filter patterns"
        />
        <select value={service} onChange={(e) => setService(e.target.value)} aria-label="Service">
          <option value="">All services</option>
          {(services.data?.services ?? [])
            .filter((s) => s.service && s.logs > 0)
            .map((s) => (
              <option key={s.service} value={s.service ?? ''}>
                {s.service} ({fmtCount(s.logs)})
              </option>
            ))}
        </select>
        <select value={sort} onChange={(e) => setSort(e.target.value as Sort)} aria-label="Sort patterns">
          <option value="count">Most lines</option>
          <option value="new">New first</option>
          <option value="rare">Rare first</option>
          <option value="first">First seen</option>
        </select>
        <span className="spacer" />
        {range ? (
          <span className="chip" data-testid="logs-range">
            {fmtRange(range.from, range.to, zone)}
            <button className="ghost icon small" onClick={() => setRange(undefined)} aria-label="Show all times" title="Show all times">
              ×
            </button>
          </span>
        ) : (
          <span className="muted">all times</span>
        )}
      </div>
      <ErrorNote error={templates.error} what="Log patterns" />
      <div className="patterns-scroll">
        <table className="grid patterns" data-testid="patterns">
          <thead>
            <tr>
              <th className="num">Lines</th>
              <th>Over time</th>
              <th>Pattern</th>
              <th>Levels</th>
              <th>First seen</th>
            </tr>
          </thead>
          <tbody ref={table}>
            {list.map((t, i) => (
              <PatternRow
                key={t.id}
                t={t}
                zone={zone}
                selected={t.id === templateId}
                cursor={i === cursor}
                onClick={() => {
                  setCursor(i);
                  setTemplateId(t.id === templateId ? undefined : t.id);
                }}
              />
            ))}
          </tbody>
        </table>
        {!templates.loading && templates.data && !list.length && <div className="muted pad">No patterns match.</div>}
      </div>
      <div className="lines-head">
        <SearchInput
          ref={search}
          value={query}
          onChange={setQuery}
          placeholder='Search all lines: words, "a phrase", prefix*, AND / OR / NOT'
          label="Search log lines"
        />
        <select value={level} onChange={(e) => setLevel(e.target.value)} aria-label="Level">
          <option value="">Any level</option>
          {['ERROR', 'WARN', 'INFO', 'DEBUG'].map((l) => (
            <option key={l} value={l}>
              {l}
            </option>
          ))}
        </select>
        {templateId && (
          <span className="chip filter-chip" title={chosenPattern ?? templateId} data-testid="pattern-chip">
            only lines of pattern: <span className="mono">{truncate(chosenPattern ?? templateId, 60)}</span>
            {!selected && <span className="muted"> (not in the list above)</span>}
            <button className="ghost icon small" onClick={() => setTemplateId(undefined)} aria-label="All patterns" title="Search all lines again">
              ×
            </button>
          </span>
        )}
        <span className="muted" data-testid="lines-count">
          {pages.loading ? 'searching…' : `${fmtCount(pages.total)}${pages.totalCapped ? '+' : ''} lines`}
        </span>
      </div>
      {selected && selected.examples.length > 0 && (
        <div className="examples mono" data-testid="examples">
          {selected.examples.slice(0, 3).map((ex, i) => (
            <div key={i} className="example">
              {ex}
            </div>
          ))}
        </div>
      )}
      <LogHistogram query={logQuery} zone={zone} onRange={setRange} />
      <LogLines pages={pages} zone={zone} words={words} onJump={jump} answers={`${q}|${templateId ?? ''}`} />
    </div>
  );
}

interface PatternRowProps {
  t: TemplateInfo;
  zone: string;
  selected: boolean;
  cursor: boolean;
  onClick(): void;
}

function PatternRow({ t, zone, selected, cursor, onClick }: PatternRowProps) {
  const total = Object.values(t.levels).reduce((a, b) => a + b, 0) || 1;
  const mix: Record<string, number> = {};
  for (const [l, n] of Object.entries(t.levels)) mix[levelKey(l)] = (mix[levelKey(l)] ?? 0) + n;
  return (
    <tr className={`${selected ? 'selected' : ''} ${cursor ? 'cursor' : ''}`} onClick={onClick} data-testid="pattern-row" data-template={t.id}>
      <td className="num">{fmtCount(t.count)}</td>
      <td>
        <Sparkline t={[]} avg={t.spark} from={0} to={1} width={110} height={20} bars color="var(--accent)" />
      </td>
      <td className="pattern-cell">
        {t.service && <span className="svc">{t.service}</span>}
        {t.isNew && <span className="badge new">new</span>}
        {t.isRare && <span className="badge rare">rare</span>}
        {t.familyId && <span className="badge fam" title={`family ${t.familyId}`}>fam</span>}
        <span className="mono pattern-text" title={t.pattern}>
          {t.pattern}
        </span>
      </td>
      <td>
        <span className="level-mix" title={Object.entries(t.levels).map(([l, n]) => `${l}: ${n}`).join(', ')}>
          {LEVELS.map((l) => (mix[l] ? <span key={l} className={`lv-${l}`} style={{ width: `${(100 * mix[l]) / total}%` }} /> : null))}
        </span>
      </td>
      <td className="mono small-text">{fmtTime(t.firstSeen, zone, { bare: true })}</td>
    </tr>
  );
}

function truncate(s: string, n: number): string {
  return s.length > n ? `${s.slice(0, n - 1)}…` : s;
}
