/**
 * Runbooks: the front-matter subset and its checks (every error names the file and the line), the steps of
 * the body, the shipped starter set, matching and ranking for an incident, and placeholders.
 */
import { describe, expect, it } from 'vitest';
import { fillPlaceholders, matchRunbooks, mergeRunbooks, parseRunbook, RunbookError } from '../../../../core/analysis/advice/runbooks';
import { ROOT_CAUSE_KINDS } from '../../../../core/analysis/incidents/types';
import { badDeploy, starterRunbooks } from './fixtures';

const GOOD = `---
id: my-rollback   # a comment
title: "Roll back: the quick way"
action: rollback
risk: low
match:
  kinds: [bad-deploy, config-change]
  services:
    - inventory
    - "pay*"
  metrics: ["http_errors*", "/latency|duration/i"]
  logs: []
---
Some prose.

## Steps
### Undo
- command: \`kubectl rollout undo deployment/{service}\`
- expect: the old pods serve
- verify: \`kubectl rollout status deployment/{service}\`

### Check
command: kubectl get pods
`;

/** The error parseRunbook throws for `text`. */
function errorOf(text: string): RunbookError {
  try {
    parseRunbook(text, 'bad.md', 'user');
  } catch (err) {
    if (err instanceof RunbookError) return err;
    throw err;
  }
  throw new Error('no error thrown');
}

describe('parseRunbook', () => {
  it('reads the front-matter subset (scalars, quoted strings, inline and block lists, a nested map, comments) and the steps', () => {
    const r = parseRunbook(GOOD, 'my.md', 'user');
    expect(r).toMatchObject({ id: 'my-rollback', title: 'Roll back: the quick way', action: 'rollback', risk: 'low', origin: 'user', file: 'my.md' });
    expect(r.match).toEqual({ kinds: ['bad-deploy', 'config-change'], services: ['inventory', 'pay*'], metrics: ['http_errors*', '/latency|duration/i'], logs: [] });
    expect(r.steps).toEqual([
      { title: 'Undo', command: 'kubectl rollout undo deployment/{service}', expect: 'the old pods serve', verify: 'kubectl rollout status deployment/{service}' },
      { title: 'Check', command: 'kubectl get pods', expect: '', verify: '' },
    ]);
    expect(r.body).toContain('Some prose.');
  });

  it('names the file and the line of an unknown kind', () => {
    const e = errorOf(GOOD.replace('kinds: [bad-deploy, config-change]', 'kinds: [bad-deploy, gremlins]'));
    expect(e.message).toMatch(/^bad\.md:7: match\.kinds/);
    expect(e.line).toBe(7);
  });

  it('names the line of an unknown key, a missing colon, a bad indentation and a bad regex', () => {
    expect(errorOf(GOOD.replace('risk: low', 'risk: low\nowner: me')).message).toMatch(/^bad\.md:1: .*owner/);
    expect(errorOf(GOOD.replace('risk: low', 'risk low')).message).toBe('bad.md:5: expected "key: value", got: risk low');
    expect(errorOf(GOOD.replace('action: rollback', 'action: rollback\n   extra: 1')).message).toMatch(/^bad\.md:5: unexpected indentation/);
    expect(errorOf(GOOD.replace('"/latency|duration/i"', '"/(unclosed/"')).message).toMatch(/^bad\.md:11: match\.metrics: bad pattern/);
    expect(errorOf(GOOD.replace('risk: low', 'risk: extreme')).message).toMatch(/^bad\.md:5: risk:/);
  });

  it('refuses a file without front-matter, an unclosed block and a step without a command', () => {
    expect(errorOf('# just Markdown\n').message).toMatch(/^bad\.md:1: a runbook starts with a front-matter block/);
    expect(errorOf('---\nid: x\n').message).toMatch(/^bad\.md:1: the front-matter block is not closed/);
    expect(errorOf(GOOD.replace('command: kubectl get pods', 'expect: nothing')).message).toMatch(/^bad\.md:22: step "Check" has no "command:" line/);
  });
});

describe('the starter runbooks', () => {
  const runbooks = starterRunbooks();

  it('all parse, with steps that each carry a command and a verification', () => {
    expect(runbooks.length).toBeGreaterThanOrEqual(10);
    for (const r of runbooks) {
      expect(r.steps.length, r.id).toBeGreaterThan(0);
      for (const s of r.steps) expect(s.verify, `${r.id}: ${s.title}`).not.toBe('');
    }
  });

  it('cover every kind the classifier names (but unknown)', () => {
    const covered = new Set(runbooks.flatMap((r) => r.match.kinds));
    for (const kind of ROOT_CAUSE_KINDS) if (kind !== 'unknown') expect(covered.has(kind), kind).toBe(true);
  });
});

describe('matchRunbooks', () => {
  const runbooks = starterRunbooks();

  it('ranks the rollback runbook first for a bad deploy, with its reasons', () => {
    const [best] = matchRunbooks(badDeploy(), runbooks);
    expect(best.runbook.id).toBe('bad-deploy-rollback');
    expect(best.reasons[0]).toBe('the incident looks like bad-deploy (72 %)');
    expect(best.reasons.some((r) => r.includes('http_errors_per_second'))).toBe(true);
  });

  it('needs the kind, or both a metric and a log rule: one loose metric rule is not enough', () => {
    const ids = matchRunbooks(badDeploy(), runbooks).map((m) => m.runbook.id);
    expect(ids).not.toContain('network-delay'); // its p99 latency rule matches, its kind does not
    const leak = matchRunbooks(badDeploy({ kind: 'memory-leak', kindProbability: 0.9 }), runbooks).map((m) => m.runbook.id);
    expect(leak[0]).toBe('memory-leak-restart');
  });

  it('keeps a runbook written for other services out, and ranks one written for this service higher', () => {
    const general = parseRunbook(GOOD.replace('id: my-rollback', 'id: general').replace(/ {2}services:\n {4}- inventory\n {4}- "pay\*"\n/, ''), 'g.md', 'user');
    const mine = parseRunbook(GOOD, 'm.md', 'user');
    const other = parseRunbook(GOOD.replace('id: my-rollback', 'id: other').replace('- inventory', '- search').replace('- "pay*"', '- "pay*x"'), 'o.md', 'user');
    const ranked = matchRunbooks(badDeploy(), [general, other, mine]).map((m) => m.runbook.id);
    expect(ranked).toEqual(['my-rollback', 'general']);
  });

  it('lets a user runbook replace a built-in one by id', () => {
    const builtIn = starterRunbooks();
    const mine = { ...parseRunbook(GOOD.replace('id: my-rollback', 'id: bad-deploy-rollback'), 'mine.md', 'user') };
    const merged = mergeRunbooks(builtIn, [mine]);
    expect(merged.length).toBe(builtIn.length);
    expect(merged.find((r) => r.id === 'bad-deploy-rollback')?.origin).toBe('user');
  });
});

describe('fillPlaceholders', () => {
  it('fills known placeholders, marks unknown values and leaves other braces alone', () => {
    expect(fillPlaceholders('kubectl rollout undo deployment/{service} # {version}', { service: 'inventory', version: null })).toBe(
      'kubectl rollout undo deployment/inventory # <version>',
    );
    expect(fillPlaceholders(`curl -w "%{time_total}" -p '{"spec":1}'`, { service: 'x' })).toBe(`curl -w "%{time_total}" -p '{"spec":1}'`);
  });
});
