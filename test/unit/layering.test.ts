/**
 * The layering rule, checked on every file: core/ never imports electron or renderer/;
 * renderer/ never imports Node built-ins, better-sqlite3, or core/ beyond core/api.
 * Inside core/: base imports nothing; analysis imports only itself and base (no store, ingest, jobs,
 * service, no Node built-in at all, so it runs in any host); store imports nothing from analysis;
 * ingest nothing from jobs. eslint.config.js states the same rules for the editor.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { builtinModules } from 'node:module';
import { join, relative, resolve, dirname, sep } from 'node:path';
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

/** True for `fs`, `node:fs`, `fs/promises`, `node:fs/promises`... */
function isNodeBuiltin(spec: string): boolean {
  return NODE.has(spec) || NODE.has(spec.split('/')[0]);
}

/** The core/ directory a path lies in (`core/analysis`), or null outside core/. */
function coreLayer(path: string): string | null {
  const m = /^core\/([^/]+)\//.exec(path.split(sep).join('/'));
  return m ? `core/${m[1]}` : null;
}

/**
 * Layers inside core/. `only`: the core/ directories a layer may import (npm packages stay allowed);
 * `not`: the ones it must not; `noNode`: no Node built-in (and no SQLite) either.
 */
const CORE_LAYERS: Record<string, { only?: string[]; not?: string[]; noNode?: boolean; why: string }> = {
  'core/base': { only: ['core/base'], noNode: true, why: 'core/base is the bottom layer' },
  'core/analysis': {
    only: ['core/analysis', 'core/base'],
    noNode: true,
    why: 'core/analysis is pure computation: no store, ingest, jobs, service, nor Node I/O',
  },
  'core/store': { not: ['core/analysis'], why: 'core/store must not depend on core/analysis' },
  'core/ingest': { not: ['core/jobs'], why: 'core/ingest must not depend on core/jobs' },
};

/** The violations of one file, as `file: imports x (why)`. */
export function violations(file: string, source: string): string[] {
  const rel = relative(ROOT, file);
  const out: string[] = [];
  for (const spec of importsOf(source)) {
    const target = spec.startsWith('.') ? relative(ROOT, resolve(dirname(file), spec)) : spec;
    if (rel.startsWith('core/')) {
      if (spec === 'electron' || spec.startsWith('electron/')) out.push(`${rel}: imports ${spec} (core/ must not import electron)`);
      if (target.startsWith('renderer')) out.push(`${rel}: imports ${spec} (core/ must not import renderer/)`);
      const layer = coreLayer(rel);
      const rule = layer ? CORE_LAYERS[layer] : undefined;
      const into = spec.startsWith('.') ? coreLayer(target) : null;
      if (rule && into && ((rule.only && !rule.only.includes(into)) || rule.not?.includes(into))) {
        out.push(`${rel}: imports ${spec} (${rule.why})`);
      }
      if (rule?.noNode && (isNodeBuiltin(spec) || spec === 'better-sqlite3')) out.push(`${rel}: imports ${spec} (${rule.why})`);
    }
    if (rel.startsWith('renderer/')) {
      if (isNodeBuiltin(spec)) out.push(`${rel}: imports ${spec} (renderer/ must not import Node built-ins)`);
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

  it('flags a wrong-way import between the layers inside core/ (each rule can fail)', () => {
    const analysis = join(ROOT, 'core/analysis/timeseries/x.ts');
    for (const into of ['store/workspace', 'ingest/import', 'jobs/pool', 'service/service', 'api/contract']) {
      expect(violations(analysis, `import { x } from '../../${into}';`)).toEqual([
        `core/analysis/timeseries/x.ts: imports ../../${into} (core/analysis is pure computation: no store, ingest, jobs, service, nor Node I/O)`,
      ]);
    }
    for (const node of ['node:fs', 'fs', 'path', 'node:worker_threads', 'child_process', 'net', 'http', 'node:crypto', 'better-sqlite3']) {
      expect(violations(analysis, `import x from '${node}';`)).toHaveLength(1);
    }
    expect(violations(join(ROOT, 'core/store/x.ts'), "import { median } from '../analysis/stats';")).toHaveLength(1);
    expect(violations(join(ROOT, 'core/ingest/formats/x.ts'), "import { JobPool } from '../../jobs/pool';")).toHaveLength(1);
    expect(violations(join(ROOT, 'core/base/x.ts'), "import { median } from '../analysis/stats';")).toHaveLength(1);
    expect(violations(join(ROOT, 'core/base/x.ts'), "import { readFileSync } from 'node:fs';")).toHaveLength(1);
  });

  it('lets each layer import what it may', () => {
    const analysis = join(ROOT, 'core/analysis/timeseries/x.ts');
    expect(violations(analysis, "import { median } from '../stats';\nimport { CancelledError } from '../../base/cancel';\nimport { kmeans } from 'ml-kmeans';")).toEqual([]);
    expect(violations(join(ROOT, 'core/store/x.ts'), "import Database from 'better-sqlite3';\nimport { readFileSync } from 'node:fs';")).toEqual([]);
    expect(violations(join(ROOT, 'core/ingest/x.ts'), "import { throwIfCancelled } from '../base/cancel';\nimport { WorkspaceStore } from '../store/workspace';")).toEqual([]);
    expect(violations(join(ROOT, 'core/jobs/x.ts'), "import { detectAnomalies } from '../analysis/timeseries/anomaly';")).toEqual([]);
  });

  it('holds for every file in core/ and renderer/', () => {
    const files = [...sourceFiles(join(ROOT, 'core')), ...sourceFiles(join(ROOT, 'renderer'))];
    expect(files.length).toBeGreaterThan(10);
    const found = files.flatMap((f) => violations(f, readFileSync(f, 'utf8')));
    expect(found).toEqual([]);
  });
});
