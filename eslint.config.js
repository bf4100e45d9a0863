// Lint rules, including the dependency arrows of ../shared/design/architecture.md:
//   renderer -> preload/api.ts ; main/electron, main/server -> main/jobs, main/project, main/media ;
//   main/jobs -> main/engine, main/data ; main/engine imports nothing of the app.
// Each folder lists what it may NOT import; `no-restricted-imports` enforces it.
import js from '@eslint/js';
import tseslint from 'typescript-eslint';

const nodeBuiltins = [
  'node:*', 'fs', 'fs/*', 'path', 'os', 'child_process', 'crypto', 'url', 'http', 'https', 'net',
  'stream', 'util', 'events', 'worker_threads', 'zlib', 'buffer', 'process',
];

/** Build a no-restricted-imports rule from glob patterns with one message. */
const forbid = (message, ...group) => ['error', { patterns: [{ group, message }] }];

export default tseslint.config(
  { ignores: ['node_modules/', 'out/', 'dist/', 'release/', 'bench-results/', '.cache/', 'test-results/', '**/*.longshot/'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { ecmaVersion: 2023, sourceType: 'module' },
    rules: {
      '@typescript-eslint/no-explicit-any': 'error',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      'no-console': 'off',
    },
  },
  {
    files: ['**/*.mjs', '**/*.js'],
    languageOptions: { globals: { process: 'readonly', console: 'readonly', URL: 'readonly' } },
  },
  {
    files: ['preload/api.ts'],
    rules: {
      'no-restricted-imports': forbid(
        'preload/api.ts is shared by every side: no electron, no Node modules, no app folders.',
        'electron', ...nodeBuiltins, '**/main/**', '**/renderer/**',
      ),
    },
  },
  {
    files: ['renderer/**/*.{ts,tsx}'],
    rules: {
      'no-restricted-imports': forbid(
        'The renderer talks to main only through the contract in preload/api.ts.',
        'electron', ...nodeBuiltins, '**/main/**', '**/preload/index*',
      ),
    },
  },
  {
    files: ['main/engine/**/*.ts'],
    rules: {
      'no-restricted-imports': forbid(
        'main/engine imports tfjs and its own files only.',
        'electron', '**/preload/**', '**/renderer/**', '../../*', '../../../*', '**/main/project/**',
        '**/main/jobs/**', '**/main/media/**', '**/main/data/**', '**/main/server/**', '**/main/cli/**',
        '**/main/electron/**', 'better-sqlite3',
      ),
    },
  },
  {
    files: ['main/data/**/*.ts'],
    rules: {
      'no-restricted-imports': forbid(
        'main/data may use main/media and its own files; not the app shell or the store.',
        'electron', '**/renderer/**', '**/main/jobs/**', '**/main/server/**', '**/main/electron/**', '**/main/cli/**',
        '../jobs/*', '../server/*', '../electron/*', '../cli/*',
      ),
    },
  },
  {
    files: ['main/project/**/*.ts', 'main/media/**/*.ts'],
    rules: {
      'no-restricted-imports': forbid(
        'main/project and main/media are leaves: no electron, renderer, server, jobs or engine.',
        'electron', '**/renderer/**', '**/main/jobs/**', '**/main/server/**', '**/main/electron/**',
        '**/main/engine/**', '**/main/cli/**', '../jobs/*', '../server/*', '../electron/*', '../engine/*', '../cli/*',
      ),
    },
  },
  {
    files: ['main/jobs/**/*.ts', 'main/server/**/*.ts', 'main/cli/**/*.ts', 'main/services/**/*.ts', 'main/eval/**/*.ts'],
    rules: {
      'no-restricted-imports': forbid(
        'Only main/electron imports electron; nothing in main imports the renderer.',
        'electron', '**/renderer/**',
      ),
    },
  },
);
