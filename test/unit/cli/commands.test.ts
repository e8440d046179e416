/**
 * The file and workspace commands of the `hindsight` CLI: detect, forecast, logs parse / templates, detect-format.
 * Most cases call main() in this process with stdout/stderr captured; two spawn the real binary.
 * Fixtures in test/fixtures/cli were made by the project: spike.csv (14 days hourly, a daily cycle, one spike of
 * +60 planted at 2024-03-11 10:00), seasonal-long.csv (two daily-seasonal series, long form), app.log (log4j-style
 * lines with one Java stack trace), bad-row.csv (a non-number on line 4).
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { gzipSync } from 'node:zlib';
import { parse } from 'csv-parse/sync';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { main } from '../../../core/cli/main';
import { csvField } from '../../../core/cli/commands/detect';
import { importPaths } from '../../../core/ingest/import';
import { WorkspaceStore } from '../../../core/store/workspace';

const ROOT = resolve(__dirname, '../../..');
const FIX = join(ROOT, 'test/fixtures/cli');
const FORMATS = join(ROOT, 'test/fixtures/formats');
const SPIKE_ROW = 250;

let dir: string;
let ws: string;
const savedHome = process.env.HINDSIGHT_HOME;

interface Ran {
  code: number;
  out: string;
  err: string;
}

/** Runs `hindsight ...args` in this process; returns the exit code and what went to stdout and stderr. */
async function run(...args: string[]): Promise<Ran> {
  let out = '';
  let err = '';
  const text = (c: string | Uint8Array): string => (typeof c === 'string' ? c : Buffer.from(c).toString('utf8'));
  const o = vi.spyOn(process.stdout, 'write').mockImplementation(((c: string | Uint8Array) => {
    out += text(c);
    return true;
  }) as typeof process.stdout.write);
  const e = vi.spyOn(process.stderr, 'write').mockImplementation(((c: string | Uint8Array) => {
    err += text(c);
    return true;
  }) as typeof process.stderr.write);
  const ce = vi.spyOn(console, 'error').mockImplementation((...a: unknown[]) => {
    err += `${a.join(' ')}\n`;
  });
  try {
    const code = await main(['node', 'hindsight', ...args]);
    return { code, out, err };
  } finally {
    o.mockRestore();
    e.mockRestore();
    ce.mockRestore();
  }
}

const csv = (text: string): string[][] => parse(text, { relax_column_count: false }) as string[][];
const tmp = (name: string, content: string | Buffer): string => {
  const p = join(dir, name);
  writeFileSync(p, content);
  return p;
};

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'hindsight-cli-'));
  process.env.HINDSIGHT_HOME = join(dir, 'home');
  ws = join(dir, 'w.hindsight');
  const store = WorkspaceStore.open(ws, { create: true });
  try {
    const r = await importPaths(store, [join(FIX, 'spike.csv'), join(FIX, 'seasonal-long.csv'), join(FIX, 'app.log')]);
    expect(r.totals.failed).toBe(0);
  } finally {
    store.close();
  }
});

afterAll(() => {
  if (savedHome === undefined) delete process.env.HINDSIGHT_HOME;
  else process.env.HINDSIGHT_HOME = savedHome;
  rmSync(dir, { recursive: true, force: true });
});

describe('hindsight detect FILE', () => {
  it('flags the planted spike in batch mode and writes one row per input row with the original timestamps', async () => {
    const out = join(dir, 'scored.csv');
    const r = await run('detect', join(FIX, 'spike.csv'), '--out', out);
    expect(r.code).toBe(0);
    const rows = csv(readFileSync(out, 'utf8'));
    expect(rows[0]).toEqual(['timestamp', 'value', 'expected', 'lower', 'upper', 'score', 'anomaly']);
    expect(rows).toHaveLength(1 + 336);
    const spike = rows[1 + SPIKE_ROW];
    expect(spike[0]).toBe('2024-03-11 10:00:00');
    expect(spike[6]).toBe('1');
    expect(Number(spike[1])).toBeGreaterThan(Number(spike[4]));
    const flagged = rows.slice(1).filter((row) => row[6] === '1').map((row) => row[0]);
    expect(flagged).toEqual(['2024-03-11 10:00:00']);
    for (const row of rows.slice(1)) {
      expect(Number(row[3])).toBeLessThanOrEqual(Number(row[2]));
      expect(Number(row[2])).toBeLessThanOrEqual(Number(row[4]));
    }
    expect(r.err).toMatch(/batch mode/);
    expect(r.err).toMatch(/method: seasonal; periods \(points\): 24 \(1d\)/);
    expect(r.err).toMatch(/anomaly ranges: 1 /);
    expect(r.out).toBe('');
  });

  it('flags the spike in causal mode, writing to stdout', async () => {
    const r = await run('detect', join(FIX, 'spike.csv'), '--causal');
    expect(r.code).toBe(0);
    const rows = csv(r.out);
    expect(rows).toHaveLength(1 + 336);
    expect(rows[1 + SPIKE_ROW][6]).toBe('1');
    // The alert column: the spike's score on the row where its alert opens, 0 on every row that opens none.
    expect(rows[0][7]).toBe('alert');
    expect(Number(rows[1 + SPIKE_ROW][7])).toBe(Number(rows[1 + SPIKE_ROW][5]));
    const opened = rows.slice(1).filter((row) => Number(row[7]) > 0);
    expect(opened.length).toBeGreaterThanOrEqual(1);
    for (const row of opened) expect(row[6]).toBe('1');
    expect(r.err).toMatch(/causal mode/);
    expect(r.err).toMatch(/alerts \(first flag of an episode\): [1-9]/);
  });

  it('reads a headerless file with epoch seconds and keeps them as written', async () => {
    const lines = readFileSync(join(FIX, 'spike.csv'), 'utf8').trim().split('\n').slice(1);
    const epoch = lines.map((l) => {
      const [t, v] = l.split(',');
      return `${Date.parse(`${t.replace(' ', 'T')}Z`) / 1000},${v}`;
    });
    const r = await run('detect', tmp('epoch.csv', `${epoch.join('\n')}\n`));
    expect(r.code).toBe(0);
    const rows = csv(r.out);
    expect(rows).toHaveLength(1 + 336);
    expect(rows[1][0]).toBe('1709251200');
    expect(rows.slice(1).filter((row) => row[6] === '1').map((row) => row[0])).toEqual([String(Date.UTC(2024, 2, 11, 10) / 1000)]);
  });

  it('draws a narrower band for a smaller --interval-width', async () => {
    const wide = csv((await run('detect', join(FIX, 'spike.csv'))).out);
    const narrow = csv((await run('detect', join(FIX, 'spike.csv'), '--interval-width', '0.8')).out);
    const width = (row: string[]): number => Number(row[4]) - Number(row[3]);
    expect(width(narrow[10])).toBeLessThan(width(wide[10]) * 0.8);
  });

  it('names the file, line and value of a bad row, and exits 1', async () => {
    const r = await run('detect', join(FIX, 'bad-row.csv'));
    expect(r.code).toBe(1);
    expect(r.err).toContain(`hindsight: ${join(FIX, 'bad-row.csv')}:4: expected a number (or an empty field for a missing value), found "abc"`);
    const cols = await run('detect', tmp('three.csv', 'a,b,c\n1,2,3\n'));
    expect(cols.code).toBe(1);
    expect(cols.err).toMatch(/three\.csv:1: expected 2 columns \(timestamp,value\), found "a,b,c"/);
    const ts = await run('detect', tmp('badts.csv', 'timestamp,value\nyesterday,1\n'));
    expect(ts.err).toMatch(/badts\.csv:2: expected a timestamp \(ISO 8601 or epoch seconds\/ms\), found "yesterday"/);
  });

  it('refuses bad options and missing input with a message', async () => {
    expect((await run('detect', join(FIX, 'spike.csv'), '--interval-width', '2')).err).toMatch(
      /hindsight: --interval-width: expected a number between 0 and 1/,
    );
    expect((await run('detect', join(dir, 'nope.csv'))).err).toMatch(/nope\.csv: no such file/);
    expect((await run('detect')).err).toMatch(/nothing to analyse/);
    const r = await run('detect', join(FIX, 'spike.csv'), '--out', join(dir, 'no-such-dir', 'x.csv'));
    expect(r.code).toBe(1);
    expect(r.err).toMatch(/--out: cannot write/);
  });
});

describe('hindsight detect --workspace', () => {
  it('runs the analysis and lists the planted spike as a ranked anomaly', async () => {
    const r = await run('detect', '--workspace', ws);
    expect(r.code).toBe(0);
    expect(r.out).toMatch(/2024-03-11T10:00:00\.000Z \.\. 2024-03-11T10:00:00\.000Z\s+up\s+\d+\.\dσ\s+high\s+value/);
    expect(r.err).toMatch(/analysed 3 series/);
  });

  it('keeps to the series named with --series and prints JSON', async () => {
    const r = await run('detect', '--workspace', ws, '--series', 'VAL', '--json');
    expect(r.code).toBe(0);
    const list = JSON.parse(r.out) as { series: string; start: string; severity: string; sigmas: number }[];
    expect(list.length).toBeGreaterThanOrEqual(1);
    expect(new Set(list.map((a) => a.series))).toEqual(new Set(['value']));
    expect(list[0]).toMatchObject({ start: '2024-03-11T10:00:00.000Z', severity: 'high' });
    expect(list[0].sigmas).toBeGreaterThan(10);
  });

  it('lists anomaly episodes best first with --episodes, the spike among them', async () => {
    const r = await run('detect', '--workspace', ws, '--episodes', '--json');
    expect(r.code).toBe(0);
    const list = JSON.parse(r.out) as { start: string; end: string; score: number; series: number; title: string }[];
    expect(list.length).toBeGreaterThanOrEqual(1);
    for (let i = 1; i < list.length; i++) expect(list[i].score).toBeLessThanOrEqual(list[i - 1].score);
    expect(list.some((e) => e.start <= '2024-03-11T10:00:00.000Z' && e.end >= '2024-03-11T10:00:00.000Z')).toBe(true);
    expect(r.err).toMatch(/anomaly episode\(s\) shown, best first/);
  });

  it('says which --series name matched nothing', async () => {
    const r = await run('detect', '--workspace', ws, '--series', 'nope');
    expect(r.code).toBe(1);
    expect(r.err).toMatch(/hindsight: --series: no series matches "nope" \(the workspace has 3 series/);
  });
});

describe('hindsight forecast', () => {
  it('forecasts each series of a long CSV on its own, 24 rows each, lower <= forecast <= upper', async () => {
    const out = join(dir, 'forecast.csv');
    const r = await run('forecast', join(FIX, 'seasonal-long.csv'), '--horizon', '24', '--out', out);
    expect(r.code).toBe(0);
    const rows = csv(readFileSync(out, 'utf8'));
    expect(rows[0]).toEqual(['series', 'timestamp', 'forecast', 'lower', 'upper', 'model']);
    for (const name of ['web_rps', 'db_cpu']) {
      const mine = rows.slice(1).filter((row) => row[0] === name);
      expect(mine).toHaveLength(24);
      // The last observation is 2024-03-14T23:00Z; the forecast continues the hourly grid.
      expect(mine[0][1]).toBe('2024-03-15T00:00:00.000Z');
      expect(mine[23][1]).toBe('2024-03-15T23:00:00.000Z');
      for (const [, , f, lo, hi, model] of mine) {
        expect(Number(lo)).toBeLessThanOrEqual(Number(f));
        expect(Number(f)).toBeLessThanOrEqual(Number(hi));
        expect(['seasonal-naive', 'mstl-ets', 'random-forest']).toContain(model);
      }
      expect(r.err).toMatch(new RegExp(`${name}: 336 points, step 1h, model \\S+`));
    }
    expect(r.err.match(/^ {2}mstl-ets\s+\d+\.\d+\s+\d+\.\d+\s+\d\.\d\d/gm)).toHaveLength(2);
    // The web_rps forecast follows its daily cycle: near its midday peak, far above its midnight trough.
    const web = rows.filter((row) => row[0] === 'web_rps').map((row) => Number(row[2]));
    expect(Math.max(...web) - Math.min(...web)).toBeGreaterThan(100);
  });

  it('names a headerless 2-column series after the file and says when it crosses a threshold', async () => {
    const t0 = Date.UTC(2024, 0, 1);
    const lines = Array.from({ length: 72 }, (_, i) => `${new Date(t0 + i * 3_600_000).toISOString()},${(40 + 0.5 * i).toFixed(1)}`);
    const r = await run('forecast', tmp('disk.csv', `${lines.join('\n')}\n`), '--horizon', '48', '--threshold', '90');
    expect(r.code).toBe(0);
    const rows = csv(r.out);
    expect(rows).toHaveLength(1 + 48);
    expect(new Set(rows.slice(1).map((row) => row[0]))).toEqual(new Set(['disk']));
    // The last value is 75.5, rising 0.5 an hour: 90 is about 29 hours away.
    expect(r.err).toMatch(/disk rises above 90 in about \d+(\.\d)? (hours|days)/);
  });

  it('forecasts stored series of a workspace through the forecast task', async () => {
    const r = await run('forecast', '--workspace', ws, '--series', 'db_cpu', '--horizon', '4');
    expect(r.code).toBe(0);
    const rows = csv(r.out);
    expect(rows).toHaveLength(1 + 4);
    expect(rows.slice(1).map((row) => row[0])).toEqual(['db_cpu', 'db_cpu', 'db_cpu', 'db_cpu']);
    expect(r.err).toMatch(/db_cpu: 336 points/);
  });

  it('refuses a missing or bad --horizon and a workspace without --series', async () => {
    expect((await run('forecast', join(FIX, 'spike.csv'))).err).toMatch(/hindsight: --horizon is required/);
    expect((await run('forecast', join(FIX, 'spike.csv'), '--horizon', '0')).err).toMatch(/--horizon: expected a whole number ≥ 1, found "0"/);
    expect((await run('forecast', join(FIX, 'spike.csv'), '--horizon', '3', '--level', '80')).err).toMatch(/--level: expected a number between 0 and 1/);
    const r = await run('forecast', '--workspace', ws, '--horizon', '4');
    expect(r.code).toBe(1);
    expect(r.err).toMatch(/--workspace needs --series/);
  });
});

describe('hindsight logs parse', () => {
  it('gives every line its template id; the lines of a stack trace share their event\'s id', async () => {
    const out = join(dir, 'app-templates.csv');
    const r = await run('logs', 'parse', join(FIX, 'app.log'), '--out', out);
    expect(r.code).toBe(0);
    const rows = csv(readFileSync(out, 'utf8'));
    expect(rows[0]).toEqual(['line', 'template_id', 'template']);
    expect(rows.slice(1).map((row) => Number(row[0]))).toEqual(Array.from({ length: 22 }, (_, i) => i + 1));
    const byLine = new Map(rows.slice(1).map((row) => [Number(row[0]), { id: row[1], template: row[2] }]));
    // Lines 9-14: the error and its stack trace (exception, three frames, "... 12 more").
    for (let l = 10; l <= 14; l++) expect(byLine.get(l)).toEqual(byLine.get(9));
    expect(byLine.get(9)?.template).toBe('Connection pool exhausted after <*> ms');
    const logins = [1, 3, 5, 7, 15, 17].map((l) => byLine.get(l));
    expect(new Set(logins.map((x) => x?.id)).size).toBe(1);
    expect(logins[0]?.template).toBe('User <*> logged in from <*>');
    expect([19, 20, 21, 22].map((l) => byLine.get(l)?.template)).toEqual(Array(4).fill('Deleted <*> expired sessions'));
    expect(new Set(rows.slice(1).map((row) => row[1])).size).toBe(4);
    expect(r.err).toMatch(/22 lines, 17 events, 4 templates/);
  });

  it('reads gzip and CRLF files the same way, and quotes fields that need it', async () => {
    const text = `${readFileSync(join(FIX, 'app.log'), 'utf8')}2024-03-01 12:01:00,001 INFO  [main] c.e.Cache - Cache "users" miss, reloading 42 entries\n`;
    const plain = await run('logs', 'parse', tmp('plus.log', text));
    const gz = await run('logs', 'parse', tmp('plus-crlf.log.gz', gzipSync(Buffer.from(text.replace(/\n/g, '\r\n')))));
    expect(plain.code).toBe(0);
    expect(gz.out).toBe(plain.out);
    const rows = csv(plain.out);
    expect(rows).toHaveLength(1 + 23);
    expect(rows[23][2]).toBe('Cache "users" miss, reloading <*> entries');
    expect(plain.out).toContain('"Cache ""users"" miss, reloading <*> entries"');
  });

  it('says which file is missing', async () => {
    const r = await run('logs', 'parse', join(dir, 'missing.log'));
    expect(r.code).toBe(1);
    expect(r.err).toMatch(/hindsight: .*missing\.log: no such file/);
  });
});

describe('hindsight logs templates', () => {
  it('lists the workspace\'s templates with counts and ISO first/last seen', async () => {
    const r = await run('logs', 'templates', ws, '--json');
    expect(r.code).toBe(0);
    const list = JSON.parse(r.out) as { id: string; count: number; firstSeen: string; lastSeen: string; pattern: string; service: string | null }[];
    const deleted = list.filter((t) => t.pattern === 'Deleted <*> expired sessions');
    expect(deleted.reduce((n, t) => n + t.count, 0)).toBe(4);
    expect(list.reduce((n, t) => n + t.count, 0)).toBe(17);
    for (const t of list) {
      expect(t.firstSeen).toMatch(/^2024-03-01T12:00:\d\d\.\d{3}Z$/);
      expect(t.lastSeen >= t.firstSeen).toBe(true);
    }
    const limited = await run('logs', 'templates', ws, '--limit', '2');
    expect(limited.out.trim().split('\n')).toHaveLength(1 + 2);
    expect(limited.out).toMatch(/^id\s+service\s+count\s+first seen\s+last seen\s+pattern/);
    const one = list[0];
    const svc = JSON.parse((await run('logs', 'templates', ws, '--json', '--service', one.service ?? '')).out) as { service: string }[];
    expect(svc.length).toBeGreaterThan(0);
    expect(new Set(svc.map((t) => t.service))).toEqual(new Set([one.service]));
  });

  it('says when the workspace does not exist', async () => {
    const r = await run('logs', 'templates', join(dir, 'none.hindsight'));
    expect(r.code).toBe(1);
    expect(r.err).toMatch(/none\.hindsight: no such workspace file/);
  });
});

describe('hindsight detect-format', () => {
  it('names the reader the importer would pick, and why a file would be skipped', async () => {
    const gz = tmp('range.bin', gzipSync(readFileSync(join(FORMATS, 'metrics/prom-query-range.json'))));
    const empty = tmp('empty.txt', '');
    const files = [join(FORMATS, 'logs/text-log4j.log'), join(FORMATS, 'metrics/prom-query-range.json'), join(FORMATS, 'metrics/csv-long.csv'), gz, empty];
    const r = await run('detect-format', ...files, '--json');
    expect(r.code).toBe(0);
    const v = JSON.parse(r.out) as { path: string; reader: string | null; kind: string | null; confidence: number; skipped: string | null }[];
    expect(v.map((x) => x.reader)).toEqual(['log-text', 'prometheus-query-range', 'csv-long', 'prometheus-query-range', null]);
    expect(v.map((x) => x.kind)).toEqual(['logs', 'metrics', 'metrics', 'metrics', null]);
    expect(v[1].confidence).toBeGreaterThanOrEqual(0.5);
    expect(v[4].skipped).toBe('empty file');
    const text = await run('detect-format', join(FORMATS, 'metrics/prom-query-range.json'), empty);
    expect(text.out).toMatch(/prom-query-range\.json: prometheus-query-range — .+ \[metrics\], confidence \d\.\d\d/);
    expect(text.out).toMatch(/empty\.txt: skipped: empty file/);
  });

  it('fails on a path that does not exist', async () => {
    const r = await run('detect-format', join(dir, 'ghost.json'));
    expect(r.code).toBe(1);
    expect(r.err).toMatch(/ghost\.json: no such file or folder/);
  });
});

describe('hindsight serve', () => {
  it('refuses a bad --port or --max-upload-mb with a sentence, before creating any workspace', async () => {
    const file = join(dir, 'never-created.hindsight');
    for (const bad of [['--port', 'abc'], ['--port', '70000'], ['--port', '80.5'], ['--max-upload-mb', '0']]) {
      const r = await run('serve', file, ...bad);
      expect(r.code).toBe(1);
      expect(r.err).toMatch(/argument '.*' is invalid\. expected (a port number|a size in MB) \(a whole number from \d+ to \d+\)\./);
      expect(r.err).not.toMatch(/NaN/);
    }
    expect(existsSync(file)).toBe(false);
  });
});

describe('help and the binary', () => {
  it.each(['detect', 'forecast', 'logs', 'logs parse', 'logs templates', 'detect-format'])('hindsight %s --help exits 0 with usage', async (cmd) => {
    const r = await run(...cmd.split(' '), '--help');
    expect(r.code).toBe(0);
    expect(r.out).toContain(`Usage: hindsight ${cmd}`);
  });

  it('quotes CSV fields only when they need it', () => {
    expect(csvField('plain <*> text')).toBe('plain <*> text');
    expect(csvField('a,b')).toBe('"a,b"');
    expect(csvField('say "hi"')).toBe('"say ""hi"""');
    expect(csvField('two\nlines')).toBe('"two\nlines"');
  });

  it('runs as node bin/hindsight.mjs: --help exits 0, bad input exits 1 with "hindsight: <message>"', () => {
    const env = { ...process.env, HINDSIGHT_HOME: join(dir, 'home') };
    const help = spawnSync(process.execPath, [join(ROOT, 'bin/hindsight.mjs'), 'detect', '--help'], { env, encoding: 'utf8' });
    expect(help.status).toBe(0);
    expect(help.stdout).toContain('Usage: hindsight detect');
    const bad = spawnSync(process.execPath, [join(ROOT, 'bin/hindsight.mjs'), 'detect', join(FIX, 'bad-row.csv')], { env, encoding: 'utf8' });
    expect(bad.status).toBe(1);
    expect(bad.stderr.trim()).toMatch(/^hindsight: .*bad-row\.csv:4: expected a number/);
    expect(bad.stdout).toBe('');
  });
});
