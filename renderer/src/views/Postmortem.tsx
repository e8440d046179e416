/**
 * A postmortem of one incident: drafted from its evidence in the Google SRE template (or the saved one,
 * when there is one), every section and timeline line editable, times in a chosen zone with the offset
 * written out, charts picked from the incident's series (previewed with the same SVG renderer the
 * exports use), saved in the workspace (and the knowledge base), exported as Markdown, HTML or PDF.
 */
import { useEffect, useMemo, useState } from 'react';
import type { PostmortemChart, PostmortemDoc, PostmortemExport } from '../../../core/api/contract';
import { ErrorNote } from '../components/ErrorNote';
import { KnowledgeSearch } from '../components/postmortem/KnowledgeSearch';
import { TimelineEditor } from '../components/postmortem/TimelineEditor';
import { downloadText, printHtml, savePdfFromShell, svgImage } from '../components/postmortem/exporting';
import { useWorkspace } from '../context';
import { call, errorText, useCall } from '../queries';
import { isValidZone, zonedTime } from '../time';
import '../components/postmortem/postmortem.css';

/** Series offered in the chart picker at most. */
const CHART_CANDIDATES = 12;

/** Zones offered in the picker (any IANA name may be typed). */
const ZONES = ['UTC', 'Europe/London', 'Europe/Berlin', 'America/New_York', 'America/Los_Angeles', 'Asia/Kolkata', 'Asia/Tokyo', 'Australia/Sydney'];

export function Postmortem({ incident }: { incident: string }) {
  const { go, zone: viewZone } = useWorkspace();
  const [doc, setDoc] = useState<PostmortemDoc | null>(null);
  const [savedId, setSavedId] = useState<number | undefined>();
  const [dirty, setDirty] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [note, setNote] = useState<string | null>(null);
  const [zoneText, setZoneText] = useState(viewZone);
  const [slo, setSlo] = useState('99.9');
  const [charts, setCharts] = useState<PostmortemChart[]>([]);
  const detail = useCall('incidents/get', { id: incident });

  const redraft = (zone: string, sloPercent: number): void => {
    setError(null);
    call('postmortem/draft', { incident, zone, slo: sloPercent })
      .then((d) => {
        setDoc(d);
        setDirty(false);
      })
      .catch((e: unknown) => setError(errorText(e)));
  };

  // The saved postmortem of this incident when there is one, else a fresh draft.
  useEffect(() => {
    let live = true;
    call('postmortem/list', {})
      .then(async (rows) => {
        const mine = rows.find((r) => r.incidentKey === incident);
        if (mine) {
          const record = await call('postmortem/get', { id: mine.id });
          if (!live) return;
          setDoc(record.doc);
          setSavedId(record.id);
          setZoneText(record.doc.zone);
        } else if (live) redraft(viewZone, 99.9);
      })
      .catch((e: unknown) => live && setError(errorText(e)));
    return () => {
      live = false;
    };
    // Once per incident: later changes come from the person.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [incident]);

  // The picked charts, rendered by the server with the exports' SVG renderer.
  const chartKey = doc ? JSON.stringify([doc.charts, doc.zone, doc.timeline.filter((t) => t.kind === 'change' || t.kind === 'mitigation').map((t) => t.ts)]) : '';
  useEffect(() => {
    if (!doc) return;
    let live = true;
    call('postmortem/charts', { doc })
      .then((c) => live && setCharts(c))
      .catch((e: unknown) => live && setError(errorText(e)));
    return () => {
      live = false;
    };
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [chartKey]);

  const update = (change: Partial<PostmortemDoc>): void => {
    setDoc((d) => (d ? { ...d, ...change } : d));
    setDirty(true);
  };
  // The causes' series, best cause first: the first few are the ones worth a chart.
  const candidates = useMemo(() => (detail.data?.series ?? []).slice(0, CHART_CANDIDATES), [detail.data]);

  if (!doc) {
    return (
      <div className="view postmortem">
        <div className="view-head">
          <button className="ghost small" onClick={() => go({ type: 'postmortem', incident: null })}>
            ← Incident
          </button>
        </div>
        <ErrorNote error={error} what="Postmortem" />
        {!error && <div className="muted pad">Drafting the postmortem…</div>}
      </div>
    );
  }

  const zoneOk = isValidZone(zoneText);
  const sloValue = Number(slo);
  const sloOk = sloValue > 0 && sloValue < 100;
  const save = (): void => {
    setError(null);
    call('postmortem/save', { id: savedId, doc })
      .then((r) => {
        setSavedId(r.id);
        setDirty(false);
        setNote(`Saved at ${zonedTime(r.updatedAt, doc.zone, { clock: true })}; indexed in the knowledge base.`);
      })
      .catch((e: unknown) => setError(errorText(e)));
  };
  const exportAs = (format: PostmortemExport['format']): void => {
    setError(null);
    call('postmortem/export', { doc, format })
      .then(async (out) => {
        if (format !== 'pdf') downloadText(out.fileName, out.text, out.mediaType);
        else if (await savePdfFromShell(out.fileName, out.text)) return;
        else if (!printHtml(out.text)) setError('The print window could not open (pop-ups blocked?): export HTML and print it from the browser.');
      })
      .catch((e: unknown) => setError(errorText(e)));
  };
  const togglePick = (seriesId: number, title: string): void =>
    update({ charts: doc.charts.some((c) => c.seriesId === seriesId) ? doc.charts.filter((c) => c.seriesId !== seriesId) : [...doc.charts, { seriesId, title }] });

  return (
    <div className="view postmortem" data-testid="postmortem">
      <div className="view-head pm-head">
        <button className="ghost small" onClick={() => go({ type: 'postmortem', incident: null })} title="Back to the incident's page">
          ← Incident
        </button>
        <input className="pm-title" value={doc.title} onChange={(e) => update({ title: e.target.value })} aria-label="Title" data-testid="pm-title" />
        <select value={doc.status} onChange={(e) => update({ status: e.target.value })} aria-label="Status">
          {['draft', 'in review', 'final'].map((s) => (
            <option key={s}>{s}</option>
          ))}
        </select>
        <span className="spacer" />
        <button className="primary" onClick={save} data-testid="pm-save" title="Save in the workspace and index in the knowledge base">
          {savedId ? 'Save' : 'Save postmortem'}
          {dirty ? ' *' : ''}
        </button>
        <button onClick={() => exportAs('md')} data-testid="pm-export-md">
          Export Markdown
        </button>
        <button onClick={() => exportAs('html')} data-testid="pm-export-html">
          Export HTML
        </button>
        <button onClick={() => exportAs('pdf')} data-testid="pm-export-pdf" title="Opens the HTML and the browser's print dialog (Save as PDF)">
          Export PDF
        </button>
      </div>
      <div className="pm-scroll">
        <ErrorNote error={error} what="Postmortem" />
        {note && <div className="hint" data-testid="pm-note">{note}</div>}
        <div className="pm-options">
          <label>
            Zone{' '}
            <input list="pm-zones" value={zoneText} onChange={(e) => setZoneText(e.target.value)} aria-label="Time zone" data-testid="pm-zone" className={zoneOk ? '' : 'invalid'} />
            <datalist id="pm-zones">
              {ZONES.map((z) => (
                <option key={z} value={z} />
              ))}
            </datalist>
          </label>
          <button
            className="small"
            disabled={!zoneOk || zoneText === doc.zone}
            // An untouched draft is drafted again in the zone (its sections too); an edited or saved one keeps its text.
            onClick={() => (!dirty && savedId === undefined && sloOk ? redraft(zoneText, sloValue) : update({ zone: zoneText }))}
            title="Write the times in this zone (an untouched draft is drafted again; edited text keeps its times, each with its offset)"
          >
            Use zone
          </button>
          <label>
            SLO{' '}
            <input className="pm-slo" value={slo} onChange={(e) => setSlo(e.target.value)} aria-label="SLO in percent" /> % over 30 days
          </label>
          <button
            className="small"
            disabled={!zoneOk || !sloOk}
            onClick={() => (!dirty || window.confirm('Redrafting replaces your edits. Redraft?')) && redraft(zoneText, sloValue)}
            data-testid="pm-redraft"
            title="Draft again from the incident's evidence, in this zone and against this SLO"
          >
            Redraft
          </button>
        </div>
        {doc.sections.map((s) => (
          <section key={s.id} className="pm-section">
            <h3>{s.title}</h3>
            <textarea
              value={s.text}
              rows={Math.min(18, Math.max(3, s.text.split('\n').reduce((n, line) => n + 1 + Math.floor(line.length / 150), 1)))}
              onChange={(e) => update({ sections: doc.sections.map((x) => (x.id === s.id ? { ...x, text: e.target.value } : x)) })}
              aria-label={s.title}
              data-testid={`pm-section-${s.id}`}
            />
            {s.id === 'impact' && (
              <div className="pm-charts">
                <div className="pm-chart-picks" data-testid="pm-chart-picker">
                  Charts:{' '}
                  {candidates.map((c) => {
                    const title = `${c.service ?? 'no service'} · ${c.name}`;
                    return (
                      <label key={c.id}>
                        <input type="checkbox" checked={doc.charts.some((p) => p.seriesId === c.id)} onChange={() => togglePick(c.id, title)} /> {title}
                      </label>
                    );
                  })}
                </div>
                {charts.map((c) => (
                  <img key={c.seriesId} className="pm-chart" src={svgImage(c.svg)} alt={c.title} data-testid="pm-chart" />
                ))}
              </div>
            )}
          </section>
        ))}
        <section className="pm-section">
          <h3>Timeline</h3>
          <TimelineEditor lines={doc.timeline} zone={doc.zone} onChange={(timeline) => update({ timeline })} />
        </section>
        <section className="pm-section">
          <h3>Evidence</h3>
          <ol className="pm-evidence">
            {doc.evidence.map((e) => (
              <li key={e.n} value={e.n}>
                <span className="mono">{zonedTime(e.ts, doc.zone)}</span> {e.kind}
                {e.service ? `, ${e.service}` : ''}: {e.text}
              </li>
            ))}
          </ol>
        </section>
        <KnowledgeSearch zone={doc.zone} />
      </div>
    </div>
  );
}
