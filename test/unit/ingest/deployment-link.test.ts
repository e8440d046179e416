/**
 * A GitHub deployment and its statuses exported to two files (`/deployments` and `/deployments/{id}/statuses`)
 * are one deploy on the timeline, whichever file is imported first: the statuses give it its end and outcome.
 */
import { copyFileSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { importPaths } from '../../../core/ingest/import';
import { WorkspaceStore } from '../../../core/store/workspace';
import { fixture } from './logs/helpers';

let dir: string;
let store: WorkspaceStore;

const deployment = [
  {
    url: 'https://api.github.com/repos/octo/shop/deployments/42',
    id: 42,
    sha: 'a30c19e1f2b3c4d5e6f7a8b9c0d1e2f3a4b5c6d7',
    ref: 'v2.0.0',
    task: 'deploy',
    environment: 'production',
    description: 'Deploy v2.0.0',
    creator: { login: 'deploy-bot' },
    created_at: '2025-03-14T10:00:00Z',
    updated_at: '2025-03-14T10:00:00Z',
    statuses_url: 'https://api.github.com/repos/octo/shop/deployments/42/statuses',
    repository_url: 'https://api.github.com/repos/octo/shop',
  },
];

beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'hindsight-deploy-link-'));
  writeFileSync(join(dir, 'deployments.json'), JSON.stringify(deployment));
  copyFileSync(fixture('events', 'github-deployment-statuses.json'), join(dir, 'statuses.json'));
  store = WorkspaceStore.open(join(dir, 'ws.hindsight'), { create: true });
});
afterEach(() => {
  store.close();
  rmSync(dir, { recursive: true, force: true });
});

const deploys = () => store.events(-Infinity, Infinity, 100, ['deploy']);

describe('a deployment and its statuses from two files', () => {
  it.each([
    ['deployments first', ['deployments.json', 'statuses.json']],
    ['statuses first', ['statuses.json', 'deployments.json']],
  ])('are one deploy with its outcome and end (%s)', async (_, order) => {
    for (const f of order) await importPaths(store, [join(dir, f)]);
    // The statuses file also holds deployment 43, which has no deployments row: a deploy of its own.
    const rows = deploys().map((r) => ({ ...r, attrs: JSON.parse(r.attrs) as Record<string, string> }));
    expect(rows.map((r) => r.attrs.deployment_id)).toEqual(['42', '43']);
    const [d42] = rows;
    expect(d42.attrs).toMatchObject({ state: 'success', version: 'v2.0.0', finished_at: '2025-03-14T10:06:40.000Z' });
    expect(d42.ts).toBe(Date.parse('2025-03-14T10:00:00Z'));
    expect(d42.end_ts).toBe(Date.parse('2025-03-14T10:06:40Z'));
    expect(d42.title).toMatch(/v2\.0\.0/);
  });

  it("says in the second file's notes that it joined the first", async () => {
    await importPaths(store, [join(dir, 'deployments.json')]);
    const r = await importPaths(store, [join(dir, 'statuses.json')]);
    expect(r.files[0].reason ?? '').toMatch(/joined the deploy of the same GitHub deployment/);
  });
});
