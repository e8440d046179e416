/**
 * The workspace a person names is the file that is opened: an existing file of another application is
 * refused as it is (not silently replaced by a new `<name>.hindsight` beside it), and left unchanged.
 */
import { createHash } from 'node:crypto';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { makeNodeWorker } from '../../../core/jobs/node-worker';
import { Service } from '../../../core/service/service';

let dir: string;
let service: Service;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'hindsight-files-'));
  service = new Service({ makeWorker: makeNodeWorker, dataDir: join(dir, 'home'), shell: 'browser', poolSize: 1 });
});
afterEach(async () => {
  await service.close();
  rmSync(dir, { recursive: true, force: true });
});

const sha256 = (file: string): string => createHash('sha256').update(readFileSync(file)).digest('hex');

describe('opening the workspace to import into', () => {
  it("refuses another application's file by its own name, and writes no file beside it", () => {
    const other = join(dir, 'other.sqlite');
    const db = new Database(other);
    db.exec("CREATE TABLE sources (id INTEGER PRIMARY KEY, url TEXT); INSERT INTO sources(url) VALUES ('x')");
    db.close();
    const before = sha256(other);
    expect(() => service.openWorkspace(other, true)).toThrow(`${other}: is an SQLite database of another application`);
    expect(sha256(other)).toBe(before);
    expect(readdirSync(dir).sort()).toEqual(['home', 'other.sqlite']);
  });

  it('still creates <name>.hindsight for a name that does not exist yet', () => {
    const ws = service.openWorkspace(join(dir, 'incident'), true);
    expect(ws.path).toBe(join(dir, 'incident.hindsight'));
  });
});
