import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { topFrames } from '../../../../core/analysis/profiles/top';
import { pathTo, type CallTree } from '../../../../core/analysis/profiles/tree';
import { readCpuProfile } from '../../../../core/ingest/formats/profiles/cpuprofile';
import { parseFoldedFrame, readFolded } from '../../../../core/ingest/formats/profiles/folded';
import { readProfile } from '../../../../core/ingest/formats/profiles/index';
import { readPprof } from '../../../../core/ingest/formats/profiles/pprof';
import { fixtureProfile } from '../../../fixtures/profiles/make-pprof';

const FIXTURES = join(__dirname, '../../../fixtures/profiles');
const fixture = (name: string): Buffer => readFileSync(join(FIXTURES, name));

/** Leaf paths with their self values: "a;b;c" → self (nodes with a self value only). */
function stacks(tree: CallTree): Record<string, number> {
  const out: Record<string, number> = {};
  tree.self.forEach((v, i) => {
    if (v > 0) out[pathTo(tree, i).map((n) => tree.frames[tree.frame[n]].name).join(';')] = v;
  });
  return out;
}

describe('folded stacks', () => {
  it('reads the fixture: comments skipped, counts summed, frames with spaces and files', () => {
    const t = readFolded(fixture('app.folded').toString('utf8'), 'app.folded');
    expect(stacks(t)).toEqual({
      'main;handle request;parse': 30,
      'main;handle request;hash': 50,
      'main;walk;walk;walk': 20,
      'main;Foo::bar(int; char);baz': 5,
      main: 3,
    });
    expect(t.total[0]).toBe(108);
    expect(t.unit).toBe('samples');
    expect(t.frames.find((f) => f.name === 'parse')).toEqual({ name: 'parse', file: 'app.py', line: 12 });
  });

  it('counts a line without a trailing number once, and takes CRLF, blank lines and decimal counts', () => {
    const t = readFolded('a;b\r\n\r\na;b 2.5\r\na;do work\n', 'x.folded');
    expect(stacks(t)).toEqual({ 'a;b': 3.5, 'a;do work': 1 });
  });

  it('splits on semicolons outside brackets only, unless the brackets do not balance', () => {
    expect(stacks(readFolded('a;f(x; y);g[1;2];h 1', 'x'))).toEqual({ 'a;f(x; y);g[1;2];h': 1 });
    expect(readFolded('a;f(x; y);g[1;2];h 1', 'x').frames.map((f) => f.name)).toEqual(['a', 'f(x; y)', 'g[1;2]', 'h']);
    expect(readFolded('a;f(x;b 1', 'x').frames.map((f) => f.name)).toEqual(['a', 'f(x', 'b']);
    expect(readFolded('a;f(x;b(y) 1', 'x').frames.map((f) => f.name)).toEqual(['a', 'f(x', 'b(y)']);
    expect(stacks(readFolded('a;;b 1', 'x'))).toEqual({ 'a;b': 1 });
  });

  it('keeps file and line of py-spy style frames apart', () => {
    expect(parseFoldedFrame('<module> (main.py:3)')).toEqual({ name: '<module>', file: 'main.py', line: 3 });
    expect(parseFoldedFrame('java/lang/Thread.run')).toEqual({ name: 'java/lang/Thread.run' });
    expect(parseFoldedFrame('f (no line)')).toEqual({ name: 'f (no line)' });
  });

  it('refuses bad input naming the file, the line and what was expected', () => {
    expect(() => readFolded('main;a 1\n42\n', 'bad.folded')).toThrow('bad.folded:2: expected "frame;frame;… count" (folded stacks), found "42"');
    expect(() => readFolded('main;a 1 2\n', 'diff.folded')).toThrow(/diff\.folded:1: .*difffolded/);
    expect(() => readFolded('# only a comment\n', 'empty.folded')).toThrow(/empty\.folded:1: .*no stacks/);
  });
});

describe('.cpuprofile', () => {
  it('gives each node the time until the next sample (the last until endTime), in microseconds', () => {
    const t = readCpuProfile(fixture('app.cpuprofile').toString('utf8'), 'app.cpuprofile');
    expect(t.unit).toBe('microseconds');
    expect(stacks(t)).toEqual({ main: 100, 'main;parse': 200, 'main;(anonymous)': 100, '(garbage collector)': 200 });
    expect(t.total[0]).toBe(600);
    // 0-based line numbers in the file, 1-based in the tree
    expect(t.frames.find((f) => f.name === 'parse')).toEqual({ name: 'parse', file: 'file:///app/parse.js', line: 5 });
  });

  it('uses hit counts when there are no samples, and parent links when there are no children lists', () => {
    const doc = {
      nodes: [
        { id: 1, callFrame: { functionName: '(root)', url: '' } },
        { id: 2, parent: 1, callFrame: { functionName: 'main', url: '' }, hitCount: 2 },
        { id: 3, parent: 2, callFrame: { functionName: 'work', url: '' }, hitCount: 5 },
      ],
    };
    const t = readCpuProfile(JSON.stringify(doc), 'hits.cpuprofile');
    expect(t.unit).toBe('samples');
    expect(stacks(t)).toEqual({ main: 2, 'main;work': 5 });
  });

  it('refuses what is not a cpuprofile, naming the file and the field', () => {
    expect(() => readCpuProfile('{"nodes": [{"id": 1}]}', 'x.cpuprofile')).toThrow(/^x\.cpuprofile: expected a \.cpuprofile .*found "nodes\.0\.callFrame: /);
    expect(() => readCpuProfile('{nope', 'y.cpuprofile')).toThrow(/^y\.cpuprofile: expected .*invalid JSON/);
    const dangling = { nodes: [{ id: 1, callFrame: { functionName: 'a' }, children: [7] }] };
    expect(() => readCpuProfile(JSON.stringify(dangling), 'z.cpuprofile')).toThrow(/lists child 7, which is not a node/);
    const short = { nodes: [{ id: 1, callFrame: { functionName: 'a' } }], samples: [1, 1], timeDeltas: [1] };
    expect(() => readCpuProfile(JSON.stringify(short), 'w.cpuprofile')).toThrow(/2 samples, 1 timeDeltas/);
  });
});

describe('pprof', () => {
  it('reads the fixture (gzipped): cpu nanoseconds by default, inlined frames unfolded, leaf-first stacks reversed', () => {
    const t = readPprof(fixture('cpu.pb.gz'), 'cpu.pb.gz');
    expect(t.unit).toBe('nanoseconds');
    expect(stacks(t)).toEqual({
      'main.main;main.handle;main.parse': 300_000_000,
      'main.main;main.handle;main.hash': 500_000_000,
      'main.main;main.walk;main.walk;main.walk': 200_000_000,
    });
    expect(t.frames.find((f) => f.name === 'main.hash')).toEqual({ name: 'main.hash', file: 'hash.go', line: 7 });
    expect(topFrames(t, 1).bySelf[0].frame.name).toBe('main.hash');
  });

  it('reads another sample type by name, and plain (not gzipped) bytes', () => {
    const t = readPprof(fixtureProfile().encode(), 'cpu.pb', 'samples');
    expect(t.unit).toBe('samples');
    expect(t.total[0]).toBe(100);
    expect(() => readPprof(fixtureProfile().encode(), 'cpu.pb', 'alloc_space')).toThrow(/cpu\.pb: expected a sample type "alloc_space", found "samples\/count, cpu\/nanoseconds"/);
  });

  it('refuses broken bytes naming the file', () => {
    expect(() => readPprof(new Uint8Array([0x1f, 0x8b, 1, 2, 3]), 'broken.pb.gz')).toThrow(/^broken\.pb\.gz: expected a pprof profile .*broken gzip/);
    expect(() => readPprof(new Uint8Array([0xff, 0xff, 0xff, 0xff]), 'junk.pb')).toThrow(/^junk\.pb: expected a pprof profile/);
  });
});

describe('readProfile', () => {
  it('recognises each format by its content, gzipped or not', () => {
    expect(readProfile(fixture('app.folded'), 'a').format).toBe('folded');
    expect(readProfile(gzipSync(fixture('app.folded')), 'a.gz').format).toBe('folded');
    expect(readProfile(fixture('app.cpuprofile'), 'b').format).toBe('cpuprofile');
    expect(readProfile(fixture('cpu.pb.gz'), 'c').format).toBe('pprof');
    expect(readProfile(fixtureProfile().encode(), 'd').format).toBe('pprof');
  });

  it('refuses an empty file', () => {
    expect(() => readProfile(new Uint8Array(), 'empty.prof')).toThrow('empty.prof: expected a profile (folded stacks, .cpuprofile or pprof), found "an empty file"');
  });
});
