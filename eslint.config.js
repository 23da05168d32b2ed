import js from '@eslint/js';
import globals from 'globals';
import tseslint from 'typescript-eslint';

/** Test helpers live in each package's `testing` entry; production code never ships them. */
const testingEntries = {
  group: ['@chatbot/*/testing', '**/testing/*', '**/testing'],
  message: 'Test helpers are for tests and the benchmark only.',
};

/** The domain knows nothing of transports: hosts wire tRPC, HTTP and Next around it. */
const transports = {
  group: [
    '@trpc/*',
    'next',
    'next/*',
    'next-auth',
    'next-auth/*',
    '@chatbot/api',
    '@chatbot/client',
  ],
  message: 'packages/core is transport-free: this belongs in packages/api or a host app.',
};
const nodeHttp = ['node:http', 'http', 'node:https', 'https', 'node:http2', 'http2'].map(
  (name) => ({ name, message: transports.message }),
);

const productionSources = ['apps/*/src/**/*.{ts,tsx}', 'packages/*/src/**/*.{ts,tsx}'];
const testFiles = ['**/*.test.{ts,tsx}'];

export default tseslint.config(
  {
    ignores: [
      '**/node_modules/**',
      '**/dist/**',
      '**/.next/**',
      '**/.turbo/**',
      '**/generated/**',
      'packages/client/build/**',
      '**/next-env.d.ts',
      '**/test-results/**',
      '**/playwright-report/**',
    ],
  },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { globals: { ...globals.node } },
    rules: {
      '@typescript-eslint/no-unused-vars': [
        'error',
        { argsIgnorePattern: '^_', varsIgnorePattern: '^_', caughtErrors: 'none' },
      ],
      '@typescript-eslint/consistent-type-imports': ['error', { fixStyle: 'inline-type-imports' }],
      // `let id; subscribe(() => id); id = await send()` is how a callback sees a later value.
      'prefer-const': ['error', { ignoreReadBeforeAssign: true }],
    },
  },
  {
    // Configuration is read once, validated, and passed in (CONTRIBUTING.md, conventions).
    files: ['apps/**/*.{ts,tsx}', 'packages/**/*.{ts,tsx}'],
    ignores: ['packages/config/**'],
    rules: {
      'no-restricted-properties': [
        'error',
        {
          object: 'process',
          property: 'env',
          message: 'Read configuration through @chatbot/config (loadConfig / readTestEnvironment).',
        },
      ],
    },
  },
  {
    files: productionSources,
    ignores: [...testFiles, 'packages/core/**'],
    rules: { 'no-restricted-imports': ['error', { patterns: [testingEntries] }] },
  },
  {
    files: ['packages/core/src/**/*.ts'],
    ignores: testFiles,
    rules: {
      'no-restricted-imports': [
        'error',
        { paths: nodeHttp, patterns: [testingEntries, transports] },
      ],
    },
  },
  {
    files: ['packages/core/src/**/*.test.ts'],
    rules: { 'no-restricted-imports': ['error', { paths: nodeHttp, patterns: [transports] }] },
  },
);
