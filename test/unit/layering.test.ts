/**
 * The layering rule, checked on every file: core/ never imports electron or renderer/;
 * renderer/ never imports Node built-ins, better-sqlite3, or core/ beyond core/api.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { builtinModules } from 'node:module';
import { join, relative, resolve, dirname } from 'node:path';
import { describe, expect, it } from 'vitest';

const ROOT = resolve(__dirname, '../..');
const IMPORT_RE = /(?:import|export)\s[^'"]*?from\s*['"]([^'"]+)['"]|import\s*\(\s*['"]([^'"]+)['"]\s*\)|require\(\s*['"]([^'"]+)['"]\s*\)|^\s*import\s+['"]([^'"]+)['"]/gm;

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const p = join(dir, e.name);
    if (e.isDirectory()) return e.name === 'node_modules' ? [] : sourceFiles(p);
    return /\.(ts|tsx|mts|mjs|js)$/.test(e.name) ? [p] : [];
  });
}

export function importsOf(source: string): string[] {
  return [...source.matchAll(IMPORT_RE)].map((m) => m[1] ?? m[2] ?? m[3] ?? m[4]);
}

const NODE = new Set(builtinModules.flatMap((m) => [m, `node:${m}`]));

/** The violations of one file, as `file: imports x (why)`. */
export function violations(file: string, source: string): string[] {
  const rel = relative(ROOT, file);
  const out: string[] = [];
  for (const spec of importsOf(source)) {
    const target = spec.startsWith('.') ? relative(ROOT, resolve(dirname(file), spec)) : spec;
    if (rel.startsWith('core/')) {
      if (spec === 'electron' || spec.startsWith('electron/')) out.push(`${rel}: imports ${spec} (core/ must not import electron)`);
      if (target.startsWith('renderer')) out.push(`${rel}: imports ${spec} (core/ must not import renderer/)`);
    }
    if (rel.startsWith('renderer/')) {
      if (NODE.has(spec) || NODE.has(spec.split('/')[0])) out.push(`${rel}: imports ${spec} (renderer/ must not import Node built-ins)`);
      if (spec === 'better-sqlite3') out.push(`${rel}: imports ${spec} (renderer/ must not import SQLite)`);
      if (target.startsWith('core/') && !target.startsWith('core/api')) out.push(`${rel}: imports ${spec} (renderer/ may import only core/api)`);
      if (spec === 'electron') out.push(`${rel}: imports electron (renderer/ talks only through core/api)`);
    }
  }
  return out;
}

describe('layering', () => {
  it('finds every import form', () => {
    expect(importsOf(`import a from 'x';\nimport { b } from "y";\nconst c = await import('z');\nimport 'side';\nexport * from './w';`)).toEqual([
      'x',
      'y',
      'z',
      'side',
      './w',
    ]);
  });

  it('flags a wrong-way import (the check can fail)', () => {
    expect(violations(join(ROOT, 'core/store/x.ts'), "import { app } from 'electron';")).toHaveLength(1);
    expect(violations(join(ROOT, 'core/store/x.ts'), "import { App } from '../../renderer/src/App';")).toHaveLength(1);
    expect(violations(join(ROOT, 'renderer/src/x.ts'), "import fs from 'node:fs';")).toHaveLength(1);
    expect(violations(join(ROOT, 'renderer/src/x.ts'), "import { readFile } from 'fs/promises';")).toHaveLength(1);
    expect(violations(join(ROOT, 'renderer/src/x.ts'), "import Database from 'better-sqlite3';")).toHaveLength(1);
    expect(violations(join(ROOT, 'renderer/src/x.ts'), "import { x } from '../../core/store/db';")).toHaveLength(1);
    expect(violations(join(ROOT, 'renderer/src/x.ts'), "import type { Client } from '../../core/api/client';")).toEqual([]);
  });

  it('holds for every file in core/ and renderer/', () => {
    const files = [...sourceFiles(join(ROOT, 'core')), ...sourceFiles(join(ROOT, 'renderer'))];
    expect(files.length).toBeGreaterThan(10);
    const found = files.flatMap((f) => violations(f, readFileSync(f, 'utf8')));
    expect(found).toEqual([]);
  });
});
