import { readdirSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { allReaders, claims, fixture, sniffFile, sniffText } from './helpers';

/** Every fixture of logs, events and topology, with the one reader that must claim it. */
const EXPECTED: Record<string, string> = {
  'logs/text-rfc3339.log': 'log-text',
  'logs/text-syslog-rfc3164.log': 'log-text',
  'logs/text-syslog-rfc5424.log': 'log-text',
  'logs/text-log4j.log': 'log-text',
  'logs/text-apache-error.log': 'log-text',
  'logs/text-epoch.log': 'log-text',
  'logs/text-python-logging.log': 'log-text',
  'logs/text-dst-berlin.log': 'log-text',
  'logs/text-dst-spring.log': 'log-text',
  'logs/cloudwatch-s3-export.log': 'log-text',
  'logs/text-gunicorn-python.log': 'log-text',
  'logs/text-java-trace.log': 'log-text',
  'logs/text-go-panic.log': 'log-text',
  'logs/text-node-trace.log': 'log-text',
  'logs/text-klog.log': 'log-text',
  'logs/text-spark.log': 'log-text',
  'logs/text-level-first.log': 'log-text-prefixed',
  'logs/text-compose.log': 'log-text-prefixed',
  'logs/kubectl-timestamps.log': 'log-kubectl',
  'logs/redis-server.log': 'log-redis',
  'logs/redis-server-old.log': 'log-redis',
  'logs/cri-node.log': 'log-cri',
  'logs/journald.json': 'log-journald-json',
  'logs/app-json-lines.ndjson': 'log-json-lines',
  'logs/loki-logcli.txt': 'log-loki-logcli',
  'logs/logfmt.log': 'log-logfmt',
  'logs/loki-jsonl.ndjson': 'log-loki-jsonl',
  'logs/loki-api.json': 'log-loki-api',
  'logs/es-search.json': 'log-elasticsearch-search',
  'logs/elasticdump.ndjson': 'log-elasticdump',
  'logs/kibana-discover.csv': 'log-kibana-csv',
  'logs/kibana-generate-csv.csv': 'log-kibana-csv',
  'logs/cloudwatch-filter-log-events.json': 'log-cloudwatch-filter-events',
  'logs/access-combined.log': 'log-access',
  'logs/access-common-vhost.log': 'log-access',
  'events/alertmanager-api-v2.json': 'events-alertmanager',
  'events/alertmanager-webhook.json': 'events-alertmanager',
  'events/alertmanager-webhooks.ndjson': 'events-alertmanager',
  'events/alertmanager-webhook-array.json': 'events-alertmanager',
  'events/pagerduty-incidents.csv': 'events-pagerduty-csv',
  'events/pagerduty-incidents.json': 'events-pagerduty-json',
  'events/k8s-events-v1.json': 'events-k8s',
  'events/k8s-events-events-k8s-io.json': 'events-k8s',
  'events/github-deployments.json': 'events-github-deployments',
  'events/github-deployments-with-statuses.json': 'events-github-deployments',
  'events/github-deployment-statuses.json': 'events-github-deployment-statuses',
  'events/argocd-application.json': 'events-argocd',
  'events/argocd-history.json': 'events-argocd',
  'events/events.csv': 'events-csv',
  'topology/edges.csv': 'topology-csv',
  'topology/edges-source-target.csv': 'topology-csv',
  'topology/edges.json': 'topology-json',
  'topology/edges-wrapped.json': 'topology-json',
  'topology/jaeger-dependencies.json': 'topology-json',
};

describe('format detection by content', () => {
  it('has an expectation for every fixture on disk', () => {
    const onDisk = (['logs', 'events', 'topology'] as const).flatMap((k) => readdirSync(fixture(k, '')).map((f) => `${k}/${f}`));
    expect(onDisk.sort()).toEqual(Object.keys(EXPECTED).sort());
  });

  for (const [name, id] of Object.entries(EXPECTED)) {
    it(`gives ${name} to exactly one reader, ${id}`, () => {
      const [kind, file] = name.split('/') as ['logs' | 'events' | 'topology', string];
      const c = claims(sniffFile(fixture(kind, file)));
      expect(c.map((x) => x.id)).toEqual([id]);
    });
  }

  it('never looks at the file name', () => {
    const path = fixture('logs', 'cri-node.log');
    const a = sniffFile(path);
    const b = { ...a, name: 'something.json' };
    for (const r of allReaders) expect(r.detect(b)).toBe(r.detect(a));
  });

  it('claims nothing for text that is none of the formats', () => {
    expect(claims(sniffText('hello world\nthis is not a log\n'))).toEqual([]);
    expect(claims(sniffText('{"a": 1}\n{"b": 2}\n'))).toEqual([]);
    expect(claims(sniffText('a,b,c\n1,2,3\n'))).toEqual([]);
    expect(claims(sniffText(''))).toEqual([]);
  });

  it('lets the plain-text reader yield to kubectl on a file it could also read', () => {
    const c = allReaders.find((r) => r.id === 'log-text');
    const sniff = sniffFile(fixture('logs', 'kubectl-timestamps.log'));
    expect(c?.detect(sniff)).toBeLessThan(0.5);
    expect(allReaders.find((r) => r.id === 'log-kubectl')?.detect(sniff)).toBeGreaterThanOrEqual(0.5);
  });
});
