// Flat config: typescript-eslint's recommended, type-aware rules over src/, test/ and bench/, and the
// house's layers (docs/explanation/architecture.md): imports point down, never round in a cycle.
import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import { importX } from 'eslint-plugin-import-x';
import { createTypeScriptImportResolver } from 'eslint-import-resolver-typescript';

// The layers, top to bottom. Entry points may import anything below them.
/** The product's entry points: the CLI, the client library, the worker and what only it runs. */
const PRODUCT_ENTRY_POINTS = [
  './src/cli',
  './src/client.ts',
  './src/client',
  './src/worker.ts',
  './src/service',
  './src/metrics',
];
const ENTRY_POINTS = [...PRODUCT_ENTRY_POINTS, './src/dev', './src/simulator', './bench', './scripts', './test'];
const ORCHESTRATION = ['./src/workflows', './src/activities'];
const BASE = ['./src/clanforge', './src/temporal', './src/rollouts'];
const CONTRACT = './src/contract';
const LOGGING = './src/logging';
/** Everything shipped but the simulator (and the dev tools that start it). */
const PRODUCT = [...PRODUCT_ENTRY_POINTS, ...ORCHESTRATION, ...BASE, CONTRACT, LOGGING];

const zone = (target, from, message, except) => ({ target, from, message, ...(except ? { except } : {}) });
const others = (self, folders) => folders.filter((folder) => folder !== self);

const layerZones = [
  zone(
    CONTRACT,
    [...ENTRY_POINTS, ...ORCHESTRATION, ...BASE, LOGGING],
    'src/contract is pure: it imports only zod and Temporal define* functions.',
  ),
  ...BASE.map((base) =>
    zone(
      base,
      [...ENTRY_POINTS, ...ORCHESTRATION, ...others(base, BASE)],
      `${base.slice(2)} sits at the bottom: it imports only src/contract and src/logging.`,
    ),
  ),
  zone(
    LOGGING,
    [...ENTRY_POINTS, ...ORCHESTRATION, ...BASE, CONTRACT],
    'src/logging is a leaf: it imports nothing of ours.',
  ),
  zone(
    './src/activities',
    [...ENTRY_POINTS, './src/workflows'],
    'Activities never import workflows or entry points: what both need is in src/contract.',
  ),
  zone(
    './src/workflows',
    [...ENTRY_POINTS, ...BASE, LOGGING],
    'Workflow code imports only src/contract, src/workflows and (as types) src/activities: no I/O, no clients.',
  ),
  zone(
    './src/workflows',
    './src/activities',
    'Workflows see activities only through their index (import type, for proxyActivities).',
    ['./index.ts'],
  ),
  zone(
    './src/workflows/rollout',
    './src/workflows/release',
    'The rollout never imports the release: what both need is in src/contract or src/workflows/shared.',
  ),
  zone(
    './src/workflows/release',
    './src/workflows/rollout',
    'The release never imports the rollout: what both need is in src/contract or src/workflows/shared.',
  ),
  zone(
    './src/workflows/shared',
    ['./src/workflows/rollout', './src/workflows/release'],
    'src/workflows/shared is below the rollout and the release.',
  ),
  zone(PRODUCT, './src/simulator', 'Product code never imports the Clanforge simulator.'),
  zone(['./src', './bench'], './test', 'Only tests import test/: move what is shared into src/.'),
  zone('./src', ['./bench', './scripts'], 'src/ never imports bench/ or scripts/.'),
];

export default tseslint.config(
  { ignores: ['lib/**', 'node_modules/**', '.dev/**', '.stack/**', '.tools/**', 'artifacts/**', 'coverage/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    files: ['**/*.ts'],
    languageOptions: {
      parserOptions: { project: './tsconfig.check.json', tsconfigRootDir: import.meta.dirname },
    },
    rules: {
      '@typescript-eslint/no-floating-promises': 'error',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
    },
  },
  {
    files: ['src/**/*.ts', 'bench/**/*.ts', 'scripts/**/*.ts', 'test/**/*.ts'],
    plugins: { 'import-x': importX },
    settings: {
      // As import-x's own typescript preset: without these it cannot read a .ts file's imports.
      'import-x/extensions': ['.ts', '.mts', '.js', '.mjs', '.cjs'],
      'import-x/external-module-folders': ['node_modules', 'node_modules/@types'],
      'import-x/parsers': { '@typescript-eslint/parser': ['.ts', '.mts'] },
      'import-x/resolver-next': [createTypeScriptImportResolver({ project: './tsconfig.check.json' })],
    },
    rules: {
      // import-x skips `import type` edges here; the zones above (which do see them) keep the
      // folders one-way, so no cycle can run through a type-only import across folders.
      'import-x/no-cycle': ['error', { ignoreExternal: true }],
      'import-x/no-restricted-paths': ['error', { basePath: import.meta.dirname, zones: layerZones }],
    },
  },
  {
    // As in Temporal's samples: workflow code runs in the deterministic sandbox, without Node.
    files: ['src/workflows/**/*.ts', 'src/contract/**/*.ts'],
    rules: { 'import-x/no-nodejs-modules': 'error' },
  },
  {
    files: ['src/workflows/**/*.ts'],
    rules: {
      '@typescript-eslint/no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              regex: '^(\\.\\./)+activities(/.*)?$',
              allowTypeImports: true,
              message: 'Workflows import activities as types only (proxyActivities<typeof …>); never their code.',
            },
          ],
        },
      ],
    },
  },
  {
    files: ['src/contract/**/*.ts'],
    rules: {
      '@typescript-eslint/no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              regex: '^(?!\\.|zod$|@temporalio/common$|@temporalio/workflow$)',
              message: 'src/contract imports only zod, @temporalio/common and @temporalio/workflow (define*).',
            },
          ],
        },
      ],
    },
  },
  {
    files: ['**/*.js', '**/*.mjs', '**/*.cjs'],
    languageOptions: { globals: { require: 'readonly', module: 'writable', process: 'readonly', console: 'readonly' } },
  },
);
