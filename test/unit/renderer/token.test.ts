/**
 * Browser mode's token in the page (renderer/src/token.ts) and the fetch-based event stream that carries
 * it as a header (renderer/src/sse.ts): the pure parts, without a browser.
 */
import { describe, expect, it } from 'vitest';
import { parseFrames } from '../../../renderer/src/sse';
import { splitToken } from '../../../renderer/src/tokenFragment';

describe('splitToken', () => {
  it('takes the token out of the fragment and keeps the rest of it', () => {
    expect(splitToken('#token=abc-DEF_1')).toEqual({ token: 'abc-DEF_1', rest: '' });
    expect(splitToken('#token=abc&view=logs')).toEqual({ token: 'abc', rest: '#view=logs' });
    expect(splitToken('#view=logs&token=abc')).toEqual({ token: 'abc', rest: '#view=logs' });
    expect(splitToken('#view=logs&token=abc&range=1-2')).toEqual({ token: 'abc', rest: '#view=logs&range=1-2' });
  });

  it('finds no token where there is none, or only a look-alike', () => {
    expect(splitToken('')).toEqual({ token: null, rest: '' });
    expect(splitToken('#view=logs')).toEqual({ token: null, rest: '#view=logs' });
    expect(splitToken('#mytoken=abc')).toEqual({ token: null, rest: '#mytoken=abc' });
    expect(splitToken('#token=')).toEqual({ token: null, rest: '' });
  });
});

describe('parseFrames', () => {
  it('splits complete frames, skips comments and keeps an unfinished frame for later', () => {
    const { frames, rest } = parseFrames(': connected\n\nevent: job/done\ndata: {"jobId":"job-1"}\n\n: ping\n\nevent: job/progress\ndata: {"do');
    expect(frames).toEqual([{ event: 'job/done', data: '{"jobId":"job-1"}' }]);
    expect(rest).toBe('event: job/progress\ndata: {"do');
    expect(parseFrames(`${rest}ne":1}\n\n`).frames).toEqual([{ event: 'job/progress', data: '{"done":1}' }]);
  });

  it('joins multi-line data, reads CRLF, and calls a frame without event: a message', () => {
    expect(parseFrames('data: a\r\ndata: b\r\n\r\n').frames).toEqual([{ event: 'message', data: 'a\nb' }]);
  });
});
