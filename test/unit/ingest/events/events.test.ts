import { describe, expect, it } from 'vitest';
import type { EventRecord } from '../../../../core/ingest/types';
import { ParseError } from '../../../../core/ingest/types';
import {
  alertmanagerReader,
  argocdReader,
  eventsCsvReader,
  githubDeploymentsReader,
  k8sEventsReader,
  pagerdutyCsvReader,
  pagerdutyJsonReader,
} from '../../../../core/ingest/formats/events';
import { fixture, readFixture, readText } from '../logs/helpers';

const read = (reader: typeof alertmanagerReader, name: string, over = {}) =>
  readFixture<EventRecord>(reader, fixture('events', name), over);

describe('Alertmanager', () => {
  it('reads API v2 alerts: service from labels, severity, title, and no end time for current alerts', async () => {
    const recs = await read(alertmanagerReader, 'alertmanager-api-v2.json');
    expect(recs[0]).toMatchObject({
      type: 'alert',
      ts: Date.UTC(2024, 0, 15, 10, 5),
      service: 'checkout',
      severity: 'critical',
      title: 'HighErrorRate: High error rate on checkout',
      attrs: { env: 'prod', 'annotation.runbook_url': 'https://runbooks/checkout', fingerprint: 'a1b2c3d4', state: 'active' },
    });
    expect(recs[0].endTs).toBeUndefined();
    expect(recs[0].attrs?.endsAt).toBe('2024-01-15T10:20:00.000Z');
    expect(recs[1]).toMatchObject({ service: 'node', title: 'DiskFull: Disk 91% full', attrs: { state: 'suppressed' } });
  });

  it('reads one webhook payload: a zero endsAt means still open', async () => {
    const recs = await read(alertmanagerReader, 'alertmanager-webhook.json');
    expect(recs).toHaveLength(2);
    expect(recs[0]).toMatchObject({ service: 'web', severity: 'page', title: 'Latency: p99 over 2s', attrs: { receiver: 'team-web', state: 'firing' } });
    expect(recs.every((r) => r.endTs === undefined)).toBe(true);
  });

  it('merges the firing and resolved payloads of one alert (NDJSON) into one event with its end', async () => {
    const recs = await read(alertmanagerReader, 'alertmanager-webhooks.ndjson');
    expect(recs).toHaveLength(1);
    expect(recs[0]).toMatchObject({ ts: Date.UTC(2024, 1, 1, 12), endTs: Date.UTC(2024, 1, 1, 12, 30), attrs: { state: 'resolved' } });
  });

  it('reads an array of payloads the same way', async () => {
    const recs = await read(alertmanagerReader, 'alertmanager-webhook-array.json');
    expect(recs.map((r) => [r.attrs?.fingerprint, r.endTs])).toEqual([['ff01', Date.UTC(2024, 1, 1, 12, 30)], ['ff02', undefined]]);
  });

  it('names the line of an alert without startsAt', async () => {
    const err = await readText(alertmanagerReader, '[\n{"labels":{"alertname":"X"},\n"endsAt":"2024-01-01T00:00:00Z"}\n]', { file: 'am.json' }).catch((e) => e);
    expect(err).toBeInstanceOf(ParseError);
    expect(err.message).toBe('am.json:2: expected startsAt (RFC 3339), found "nothing"');
  });
});

describe('PagerDuty', () => {
  it('reads the incidents CSV: times with offsets, open incidents without end, quoted commas', async () => {
    const recs = await read(pagerdutyCsvReader, 'pagerduty-incidents.csv');
    expect(recs[0]).toMatchObject({
      type: 'incident',
      ts: Date.UTC(2024, 0, 15, 15, 5),
      endTs: Date.UTC(2024, 0, 15, 16),
      title: 'Checkout latency, p99 > 2s',
      service: 'checkout',
      severity: 'high',
      attrs: { incident_number: '1042' },
    });
    expect(recs[1]).toMatchObject({ ts: Date.UTC(2024, 0, 16, 8), service: 'database' });
    expect(recs[1].endTs).toBeUndefined();
  });

  it('reads API incidents: service and priority summaries, end from the last status change when resolved', async () => {
    const recs = await read(pagerdutyJsonReader, 'pagerduty-incidents.json');
    expect(recs[0]).toMatchObject({
      title: 'The server is on fire.',
      ts: Date.UTC(2024, 0, 15, 10),
      endTs: Date.UTC(2024, 0, 15, 10, 45),
      service: 'My Mail Service',
      severity: 'P2',
    });
    expect(recs[1]).toMatchObject({ service: 'Worker', severity: 'low', attrs: { status: 'acknowledged' } });
    expect(recs[1].endTs).toBeUndefined();
  });

  it('refuses an incidents CSV without created_on, naming the header line', async () => {
    await expect(readText(pagerdutyCsvReader, 'incident_number,description\n1,x\n', { file: 'pd.csv' })).rejects.toThrow(
      'pd.csv:1: expected a header with created_on, found "incident_number,description"',
    );
  });
});

describe('Kubernetes events', () => {
  it('reads core/v1 events: ScalingReplicaSet as a deploy, repeated events as ranges, workloads as services', async () => {
    const recs = await read(k8sEventsReader, 'k8s-events-v1.json');
    expect(recs.map((r) => [r.type, r.service, r.severity])).toEqual([
      ['deploy', 'checkout', 'info'],
      ['k8s', 'checkout', 'warning'],
      ['k8s', 'worker', 'info'],
    ]);
    expect(recs[0].title).toBe('ScalingReplicaSet: Scaled up replica set checkout-7d4b9c6f8 to 3');
    expect(recs[1]).toMatchObject({ ts: Date.UTC(2024, 0, 15, 10, 1), endTs: Date.UTC(2024, 0, 15, 10, 6), attrs: { count: '5', object: 'checkout-7d4b9c6f8-x2x7k' } });
    expect(recs[2].ts).toBe(Date.UTC(2024, 0, 15, 10, 2, 0, 123));
  });

  it('reads events.k8s.io/v1: regarding, note, eventTime, series', async () => {
    const recs = await read(k8sEventsReader, 'k8s-events-events-k8s-io.json');
    expect(recs[0]).toMatchObject({ ts: Date.UTC(2024, 0, 15, 10, 0, 0, 500), service: 'api', title: 'Killing: Stopping container api' });
    expect(recs[1]).toMatchObject({ endTs: Date.UTC(2024, 0, 15, 10, 9), severity: 'warning', attrs: { count: '4' } });
  });

  it('reads one event a line (--watch)', async () => {
    const line = JSON.stringify({ involvedObject: { kind: 'Node', name: 'node-1' }, reason: 'NodeNotReady', firstTimestamp: '2024-01-01T00:00:00Z' });
    const recs = await readText<EventRecord>(k8sEventsReader, `${line}\n${line}\n`);
    expect(recs.map((r) => r.service)).toEqual(['node-1', 'node-1']);
  });
});

describe('deployments', () => {
  it('reads GitHub deployments: repository as service, ref@sha and environment in the title', async () => {
    const recs = await read(githubDeploymentsReader, 'github-deployments.json');
    expect(recs[0]).toMatchObject({
      type: 'deploy',
      ts: Date.UTC(2024, 0, 15, 9, 55),
      service: 'shop',
      title: 'Deploy v1.4.0@a30c19e to production: Deploy request from hubot',
      attrs: { environment: 'production', creator: 'octocat' },
    });
    expect(recs[1]).toMatchObject({ title: 'Deploy main@b41d to staging', attrs: { state: 'success' } });
  });

  it('reads Argo CD history inside an Application, with the app as service and start..end ranges', async () => {
    const recs = await read(argocdReader, 'argocd-application.json');
    expect(recs.map((r) => [r.ts, r.endTs, r.service, r.title])).toEqual([
      [Date.UTC(2024, 0, 15, 9), Date.UTC(2024, 0, 15, 9, 0, 30), 'guestbook', 'Argo CD sync guestbook to 4e22a3c'],
      [Date.UTC(2024, 0, 15, 11), undefined, 'guestbook', 'Argo CD sync guestbook to 53e28ff'],
    ]);
    expect(recs[0].attrs).toMatchObject({ repoURL: 'https://github.com/argoproj/argocd-example-apps.git', targetRevision: 'HEAD' });
  });

  it('reads a bare Argo CD history array', async () => {
    const recs = await read(argocdReader, 'argocd-history.json');
    expect(recs.map((r) => r.attrs?.id)).toEqual(['0', '1']);
    expect(recs[0].service).toBeUndefined();
  });
});

describe('plain events CSV', () => {
  it('maps kinds to event types, reads ISO, offset, epoch and zone-less times, keeps the word in attrs', async () => {
    const recs = await read(eventsCsvReader, 'events.csv', { zone: 'Europe/London' });
    expect(recs.map((r) => [r.type, r.ts, r.service, r.title])).toEqual([
      ['deploy', Date.UTC(2024, 0, 15, 9, 55), 'checkout', 'Rolled out v1.4.0'],
      ['config', Date.UTC(2024, 0, 15, 9, 30), 'checkout', 'enable new-pricing for 10%'],
      ['config', 1_705_316_400_000, 'search', 'raised pool size, 20 -> 40'],
      ['other', Date.UTC(2024, 0, 15, 12), 'billing', 'DB failover drill'],
    ]);
    expect(recs[3].attrs?.kind).toBe('maintenance');
  });

  it('refuses a row with an unquoted comma instead of cutting its description short', async () => {
    const text = 'time,service,kind,description\n2024-01-15T10:00:00Z,api,deploy,rolled out v2, then back\n';
    await expect(readText(eventsCsvReader, text, { file: 'ev.csv' })).rejects.toThrow(
      'ev.csv:2: expected 4 fields (as the header), found "5 fields: 2024-01-15T10:00:00Z,api,deploy,rolled out v2, then back"',
    );
  });

  it('refuses a row with too few fields, or skips and counts it with --skip-bad-lines', async () => {
    const text = 'time,service,kind,description\n2024-01-15T10:00:00Z,api,deploy\n2024-01-15T11:00:00Z,api,deploy,v3\n';
    await expect(readText(eventsCsvReader, text, { file: 'ev.csv' })).rejects.toThrow(/^ev\.csv:2: expected 4 fields \(as the header\), found "3 fields/);
    const bad: string[] = [];
    const recs = await readText<EventRecord>(eventsCsvReader, text, { skipBadLines: true, onBadLine: (line, m) => bad.push(`${line}: ${m}`) });
    expect(recs.map((r) => r.title)).toEqual(['v3']);
    expect(bad).toEqual([expect.stringMatching(/^2: expected 4 fields/)]);
  });

  it('keeps empty trailing fields a spreadsheet adds, which lose nothing', async () => {
    const recs = await readText<EventRecord>(eventsCsvReader, 'time,kind,description\n2024-01-15T10:00:00Z,deploy,v1,,\n');
    expect(recs.map((r) => r.title)).toEqual(['v1']);
  });

  it('names the row whose time cannot be read', async () => {
    await expect(readText(eventsCsvReader, 'time,kind,description\nsoon,deploy,x\n', { file: 'ev.csv' })).rejects.toThrow(
      'ev.csv:2: expected a time in column time (ISO 8601 or epoch), found "soon"',
    );
  });
});
