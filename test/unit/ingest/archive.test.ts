import { mkdir, mkdtemp, readdir, rm, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { zipSync, type Zippable } from 'fflate';
import { pack } from 'tar-stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  ArchiveError,
  isSkipped,
  walkInputs,
  type ArchiveLimits,
  type InputEntry,
  type SkippedEntry,
} from '../../../core/ingest/archive';

// Every test works under its own folder; spools go to a private temp dir so the test can check they are gone.
let base: string;
let spoolRoot: string;
const savedTmp = process.env.TMPDIR;

beforeAll(async () => {
  base = await mkdtemp(join(tmpdir(), 'hindsight-archive-test-'));
  spoolRoot = join(base, 'os-tmp');
  await mkdir(spoolRoot);
  process.env.TMPDIR = spoolRoot;
});

afterAll(async () => {
  process.env.TMPDIR = savedTmp;
  if (savedTmp === undefined) delete process.env.TMPDIR;
  await rm(base, { recursive: true, force: true });
});

let caseNo = 0;
async function caseDir(): Promise<string> {
  const dir = join(base, `case-${++caseNo}`);
  await mkdir(dir);
  return dir;
}

async function readAll(stream: NodeJS.ReadableStream): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const c of stream) chunks.push(c as Buffer);
  return Buffer.concat(chunks);
}

interface Walked {
  files: { path: string; size?: number; text: string }[];
  skipped: SkippedEntry[];
}

/** Walks and reads every entry before asking for the next (as the importer does). */
async function walk(paths: string[], limits?: Partial<ArchiveLimits>): Promise<Walked> {
  const out: Walked = { files: [], skipped: [] };
  for await (const item of walkInputs(paths, limits)) {
    if (isSkipped(item)) out.skipped.push(item);
    else out.files.push({ path: item.path, size: item.size, text: (await readAll(item.open())).toString('utf8') });
  }
  return out;
}

interface TarItem {
  name: string;
  data?: string | Buffer;
  type?: 'file' | 'symlink' | 'link' | 'directory';
  linkname?: string;
}

async function makeTar(items: TarItem[]): Promise<Buffer> {
  const p = pack();
  const done = readAll(p as unknown as NodeJS.ReadableStream);
  for (const it of items) {
    const data = typeof it.data === 'string' ? Buffer.from(it.data) : it.data;
    await new Promise<void>((resolve, reject) => {
      p.entry(
        { name: it.name, type: it.type ?? 'file', linkname: it.linkname, size: data?.length ?? 0 },
        data ?? Buffer.alloc(0),
        (err) => (err ? reject(err) : resolve()),
      );
    });
  }
  p.finalize();
  return done;
}

function zip(files: Zippable): Buffer {
  return Buffer.from(zipSync(files));
}

/** Offset of the first central-directory record of a zip (from its end record). */
function centralOffset(z: Buffer): number {
  const eocd = z.lastIndexOf(Buffer.from([0x50, 0x4b, 0x05, 0x06]));
  return z.readUInt32LE(eocd + 16);
}

describe('walkInputs: folders and plain files', () => {
  it('walks a folder tree recursively in name order, keeps dot-files, passes over .DS_Store and __MACOSX', async () => {
    const dir = await caseDir();
    await mkdir(join(dir, 'b/nested'), { recursive: true });
    await mkdir(join(dir, '__MACOSX'));
    await writeFile(join(dir, 'a.log'), 'A');
    await writeFile(join(dir, 'b/nested/c.json'), '{"c":1}');
    await writeFile(join(dir, 'b/.env'), 'X=1');
    await writeFile(join(dir, '.DS_Store'), 'junk');
    await writeFile(join(dir, '__MACOSX/._a.log'), 'junk');
    const { files, skipped } = await walk([dir]);
    expect(files.map((f) => f.path)).toEqual([join(dir, 'a.log'), join(dir, 'b/.env'), join(dir, 'b/nested/c.json')]);
    expect(files.map((f) => f.text)).toEqual(['A', 'X=1', '{"c":1}']);
    expect(files[2].size).toBe(7);
    expect(skipped).toEqual([]);
  });

  it('skips a missing input with a reason and goes on with the next', async () => {
    const dir = await caseDir();
    await writeFile(join(dir, 'ok.txt'), 'fine');
    const { files, skipped } = await walk([join(dir, 'missing.txt'), join(dir, 'ok.txt')]);
    expect(skipped).toHaveLength(1);
    expect(skipped[0].path).toBe(join(dir, 'missing.txt'));
    expect(skipped[0].reason).toMatch(/cannot read.*ENOENT/);
    expect(files.map((f) => f.text)).toEqual(['fine']);
  });

  it('follows links inside the input folder once, and skips links out of it and broken ones', async () => {
    const dir = await caseDir();
    const outside = await caseDir();
    await writeFile(join(outside, 'secret.txt'), 'secret');
    await mkdir(join(dir, 'in'));
    await writeFile(join(dir, 'in/real.log'), 'real');
    await symlink(join(outside, 'secret.txt'), join(dir, 'in/leak.txt'));
    await symlink(outside, join(dir, 'in/leakdir'));
    await symlink(join(dir, 'in/real.log'), join(dir, 'in/alias.log'));
    await symlink(join(dir, 'nowhere'), join(dir, 'in/broken'));
    const { files, skipped } = await walk([dir]);
    // alias.log sorts first, so the file is read through it and real.log is the duplicate.
    expect(files.map((f) => f.path)).toEqual([join(dir, 'in/alias.log')]);
    expect(files[0].text).toBe('real');
    const reasons = Object.fromEntries(skipped.map((s) => [s.path, s.reason]));
    expect(reasons[join(dir, 'in/leak.txt')]).toMatch(/outside the input folder/);
    expect(reasons[join(dir, 'in/leakdir')]).toMatch(/outside the input folder/);
    expect(reasons[join(dir, 'in/broken')]).toMatch(/broken symbolic link/);
    expect(reasons[join(dir, 'in/real.log')]).toMatch(/same file/);
    expect(files.some((f) => f.text === 'secret')).toBe(false);
  });
});

describe('walkInputs: archives, detected by content', () => {
  it('yields zip entries as archive!/name, skipping directories and clutter, re-openable', async () => {
    const dir = await caseDir();
    const z = zip({
      'logs/': {},
      'logs/app.log': Buffer.from('line 1\nline 2\n'),
      'metrics.csv': [Buffer.from('t,v\n1,2\n'), { level: 0 }],
      '__MACOSX/logs/._app.log': Buffer.from('junk'),
      'logs/.DS_Store': Buffer.from('junk'),
    });
    await writeFile(join(dir, 'dump.zip'), z);
    const seen: InputEntry[] = [];
    for await (const item of walkInputs([join(dir, 'dump.zip')])) {
      if (!isSkipped(item)) seen.push(item);
    }
    const z0 = join(dir, 'dump.zip');
    expect(seen.map((e) => e.path)).toEqual([`${z0}!/logs/app.log`, `${z0}!/metrics.csv`]);
    expect(seen.map((e) => e.size)).toEqual([14, 8]);
    // Entries of a zip on disk stay readable after the walk, as often as asked.
    expect((await readAll(seen[0].open())).toString()).toBe('line 1\nline 2\n');
    expect((await readAll(seen[0].open())).toString()).toBe('line 1\nline 2\n');
    expect((await readAll(seen[1].open())).toString()).toBe('t,v\n1,2\n');
  });

  it('recognises archives by magic bytes, not names', async () => {
    const dir = await caseDir();
    await writeFile(join(dir, 'export.bin'), zip({ 'a.txt': Buffer.from('from zip') }));
    await writeFile(join(dir, 'app.log'), gzipSync('from gzip'));
    await writeFile(join(dir, 'fake.zip'), 'just text, despite the name');
    await writeFile(join(dir, 'data.dat'), await makeTar([{ name: 'b.txt', data: 'from tar' }]));
    const { files, skipped } = await walk([dir]);
    expect(skipped).toEqual([]);
    expect(files.map((f) => [f.path.slice(dir.length + 1), f.text])).toEqual([
      ['app.log', 'from gzip'],
      ['data.dat!/b.txt', 'from tar'],
      ['export.bin!/a.txt', 'from zip'],
      ['fake.zip', 'just text, despite the name'],
    ]);
  });

  it('reads tar and tar.gz entries, which stay readable until the walk moves on', async () => {
    const dir = await caseDir();
    const tar = await makeTar([
      { name: 'logs', type: 'directory' },
      { name: './logs/a.log', data: 'alpha' },
      { name: 'logs/b.log', data: 'beta' },
    ]);
    await writeFile(join(dir, 'x.tar'), tar);
    await writeFile(join(dir, 'y.tgz'), gzipSync(tar));
    const got: string[] = [];
    let first: InputEntry | undefined;
    for await (const item of walkInputs([join(dir, 'x.tar'), join(dir, 'y.tgz')])) {
      if (isSkipped(item)) throw new Error(item.reason);
      first ??= item;
      // open() twice: the head for detection, then the whole.
      const head = (await readAll(item.open())).subarray(0, 2).toString();
      const whole = (await readAll(item.open())).toString();
      got.push(`${item.path.slice(dir.length + 1)}=${head}/${whole}/${item.size}`);
    }
    expect(got).toEqual([
      'x.tar!/logs/a.log=al/alpha/5',
      'x.tar!/logs/b.log=be/beta/4',
      'y.tgz!/logs/a.log=al/alpha/5',
      'y.tgz!/logs/b.log=be/beta/4',
    ]);
    await expect(readAll(first!.open())).rejects.toThrow(/no longer available/);
    expect(await readdir(spoolRoot)).toEqual([]);
  });

  it('gives a .gz of a plain file under the .gz path, decompressed, with no size known up front', async () => {
    const dir = await caseDir();
    const text = 'x'.repeat(10_000);
    await writeFile(join(dir, 'app.log.gz'), gzipSync(text));
    const { files } = await walk([join(dir, 'app.log.gz')]);
    expect(files).toEqual([{ path: join(dir, 'app.log.gz'), size: undefined, text }]);
  });

  it('walks nested archives: a .gz inside a .tgz inside a .zip inside a folder', async () => {
    const dir = await caseDir();
    const innerTgz = gzipSync(await makeTar([{ name: 'logs/app.log.gz', data: gzipSync('deep line\n') }]));
    await mkdir(join(dir, 'exports'));
    await writeFile(join(dir, 'exports/outer.zip'), zip({ 'inner.tgz': innerTgz, 'top.txt': Buffer.from('top') }));
    const { files, skipped } = await walk([dir]);
    expect(skipped).toEqual([]);
    expect(files.map((f) => [f.path.slice(dir.length + 1), f.text])).toEqual([
      ['exports/outer.zip!/inner.tgz!/logs/app.log.gz', 'deep line\n'],
      ['exports/outer.zip!/top.txt', 'top'],
    ]);
    // With maxDepth 2 the third level (the .gz inside the tgz inside the zip) is refused with a reason.
    const shallow = await walk([dir], { maxDepth: 2 });
    expect(shallow.files.map((f) => f.text)).toEqual(['top']);
    expect(shallow.skipped).toHaveLength(1);
    expect(shallow.skipped[0].path).toMatch(/outer\.zip!\/inner\.tgz!\/logs\/app\.log\.gz$/);
    expect(shallow.skipped[0].reason).toMatch(/nested 3 deep.*maxDepth 2/);
  });

  it('walks a zip nested inside a zip (spooled, as a zip needs random access)', async () => {
    const dir = await caseDir();
    const inner = zip({ 'in.txt': Buffer.from('inner text') });
    await writeFile(join(dir, 'outer.zip'), zip({ 'inner.zip': [inner, { level: 0 }] }));
    const entries: InputEntry[] = [];
    for await (const item of walkInputs([join(dir, 'outer.zip')])) {
      if (isSkipped(item)) throw new Error(item.reason);
      expect((await readAll(item.open())).toString()).toBe('inner text');
      entries.push(item);
    }
    expect(entries.map((e) => e.path.slice(dir.length + 1))).toEqual(['outer.zip!/inner.zip!/in.txt']);
    // The inner zip was spooled; once the walk moved on, its entries say so instead of failing obscurely.
    await expect(readAll(entries[0].open())).rejects.toThrow(/inner\.zip!\/in\.txt: no longer available/);
    expect(await readdir(spoolRoot)).toEqual([]);
  });
});

describe('walkInputs: refusals, each with a reason', () => {
  it('skips entries that climb out with .., absolute paths and drive letters (zip and tar)', async () => {
    const dir = await caseDir();
    await writeFile(
      join(dir, 'evil.zip'),
      zip({
        '../evil.txt': Buffer.from('evil'),
        '/etc/passwd': Buffer.from('root'),
        'C:\\Windows\\x.ini': Buffer.from('win'),
        'ok/../../up.txt': Buffer.from('up'),
        'fine.txt': Buffer.from('fine'),
      }),
    );
    const tar = await makeTar([
      { name: '../evil.txt', data: 'evil' },
      { name: 'good.txt', data: 'good' },
    ]);
    await writeFile(join(dir, 'evil.tar'), tar);
    const { files, skipped } = await walk([join(dir, 'evil.zip'), join(dir, 'evil.tar')]);
    expect(files.map((f) => f.text)).toEqual(['fine', 'good']);
    const reasons = skipped.map((s) => `${s.path.slice(dir.length + 1)} :: ${s.reason}`);
    expect(reasons).toHaveLength(5);
    expect(reasons[0]).toMatch(/^evil\.zip!\/\.\.\/evil\.txt :: path traversal/);
    expect(reasons[1]).toMatch(/^evil\.zip!\/\/etc\/passwd :: absolute path/);
    expect(reasons[2]).toMatch(/drive-letter/);
    expect(reasons[3]).toMatch(/path traversal/);
    expect(reasons[4]).toMatch(/^evil\.tar!\/\.\.\/evil\.txt :: path traversal/);
  });

  it('skips links inside a tar (symbolic and hard) and inside a zip', async () => {
    const dir = await caseDir();
    await writeFile(
      join(dir, 'links.tar'),
      await makeTar([
        { name: 'passwd', type: 'symlink', linkname: '/etc/passwd' },
        { name: 'hard', type: 'link', linkname: 'target' },
        { name: 'target', data: 'data' },
      ]),
    );
    const unixSymlink = { os: 3, attrs: (0o120777 << 16) >>> 0 };
    await writeFile(join(dir, 'links.zip'), zip({ 'up.lnk': [Buffer.from('../../etc'), unixSymlink] }));
    const { files, skipped } = await walk([join(dir, 'links.tar'), join(dir, 'links.zip')]);
    expect(files.map((f) => f.text)).toEqual(['data']);
    expect(skipped.map((s) => s.reason)).toEqual([
      "symbolic link to '/etc/passwd' inside an archive; links are not followed",
      "hard link to 'target' inside an archive; links are not followed",
      'symbolic link inside an archive; links are not followed',
    ]);
  });

  it('refuses a zip bomb from its header, and a lying header while inflating', async () => {
    const dir = await caseDir();
    const big = Buffer.alloc(5 * 1024 * 1024); // zeros: deflates about 1000:1
    const bomb = zip({ 'big.bin': big, 'small.txt': Buffer.from('ok') });
    await writeFile(join(dir, 'bomb.zip'), bomb);
    const honest = await walk([join(dir, 'bomb.zip')], { maxRatio: 50 });
    expect(honest.files.map((f) => f.text)).toEqual(['ok']);
    expect(honest.skipped).toHaveLength(1);
    expect(honest.skipped[0].path).toBe(`${join(dir, 'bomb.zip')}!/big.bin`);
    expect(honest.skipped[0].reason).toMatch(/more than 50× \(maxRatio\).*zip bomb/);

    // The same zip with the central directory claiming 2 MiB: the header passes a lenient ratio check, but the
    // stream is cut off as soon as it produces more than the header said.
    const lying = Buffer.from(bomb);
    lying.writeUInt32LE(2 * 1024 * 1024, centralOffset(lying) + 24);
    await writeFile(join(dir, 'lying.zip'), lying);
    const entries: InputEntry[] = [];
    for await (const item of walkInputs([join(dir, 'lying.zip')], { maxRatio: 100_000 })) {
      if (!isSkipped(item)) entries.push(item);
    }
    expect(entries[0].size).toBe(2 * 1024 * 1024);
    const err = await readAll(entries[0].open()).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ArchiveError);
    expect((err as ArchiveError).message).toMatch(/lying\.zip!\/big\.bin: inflates to more than the 2097152 bytes/);
  });

  it('refuses a gzip bomb while inflating, and a tgz bomb while spooling', async () => {
    const dir = await caseDir();
    const zeros = Buffer.alloc(5 * 1024 * 1024);
    await writeFile(join(dir, 'zeros.log.gz'), gzipSync(zeros));
    await writeFile(join(dir, 'zeros.tgz'), gzipSync(await makeTar([{ name: 'z.bin', data: zeros }])));
    const gz: InputEntry[] = [];
    const skipped: SkippedEntry[] = [];
    for await (const item of walkInputs([join(dir, 'zeros.log.gz'), join(dir, 'zeros.tgz')], { maxRatio: 50 })) {
      if (isSkipped(item)) skipped.push(item);
      else gz.push(item);
    }
    const err = await readAll(gz[0].open()).catch((e: unknown) => e);
    expect((err as Error).message).toMatch(/zeros\.log\.gz: expands to more than 50× .*maxRatio/);
    expect(skipped).toHaveLength(1);
    expect(skipped[0].path).toBe(join(dir, 'zeros.tgz'));
    expect(skipped[0].reason).toMatch(/expands to more than 50×/);
    expect(await readdir(spoolRoot)).toEqual([]);
  });

  it('holds the total uncompressed size to maxTotalBytes', async () => {
    const dir = await caseDir();
    const part = Buffer.alloc(600 * 1024, 'a');
    await writeFile(join(dir, 'two.zip'), zip({ 'one.txt': part, 'two.txt': part }));
    const { files, skipped } = await walk([join(dir, 'two.zip')], { maxTotalBytes: 1024 * 1024 });
    expect(files).toHaveLength(1);
    expect(skipped[0].path).toMatch(/two\.txt$/);
    expect(skipped[0].reason).toMatch(/left of maxTotalBytes/);
    // A gzip's size is unknown up front: the budget is enforced while it is read.
    await writeFile(join(dir, 'big.gz'), gzipSync(Buffer.alloc(2 * 1024 * 1024, 'b')));
    const gz: InputEntry[] = [];
    for await (const item of walkInputs([join(dir, 'big.gz')], { maxTotalBytes: 1024 * 1024, maxRatio: 1e6 })) {
      if (!isSkipped(item)) gz.push(item);
    }
    await expect(readAll(gz[0].open())).rejects.toThrow(
      /big\.gz: the walk's total uncompressed size went over 1\.0 MiB/,
    );
  });

  it('skips zip entries whose data overlaps another entry (the overlapping-file bomb)', async () => {
    const dir = await caseDir();
    const z = zip({ 'aaaa.txt': Buffer.from('shared data') });
    const cd = centralOffset(z);
    const eocd = z.lastIndexOf(Buffer.from([0x50, 0x4b, 0x05, 0x06]));
    const record = Buffer.from(z.subarray(cd, eocd));
    const twin = Buffer.from(record);
    twin.write('bbbb', 46); // same local header, another name
    const end = Buffer.from(z.subarray(eocd));
    end.writeUInt16LE(2, 8);
    end.writeUInt16LE(2, 10);
    end.writeUInt32LE(record.length * 2, 12);
    await writeFile(join(dir, 'overlap.zip'), Buffer.concat([z.subarray(0, eocd), twin, end]));
    const { files, skipped } = await walk([join(dir, 'overlap.zip')]);
    expect(files).toEqual([]);
    expect(skipped.map((s) => s.reason)).toEqual([
      'entry data overlaps another entry (a zip-bomb construction); not extracted',
      'entry data overlaps another entry (a zip-bomb construction); not extracted',
    ]);
  });

  it('stops after maxEntries items with one skip saying so', async () => {
    const dir = await caseDir();
    for (const n of [1, 2, 3, 4, 5]) await writeFile(join(dir, `f${n}.txt`), `${n}`);
    const { files, skipped } = await walk([dir], { maxEntries: 3 });
    expect(files.map((f) => f.text)).toEqual(['1', '2', '3']);
    expect(skipped).toEqual([
      { skipped: true, path: join(dir, 'f4.txt'), reason: expect.stringMatching(/more than 3 items \(maxEntries\)/) },
    ]);
  });

  it('skips bzip2, xz and zstd data with a reason instead of handing it over as text', async () => {
    const dir = await caseDir();
    const bz2 = Buffer.from('425a683931415926535900000000', 'hex'); // 'BZh9' + block magic
    await writeFile(join(dir, 'a.bz2'), bz2);
    await writeFile(join(dir, 'b.xz'), Buffer.from('fd377a585a000004', 'hex'));
    await writeFile(join(dir, 'c.bin'), gzipSync(Buffer.from('28b52ffd0000', 'hex')));
    await writeFile(join(dir, 'd.txt'), 'BZh9 is how a bzip2 file starts, but this is text');
    const { files, skipped } = await walk([dir]);
    expect(files.map((f) => f.path.slice(dir.length + 1))).toEqual(['d.txt']);
    expect(skipped.map((s) => `${s.path.slice(dir.length + 1)}: ${s.reason.split(',')[0]}`)).toEqual([
      'a.bz2: bzip2 data',
      'b.xz: xz data',
      'c.bin: zstd data inside a gzip',
    ]);
  });

  it('checks its limits up front', async () => {
    const gen = walkInputs([], { maxRatio: 0 });
    await expect(gen.next()).rejects.toThrow(/limits\.maxRatio must be a positive number, got 0/);
  });
});

describe('walkInputs: corrupt archives', () => {
  it('names a corrupt zip, a truncated tgz and a broken gzip, and carries on with the next input', async () => {
    const dir = await caseDir();
    await writeFile(join(dir, '1-bad.zip'), Buffer.concat([Buffer.from('PK\x03\x04'), Buffer.alloc(100, 7)]));
    // Incompressible content, so that cutting the gzip in half cuts the tar inside its first entry.
    let seed = 7;
    const noise = Buffer.from(Array.from({ length: 20_000 }, () => (seed = (seed * 48271) % 2147483647) & 0xff));
    const tgz = gzipSync(await makeTar([{ name: 'a.log', data: noise }, { name: 'b.log', data: 'b' }]));
    await writeFile(join(dir, '2-cut.tgz'), tgz.subarray(0, Math.floor(tgz.length / 2)));
    await writeFile(join(dir, '3-bad.gz'), Buffer.concat([Buffer.from([0x1f, 0x8b, 8, 0]), Buffer.alloc(50, 0xff)]));
    await writeFile(join(dir, '4-good.txt'), 'still here');
    const { files, skipped } = await walk([dir]);
    expect(files.map((f) => f.text)).toEqual(['still here']);
    const byName = Object.fromEntries(skipped.map((s) => [s.path.slice(dir.length + 1), s.reason]));
    expect(Object.keys(byName)).toEqual(['1-bad.zip', '2-cut.tgz', '3-bad.gz']);
    expect(byName['1-bad.zip']).toMatch(/not a readable zip: no end-of-central-directory record/);
    expect(byName['2-cut.tgz']).toMatch(/^stopped in entry 'a.log' after 0 entries/);
    expect(byName['2-cut.tgz']).toMatch(/unexpected end of file/);
    expect(byName['3-bad.gz']).toMatch(/not a readable gzip stream/);
  });

  it('fails a damaged zip entry at read time with an error that names the archive and the entry', async () => {
    const dir = await caseDir();
    // Large enough that the damage lies past the head the walk reads to detect the format.
    const text = 'payload '.repeat(128 * 1024);
    const z = zip({ 'data/a.log': [Buffer.from(text), { level: 0 }] });
    const damaged = Buffer.from(z);
    const at = damaged.indexOf('payload', 900 * 1024);
    damaged[at] ^= 0x20; // stored data no longer matches its CRC-32
    await writeFile(join(dir, 'damaged.zip'), damaged);
    const entries: InputEntry[] = [];
    for await (const item of walkInputs([join(dir, 'damaged.zip')])) if (!isSkipped(item)) entries.push(item);
    expect(entries).toHaveLength(1);
    await expect(readAll(entries[0].open())).rejects.toThrow(/damaged\.zip!\/data\/a\.log: CRC-32 does not match/);
  });
});

describe('walkInputs: cancel and clean-up', () => {
  it('stops with the signal reason when aborted, and removes its spools when left early', async () => {
    const dir = await caseDir();
    await writeFile(join(dir, 'many.tar'), await makeTar([1, 2, 3].map((n) => ({ name: `${n}.txt`, data: `${n}` }))));
    const ctrl = new AbortController();
    const seen: string[] = [];
    await expect(
      (async () => {
        for await (const item of walkInputs([join(dir, 'many.tar')], {}, ctrl.signal)) {
          seen.push(item.path);
          ctrl.abort(new Error('cancelled by the user'));
        }
      })(),
    ).rejects.toThrow('cancelled by the user');
    expect(seen).toHaveLength(1);
    expect(await readdir(spoolRoot)).toEqual([]);

    for await (const item of walkInputs([join(dir, 'many.tar')])) {
      expect(isSkipped(item)).toBe(false);
      break;
    }
    expect(await readdir(spoolRoot)).toEqual([]);
  });
});
