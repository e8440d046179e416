/**
 * Service dependency edge list as CSV: a header naming the two ends (`caller,callee`,
 * `source,target`, `from,to`, `parent,child`, `src,dst`; any case, any position) and one edge a row;
 * other columns (calls, protocol, …) become attrs. A row with an empty end is a bad line.
 */
import type { EdgeRecord, FormatReader, ReadContext, Sniff } from '../../types';
import { ParseError } from '../../types';
import { rejectLine } from '../logs/io/bad-line';
import { csvHeader } from '../logs/io/sniff';
import { readCsvTable } from '../events/csv-table';
import { edgePair } from './edge-keys';

function detect(sniff: Sniff): number {
  const h = csvHeader(sniff);
  if (h.length < 2 || h.length > 20) return 0;
  return edgePair(h) ? 0.9 : 0;
}

async function* read(open: () => NodeJS.ReadableStream, ctx: ReadContext): AsyncGenerator<EdgeRecord[]> {
  let pair: [string, string] = ['caller', 'callee'];
  const check = (names: string[], line: number, raw: string): void => {
    const p = edgePair(names);
    if (!p) throw new ParseError(ctx.file, line, 'a header naming caller,callee (or source,target / from,to)', raw);
    pair = p;
  };
  for await (const rows of readCsvTable(open, ctx, check)) {
    const out: EdgeRecord[] = [];
    for (const r of rows) {
      const caller = r.get(pair[0]);
      const callee = r.get(pair[1]);
      if (!caller || !callee) {
        rejectLine(ctx, r.line, `both ${pair[0]} and ${pair[1]}`, r.raw);
        continue;
      }
      const rec: EdgeRecord = { kind: 'edge', caller, callee };
      const attrs: Record<string, string> = {};
      for (const [k, v] of r.entries) {
        const lk = k.toLowerCase();
        if (lk !== pair[0] && lk !== pair[1] && v.trim() !== '') attrs[k] = v.trim();
      }
      if (Object.keys(attrs).length > 0) rec.attrs = attrs;
      out.push(rec);
    }
    if (out.length > 0) yield out;
  }
}

export const edgesCsvReader: FormatReader = {
  id: 'topology-csv',
  kind: 'topology',
  title: 'Service dependency edges CSV (caller,callee)',
  detect,
  read,
};
