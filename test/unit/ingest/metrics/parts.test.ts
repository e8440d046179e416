import { describe, expect, it } from 'vitest';
import { CsvRecords, guessDelimiter } from '../../../../core/ingest/formats/metrics/csv';
import { parseLabelSet, parseSelector } from '../../../../core/ingest/formats/metrics/labels';
import { LineSplitter } from '../../../../core/ingest/formats/metrics/lines';
import { convertUnit, parseValueWithUnit } from '../../../../core/ingest/formats/metrics/units';
import { parseSampleValue } from '../../../../core/ingest/formats/metrics/values';

describe('Prometheus label sets and selectors', () => {
  it('reads escapes, spaces after commas, a trailing comma and quoted UTF-8 names', () => {
    expect(parseLabelSet('{a="x\\\\y", b="q\\"\\n",}', 0)).toEqual({ labels: { a: 'x\\y', b: 'q"\n' }, end: 22 });
    expect(parseLabelSet('{"my.metric", "a.b"="v"}', 0)).toMatchObject({ name: 'my.metric', labels: { 'a.b': 'v' } });
  });

  it('takes the name from a prefix or from __name__, and rejects what is not a selector', () => {
    expect(parseSelector('up{job="a"}')).toEqual({ name: 'up', labels: { job: 'a' } });
    expect(parseSelector('{__name__="up", job="a"}')).toEqual({ name: 'up', labels: { job: 'a' } });
    expect(parseSelector('{job="a"}')).toEqual({ labels: { job: 'a' } });
    expect(parseSelector('A-series')).toBeUndefined();
    expect(parseSelector('up{job="a"')).toBeUndefined();
    expect(parseSelector('my series{x="1"}')).toBeUndefined();
  });
});

describe('sample values and units', () => {
  it('reads Go float spellings and refuses other text', () => {
    expect(parseSampleValue('+Inf')).toBe(Infinity);
    expect(parseSampleValue('-inf')).toBe(-Infinity);
    expect(parseSampleValue('NaN')).toBeNaN();
    expect(parseSampleValue('1.5e-3')).toBe(0.0015);
    expect(parseSampleValue('1,5')).toBeUndefined();
    expect(parseSampleValue('')).toBeUndefined();
  });

  it('splits a value from its unit, decimal comma only when asked', () => {
    expect(parseValueWithUnit('13.7 °C')).toEqual({ value: 13.7, unit: '°C' });
    expect(parseValueWithUnit('45%')).toEqual({ value: 45, unit: '%' });
    expect(parseValueWithUnit('1.20 K req/s')).toEqual({ value: 1.2, unit: 'K req/s' });
    expect(parseValueWithUnit('13,7', true)).toEqual({ value: 13.7, unit: '' });
    expect(parseValueWithUnit('n/a')).toBeUndefined();
  });

  it('converts within a unit family and refuses across families', () => {
    expect(convertUnit(1.2, 's', 'ms')).toBeCloseTo(1200, 9);
    expect(convertUnit(900, 'MB', 'GB')).toBeCloseTo(0.9, 12);
    expect(convertUnit(2, 'GiB', 'MiB')).toBe(2048);
    expect(convertUnit(1.5, 'K req/s', 'req/s')).toBe(1500);
    expect(convertUnit(950, '', 'K')).toBe(0.95);
    expect(convertUnit(1, 'ms', 'GB')).toBeUndefined();
  });
});

describe('line splitter', () => {
  it('drops a BOM, handles CRLF and a last line without newline, and UTF-8 split across chunks', () => {
    const lines: [string, number][] = [];
    const s = new LineSplitter((t, n) => lines.push([t, n]));
    const bytes = Buffer.from('\ufeffa,ü\r\n\r\nzß', 'utf8');
    for (let i = 0; i < bytes.length; i++) s.write(bytes.subarray(i, i + 1));
    s.end();
    expect(lines).toEqual([
      ['a,ü', 1],
      ['', 2],
      ['zß', 3],
    ]);
  });
});

describe('CSV records', () => {
  it('reads quoted fields with doubled quotes, delimiters and newlines', () => {
    const recs: [string[], number][] = [];
    const c = new CsvRecords(',', (f, n) => recs.push([f, n]), () => undefined);
    for (const [l, n] of [['"a ""b""","x,y",3', 1], ['"multi', 2], ['line",4', 3]] as const) c.push(l, n);
    c.end();
    expect(recs).toEqual([
      [['a "b"', 'x,y', '3'], 1],
      [['multi\nline', '4'], 2],
    ]);
  });

  it('guesses ; and tab delimiters, ignoring delimiters inside quotes', () => {
    expect(guessDelimiter('"a,b";"c";"d"')).toBe(';');
    expect(guessDelimiter('time\ta\tb')).toBe('\t');
    expect(guessDelimiter('time,a;b,c')).toBe(',');
  });
});
