/**
 * "Share…": an incident's range (or the timeline's selection), with a margin, written as a smaller workspace
 * someone else can open, with e-mail addresses, IPs, tokens and user ids masked when asked. After writing it
 * says what it copied and how many of each kind it masked; in browser mode the file is then downloaded
 * (`download/<name>`, with the page's token), in the desktop app it says where the file is.
 */
import { useState } from 'react';
import type { ShareResult } from '../../../../core/api/share';
import { SHARE_MARGIN_MINUTES } from '../../../../core/api/share';
import { api } from '../../api';
import { authHeaders } from '../../token';
import type { TimeRange } from '../../nav';
import { fmtRange } from '../../time';
import { ErrorNote } from '../ErrorNote';
import { Modal } from '../Modal';

/** What is shared: an incident (by key) or a range. */
export type ShareTarget = { incident: string; range: TimeRange } | { incident?: undefined; range: TimeRange };

export interface ShareDialogProps {
  target: ShareTarget;
  zone: string;
  onClose(): void;
}

/** Saves a shared workspace the server wrote: fetched with the page's token, then handed to the browser as a file. */
async function download(name: string): Promise<void> {
  const res = await fetch(`download/${encodeURIComponent(name)}`, { headers: authHeaders() });
  if (!res.ok) throw new Error(`the download failed (HTTP ${res.status})`);
  const url = URL.createObjectURL(await res.blob());
  const link = document.createElement('a');
  link.href = url;
  link.download = name;
  document.body.append(link);
  link.click();
  link.remove();
  setTimeout(() => URL.revokeObjectURL(url), 60_000);
}

const KIND_LABELS = { email: 'e-mail addresses', ip: 'IP addresses', token: 'tokens and secrets', user: 'user ids' } as const;

export function ShareDialog({ target, zone, onClose }: ShareDialogProps) {
  const [redact, setRedact] = useState(true);
  const [margin, setMargin] = useState(SHARE_MARGIN_MINUTES);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [result, setResult] = useState<ShareResult | null>(null);
  const browser = !window.hindsight;

  const write = (): void => {
    setBusy(true);
    setError(null);
    const what = target.incident !== undefined ? { incident: target.incident } : { from: target.range.from, to: target.range.to };
    api
      .invoke('share/export', { ...what, redact, marginMinutes: margin })
      .then(async (r) => {
        setResult(r);
        if (browser && r.downloadable) await download(r.name);
      })
      .catch((e: Error) => setError(e.message))
      .finally(() => setBusy(false));
  };

  const footer = result ? (
    <>
      {browser && result.downloadable && (
        <button onClick={() => void download(result.name).catch((e: Error) => setError(e.message))}>Download again</button>
      )}
      <span className="spacer" />
      <button className="primary" onClick={onClose}>
        Done
      </button>
    </>
  ) : (
    <>
      <span className="spacer" />
      <button onClick={onClose} disabled={busy}>
        Cancel
      </button>
      <button className="primary" onClick={write} disabled={busy} data-testid="share-write">
        {busy ? 'Writing…' : 'Write the smaller workspace'}
      </button>
    </>
  );
  return (
    <Modal title={target.incident !== undefined ? `Share incident ${target.incident}` : 'Share the selected range'} onClose={onClose} footer={footer} testId="share-dialog">
      <p className="muted">
        Writes <b className="mono">{fmtRange(target.range.from, target.range.to, zone)}</b> and {margin} minutes either side as a new workspace:
        its series, log lines (searchable), events, incidents and notes. Nothing else of this workspace goes with it.
      </p>
      {!result && (
        <div className="share-options">
          <label className="inline">
            <input type="checkbox" checked={redact} onChange={(e) => setRedact(e.target.checked)} data-testid="share-redact" /> Mask e-mail
            addresses, IP addresses, tokens and user ids (each value gets a stable placeholder such as <span className="mono">&lt;email-1&gt;</span>)
          </label>
          <label className="inline">
            Margin{' '}
            <input
              type="number"
              min={0}
              max={1440}
              value={margin}
              onChange={(e) => setMargin(Math.max(0, Math.min(1440, Number(e.target.value) || 0)))}
              aria-label="Margin in minutes"
              className="narrow-number"
            />{' '}
            minutes
          </label>
        </div>
      )}
      <ErrorNote error={error} what="Sharing" />
      {result && <ShareSummary result={result} browser={browser} />}
    </Modal>
  );
}

/** What was written, copied and masked. */
function ShareSummary({ result: r, browser }: { result: ShareResult; browser: boolean }) {
  const c = r.copied;
  const rows: [string, number][] = [
    ['series', c.series],
    ['samples', c.samples],
    ['log lines', c.logs],
    ['log templates', c.templates],
    ['events', c.events],
    ['incidents', c.incidents],
    ['notes', c.annotations],
  ];
  return (
    <div className="share-summary" data-testid="share-summary">
      <div className="hint">
        {browser && r.downloadable ? 'Downloaded ' : 'Written to '}
        <b className="mono">{browser && r.downloadable ? r.name : r.path}</b> ({(r.bytes / 1024 / 1024).toFixed(1)} MB)
      </div>
      <div className="share-tables">
        <table className="share-counts">
          <caption>Copied</caption>
          <tbody>
            {rows.map(([label, n]) => (
              <tr key={label}>
                <td>{label}</td>
                <td className="num">{n.toLocaleString()}</td>
              </tr>
            ))}
          </tbody>
        </table>
        <table className="share-counts" data-testid="share-masked">
          <caption>{r.masked ? 'Masked' : 'Not redacted'}</caption>
          {r.masked && r.maskedDistinct && (
            <tbody>
              {(Object.keys(KIND_LABELS) as (keyof typeof KIND_LABELS)[]).map((k) => (
                <tr key={k}>
                  <td>{KIND_LABELS[k]}</td>
                  <td className="num" data-testid={`masked-${k}`}>
                    {(r.masked as Record<string, number>)[k].toLocaleString()}
                  </td>
                  <td className="muted">{(r.maskedDistinct as Record<string, number>)[k].toLocaleString()} distinct</td>
                </tr>
              ))}
            </tbody>
          )}
        </table>
      </div>
    </div>
  );
}
