/**
 * The investigation as a person would check it: planted incidents in small systems, and what the ranked
 * causes, changes, mitigations, groups and noise must say about them.
 */
import { describe, expect, it } from 'vitest';
import { DEFAULT_RULES, investigate, investigateAt } from '../../../../core/analysis/incidents/investigate';
import { HOUR, MIN, T0, World } from './world';

const ONSET = T0 + 20 * HOUR;

/** db behind a cascade of timeouts: db's CPU and query latency first, then its callers, then theirs. */
function cascade(): World {
  const w = new World([
    ['gateway', 'api'],
    ['api', 'orders'],
    ['api', 'users'],
    ['orders', 'db'],
    ['users', 'db'],
  ]);
  w.shift('db', 'cpu', ONSET, 3).shift('db', 'duration', ONSET, 20);
  for (const s of ['orders', 'users']) {
    w.shift(s, 'duration', ONSET + 3 * MIN, 10).shift(s, 'errors', ONSET + 3 * MIN, 40);
    w.pattern(s, ONSET + 5 * MIN, 'Repository - Query failed after <*> ms: statement timeout');
    w.alert('HighErrorRate', s, ONSET + 5 * MIN);
  }
  w.shift('api', 'errors', ONSET + 6 * MIN, 30).pattern('api', ONSET + 5 * MIN, 'upstream orders timed out after <*>');
  w.shift('gateway', 'errors', ONSET + 9 * MIN, 20);
  return w;
}

describe('root-cause ranking', () => {
  it('ranks the database behind a cascade of timeouts first, though its callers log the errors', () => {
    const { incidents } = investigate(cascade().input());
    expect(incidents).toHaveLength(1);
    const [inc] = incidents;
    expect(inc.rootCauses[0].service).toBe('db');
    expect(inc.services[0]).toBe('db');
    expect(inc.services).toEqual(expect.arrayContaining(['orders', 'users', 'api', 'gateway']));
    // Within db, what moved most comes first, and the evidence says why db explains the rest.
    expect(inc.rootCauses[0].metrics[0].metric).toMatch(/duration|cpu/);
    expect(inc.rootCauses[0].evidence.map((e) => e.text).join(' ')).toMatch(/explains 4 affected caller/);
    expect(Math.abs(inc.onset - ONSET)).toBeLessThanOrEqual(MIN);
  });

  it("ranks the caller whose traffic surged over the store it saturated", () => {
    const w = new World([
      ['gateway', 'web'],
      ['web', 'cache'],
    ]);
    w.shift('gateway', 'requests', ONSET, 3).shift('web', 'requests', ONSET, 3).shift('cache', 'requests', ONSET, 3);
    w.shift('cache', 'cpu', ONSET + MIN, 3).shift('cache', 'duration', ONSET + MIN, 8);
    w.shift('web', 'duration', ONSET + 2 * MIN, 4).shift('gateway', 'duration', ONSET + 3 * MIN, 4);
    w.alert('HighCPUUsage', 'cache', ONSET + 4 * MIN);
    const [inc] = investigate(w.input()).incidents;
    expect(inc.rootCauses[0].service).toBe('gateway');
    expect(inc.rootCauses.findIndex((c) => c.service === 'cache')).toBeGreaterThan(0);
    expect(inc.rootCauses[0].evidence.map((e) => e.text).join(' ')).toMatch(/request rate surged/);
  });

  it('ranks the caller of a slow network path, not the server whose own side stays healthy', () => {
    const w = new World([
      ['web', 'checkout'],
      ['checkout', 'payments'],
    ]);
    w.shift('checkout', 'duration', ONSET, 8).alert('HighLatencyP99', 'checkout', ONSET + 3 * MIN);
    w.shift('web', 'duration', ONSET + MIN, 5);
    const [inc] = investigate(w.input()).incidents;
    expect(inc.rootCauses[0].service).toBe('checkout');
    expect(inc.services).not.toContain('payments');
  });

  it('puts a cause a person rejected last, and one they confirmed first, on the next run', () => {
    const input = cascade().input();
    const rejected = investigate({ ...input, verdicts: [{ onset: ONSET, target: 'service', ref: 'db', verdict: 'not-cause' }] }).incidents[0];
    expect(rejected.rootCauses[0].service).not.toBe('db');
    expect(rejected.rootCauses.at(-1)?.service).toBe('db');
    const confirmed = investigate({ ...input, verdicts: [{ onset: ONSET, target: 'service', ref: 'gateway', verdict: 'cause' }] }).incidents[0];
    expect(confirmed.rootCauses[0].service).toBe('gateway');
  });
});

/** api fails at ONSET (errors and latency), its caller web a minute later. */
function apiFailure(): World {
  const w = new World([
    ['web', 'api'],
    ['api', 'db'],
    ['web', 'search'],
  ]);
  w.shift('api', 'errors', ONSET, 30).shift('api', 'duration', ONSET, 6).alert('HighErrorRate', 'api', ONSET + 2 * MIN);
  w.shift('web', 'errors', ONSET + MIN, 10);
  return w;
}

describe('change attribution', () => {
  it("blames the root service's config change over an unrelated deploy five minutes before the onset", () => {
    const w = apiFailure();
    const config = w.change('config', 'api', ONSET - 20 * MIN, 'db.pool.max 50 -> 5', { key: 'db.pool.max', oldValue: '50', newValue: '5' });
    const unrelated = w.change('deploy', 'web', ONSET - 5 * MIN, 'Release 4.1.0: new banner', { version: '4.1.0' });
    const [inc] = investigate(w.input()).incidents;
    expect(inc.changes[0].id).toBe(config);
    expect(inc.changes[0].reasons.join(' ')).toMatch(/db\.pool\.max 50 → 5/);
    expect(inc.changes.findIndex((c) => c.id === unrelated)).not.toBe(0);
    expect(inc.summary).toMatch(/Most likely cause: the config at 19:40 on api \(db\.pool\.max 50 -> 5\)/);
  });

  it('recognises a rollback after the onset as mitigation, not as a cause', () => {
    const w = apiFailure();
    const deploy = w.change('deploy', 'api', ONSET - 2 * MIN, 'Release 2.0.0', { version: '2.0.0' });
    const rollback = w.change('rollback', 'api', ONSET + 40 * MIN, 'Rollback to 1.9.3');
    const [inc] = investigate(w.input()).incidents;
    expect(inc.changes[0].id).toBe(deploy);
    expect(inc.changes.map((c) => c.id)).not.toContain(rollback);
    expect(inc.mitigations.map((c) => c.id)).toEqual([rollback]);
    expect(inc.summary).toMatch(/Mitigated by Rollback to 1\.9\.3 at 20:40/);
  });

  it('dates a leak from the deploy that began its climb, not from the OOM kill hours later', () => {
    const w = new World([
      ['orders', 'notifications'],
      ['orders', 'db'],
    ]);
    const deploy = w.change('deploy', 'notifications', T0 + 4 * HOUR, 'Release 4.27.0: keep rendered messages for retries', { version: '4.27.0' });
    w.change('deploy', 'orders', T0 + 29 * HOUR, 'Release 2.3.1: copy edits', { version: '2.3.1' });
    const oom = T0 + 30 * HOUR;
    w.ramp('notifications', 'memory', T0 + 4 * HOUR, oom, 2.6);
    w.shift('notifications', 'duration', oom - 20 * MIN, 4, 25 * MIN).shift('notifications', 'errors', oom, 20, 10 * MIN);
    w.alert('ContainerMemoryNearLimit', 'notifications', oom - 30 * MIN).alert('ContainerOOMKilled', 'notifications', oom);
    w.pattern('notifications', oom, 'Previous instance terminated: reason=OOMKilled exitCode=<*>');
    const [inc] = investigate(w.input()).incidents;
    expect(inc.rootCauses[0].service).toBe('notifications');
    expect(inc.changes[0].id).toBe(deploy);
    expect(inc.onset).toBe(T0 + 4 * HOUR);
    expect(inc.kind).toBe('memory-leak');
    expect(inc.summary).toMatch(/^From Mar 13 04:00 UTC memory of notifications rose from 3\d\d MiB to 7\d\d MiB over 2\d h/);
  });

  it('dates a disk-full incident from the start of the fill, not from the write errors an hour later', () => {
    const w = new World([
      ['web', 'api'],
      ['api', 'db'],
    ]).addMetric('db', 'disk_used_ratio', 0.6);
    const fill = ONSET - 70 * MIN;
    w.change('deploy', 'db', ONSET - 4 * HOUR, 'Release 15.2: minor version');
    w.ramp('db', 'disk_used', fill, ONSET + 2 * HOUR, 1.9);
    w.shift('db', 'errors', ONSET, 40, 40 * MIN).shift('db', 'duration', ONSET, 3, 40 * MIN).shift('api', 'errors', ONSET + 2 * MIN, 20, 40 * MIN);
    w.alert('HighErrorRate', 'db', ONSET + 3 * MIN).alert('HighErrorRate', 'api', ONSET + 5 * MIN);
    w.pattern('db', ONSET, 'could not extend file "base/16384/<*>": No space left on device');
    const [inc] = investigate(w.input()).incidents;
    expect(inc.rootCauses[0].service).toBe('db');
    expect(Math.abs(inc.onset - fill)).toBeLessThanOrEqual(10 * MIN);
    // A fill dated to minutes is not a leak of days: the routine release hours before it explains nothing.
    expect(inc.changes).toEqual([]);
    // Without the rule the onset is the first write error.
    const [old] = investigate(w.input(), { ...DEFAULT_RULES, fillOnset: false }).incidents;
    expect(Math.abs(old.onset - ONSET)).toBeLessThanOrEqual(MIN);
  });

  it('answers "none" when no change fits: a deploy hours before, on a service the incident never touched', () => {
    const w = apiFailure();
    w.change('deploy', 'search', ONSET - 3 * HOUR, 'Release 7.0.0');
    const [inc] = investigate(w.input()).incidents;
    expect(inc.changes).toEqual([]);
    expect(inc.summary).toMatch(/no recorded change explains it/);
  });
});

describe('grouping and noise', () => {
  it('keeps two overlapping but unrelated incidents apart', () => {
    const w = new World([
      ['web', 'api'],
      ['api', 'db'],
      ['shop', 'pay'],
      ['pay', 'bank'],
    ]);
    w.shift('db', 'duration', ONSET, 10, 90 * MIN).shift('db', 'cpu', ONSET, 3, 90 * MIN).shift('api', 'errors', ONSET + 3 * MIN, 20, 90 * MIN);
    w.alert('HighErrorRate', 'api', ONSET + 5 * MIN);
    w.shift('pay', 'errors', ONSET + 30 * MIN, 30).shift('pay', 'duration', ONSET + 30 * MIN, 5).shift('shop', 'errors', ONSET + 32 * MIN, 10);
    w.alert('HighErrorRate', 'pay', ONSET + 33 * MIN);
    const { incidents } = investigate(w.input());
    expect(incidents).toHaveLength(2);
    const byRoot = new Map(incidents.map((i) => [i.rootCauses[0].service, i]));
    expect([...byRoot.keys()].sort()).toEqual(['db', 'pay']);
    expect(byRoot.get('db')?.services.sort()).toEqual(['api', 'db']);
    expect(byRoot.get('pay')?.services.sort()).toEqual(['pay', 'shop']);
    expect(byRoot.get('pay')?.alerts.map((a) => a.service)).toEqual(['pay']);
  });

  it("keeps a caller's own CPU saturation apart from its callee's incident it starts during", () => {
    const w = new World([
      ['gateway', 'orders'],
      ['orders', 'payments'],
    ]);
    w.change('config', 'payments', ONSET - MIN, 'db.pool.max 50 -> 5', { key: 'db.pool.max', oldValue: '50', newValue: '5' });
    w.shift('payments', 'duration', ONSET, 8, 60 * MIN).shift('payments', 'errors', ONSET + MIN, 30, 60 * MIN);
    w.alert('HighErrorRate', 'payments', ONSET + 5 * MIN);
    // orders waits on payments (a symptom, 90 min long), then saturates its own CPU half an hour in.
    w.shift('orders', 'duration', ONSET + 3 * MIN, 5, 90 * MIN).alert('HighLatencyP99', 'orders', ONSET + 8 * MIN);
    const saturation = ONSET + 30 * MIN;
    w.shift('orders', 'cpu', saturation, 3, 50 * MIN).alert('HighCPUUsage', 'orders', saturation + 5 * MIN);
    w.pattern('orders', saturation, 'TaskExecutor - Executor pool saturated: active=<*> queued=<*>', 'new', 'warn');
    w.shift('gateway', 'duration', saturation + 3 * MIN, 3, 40 * MIN).alert('HighLatencyP99', 'gateway', saturation + 6 * MIN);
    const { incidents } = investigate(w.input());
    expect(incidents).toHaveLength(2);
    const byRoot = new Map(incidents.map((i) => [i.rootCauses[0].service, i]));
    expect([...byRoot.keys()].sort()).toEqual(['orders', 'payments']);
    expect(Math.abs((byRoot.get('orders')?.onset ?? 0) - saturation)).toBeLessThanOrEqual(MIN);
    expect(byRoot.get('payments')?.changes[0]?.title).toBe('db.pool.max 50 -> 5');
    expect(byRoot.get('orders')?.alerts.map((a) => a.name)).toContain('HighCPUUsage');
    // Without the rule the saturation is taken for one more symptom of payments.
    expect(investigate(w.input(), { ...DEFAULT_RULES, ownSaturation: false }).incidents).toHaveLength(1);
  });

  it('sets an always-firing Watchdog, a certificate warning and a nightly job aside as noise, out of incidents', () => {
    const w = cascade();
    w.alert('Watchdog', null, T0, T0 + 48 * HOUR, 'none', 'wd');
    w.alert('SSLCertExpiringSoon', 'gateway', ONSET + 2 * MIN, ONSET + 3 * HOUR, 'warning', 'cert');
    for (const day of [-1, 0, 1]) w.alert('BackupJobSlow', 'db', T0 + day * 24 * HOUR + 2 * HOUR, T0 + day * 24 * HOUR + 2 * HOUR + 20 * MIN, 'warning', 'backup');
    const { incidents, noise } = investigate(w.input());
    expect(Object.fromEntries(noise.map((n) => [n.name, n.reason]))).toEqual({ Watchdog: 'always-firing', SSLCertExpiringSoon: 'certificate', BackupJobSlow: 'nightly' });
    expect(noise.find((n) => n.name === 'BackupJobSlow')?.count).toBe(3);
    const absorbed = incidents.flatMap((i) => i.alerts.map((a) => a.name));
    expect(absorbed).not.toContain('Watchdog');
    expect(absorbed).not.toContain('SSLCertExpiringSoon');
    expect(absorbed).toContain('HighErrorRate');
  });

  it('folds a flapping alert into one with a count', () => {
    const w = cascade();
    for (let i = 0; i < 6; i++) w.alert('HighLatencyP99', 'db', ONSET + i * 4 * MIN, ONSET + i * 4 * MIN + 2 * MIN, 'critical', 'flappy');
    const [inc] = investigate(w.input()).incidents;
    expect(inc.alerts.filter((a) => a.fingerprint === 'flappy')).toEqual([expect.objectContaining({ count: 6, service: 'db' })]);
  });
});

describe('a named moment', () => {
  it('ranks the causes around --at, and answers null where nothing happened', () => {
    const input = cascade().input();
    expect(investigateAt(input, ONSET + 2 * MIN)?.rootCauses[0].service).toBe('db');
    expect(investigateAt(input, ONSET - 10 * HOUR)).toBeNull();
  });
});
