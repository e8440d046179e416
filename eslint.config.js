import { builtinModules } from 'node:module';
import js from '@eslint/js';
import reactHooks from 'eslint-plugin-react-hooks';
import globals from 'globals';
import tseslint from 'typescript-eslint';

const NODE_BUILTINS = builtinModules.flatMap((m) => [m, `${m}/*`]);

/** One no-restricted-imports block per core/ layer, each with the core-wide rules (core never reaches up into a shell). */
function coreLayers(layers) {
  const coreWide = [
    { group: ['electron'], message: 'core/ must not import electron' },
    { group: ['**/renderer/*', '**/renderer'], message: 'core/ must not import renderer/' },
  ];
  return layers.map(({ files, patterns }) => ({
    files,
    rules: { 'no-restricted-imports': ['error', { patterns: [...coreWide, ...patterns] }] },
  }));
}

export default tseslint.config(
  { ignores: ['out/**', 'dist/**', 'node_modules/**', 'test-results/**', 'bench/.data/**', '.demo/**', '**/_scratch*'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { globals: { ...globals.node }, ecmaVersion: 2023, sourceType: 'module' },
    rules: {
      '@typescript-eslint/no-unused-vars': ['warn', { argsIgnorePattern: '^_', varsIgnorePattern: '^_', caughtErrors: 'none' }],
      '@typescript-eslint/consistent-type-imports': ['warn', { fixStyle: 'inline-type-imports' }],
      'no-constant-condition': ['warn', { checkLoops: false }],
    },
  },
  {
    files: ['renderer/**/*.{ts,tsx}'],
    languageOptions: { globals: { ...globals.browser } },
    plugins: { 'react-hooks': reactHooks },
    rules: {
      ...reactHooks.configs.recommended.rules,
      // Layering: the renderer knows only the contract (core/api), never Node or SQLite.
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            { group: ['node:*', 'fs', 'path', 'os', 'child_process', 'worker_threads', 'crypto'], message: 'renderer/ must not import Node built-ins' },
            { group: ['better-sqlite3'], message: 'renderer/ must not import SQLite' },
            { group: ['**/core/*', '!**/core/api', '!**/core/api/*'], message: 'renderer/ may import only core/api' },
            { group: ['electron'], message: 'renderer/ talks to the backend only through core/api' },
          ],
        },
      ],
    },
  },
  // Layering inside core/ (test/unit/layering.test.ts checks the same on every file). A later block's
  // no-restricted-imports replaces an earlier one, so each block repeats the core-wide patterns.
  ...coreLayers([
    { files: ['core/**/*.ts'], patterns: [] },
    {
      files: ['core/analysis/**/*.ts', 'core/base/**/*.ts'],
      patterns: [
        { group: ['**/store', '**/store/*', '**/ingest', '**/ingest/*', '**/jobs', '**/jobs/*', '**/service', '**/service/*', '**/api/*', '**/cli/*', '**/host/*', '**/demo/*', '**/events/*'], message: 'core/analysis and core/base are pure computation: import only core/analysis and core/base' },
        { group: ['node:*', ...NODE_BUILTINS, 'better-sqlite3'], message: 'core/analysis and core/base do no I/O: no Node built-ins' },
      ],
    },
    { files: ['core/store/**/*.ts'], patterns: [{ group: ['**/analysis', '**/analysis/*'], message: 'core/store must not depend on core/analysis' }] },
    { files: ['core/ingest/**/*.ts'], patterns: [{ group: ['**/jobs', '**/jobs/*'], message: 'core/ingest must not depend on core/jobs' }] },
  ]),
  {
    files: ['**/*.cjs'],
    languageOptions: { sourceType: 'commonjs' },
  },
);
