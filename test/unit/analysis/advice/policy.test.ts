/** The staging policy of issue #15: confidence below 0.8 is noted; above it, risk picks the stage. */
import { describe, expect, it } from 'vitest';
import { DEFAULT_POLICY, parsePolicy, stageOf } from '../../../../core/analysis/advice/policy';

describe('stageOf', () => {
  it('notes anything below the confidence threshold, whatever its risk', () => {
    for (const risk of ['low', 'medium', 'high'] as const) expect(stageOf(0.79, risk)).toBe('noted');
    expect(stageOf(Number.NaN, 'low')).toBe('noted');
  });

  it('makes a confident low-risk step eligible for automation, a medium one canary first, a high one a ticket', () => {
    expect(stageOf(0.8, 'low')).toBe('eligible');
    expect(stageOf(0.95, 'medium')).toBe('canary');
    expect(stageOf(0.99, 'high')).toBe('ticket');
  });

  it('follows an edited policy', () => {
    const strict = { minConfidence: 0.9, byRisk: { low: 'canary', medium: 'ticket', high: 'ticket' } } as const;
    expect(stageOf(0.85, 'low', strict)).toBe('noted');
    expect(stageOf(0.95, 'low', strict)).toBe('canary');
  });
});

describe('parsePolicy', () => {
  it('reads the shipped default back', () => {
    expect(parsePolicy(JSON.stringify(DEFAULT_POLICY), 'p.json')).toEqual(DEFAULT_POLICY);
  });

  it('names the file and the field that is wrong', () => {
    expect(() => parsePolicy('{"minConfidence": 1.5, "byRisk": {"low": "eligible", "medium": "canary", "high": "ticket"}}', 'advice-policy.json')).toThrow(
      /^advice-policy\.json: minConfidence: /,
    );
    expect(() => parsePolicy('{"minConfidence": 0.8, "byRisk": {"low": "run-it", "medium": "canary", "high": "ticket"}}', 'p.json')).toThrow(/p\.json: byRisk\.low/);
    expect(() => parsePolicy('{oops', 'p.json')).toThrow(/p\.json: not JSON/);
  });
});
