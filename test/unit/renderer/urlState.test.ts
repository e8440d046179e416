/**
 * The view in the URL's query string (renderer/src/urlState.ts): what a reload or a copied link
 * restores, that parameters it does not own (an access token) survive, and that malformed values
 * are dropped instead of guessed. No browser needed.
 */
import { describe, expect, it } from 'vitest';
import { initialNav } from '../../../renderer/src/nav';
import { formatUrlState, navFromUrl, parseUrlState, type UrlState } from '../../../renderer/src/urlState';

const T = Date.parse('2026-03-01T00:00:00Z');

describe('URL state', () => {
  it('reads back what it wrote', () => {
    const state: UrlState = {
      ws: '/home/me/incident 42.hindsight',
      view: 'timeline',
      range: { from: T, to: T + 3_600_000 },
      series: [12, 3, 7],
      selection: { from: T + 60_000, to: T + 120_000 },
      zone: 'local',
    };
    expect(parseUrlState(formatUrlState(state))).toEqual(state);
  });

  it('keeps parameters it does not own, and writes nothing for an empty state', () => {
    const search = formatUrlState({ view: 'logs' }, '?token=abc&view=timeline&from=1&to=2');
    const q = new URLSearchParams(search);
    expect(q.get('token')).toBe('abc');
    expect(q.get('view')).toBe('logs');
    expect(q.has('from')).toBe(false);
    expect(formatUrlState({}, '')).toBe('');
  });

  it('rounds the window outwards to whole ms', () => {
    expect(parseUrlState(formatUrlState({ range: { from: 10.7, to: 20.2 } })).range).toEqual({ from: 10, to: 21 });
  });

  it('drops what is malformed: unknown views, empty or reversed ranges, ids that are not positive integers', () => {
    expect(parseUrlState('?view=admin&from=5&to=5&series=a,0,-3,4,4,2.5&sel=9-3&zone=mars')).toEqual({ series: [4] });
    expect(parseUrlState('from=1e3&to=2000')).toEqual({});
    expect(parseUrlState('')).toEqual({});
  });

  it('opens a workspace where the address says, unless the address names another workspace', () => {
    const url = parseUrlState(`?ws=/a.hindsight&view=compare&from=${T}&to=${T + 1000}&series=5&sel=${T}-${T + 10}`);
    expect(navFromUrl(url, '/a.hindsight')).toEqual({
      ...initialNav,
      view: 'compare',
      range: { from: T, to: T + 1000 },
      selection: { from: T, to: T + 10 },
      touched: true,
    });
    expect(navFromUrl(url, '/b.hindsight')).toBe(initialNav);
    expect(navFromUrl({}, '/b.hindsight')).toEqual(initialNav);
  });
});
