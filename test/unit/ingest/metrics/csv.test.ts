import { describe, expect, it } from 'vitest';
import { csvLongReader, csvWideReader } from '../../../../core/ingest/formats/metrics';
import { readFixture, readText } from './read';

describe('long CSV reader', () => {
  it('finds time, series and value columns in any order; other columns are labels', async () => {
    const r = await readFixture(csvLongReader, 'csv-long.csv');
    expect(r.get('cpu', { host: 'a' })).toMatchObject({
      ts: [Date.UTC(2024, 0, 15, 10, 0), Date.UTC(2024, 0, 15, 10, 1)],
      values: [0.5, 0.6],
    });
    expect(r.get('cpu', { host: 'b' }).values).toEqual([0.7]);
    expect(r.get('mem', { host: 'a' }).values).toEqual([512]);
  });

  it('takes a unit column as the series unit', async () => {
    const r = await readText(csvLongReader, 'ts,metric,value,unit\n1700000000,lat,12,ms\n1700000060,lat,0.5 s,ms\n');
    expect(r.get('lat')).toMatchObject({ unit: 'ms', values: [12, 500] });
  });

  it('names file and line of a row without a series name', async () => {
    await expect(readText(csvLongReader, 'time,series,value\n1700000000,a,1\n1700000060,,2\n', { file: 'l.csv' })).rejects.toThrow(
      /^l\.csv:3: expected a series name/,
    );
  });

  it('reads quoted fields with delimiters and newlines inside, numbering lines from the record start', async () => {
    const text = 'time,series,value,note\n1700000000,a,1,"x, y"\n1700000060,a,2,"two\nlines"\nbad,a,3,z\n';
    const e = await readText(csvLongReader, text, { file: 'q.csv' }).catch((x: unknown) => x);
    expect((e as Error).message).toMatch(/^q\.csv:5: expected a time/);
    const r = await readText(csvLongReader, text, { skipBadLines: true });
    expect(r.get('a', { note: 'x, y' }).values).toEqual([1]);
    expect(r.get('a', { note: 'two\nlines' }).values).toEqual([2]);
  });
});

describe('field counts in metric CSVs', () => {
  it('refuses a long-table row with too few or too many fields, naming file and line', async () => {
    await expect(readText(csvLongReader, 'time,series,value,host\n1700000000,a,1\n', { file: 'l.csv' })).rejects.toThrow(
      'l.csv:2: expected 4 fields (as the header), found "3 fields: 1700000000,a,1"',
    );
    await expect(readText(csvLongReader, 'time,series,value\n1700000000,a,1,9\n', { file: 'l.csv' })).rejects.toThrow(
      /^l\.csv:2: expected 3 fields \(as the header\), found "4 fields/,
    );
  });

  it('refuses a wide-table row with too few fields instead of reading the missing cells as gaps', async () => {
    const text = 'time,cpu,mem\n1700000000,1,2\n1700000060,3\n';
    await expect(readText(csvWideReader, text, { file: 'w.csv' })).rejects.toThrow(/^w\.csv:3: expected 3 fields \(as the header\), found "2 fields/);
    const r = await readText(csvWideReader, text, { skipBadLines: true });
    expect(r.get('cpu').values).toEqual([1]);
  });
});

describe('wide CSV reader', () => {
  it('reads epoch-second times and one series per column; an empty cell is no point', async () => {
    const r = await readFixture(csvWideReader, 'csv-wide-epoch.csv');
    expect(r.get('cpu').ts).toEqual([1700000000000, 1700000060000, 1700000120000]);
    expect(r.get('cpu').values.slice(0, 2)).toEqual([0.5, 0.6]);
    expect(r.get('cpu').values[2]).toBeNaN();
    expect(r.get('mem')).toMatchObject({ ts: [1700000000000, 1700000120000], values: [512, 520] });
  });

  it('reads ISO times: without an offset in the chosen zone, with an offset as written', async () => {
    const r = await readFixture(csvWideReader, 'csv-wide-iso.csv', { zone: 'America/New_York' });
    expect(r.get('requests').ts).toEqual([Date.UTC(2024, 6, 1, 16, 0), Date.UTC(2024, 6, 1, 10, 1)]);
  });

  it('reads millisecond and nanosecond epoch columns by the magnitude of their values', async () => {
    expect((await readText(csvWideReader, 'time,a\n1700000000123,1\n1700000060123,2\n')).get('a').ts).toEqual([1700000000123, 1700000060123]);
    expect((await readText(csvWideReader, 'time,a\n1700000000123456789,1\n')).get('a').ts).toEqual([1700000000123]);
  });

  it('reads a whole time column in one unit: a value of another magnitude is not guessed on its own', async () => {
    // Seconds, from the first value; the stray millisecond value reads as seconds too (an implausible time the
    // importer keeps out, by file and line) instead of silently landing at a plausible-looking instant.
    const r = await readText(csvWideReader, 'time,a\n1700000000,1\n1700000060000,2\n');
    expect(r.get('a').ts).toEqual([1700000000000, 1700000060000000]);
  });

  it('names file and line of a non-numeric cell, and with skipBadLines keeps the rest of the row', async () => {
    const text = 'time,a,b\n1700000000,1,2\n1700000060,oops,3\n';
    await expect(readText(csvWideReader, text, { file: 'w.csv' })).rejects.toThrow(
      /^w\.csv:3: expected a number \(optionally with a unit\) in column "a", found "oops"/,
    );
    const r = await readText(csvWideReader, text, { skipBadLines: true });
    expect(r.get('b').values).toEqual([2, 3]);
    expect(r.bad.map((b) => b.line)).toEqual([3]);
  });

  it('reports an unterminated quote at the line where the record began', async () => {
    await expect(readText(csvWideReader, 'time,a\n1700000000,1\n1700000060,"2\n', { file: 'w.csv' })).rejects.toThrow(
      /^w\.csv:3: expected a closing quote/,
    );
  });

  it('reports an empty file as a missing header', async () => {
    await expect(readText(csvWideReader, '', { file: 'e.csv' })).rejects.toThrow(/^e\.csv:1: expected a header line/);
  });
});
