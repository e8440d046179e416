import js from '@eslint/js';
import reactHooks from 'eslint-plugin-react-hooks';
import globals from 'globals';
import tseslint from 'typescript-eslint';

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
  {
    files: ['core/**/*.ts'],
    rules: {
      // Layering: core never reaches up into a shell.
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            { group: ['electron'], message: 'core/ must not import electron' },
            { group: ['**/renderer/*', '**/renderer'], message: 'core/ must not import renderer/' },
          ],
        },
      ],
    },
  },
  {
    files: ['**/*.cjs'],
    languageOptions: { sourceType: 'commonjs' },
  },
);
