/**
 * `hindsight forecast`: forecasts with prediction intervals for the series of a CSV (`timestamp,value` or the long
 * form `series,timestamp,value`) or of a workspace, the model picked per series by backtest; optionally the time to
 * a threshold. Output CSV: series,timestamp,forecast,lower,upper,model (ISO timestamps); summary on stderr.
 */
import type { Command } from 'commander';
import type { SeriesInfo } from '../../api/contract';
import { forecast, type ForecastResult } from '../../analysis/timeseries/forecast';
import { timeToThreshold, type ThresholdResult } from '../../analysis/timeseries/threshold';
import { useAugursFromNodeModules } from '../../host/augurs-wasm';
import { isValidZone } from '../../ingest/time';
import { JobPool } from '../../jobs/pool';
import { makeNodeWorker } from '../../jobs/node-worker';
import { progressPrinter } from '../progress';
import { cliService, csvField, fmtStep, fractionOption, intOption, iso, matchSeries, num, openSink, readSeriesCsv, type Sink } from './detect';

interface ForecastCliOptions {
  horizon?: string;
  out?: string;
  level?: string;
  threshold?: string;
  zone: string;
  workspace?: string;
  series?: string[];
}

interface Settings {
  horizon: number;
  level?: number;
  threshold?: number;
}

export function registerForecastCommand(p: Command): void {
  p.command('forecast')
    .summary('Forecast series of a CSV or a workspace N steps ahead, with intervals')
    .description(
      'Forecast each series N steps ahead with prediction intervals (seasonal naive, MSTL+ETS or a random forest, ' +
        'picked per series by rolling-origin backtest). Writes series,timestamp,forecast,lower,upper,model ' +
        '(ISO timestamps); the chosen model and each model\'s backtest MASE, sMAPE and interval coverage go to stderr.',
    )
    .argument(
      '[file]',
      'CSV of timestamp,value (series named after the value column, or the file stem without a header) or ' +
        'series,timestamp,value (many series, each forecast on its own); .gz allowed',
    )
    .option('--horizon <n>', 'steps ahead, in each series\' own step (its median spacing); required')
    .option('--out <file>', 'write the forecast CSV here instead of stdout')
    .option('--level <l>', 'prediction interval level, 0..1 (default 0.8)')
    .option('--threshold <t>', 'also say when each series is likely to cross this value (stderr)')
    .option('--zone <zone>', 'IANA time zone for ISO times without an offset', 'UTC')
    .option('--workspace <file>', 'forecast stored series of this workspace (*.hindsight) instead of a file')
    .option('--series <names...>', 'with --workspace: series whose name or key contains one of these (required)')
    .addHelpText(
      'after',
      '\nExamples:\n  hindsight forecast disk.csv --horizon 48 --threshold 90 --out disk-forecast.csv\n' +
        '  hindsight forecast --workspace prod.hindsight --series node_filesystem_avail --horizon 168',
    )
    .exitOverride()
    .action(async (file: string | undefined, o: ForecastCliOptions) => {
      if (o.horizon === undefined) throw new Error('--horizon is required (steps ahead, e.g. --horizon 24)');
      const settings: Settings = {
        horizon: intOption('--horizon', o.horizon, 1) as number,
        level: fractionOption('--level', o.level, 0, 1),
        threshold: thresholdOption(o.threshold),
      };
      if (settings.horizon > 100_000) throw new Error(`--horizon: at most 100000 steps, found ${settings.horizon}`);
      if (!isValidZone(o.zone)) throw new Error(`--zone: unknown time zone "${o.zone}" (expected an IANA name like Europe/Berlin)`);
      if (o.workspace) {
        if (file) throw new Error(`give either a FILE or --workspace, not both (got ${file} and --workspace ${o.workspace})`);
        if (!o.series?.length) throw new Error('--workspace needs --series NAME... (which series to forecast)');
        await forecastWorkspace(o.workspace, o.series, settings, o.out);
        return;
      }
      if (!file) throw new Error('nothing to forecast: give a CSV FILE or --workspace W --series NAME (see hindsight forecast --help)');
      if (o.series) throw new Error('--series applies to --workspace mode');
      await forecastFile(file, settings, o.zone, o.out);
    });
}

function thresholdOption(raw: string | undefined): number | undefined {
  if (raw === undefined) return undefined;
  const v = Number(raw);
  if (raw.trim() === '' || !Number.isFinite(v)) throw new Error(`--threshold: expected a number, found "${raw}"`);
  return v;
}

const HEADER = 'series,timestamp,forecast,lower,upper,model\n';

async function writeForecast(sink: Sink, name: string, f: ForecastResult): Promise<void> {
  const s = csvField(name);
  const model = f.model ?? '';
  for (const pt of f.points) {
    await sink.write(`${s},${iso(pt.ts)},${num(pt.forecast)},${num(pt.lower)},${num(pt.upper)},${model}\n`);
  }
}

/** The stderr summary of one series: model, backtest per model, threshold sentence, notes. */
function summary(name: string, points: number, f: ForecastResult, t: ThresholdResult | null): string {
  const lines = [
    `${name}: ${points} points, step ${fmtStep(f.stepMs)}, ` +
      (f.model ? `model ${f.model} (${f.backtest.origins ? `backtest over ${f.backtest.origins} origins` : 'no backtest'})` : 'not forecast'),
  ];
  if (f.backtest.origins > 0 && f.backtest.perModel.length) {
    lines.push(`  ${'model'.padEnd(16)} ${'MASE'.padStart(7)} ${'sMAPE%'.padStart(8)} ${`cover@${Math.round(f.level * 100)}%`.padStart(10)}`);
    for (const m of f.backtest.perModel) {
      const fix = (v: number, d: number): string => (Number.isFinite(v) ? v.toFixed(d) : '-');
      const mark = m.model === f.model ? ' *' : '';
      lines.push(`  ${m.model.padEnd(16)} ${fix(m.mase, 3).padStart(7)} ${fix(m.smape, 2).padStart(8)} ${fix(m.coverage, 2).padStart(10)}${mark}`);
    }
  }
  if (t) lines.push(`  ${t.sentence}`);
  for (const note of new Set([...f.notes, ...(t?.notes ?? [])])) lines.push(`  note: ${note}`);
  return `${lines.join('\n')}\n`;
}

async function forecastFile(file: string, st: Settings, zone: string, out?: string): Promise<void> {
  const csv = await readSeriesCsv(file, { zone, long: true });
  const sink = openSink(out);
  let written = 0;
  try {
    await sink.write(HEADER);
    for (const [i, s] of csv.series.entries()) {
      if (csv.series.length > 1) process.stderr.write(`[${i + 1}/${csv.series.length}] `);
      const ts = Float64Array.from(s.ts);
      const values = Float64Array.from(s.values);
      const opts = { horizon: st.horizon, level: st.level };
      useAugursFromNodeModules();
      const f = forecast(ts, values, opts);
      const t = st.threshold === undefined ? null : timeToThreshold(ts, values, { ...opts, threshold: st.threshold, name: s.name });
      await writeForecast(sink, s.name, f);
      written += f.points.length;
      process.stderr.write(summary(s.name, s.ts.length, f, t));
    }
  } finally {
    await sink.close();
  }
  process.stderr.write(`${csv.series.length} series, ${written} forecast rows${out ? ` -> ${out}` : ''}\n`);
}

async function forecastWorkspace(workspace: string, names: string[], st: Settings, out?: string): Promise<void> {
  const service = cliService();
  try {
    const ws = service.openWorkspace(workspace);
    const all = (await service.invoke('series/list', { limit: 100_000 })) as SeriesInfo[];
    const chosen = matchSeries(all, names);
    const sink = openSink(out);
    const pool = new JobPool(makeNodeWorker, 1);
    const printer = progressPrinter(process.stderr);
    const controller = new AbortController();
    const stop = (): void => controller.abort();
    process.once('SIGINT', stop);
    let written = 0;
    try {
      await sink.write(HEADER);
      for (const [i, s] of chosen.entries()) {
        const r = await pool.run(
          'forecast',
          { workspace: ws.path, seriesId: s.id, horizon: st.horizon, level: st.level, threshold: st.threshold },
          {
            signal: controller.signal,
            onProgress: (pr) => printer.update({ ...pr, done: i, total: chosen.length, message: `${pr.message} (${i + 1} of ${chosen.length})` }),
          },
        );
        await writeForecast(sink, s.key, r.forecast);
        written += r.forecast.points.length;
        process.stderr.write(summary(s.key, s.count, r.forecast, r.threshold));
      }
      printer.done();
    } finally {
      process.off('SIGINT', stop);
      await pool.close();
      await sink.close();
    }
    process.stderr.write(`${chosen.length} series, ${written} forecast rows${out ? ` -> ${out}` : ''}\n`);
  } finally {
    await service.close();
  }
}
