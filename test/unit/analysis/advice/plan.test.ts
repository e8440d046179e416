/** The remediation plan as Markdown: never-executed notice, steps by stage with commands, effects and verification. */
import { describe, expect, it } from 'vitest';
import { NEVER_EXECUTED, planMarkdown } from '../../../../core/analysis/advice/plan';
import { recommendForIncident } from '../../../../core/analysis/advice/recommend';
import { matchRunbooks } from '../../../../core/analysis/advice/runbooks';
import { badDeploy, starterRunbooks } from './fixtures';

describe('planMarkdown', () => {
  const runbooks = starterRunbooks();
  const incident = badDeploy({ kind: 'memory-leak', kindProbability: 0.9 });
  const recommendations = recommendForIncident({ incident, runbooks, baseline: { seriesId: 38, metric: 'http_errors_per_second', unit: null, before: 0.417 } });
  const md = planMarkdown({ incident, recommendations, runbooks: matchRunbooks(incident, runbooks), writtenAt: Date.UTC(2026, 2, 7) });

  it('says nothing was executed, at the top and on the eligible steps', () => {
    expect(md.split('\n')[2]).toBe(`> **${NEVER_EXECUTED}**`);
    expect(md).toContain('- Stage: **eligible for automation** (exported, never run by Hindsight)');
  });

  it('lists each step under its stage with commands, expected effect and verification', () => {
    const stages = [...md.matchAll(/^## (.+)$/gm)].map((m) => m[1]);
    expect(stages[0]).toBe('Eligible for automation');
    expect(stages).toContain('Matching runbooks');
    expect(md).toContain('### 1. ');
    expect(md).toContain('1. `kubectl rollout restart deployment/inventory`');
    expect(md).toContain('- verify: `max(process_resident_memory_bytes{service="inventory"})`');
    expect(md).toContain('- Expected effect: ');
    expect(md).toContain('returns to about 0.417');
    expect(md).toContain('**Relieve a memory leak (heap capture, then restart)** (`memory-leak-restart`, built-in');
  });

  it('says so when there is nothing to do', () => {
    expect(planMarkdown({ incident, recommendations: [], runbooks: [], writtenAt: 0 })).toContain('No recommendation for this incident.');
  });
});
