// @ts-check
import tseslint from 'typescript-eslint';

/**
 * The import layering of DESIGN.md, enforced. Imports point inward: core imports nothing of ours and no
 * platform; store and services import core; only main/app imports electron; the preload imports only the
 * contract; the renderer imports the contract and `import type`s from core.
 * Do not relax these rules: they are what keeps ALPR data behind the gate.
 */
const NODE_BUILTINS = [
  'node:*',
  'fs',
  'fs/*',
  'path',
  'os',
  'child_process',
  'crypto',
  'net',
  'http',
  'https',
  'worker_threads',
  'stream',
  'url',
  'util',
  'events',
  'readline',
  'zlib',
];

const restrict = (patterns, { allowTypeImports = false } = {}) => ({
  '@typescript-eslint/no-restricted-imports': [
    'error',
    { patterns: patterns.map((p) => ({ ...p, allowTypeImports })) },
  ],
});

export default tseslint.config(
  {
    ignores: [
      'out/**',
      'dist/**',
      'node_modules/**',
      'test-results/**',
      'playwright-report/**',
      'resources/**',
      '**/*.cjs',
      '**/*.mjs',
    ],
  },
  ...tseslint.configs.recommended,
  {
    rules: {
      '@typescript-eslint/consistent-type-imports': ['error', { fixStyle: 'inline-type-imports' }],
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      'no-console': 'error',
    },
  },
  {
    files: ['main/core/**/*.ts'],
    rules: restrict([
      {
        group: [
          ...NODE_BUILTINS,
          'electron',
          'better-sqlite3*',
          'sharp',
          'tesseract.js',
          'pdfkit',
          'react',
          'react-dom',
        ],
        message: 'main/core is pure: no platform, no engines.',
      },
      { group: ['../*', '../../*', '!./*'], message: 'main/core imports nothing of ours outside core.' },
    ]),
  },
  {
    files: ['main/store/**/*.ts'],
    rules: restrict([
      { group: ['electron'], message: 'Only main/app imports electron.' },
      {
        group: ['**/services/**', '**/app/**', '../services', '../app'],
        message: 'The store does not reach up into services or the app.',
      },
    ]),
  },
  {
    files: ['main/services/**/*.ts'],
    rules: restrict([
      { group: ['electron'], message: 'Only main/app imports electron.' },
      { group: ['**/app/**', '../app', '../../app'], message: 'Services do not reach up into the app.' },
    ]),
  },
  {
    files: ['native/**/*.ts'],
    rules: restrict([
      {
        group: ['electron', '**/main/**', '../main/*'],
        message: 'native/ wraps engines; it imports nothing of the app.',
      },
    ]),
  },
  {
    files: ['preload/index.ts'],
    rules: restrict([
      {
        group: ['../*', '**/main/**', ...NODE_BUILTINS],
        message: 'The preload imports only ./contract (and electron).',
      },
    ]),
  },
  {
    files: ['preload/contract.ts'],
    rules: {
      '@typescript-eslint/no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              group: ['../main/**', 'electron', ...NODE_BUILTINS],
              allowTypeImports: true,
              message: 'The contract may only `import type` from main/core.',
            },
          ],
        },
      ],
    },
  },
  {
    files: ['renderer/**/*.ts', 'renderer/**/*.tsx'],
    rules: {
      '@typescript-eslint/no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              group: ['electron', ...NODE_BUILTINS, 'better-sqlite3*'],
              message: 'The renderer has no Node and no Electron: use the contract.',
            },
            {
              group: ['**/main/services/**', '**/main/store/**', '**/main/app/**', '**/native/**', '**/preload/index*'],
              message: 'The renderer talks to main only through the contract.',
            },
            {
              group: ['**/main/core/**'],
              allowTypeImports: true,
              message: 'The renderer may only `import type` from main/core.',
            },
          ],
        },
      ],
    },
  },
  {
    files: ['tests/**/*.ts', 'tools/**/*.ts', 'tests/**/*.tsx', 'native/rebuild-electron.ts'],
    rules: { 'no-console': 'off', '@typescript-eslint/no-non-null-assertion': 'off' },
  },
);
