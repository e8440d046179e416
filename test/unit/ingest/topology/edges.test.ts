import { describe, expect, it } from 'vitest';
import type { EdgeRecord } from '../../../../core/ingest/types';
import { edgesCsvReader, edgesJsonReader } from '../../../../core/ingest/formats/topology';
import { fixture, readFixture, readText } from '../logs/helpers';

describe('topology edges', () => {
  it('reads a caller,callee CSV with extra columns as attrs', async () => {
    const recs = await readFixture<EdgeRecord>(edgesCsvReader, fixture('topology', 'edges.csv'));
    expect(recs).toEqual([
      { kind: 'edge', caller: 'frontend', callee: 'checkout', attrs: { calls_per_min: '1200' } },
      { kind: 'edge', caller: 'checkout', callee: 'payments', attrs: { calls_per_min: '300' } },
      { kind: 'edge', caller: 'checkout', callee: 'inventory', attrs: { calls_per_min: '450' } },
    ]);
  });

  it('reads Source,Target headers in any case, with CRLF', async () => {
    const recs = await readFixture<EdgeRecord>(edgesCsvReader, fixture('topology', 'edges-source-target.csv'));
    expect(recs.map((r) => `${r.caller}->${r.callee}`)).toEqual(['web->api', 'api->db']);
  });

  it('names a row whose field count is not the header\'s', async () => {
    await expect(readText(edgesCsvReader, 'caller,callee,calls\na,b,1,2\n', { file: 'e.csv' })).rejects.toThrow(
      'e.csv:2: expected 3 fields (as the header), found "4 fields: a,b,1,2"',
    );
  });

  it('names a row with an empty end', async () => {
    await expect(readText(edgesCsvReader, 'from,to\na,\n', { file: 'e.csv' })).rejects.toThrow('e.csv:2: expected both from and to, found "a,"');
  });

  it('reads a JSON array, an {edges} object and Jaeger dependencies', async () => {
    const a = await readFixture<EdgeRecord>(edgesJsonReader, fixture('topology', 'edges.json'));
    expect(a.map((r) => [r.caller, r.callee, r.attrs?.protocol])).toEqual([['frontend', 'checkout', 'http'], ['checkout', 'payments', undefined]]);
    const b = await readFixture<EdgeRecord>(edgesJsonReader, fixture('topology', 'edges-wrapped.json'));
    expect(b).toEqual([{ kind: 'edge', caller: 'web', callee: 'api', attrs: { weight: '3' } }]);
    const c = await readFixture<EdgeRecord>(edgesJsonReader, fixture('topology', 'jaeger-dependencies.json'));
    expect(c.map((r) => [r.caller, r.callee, r.attrs?.callCount])).toEqual([['frontend', 'driver', '42'], ['driver', 'redis', '420']]);
  });

  it('names the line of an edge without both ends', async () => {
    await expect(readText(edgesJsonReader, '[\n{"caller":"a","callee":"b"},\n{"caller":"a"}\n]', { file: 'e.json' })).rejects.toThrow(
      /^e\.json:3: expected an edge with caller and callee/,
    );
  });
});
