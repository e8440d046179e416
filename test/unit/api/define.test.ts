import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { contract } from '../../../core/api/contract';
import { mergeContracts, method } from '../../../core/api/define';
import { errorEnvelope, okEnvelope, unwrapEnvelope } from '../../../core/api/envelope';
import { ApiError } from '../../../core/api/errors';
import { SERVER_EVENTS } from '../../../core/api/server-events';

const one = method(z.strictObject({ id: z.number() })).returns<number>();

describe('the contract is merged from one file per domain', () => {
  it('joins the domains into one method map', () => {
    const merged = mergeContracts({ a: { 'a/get': one }, b: { 'b/get': one, 'b/put': one }, empty: {} });
    expect(Object.keys(merged).sort()).toEqual(['a/get', 'b/get', 'b/put']);
    expect(merged['b/put']).toBe(one);
  });

  it('throws when two domains declare the same method, naming both', () => {
    expect(() => mergeContracts({ series: { 'series/band': one }, anomalies: { 'series/band': one } })).toThrow(
      'contract: method "series/band" is declared by both "series" and "anomalies"',
    );
  });

  it('still holds every method of the first round', () => {
    for (const name of ['app/info', 'workspace/openDemo', 'import/start', 'job/list', 'series/band', 'events/list', 'logs/strip', 'compare/ranges']) {
      expect(Object.hasOwn(contract, name)).toBe(true);
    }
  });
});

describe('the result envelope', () => {
  it('carries a result, or an error whose code, message and field survive the trip', () => {
    expect(unwrapEnvelope(okEnvelope({ n: 1 }))).toEqual({ n: 1 });
    const env = errorEnvelope(new ApiError('bad-params', 'series/range: ids: at least one series id', 'ids'));
    expect(env).toEqual({ ok: false, error: { code: 'bad-params', message: 'series/range: ids: at least one series id', field: 'ids' } });
    expect(() => unwrapEnvelope(env)).toThrow(expect.objectContaining({ code: 'bad-params', field: 'ids' }));
    expect(errorEnvelope(new Error('disk full'))).toEqual({ ok: false, error: { code: 'failed', message: 'disk full' } });
  });

  it('lists every server event name once', () => {
    expect([...SERVER_EVENTS].sort()).toEqual(['job/done', 'job/failed', 'job/progress', 'workspace/changed']);
  });
});
