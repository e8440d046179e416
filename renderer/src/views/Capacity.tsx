/**
 * Capacity: resources ranked by runway to their limit (each with its forecast band and limit line), the
 * selected service's load → latency curve with its knee and the capacity at the SLO, a what-if panel
 * recomputed as the sliders move (baseline beside the scenario; scenarios can be saved and compared),
 * and a scaling plan to export as KEDA YAML or CSV.
 */
import { useEffect, useMemo, useState } from 'react';
import type { CapacityPlan, CapacityResource, ScenarioParams, WhatIfOutcome, WhatIfResult } from '../../../core/api/contract';
import { api } from '../api';
import { chartColours, fmtRunway, loadCurveFigure, runwayFigure } from '../components/capacity/figures';
import { ErrorNote } from '../components/ErrorNote';
import { Plot } from '../components/Plot';
import { TimeInput } from '../components/TimeInput';
import { useWorkspace } from '../context';
import { fmtValue } from '../format';
import { useDebounced } from '../hooks/useDebounced';
import { useCall } from '../queries';
import { fromInputValue, toInputValue } from '../time';
import { download } from '../download';

const HORIZONS = [
  { label: '3 days', hours: 72 },
  { label: '7 days', hours: 168 },
  { label: '14 days', hours: 336 },
  { label: '30 days', hours: 720 },
];

interface SavedScenario {
  name: string;
  service: string;
  scenario: ScenarioParams;
  outcome: WhatIfOutcome;
}

const pct = (x: number | null): string => (x === null ? '—' : `${Math.round(x * 100)} %`);

export function Capacity() {
  const { ws, zone, theme, nav } = useWorkspace();
  const [horizonHours, setHorizon] = useState(336);
  const [growthPct, setGrowth] = useState(0);
  const [limits, setLimits] = useState<Record<string, number>>({});
  const [slo, setSlo] = useState('');
  const [asOfText, setAsOf] = useState(() => (nav.capacity?.asOf !== undefined ? toInputValue(nav.capacity.asOf, zone) : ''));
  const growth = useDebounced(growthPct, 300);
  const sloSeconds = Number(useDebounced(slo, 500)) || undefined;
  const asOf = asOfText ? fromInputValue(asOfText, zone) : undefined;
  const params = useMemo(
    () => ({ horizonHours, growthPct: growth || undefined, limits: Object.keys(limits).length ? limits : undefined, sloSeconds, asOf: Number.isFinite(asOf) ? asOf : undefined }),
    [horizonHours, growth, limits, sloSeconds, asOf],
  );
  const q = useCall('capacity/overview', params);
  const overview = q.data;
  const [picked, setPicked] = useState<number | null>(nav.capacity?.seriesId ?? null);
  // Sent here for a series: it, when it is a resource; else its service's soonest-running-out resource.
  const resource =
    overview?.resources.find((r) => r.seriesId === picked) ??
    overview?.resources.find((r) => r.service === nav.capacity?.service && r.limit !== null) ??
    overview?.resources[0] ??
    null;
  const service = overview?.services.find((s) => s.service === (resource?.service ?? nav.capacity?.service)) ?? overview?.services[0] ?? null;
  const colours = chartColours(theme === 'dark');

  return (
    <div className="view capacity" data-testid="capacity">
      <div className="view-head">
        <div>
          <h2>Capacity</h2>
          <p className="muted">When each resource reaches its limit, how much load each service carries within its SLO, and what a change would do.</p>
        </div>
        <span className="spacer" />
        <div className="seg" role="group" aria-label="Horizon">
          {HORIZONS.map((h) => (
            <button key={h.hours} className={horizonHours === h.hours ? 'on' : ''} onClick={() => setHorizon(h.hours)}>
              {h.label}
            </button>
          ))}
        </div>
        <label className="slider" title="Judge as of this moment: what the runway was before an incident (empty: the end of the data)">
          as of
          <TimeInput value={asOfText} onChange={setAsOf} label="As of" />
        </label>
        <label className="slider">
          p95 SLO (s)
          <input className="limit-input" value={slo} placeholder="3× median" onChange={(e) => setSlo(e.target.value)} aria-label="Latency SLO in seconds" />
        </label>
        <label className="slider">
          traffic growth <b>{growthPct > 0 ? '+' : ''}{growthPct} %</b>
          <input type="range" min={-50} max={200} step={5} value={growthPct} onChange={(e) => setGrowth(Number(e.target.value))} aria-label="Traffic growth" />
        </label>
      </div>
      <ErrorNote error={q.error} what="capacity" />
      {!overview && !q.error && <p className="muted">Forecasting every resource… (this runs in the background; the first time takes a while)</p>}
      {overview && (
        <div className="capacity-grid">
          <section className="capacity-list">
            <div className="table-scroll">
              <table className="grid" data-testid="capacity-resources">
                <thead>
                  <tr>
                    <th>service</th>
                    <th>resource</th>
                    <th className="num">runway</th>
                    <th className="num">80 % interval</th>
                    <th className="num">p(cross)</th>
                    <th>limit</th>
                  </tr>
                </thead>
                <tbody>
                  {overview.resources.map((r) => (
                    <tr key={r.seriesId} className={r.seriesId === resource?.seriesId ? 'selected' : ''} onClick={() => setPicked(r.seriesId)} title={r.sentence}>
                      <td>{r.service ?? '—'}</td>
                      <td>{r.resource}</td>
                      <td className="num">{fmtRunway(r.runwayHours)}</td>
                      <td className="num">{r.runwayHours === null ? '' : `${fmtRunway(r.runwayLowHours)} – ${r.runwayHighHours === null ? 'later' : fmtRunway(r.runwayHighHours)}`}</td>
                      <td className="num">{pct(r.pCross)}</td>
                      <td>
                        <LimitCell r={r} onSet={(v) => setLimits((l) => ({ ...l, [String(r.seriesId)]: v }))} />
                      </td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
            {overview.notes.length > 0 && (
              <ul className="notes muted">
                {overview.notes.map((n) => (
                  <li key={n}>{n}</li>
                ))}
              </ul>
            )}
          </section>
          <section className="capacity-detail">
            {resource && (
              <>
                <h3 data-testid="runway-sentence">{resource.sentence}</h3>
                <p className="muted">
                  {resource.series} · {resource.method === 'trend' ? 'a climb extrapolated (Theil–Sen since the last reset)' : resource.method === 'forecast' ? 'the seasonal forecast' : 'forecast'} · limit{' '}
                  {resource.limitSource === 'series' ? 'from the dump' : resource.limitSource === 'implied' ? 'implied by the unit' : resource.limitSource === 'model' ? 'from the load model at the SLO' : resource.limitSource === 'user' ? 'set by you' : 'not set'}
                </p>
                <Plot {...runwayFigure(resource, zone, colours)} testId="runway-chart" />
              </>
            )}
            {service && (
              <>
                <h3>
                  {service.service}: carries {fmtValue(service.capacityPerReplica)} requests/s per replica within a p95 of {fmtValue(service.sloSeconds)} s ({service.replicas} replica{service.replicas === 1 ? '' : 's'}
                  {service.sloSource === 'default' ? '; SLO assumed: 3× the median' : ''})
                </h3>
                <p className="muted">
                  {service.kind === 'usl' ? 'Universal Scalability Law' : 'open queue (M/M/1)'} fitted to {service.demandSeries} against {service.latencySeries}; knee at {fmtValue(service.knee)} requests/s, most it can carry{' '}
                  {fmtValue(service.maxLoad)}; observed up to {fmtValue(Math.max(...service.points.load))} requests/s (beyond that the curve is the model's extrapolation).
                </p>
                <Plot {...loadCurveFigure(service, colours)} testId="load-curve" />
                <WhatIf key={`${ws.path}:${service.service}`} service={service.service} wsPath={ws.path} replicas={service.replicas} />
                <PlanPanel service={service.service} />
              </>
            )}
            {!service && <p className="muted">No service has both a request-rate and a p95 latency series: the load model, what-if and plan need them.</p>}
          </section>
        </div>
      )}
    </div>
  );
}

function LimitCell({ r, onSet }: { r: CapacityResource; onSet(v: number): void }) {
  const [text, setText] = useState('');
  if (r.limit !== null && r.limitSource !== 'user') return <span title={`limit ${r.limitSource}`}>{fmtValue(r.limit, r.unit)}</span>;
  return (
    <form
      onSubmit={(e) => {
        e.preventDefault();
        const v = Number(text);
        if (Number.isFinite(v) && v > 0) onSet(v);
      }}
      onClick={(e) => e.stopPropagation()}
    >
      <input className="limit-input" value={text} placeholder={r.limit !== null ? fmtValue(r.limit) : 'set limit'} onChange={(e) => setText(e.target.value)} aria-label={`Limit of ${r.series}`} />
    </form>
  );
}

function WhatIf({ service, wsPath, replicas }: { service: string; wsPath: string; replicas: number }) {
  const [growthPct, setGrowth] = useState(0);
  const [rep, setRep] = useState(replicas);
  const [spikeFactor, setSpike] = useState(1);
  const [spikeHours, setSpikeHours] = useState(6);
  const [addedMs, setAdded] = useState(0);
  const [result, setResult] = useState<WhatIfResult | null>(null);
  const [error, setError] = useState<string | null>(null);
  const storeKey = `hindsight.scenarios:${wsPath}`;
  const [saved, setSaved] = useState<SavedScenario[]>(() => {
    try {
      return JSON.parse(localStorage.getItem(storeKey) ?? '[]') as SavedScenario[];
    } catch {
      return [];
    }
  });
  const scenario: ScenarioParams = useMemo(
    () => ({
      growthPct,
      replicas: rep,
      addedLatency: addedMs / 1000,
      spike: spikeFactor > 1 ? { factor: spikeFactor, startMs: 0, hours: spikeHours } : undefined,
    }),
    [growthPct, rep, addedMs, spikeFactor, spikeHours],
  );
  useEffect(() => {
    const controller = new AbortController();
    // The launch starts at the beginning of the forecast: the first hour is when the server says.
    const s = scenario.spike ? { ...scenario, spike: { ...scenario.spike, startMs: result?.baseline.hours[0]?.ts ?? Date.now() } } : scenario;
    api
      .invoke('capacity/whatif', { service, scenario: s }, { signal: controller.signal })
      .then((r) => {
        setResult(r);
        setError(null);
      })
      .catch((e: unknown) => !controller.signal.aborted && setError(e instanceof Error ? e.message : String(e)));
    return () => controller.abort();
    // eslint-disable-next-line react-hooks/exhaustive-deps -- the spike start is read from the last answer on purpose
  }, [service, scenario]);
  const save = (): void => {
    if (!result) return;
    const next = [...saved, { name: `scenario ${saved.length + 1}`, service, scenario, outcome: result.scenario }];
    setSaved(next);
    localStorage.setItem(storeKey, JSON.stringify(next));
  };
  const row = (label: string, f: (o: WhatIfOutcome) => string) =>
    result && (
      <tr>
        <td>{label}</td>
        <td className="num">{f(result.baseline)}</td>
        <td className="num">{f(result.scenario)}</td>
      </tr>
    );
  const exhaustion = (o: WhatIfOutcome): string => {
    const soon = o.resources.filter((r) => r.exhaustionHours !== null).sort((a, b) => (a.exhaustionHours ?? 0) - (b.exhaustionHours ?? 0))[0];
    return soon ? `${soon.resource} in ${fmtRunway(soon.exhaustionHours)}` : 'none in the horizon';
  };
  return (
    <div className="whatif" data-testid="whatif">
      <h3>What if…</h3>
      <div className="whatif-controls">
        <label>
          traffic <b>{growthPct > 0 ? '+' : ''}{growthPct} %</b>
          <input type="range" min={-50} max={300} step={5} value={growthPct} onChange={(e) => setGrowth(Number(e.target.value))} aria-label="What-if traffic growth" />
        </label>
        <label>
          launch <b>×{spikeFactor}</b> for {spikeHours} h
          <input type="range" min={1} max={5} step={0.25} value={spikeFactor} onChange={(e) => setSpike(Number(e.target.value))} aria-label="Launch spike factor" />
          <input type="range" min={1} max={48} step={1} value={spikeHours} onChange={(e) => setSpikeHours(Number(e.target.value))} aria-label="Launch spike hours" />
        </label>
        <label>
          replicas <b>{rep}</b>
          <input type="range" min={1} max={Math.max(10, replicas * 4)} step={1} value={rep} onChange={(e) => setRep(Number(e.target.value))} aria-label="Replicas" />
        </label>
        <label>
          dependency adds <b>{addedMs} ms</b>
          <input type="range" min={0} max={1000} step={10} value={addedMs} onChange={(e) => setAdded(Number(e.target.value))} aria-label="Added dependency latency" />
        </label>
      </div>
      <ErrorNote error={error} what="what-if" />
      {result && (
        <table className="grid compact">
          <thead>
            <tr>
              <th />
              <th className="num">baseline</th>
              <th className="num">scenario</th>
            </tr>
          </thead>
          <tbody>
            {row('peak demand (requests/s)', (o) => fmtValue(o.peakDemand))}
            {row('peak utilisation', (o) => pct(o.peakUtilisation))}
            {row('peak p95 latency', (o) => (o.saturatedHours > 0 ? `saturated for ${o.saturatedHours} h` : o.peakLatency === null ? '—' : `${fmtValue(o.peakLatency)} s`))}
            {row('chance of breaching the SLO', (o) => pct(o.sloBreachProbability))}
            {row('first resource exhausted', exhaustion)}
          </tbody>
        </table>
      )}
      <p className="muted small">
        {result ? `recomputed in ${result.ms.toFixed(1)} ms` : ''} <button className="small" onClick={save} disabled={!result}>Save scenario</button>
      </p>
      {saved.filter((s) => s.service === service).length > 0 && (
        <table className="grid compact" data-testid="saved-scenarios">
          <thead>
            <tr>
              <th>saved</th>
              <th className="num">traffic</th>
              <th className="num">replicas</th>
              <th className="num">peak util.</th>
              <th className="num">p(SLO breach)</th>
              <th>exhausted first</th>
            </tr>
          </thead>
          <tbody>
            {saved
              .filter((s) => s.service === service)
              .map((s) => (
                <tr key={s.name}>
                  <td>{s.name}</td>
                  <td className="num">{s.scenario.growthPct ?? 0} %</td>
                  <td className="num">{s.scenario.replicas ?? '—'}</td>
                  <td className="num">{pct(s.outcome.peakUtilisation)}</td>
                  <td className="num">{pct(s.outcome.sloBreachProbability)}</td>
                  <td>{exhaustion(s.outcome)}</td>
                </tr>
              ))}
          </tbody>
        </table>
      )}
    </div>
  );
}

function PlanPanel({ service }: { service: string }) {
  const [days, setDays] = useState(7);
  const [lead, setLead] = useState(1);
  const [price, setPrice] = useState(0.05);
  const q = useCall('capacity/plan', { service, days, leadHours: lead, pricePerReplicaHour: price });
  const plan: CapacityPlan | undefined = q.data;
  const range = plan ? `${Math.min(...plan.hours.map((h) => h.replicas))}–${Math.max(...plan.hours.map((h) => h.replicas))}` : '';
  return (
    <div className="plan" data-testid="plan">
      <h3>Scaling plan</h3>
      <div className="whatif-controls">
        <label>
          days <input type="number" min={1} max={30} value={days} onChange={(e) => setDays(Math.max(1, Number(e.target.value) || 1))} />
        </label>
        <label>
          lead time (h) <input type="number" min={0} max={24} value={lead} onChange={(e) => setLead(Math.max(0, Number(e.target.value) || 0))} />
        </label>
        <label>
          price per replica-hour <input type="number" min={0} step={0.01} value={price} onChange={(e) => setPrice(Math.max(0, Number(e.target.value) || 0))} />
        </label>
      </div>
      <ErrorNote error={q.error} what="capacity" />
      {plan && (
        <>
          <p>
            {range} replicas over {plan.hours.length} h at {fmtValue(plan.perReplica)} requests/s each: {plan.cost.planReplicaHours} replica-hours (
            {plan.cost.planCost.toFixed(2)}) against {plan.cost.fixedReplicaHours} for today's fixed count ({plan.cost.fixedCost.toFixed(2)}){plan.capped ? `; ${plan.capped} h capped` : ''}.
          </p>
          <button className="small" onClick={() => download(`${service}-plan.yaml`, plan.yaml, 'application/yaml')}>
            Export KEDA YAML
          </button>{' '}
          <button className="small" onClick={() => download(`${service}-plan.csv`, plan.csv, 'text/csv')}>
            Export CSV
          </button>
        </>
      )}
    </div>
  );
}
