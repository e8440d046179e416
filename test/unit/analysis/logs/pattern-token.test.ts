import { describe, expect, it } from 'vitest';
import { generalizeToken, patternMatches, patternValues } from '../../../../core/analysis/logs/pattern-token';
import { toLoghubTemplate } from '../../../../core/analysis/logs/template-text';

describe('token patterns', () => {
  it('generalise two tokens to a word prefix ending at a separator and a punctuation suffix', () => {
    expect(generalizeToken('user=root', 'user=admin')).toBe('user=<*>');
    expect(generalizeToken('node-D3', 'node-D7')).toBe('node-<*>');
    expect(generalizeToken('bglio559', 'bglio78')).toBe('<*>');
    expect(generalizeToken("'sparkDriver'", "'executor'")).toBe("'<*>'");
    expect(generalizeToken('(<*>)', '()')).toBe('(<*>)');
    expect(generalizeToken('(uid=<*>)', 'LOGIN(uid=<*>)')).toBe('<*>(uid=<*>)');
    expect(generalizeToken('same', 'same')).toBe('same');
  });

  it('match a hole against any text without a hole of its own', () => {
    expect(patternMatches('node-<*>', 'node-17')).toBe(true);
    expect(patternMatches('(<*>)', '()')).toBe(true);
    expect(patternMatches('<*>##<*>', '1##2')).toBe(true);
    expect(patternMatches('node-<*>', 'host-17')).toBe(false);
    expect(patternMatches('instruction...<*>', 'instruction......<*>')).toBe(false);
    expect(patternMatches('x<*>', 'x<*>')).toBe(true);
  });

  it('read the values under the holes', () => {
    expect(patternValues('node-<*>', 'node-17')).toEqual(['17']);
    expect(patternValues('<*>##<*>##<*>', '1##22##333')).toEqual(['1', '22', '333']);
    expect(patternValues('[<*>]', '[preauth]')).toEqual(['preauth']);
    expect(patternValues('a<*>', 'b1')).toBeNull();
    expect(patternValues('plain', 'plain')).toEqual([]);
  });

  it('write templates in the loghub convention', () => {
    expect(toLoghubTemplate('a <*><*> b')).toBe('a <*> b');
    expect(toLoghubTemplate('Fan speeds ( <*> <*> )')).toBe('Fan speeds ( <*> <*> )');
  });
});
