import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import type { EventRecord } from '../../../../core/ingest/types';
import { githubDeploymentsReader, githubStatusesReader } from '../../../../core/ingest/formats/events';
import { claims, fixture, readFixture, readText, sniffText } from '../logs/helpers';

describe('GitHub deployment statuses', () => {
  it('turns a statuses file imported alone into one deploy per deployment, from queued to its outcome', async () => {
    const recs = await readFixture<EventRecord>(githubStatusesReader, fixture('events', 'github-deployment-statuses.json'));
    expect(recs.map((r) => [r.ts, r.endTs, r.title])).toEqual([
      [Date.UTC(2025, 2, 14, 10, 2, 11), Date.UTC(2025, 2, 14, 10, 6, 40), 'Deploy #42 to production: success'],
      [Date.UTC(2025, 2, 14, 11, 10), Date.UTC(2025, 2, 14, 11, 14, 5), 'Deploy #43 to production: failure'],
    ]);
    expect(recs[0]).toMatchObject({
      type: 'deploy',
      service: 'shop',
      attrs: {
        deployment_id: '42',
        environment: 'production',
        state: 'success',
        in_progress_at: '2025-03-14T10:02:30.000Z',
        finished_at: '2025-03-14T10:06:40.000Z',
        description: 'Rollout finished: 6/6 pods ready',
        creator: 'deploy-bot',
      },
    });
    expect(recs[1].attrs).toMatchObject({ state: 'failure', description: 'Readiness probe failed on 2/6 pods' });
  });

  it('leaves a rollout still under way open, and links by deployment_id when there is no deployment_url', async () => {
    const text = JSON.stringify([
      { id: 1, state: 'in_progress', environment: 'production', created_at: '2025-03-14T10:00:00Z', deployment_id: 7 },
      { id: 2, state: 'queued', environment: 'production', created_at: '2025-03-14T09:59:00Z', deployment: { id: 7, url: 'x' }, deployment_url: 'https://api.github.com/repos/o/r/deployments/7' },
    ]);
    const recs = await readText<EventRecord>(githubStatusesReader, text);
    expect(recs).toHaveLength(1);
    expect(recs[0]).toMatchObject({ ts: Date.UTC(2025, 2, 14, 9, 59), attrs: { deployment_id: '7', state: 'in_progress' } });
    expect(recs[0].endTs).toBeUndefined();
  });

  it('folds the statuses of a combined export (deployments each with statuses) into their deploy', async () => {
    const recs = await readFixture<EventRecord>(githubDeploymentsReader, fixture('events', 'github-deployments-with-statuses.json'));
    expect(recs[0]).toMatchObject({
      ts: Date.UTC(2025, 2, 14, 10, 2, 5),
      endTs: Date.UTC(2025, 2, 14, 10, 6, 40),
      title: 'Deploy v2.3.0@9f1c2ab to production: Release v2.3.0',
      attrs: { deployment_id: '42', state: 'success', production: 'true', in_progress_at: '2025-03-14T10:02:30.000Z' },
    });
    expect(recs[1]).toMatchObject({ attrs: { deployment_id: '44', state: 'in_progress', production: 'false' } });
    expect(recs[1].endTs).toBeUndefined();
  });

  it('gives statuses to the statuses reader and deployments (with or without statuses) to the deployments reader', () => {
    const statuses = readFileText('github-deployment-statuses.json');
    expect(claims(sniffText(statuses)).map((c) => c.id)).toEqual(['events-github-deployment-statuses']);
    expect(claims(sniffText(readFileText('github-deployments-with-statuses.json'))).map((c) => c.id)).toEqual(['events-github-deployments']);
  });

  it('does not claim a near miss: objects with a state and deployment_url that is not a deployment\'s', () => {
    const text = JSON.stringify([{ state: 'success', created_at: '2025-03-14T10:00:00Z', deployment_url: 'https://ci.example.com/job/3' }]);
    expect(githubStatusesReader.detect(sniffText(text))).toBe(0);
  });
});

function readFileText(name: string): string {
  return readFileSync(fixture('events', name), 'utf8');
}
