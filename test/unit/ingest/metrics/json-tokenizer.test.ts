import { describe, expect, it } from 'vitest';
import { JsonSyntaxError, JsonTokenizer, type JsonScalar } from '../../../../core/ingest/formats/metrics/json-tokenizer';

/** Tokens as text, for comparison. */
function tokens(input: string, chunk = input.length || 1): string[] {
  const out: string[] = [];
  const t = new JsonTokenizer({
    openObject: () => out.push('{'),
    closeObject: () => out.push('}'),
    openArray: () => out.push('['),
    closeArray: () => out.push(']'),
    key: (k) => out.push(`k:${k}`),
    scalar: (v: JsonScalar) => out.push(`v:${typeof v === 'number' ? String(v) : JSON.stringify(v)}`),
    topEnd: () => out.push('|'),
  });
  const buf = Buffer.from(input, 'utf8');
  for (let i = 0; i < buf.length; i += chunk) t.write(buf.subarray(i, i + chunk));
  t.end();
  return out;
}

function syntaxError(input: string): JsonSyntaxError {
  try {
    tokens(input);
  } catch (e) {
    if (e instanceof JsonSyntaxError) return e;
    throw e;
  }
  throw new Error('no error');
}

describe('streaming JSON tokenizer', () => {
  it('reads every JSON value kind', () => {
    expect(tokens('{"a":[1,-2.5,3e2,true,false,null,"x\\"y\\u00e9"]}')).toEqual([
      '{', 'k:a', '[', 'v:1', 'v:-2.5', 'v:300', 'v:true', 'v:false', 'v:null', 'v:"x\\"yé"', ']', '}', '|',
    ]);
  });

  it('gives identical tokens for every chunk size, multi-byte UTF-8 split included', () => {
    const input = '{"name":"größe ✓","v":[1435781430.781,"NaN",12345678901234567890,0.1],"n":{"deep":[[],{}]}}';
    const whole = tokens(input);
    for (let c = 1; c <= 9; c++) expect(tokens(input, c)).toEqual(whole);
  });

  it('skips a leading UTF-8 BOM, even split across chunks', () => {
    expect(tokens('\ufeff[1]', 1)).toEqual(['[', 'v:1', ']', '|']);
    expect(tokens('\ufeff{"a":2}')).toEqual(['{', 'k:a', 'v:2', '}', '|']);
  });

  it('accepts a stream of top-level values with or without separators', () => {
    expect(tokens('{"a":1}{"a":2}\n[3]').filter((t) => t === '|')).toHaveLength(3);
  });

  it('reads NaN, Infinity and -Infinity as numbers (Python json writes them)', () => {
    expect(tokens('[NaN,Infinity,-Infinity]')).toEqual(['[', 'v:NaN', 'v:Infinity', 'v:-Infinity', ']', '|']);
  });

  it('parses 15-digit decimals exactly as Number() does', () => {
    for (const s of ['1435781430.781', '0.1', '-0.000123', '999999999999999', '1700000000.000']) {
      expect(tokens(`[${s}]`)[1]).toBe(`v:${Number(s)}`);
    }
  });

  it('reports the line of a syntax error and what was expected', () => {
    expect(syntaxError('{\n"a": 1,\n"b" 2}')).toMatchObject({ line: 3, expected: "':'" });
    expect(syntaxError('[1,\n2,,3]')).toMatchObject({ line: 2, expected: 'a JSON value' });
    expect(syntaxError('{"a":[1,2}')).toMatchObject({ expected: "',' or a closing bracket" });
    expect(syntaxError('[tru]')).toMatchObject({ expected: 'a number or true/false/null' });
    expect(syntaxError('["raw\nnewline"]')).toMatchObject({ line: 1 });
  });

  it('reports end of file inside a value, and an empty input', () => {
    expect(syntaxError('{"a":[1,2')).toMatchObject({ expected: "']'", found: 'end of file' });
    expect(syntaxError('["abc')).toMatchObject({ expected: 'a closing quote' });
    expect(syntaxError('  ')).toMatchObject({ expected: 'a JSON value', found: 'end of file' });
  });

  it('refuses nesting deeper than 512 levels instead of overflowing', () => {
    expect(syntaxError('['.repeat(600))).toMatchObject({ found: 'deeper nesting' });
  });
});
