/**
 * The Advice view's Profiles section: where the CPU goes. The workspace's profiles (add one: folded stacks,
 * .cpuprofile or pprof — uploaded first in browser mode, read in place in Electron), the chosen profile's flame
 * graph with search and zoom, its hottest frames by self and by total time; pick a "before" profile to turn the
 * graph differential (red grew, blue shrank) and list the functions ranked by the change of their share.
 */
import { useQueryClient } from '@tanstack/react-query';
import { useRef, useState } from 'react';
import { fmtProfileValue, fmtShare as pct, fmtSharePoints as pts, type FrameChange, type FrameStat, type ProfileInfo } from '../../../../core/api/profiles';
import { api } from '../../api';
import { useDebounced } from '../../hooks/useDebounced';
import { useCall } from '../../queries';
import { cleanPath, electronPaths, newBatchId, uploadFile } from '../../upload';
import { ErrorNote } from '../ErrorNote';
import { diffColour } from '../flame/colours';
import { FlameGraph } from '../flame/FlameGraph';

const where = (f: { file?: string; line?: number }): string => (f.file ? `${f.file}${f.line !== undefined ? `:${f.line}` : ''}` : '');

/** Paths the backend can read for picked files: real paths in Electron, else each file uploaded first. */
async function backendPaths(files: File[]): Promise<string[]> {
  const real = electronPaths(files);
  if (real) return real;
  const batch = newBatchId();
  const out: string[] = [];
  for (const file of files) {
    const dir = await uploadFile(batch, { file, path: file.name }, () => {}).done;
    out.push(`${dir}/${cleanPath(file.name)}`);
  }
  return out;
}

export function Profiles() {
  const list = useCall('profiles/list', {});
  const queries = useQueryClient();
  const [chosen, setChosen] = useState<number | null>(null);
  const [before, setBefore] = useState<number | null>(null);
  const [focus, setFocus] = useState(0);
  const [query, setQuery] = useState('');
  const [adding, setAdding] = useState<string | null>(null);
  const [addError, setAddError] = useState<string | null>(null);
  const picker = useRef<HTMLInputElement>(null);
  const profiles = list.data ?? [];
  const current = profiles.find((p) => p.id === chosen) ?? profiles[0] ?? null;
  const baseline = before !== null && before !== current?.id ? (profiles.find((p) => p.id === before) ?? null) : null;
  const search = useDebounced(query.trim(), 250);

  const flame = useCall(
    'profiles/flame',
    current ? { ...(baseline ? { before: baseline.id, after: current.id } : { id: current.id }), focus, ...(search ? { query: search } : {}) } : null,
  );
  const detail = useCall('profiles/get', current && !baseline ? { id: current.id, top: 15 } : null);
  const diff = useCall('profiles/diff', current && baseline ? { before: baseline.id, after: current.id, top: 20 } : null);

  const choose = (id: number): void => {
    setChosen(id);
    setFocus(0);
  };

  const add = async (files: File[]): Promise<void> => {
    if (!files.length) return;
    setAddError(null);
    setAdding(files.length === 1 ? files[0].name : `${files.length} files`);
    try {
      let last: ProfileInfo | null = null;
      for (const path of await backendPaths(files)) last = (await api.invoke('profiles/import', { path })).profile;
      await queries.invalidateQueries({ queryKey: ['profiles/list'] });
      if (last) choose(last.id);
    } catch (e) {
      setAddError(e instanceof Error ? e.message : String(e));
    } finally {
      setAdding(null);
    }
  };

  return (
    <div className="profiles" data-testid="profiles" style={{ flex: 1, display: 'flex', flexDirection: 'column', gap: 8, minHeight: 0, overflow: 'auto' }}>
      <div className="row">
        <button onClick={() => picker.current?.click()} disabled={adding !== null} data-testid="add-profile">
          {adding ? `Adding ${adding}…` : 'Add profile…'}
        </button>
        <input
          ref={picker}
          type="file"
          multiple
          hidden
          data-testid="profile-file"
          onChange={(e) => {
            void add([...(e.target.files ?? [])]);
            e.target.value = '';
          }}
        />
        <span className="muted small-text">folded stacks, Chrome/Node .cpuprofile or pprof (gzip allowed)</span>
      </div>
      <ErrorNote error={addError} what="Could not add the profile" />
      <ErrorNote error={list.error} what="Profiles" />
      {!profiles.length && !list.loading && <div className="empty">No profiles in this workspace yet: add one (before and after a deploy to compare them).</div>}
      {profiles.length > 0 && current && (
        <>
          <ProfileList profiles={profiles} current={current.id} before={baseline?.id ?? null} onChoose={choose} onBefore={(id) => (setBefore(id), setFocus(0))} />
          <div className="row">
            <input
              type="search"
              placeholder="Search frames (text or /regex/)"
              value={query}
              onChange={(e) => setQuery(e.target.value)}
              style={{ width: 280 }}
              data-testid="flame-search"
            />
            {flame.data?.search && (
              <span data-testid="flame-search-share">
                {flame.data.search.frames} matching frame{flame.data.search.frames === 1 ? '' : 's'}: <b>{pct(flame.data.search.share)}</b> of the profile
              </span>
            )}
            {focus !== 0 && (
              <button className="ghost small" onClick={() => setFocus(0)}>
                Reset zoom
              </button>
            )}
            <span className="spacer" />
            {baseline ? (
              <span className="flame-legend">
                <span>
                  <span className="flame-swatch" style={{ background: diffColour(1, 1) }} />
                  self share grew
                </span>
                <span>
                  <span className="flame-swatch" style={{ background: diffColour(-1, 1) }} />
                  shrank
                </span>
                <span className="muted">
                  {baseline.name} → {current.name}
                </span>
              </span>
            ) : (
              <span className="muted small-text">
                {current.name}: {fmtProfileValue(current.total, current.unit)}
              </span>
            )}
          </div>
          <ErrorNote error={flame.error} what="Flame graph" />
          {flame.data && <FlameGraph graph={flame.data} onZoom={setFocus} />}
          <ErrorNote error={detail.error ?? diff.error} what={baseline ? 'Differences' : 'Hot frames'} />
          {baseline && diff.data && <DiffTable changes={diff.data.changes} functions={diff.data.functions} />}
          {!baseline && detail.data && (
            <div style={{ display: 'grid', gridTemplateColumns: '1fr 1fr', gap: 12 }}>
              <TopTable title="Top by self time" rows={detail.data.bySelf} unit={current.unit} by="self" />
              <TopTable title="Top by total time (recursion counted once)" rows={detail.data.byTotal} unit={current.unit} by="total" />
            </div>
          )}
        </>
      )}
    </div>
  );
}

function ProfileList({
  profiles,
  current,
  before,
  onChoose,
  onBefore,
}: {
  profiles: ProfileInfo[];
  current: number;
  before: number | null;
  onChoose(id: number): void;
  onBefore(id: number | null): void;
}) {
  return (
    <table className="grid" data-testid="profile-list">
      <thead>
        <tr>
          <th>Profile</th>
          <th>Format</th>
          <th>Service</th>
          <th>Taken</th>
          <th className="num" style={{ textAlign: 'right' }}>Total</th>
          <th>Compare</th>
        </tr>
      </thead>
      <tbody>
        {profiles.map((p) => (
          <tr key={p.id} className={p.id === current ? 'selected' : ''} onClick={() => onChoose(p.id)} data-testid="profile-row">
            <td>{p.name}</td>
            <td>{p.format}</td>
            <td>{p.service ?? '—'}</td>
            <td>{p.takenAt !== null ? new Date(p.takenAt).toISOString().slice(0, 16).replace('T', ' ') : '—'}</td>
            <td className="num">{fmtProfileValue(p.total, p.unit)}</td>
            <td onClick={(e) => e.stopPropagation()}>
              {p.id === current ? (
                <span className="muted">{before !== null ? 'after' : 'shown'}</span>
              ) : (
                <button className="ghost small" onClick={() => onBefore(before === p.id ? null : p.id)} data-testid="profile-before">
                  {before === p.id ? 'before ✓' : 'as before'}
                </button>
              )}
            </td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

function TopTable({ title, rows, unit, by }: { title: string; rows: FrameStat[]; unit: string; by: 'self' | 'total' }) {
  return (
    <div>
      <h3>{title}</h3>
      <table className="grid" data-testid={`top-${by}`}>
        <tbody>
          {rows.map((r, i) => (
            <tr key={i}>
              <td className="num" style={{ width: 80 }}>{pct(by === 'self' ? r.selfShare : r.totalShare)}</td>
              <td className="num" style={{ width: 110 }}>{fmtProfileValue(by === 'self' ? r.self : r.total, unit)}</td>
              <td>
                <code>{r.frame.name}</code> <span className="muted small-text">{where(r.frame)}</span>
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

function DiffTable({ changes, functions }: { changes: FrameChange[]; functions: number }) {
  return (
    <div>
      <h3>
        Functions ranked by the change of their self share <span className="muted">({functions} in either profile)</span>
      </h3>
      <table className="grid" data-testid="profile-diff">
        <thead>
          <tr>
            <th>#</th>
            <th className="num" style={{ textAlign: 'right' }}>Self Δ</th>
            <th className="num" style={{ textAlign: 'right' }}>Self before → after</th>
            <th className="num" style={{ textAlign: 'right' }}>Total Δ</th>
            <th>Function</th>
          </tr>
        </thead>
        <tbody>
          {changes.map((c, i) => (
            <tr key={i} data-testid="diff-row">
              <td>{i + 1}</td>
              <td className="num" style={{ color: c.selfDelta > 0 ? 'var(--danger)' : 'var(--accent)' }}>{pts(c.selfDelta)}</td>
              <td className="num">
                {pct(c.before.selfShare)} → {pct(c.after.selfShare)}
              </td>
              <td className="num">{pts(c.totalDelta)}</td>
              <td>
                <code>{c.frame.name}</code> <span className="muted small-text">{where(c.frame)}</span>
                {c.status !== 'changed' && <span className="badge">{c.status}</span>}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
