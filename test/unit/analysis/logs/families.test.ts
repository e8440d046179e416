import { describe, expect, it } from 'vitest';
import { stem, templateFamilies, templateWords } from '../../../../core/analysis/logs/families';

const templates = [
  { id: 't1', template: 'connection to <*> timed out after <*> ms', count: 40 },
  { id: 't2', template: 'timed out connecting to <*> (<*> ms)', count: 10 },
  { id: 't3', template: 'User <*> logged in from <*>', count: 100 },
  { id: 't4', template: 'Disk usage on <*> at <*>%', count: 5 },
  { id: 't5', template: 'Failed to connect to database <*>: permission denied', count: 3 },
  { id: 't6', template: 'User <*> logged out after <*> s', count: 90 },
  { id: 't7', template: 'Payment <*> declined: insufficient funds', count: 2 },
];

function familyOf(id: string, fams: ReturnType<typeof templateFamilies>): string[] {
  return fams.find((f) => f.templateIds.includes(id))?.templateIds ?? [];
}

describe('template families', () => {
  it('groups the same error worded differently', () => {
    const fams = templateFamilies(templates);
    expect(familyOf('t1', fams)).toEqual(['t1', 't2']);
  });

  it('keeps unrelated templates out of that family', () => {
    const fams = templateFamilies(templates);
    for (const other of ['t3', 't4', 't5', 't6', 't7']) expect(familyOf('t1', fams)).not.toContain(other);
    expect(familyOf('t4', fams)).toEqual(['t4']);
    expect(familyOf('t7', fams)).toEqual(['t7']);
  });

  it('puts every template in exactly one family, with a stable id', () => {
    const a = templateFamilies(templates);
    const b = templateFamilies([...templates].reverse());
    expect(a.flatMap((f) => f.templateIds).sort()).toEqual(templates.map((t) => t.id).sort());
    expect(new Set(a.map((f) => f.familyId))).toEqual(new Set(b.map((f) => f.familyId)));
  });

  it('lists a family most frequent first', () => {
    expect(familyOf('t2', templateFamilies(templates))[0]).toBe('t1');
  });

  it('stems and drops holes, numbers and stop words', () => {
    expect(stem('connecting')).toBe('connect');
    expect(stem('connection')).toBe('connect');
    expect(stem('failures')).toBe('failure');
    expect(templateWords('Timed out connecting to <*> after 30 ms')).toEqual(['tim', 'out', 'connect', 'ms']);
  });

  it('checks its input', () => {
    expect(() => templateFamilies([{ id: 'a', template: 'x' }, { id: 'a', template: 'y' }])).toThrow(/twice/);
    expect(() => templateFamilies(templates, { threshold: 0 })).toThrow(RangeError);
    expect(templateFamilies([])).toEqual([]);
  });
});
