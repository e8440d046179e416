import { Readable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { streamJson } from '../../../../core/ingest/formats/logs/io/json-stream';
import { readLineBatches } from '../../../../core/ingest/formats/logs/io/lines';
import { context } from './helpers';

async function lines(chunks: (Buffer | string)[], max?: number) {
  const out: { text: string; no: number; cut: boolean }[] = [];
  for await (const b of readLineBatches(() => Readable.from(chunks), context(), max)) {
    b.lines.forEach((text, k) => out.push({ text, no: b.first + k, cut: b.truncated.includes(k) }));
  }
  return out;
}

describe('line splitter', () => {
  it('drops a BOM and CR of CRLF, keeps a last line without newline, numbers lines from 1', async () => {
    const got = await lines([Buffer.from('\ufeffa\r\nb\n\nc')]);
    expect(got.map((l) => [l.no, l.text])).toEqual([[1, 'a'], [2, 'b'], [3, ''], [4, 'c']]);
  });

  it('keeps a character split across chunks whole and turns invalid bytes into U+FFFD', async () => {
    const euro = Buffer.from('€', 'utf8');
    const got = await lines([Buffer.from([0x61, euro[0]]), Buffer.from([euro[1], euro[2], 0xff, 0x0a, 0x62])]);
    expect(got.map((l) => l.text)).toEqual(['a€\ufffd', 'b']);
  });

  it('cuts a line at the limit, flags it, and skips its rest across many chunks', async () => {
    const chunks = [Buffer.from('short\n'), ...Array.from({ length: 50 }, () => Buffer.from('x'.repeat(100))), Buffer.from('\nafter\n')];
    const got = await lines(chunks, 1000);
    expect(got.map((l) => [l.no, l.text.length, l.cut])).toEqual([[1, 5, false], [2, 1000, true], [3, 5, false]]);
  });

  it('flags a last line over the limit', async () => {
    const got = await lines([Buffer.from('y'.repeat(50))], 10);
    expect(got).toEqual([{ text: 'y'.repeat(10), no: 1, cut: true }]);
  });
});

describe('streaming JSON', () => {
  it('yields the selected values with the line each starts on, across concatenated documents', async () => {
    const text = '{"items":[\n  {"a":1},\n  {"a":2}\n]}\n{"items":[{"a":3}]}\n';
    const got: [unknown, number][] = [];
    for await (const items of streamJson(() => Readable.from([Buffer.from(text)]), context(), () => ['$.items.*'])) {
      for (const it of items) got.push([it.value, it.line]);
    }
    expect(got).toEqual([[{ a: 1 }, 2], [{ a: 2 }, 3], [{ a: 3 }, 5]]);
  });

  it('says the document ended too early', async () => {
    const run = async () => {
      for await (const items of streamJson(() => Readable.from([Buffer.from('{"items":[\n{"a":1},\n')]), context({ file: 'x.json' }), () => ['$.items.*'])) {
        void items;
      }
    };
    await expect(run()).rejects.toThrow('x.json:3: expected the rest of the JSON document, found "end of file"');
  });
});

describe('cancellation', () => {
  it('stops JSON, CSV and line readers at the next chunk once the signal fires', async () => {
    const { readCsvRows } = await import('../../../../core/ingest/formats/logs/io/csv');
    const cases: [string, (open: () => NodeJS.ReadableStream, ac: AbortController) => AsyncIterable<unknown>][] = [
      ['[{"a":1},{"a":2},{"a":3}]', (open, ac) => streamJson(open, context({ signal: ac.signal }), () => ['$.*'])],
      ['a,b\n1,2\n3,4\n5,6\n', (open, ac) => readCsvRows(open, context({ signal: ac.signal }))],
      ['x\ny\nz\nw\nv\nu\n', (open, ac) => readLineBatches(open, context({ signal: ac.signal }))],
    ];
    for (const [text, run] of cases) {
      const ac = new AbortController();
      async function* chunks() {
        for (let i = 0; i < text.length; i += 4) {
          if (i === 8) ac.abort(new Error('stop now'));
          yield Buffer.from(text.slice(i, i + 4));
        }
      }
      const drain = async () => {
        for await (const b of run(() => Readable.from(chunks()), ac)) void b;
      };
      await expect(drain()).rejects.toThrow('stop now');
    }
  });
});
