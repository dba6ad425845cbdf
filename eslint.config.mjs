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
    { patterns: patterns.map((p) => ({ ...p, allowTypeImports: p.allowTypeImports ?? allowTypeImports })) },
  ],
});

/** The renderer has no Node and no Electron, and reaches main only through the contract (types from core). */
const RENDERER_PATTERNS = [
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
];
/** Every dialog is shared/dialog's `Dialog`, which gives the focus back to its opener (Mantine's return can lose it). */
const ONE_DIALOG = {
  group: ['@mantine/core'],
  importNames: ['Modal'],
  message: 'Use Dialog from renderer/src/shared/dialog: it gives the focus back to whatever opened it.',
};
RENDERER_PATTERNS.push(ONE_DIALOG);

/** No SQL outside main/store: every table has its repo. */
const NO_SQL = {
  'no-restricted-syntax': [
    'error',
    {
      selector: 'CallExpression[callee.property.name=/^(prepare|pragma)$/]',
      message: "No SQL outside main/store: add a function to the table's repo (main/store/repos).",
    },
  ],
};

const PLATFORM = [
  ...NODE_BUILTINS,
  'electron',
  'better-sqlite3*',
  'sharp',
  'tesseract.js',
  'pdfkit',
  'react',
  'react-dom',
];

/**
 * Core domains and the core domains each may import (besides core/shared). A core domain is pure rules: it
 * names what it builds on here, and nothing else of ours.
 */
const CORE_DOMAINS = {
  shared: [],
  access: [],
  plates: [],
  detections: ['plates'],
  ocr: ['plates'],
  sync: ['access', 'plates', 'hotlists'],
  audit: ['access', 'documents'],
  retention: ['access', 'documents'],
  hotlists: ['access', 'plates'],
  cases: ['access'],
  documents: [],
  evidence: ['access', 'audit', 'cases', 'documents'],
  releases: ['access', 'cases', 'documents', 'evidence', 'plates'],
};

/** Service domains: each imports another only through its index.ts (the kernel too), never its insides. */
const SERVICE_DOMAINS = [
  'access',
  'audit',
  'cases',
  'detections',
  'documents',
  'evidence',
  'hotlists',
  'map',
  'ocr',
  'plates',
  'releases',
  'retention',
  'sync',
];

/** Renderer features: none imports another (shared pieces live in renderer/src/shared, composition in app/). */
const FEATURES = [
  'access',
  'audit',
  'cases',
  'detections',
  'evidence',
  'hotlists',
  'ocr',
  'releases',
  'retention',
  'settings',
  'sync',
];

/**
 * Zones by path at any depth: a file `depth` folders below its domain's folder reaches a sibling domain with
 * `depth + 1` `../`, so each rule is stated once per depth (three levels of folders inside a domain).
 */
const DEPTHS = [0, 1, 2];
const up = (depth) => '../'.repeat(depth + 1);
const inside = (base, depth, exts = ['ts']) => exts.map((e) => `${base}/${'*/'.repeat(depth)}*.${e}`);

const coreZones = Object.entries(CORE_DOMAINS).flatMap(([domain, allowed]) =>
  DEPTHS.map((depth) => ({
    files: inside(`main/core/${domain}`, depth),
    rules: restrict([
      { group: PLATFORM, message: 'main/core is pure: no platform, no engines.' },
      {
        group: [
          `${up(depth)}../*`,
          ...Object.keys(CORE_DOMAINS)
            .filter((d) => d !== domain && d !== 'shared' && !allowed.includes(d))
            .flatMap((d) => [`${up(depth)}${d}`, `${up(depth)}${d}/*`]),
        ],
        message: `main/core/${domain} imports only core/shared${allowed.length ? ` and core/${allowed.join(', core/')}` : ''} (eslint.config.mjs, CORE_DOMAINS).`,
      },
    ]),
  })),
);

const serviceZones = [...SERVICE_DOMAINS, 'kernel'].flatMap((domain) =>
  DEPTHS.map((depth) => ({
    files: inside(`main/services/${domain}`, depth),
    rules: {
      ...restrict([
        { group: ['electron'], message: 'Only main/app imports electron.' },
        {
          group: ['**/app', '**/app/*', '**/workers/*'],
          message: 'Services do not reach up into the app or the workers.',
        },
        {
          group: SERVICE_DOMAINS.filter((d) => d !== domain).map((d) => `${up(depth)}${d}/*`),
          message: 'A service domain imports another only through its index.ts (e.g. ../sync, not ../sync/engine).',
        },
      ]),
      ...NO_SQL,
    },
  })),
);

const featureZones = FEATURES.flatMap((feature) =>
  DEPTHS.map((depth) => ({
    files: inside(`renderer/src/features/${feature}`, depth, ['ts', 'tsx']),
    rules: restrict([
      ...RENDERER_PATTERNS,
      {
        group: FEATURES.filter((f) => f !== feature).flatMap((f) => [`${up(depth)}${f}`, `${up(depth)}${f}/*`]),
        message:
          'Renderer features do not import each other: move the shared piece to renderer/src/shared, compose in app/.',
      },
      {
        group: [`${up(depth)}../app`, `${up(depth)}../app/*`],
        message: 'Features do not import the app; the app composes features.',
      },
    ]),
  })),
);

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
  ...coreZones,
  {
    files: ['main/store/**/*.ts'],
    rules: restrict([
      { group: ['electron'], message: 'Only main/app imports electron.' },
      {
        group: ['**/services', '**/services/*', '**/app', '**/app/*', '**/workers/*'],
        message: 'The store does not reach up into services, workers or the app.',
      },
    ]),
  },
  ...serviceZones,
  {
    files: ['main/workers/**/*.ts'],
    rules: {
      ...restrict([{ group: ['electron', '**/app/*'], message: 'Workers run no Electron and no app code.' }]),
      ...NO_SQL,
    },
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
    files: ['preload/contract/**/*.ts'],
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
    rules: restrict(RENDERER_PATTERNS),
  },
  ...featureZones,
  {
    files: ['renderer/src/shared/dialog.tsx'],
    rules: restrict(RENDERER_PATTERNS.filter((p) => p !== ONE_DIALOG)),
  },
  {
    files: ['tests/**/*.ts', 'tools/**/*.ts', 'tests/**/*.tsx', 'native/rebuild-electron.ts'],
    rules: { 'no-console': 'off', '@typescript-eslint/no-non-null-assertion': 'off' },
  },
);
