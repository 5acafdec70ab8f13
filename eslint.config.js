// Lint rules, including the dependency direction of STYLE.md: each
// third-party package is imported from one folder only.
import { builtinModules } from 'node:module';
import js from '@eslint/js';
import tseslint from 'typescript-eslint';

const confined = (name, place) => ({
  name,
  message: `${name} is confined to ${place}; depend on the module there instead.`,
});

const restricted = [
  confined('mysql2', 'src/db/sql'),
  confined('mysql2/promise', 'src/db/sql'),
  confined('better-sqlite3', 'src/db/sql'),
  confined('hawk', 'src/auth (and test/client)'),
  confined('pino', 'src/log.ts'),
  confined('nodemailer', 'src/mailer'),
  confined('convict', 'src/config.ts'),
  confined('ioredis', 'src/customs'),
  confined('web-push', 'src/push'),
  confined('prom-client', 'src/metrics'),
];

const allowedIn = (names) => restricted.filter((r) => !names.includes(r.name));

// src/client runs in browsers too: Node's modules, its globals, and the
// Node-only protocol libraries have no place there (WebCrypto does it all).
const browserSafe = `the client runs in browsers; use WebCrypto and src/client/bytes.ts`;
const clientImports = {
  paths: [
    ...restricted.filter((r) => r.name !== 'hawk'),
    ...builtinModules.map((name) => ({ name, message: browserSafe })),
    { name: 'hawk', message: `hawk is Node-only; ${browserSafe}` },
    { name: 'jose', message: `jose is not bundled; ${browserSafe}` },
  ],
  patterns: [{ group: ['node:*'], message: browserSafe }],
};
const clientGlobals = ['Buffer', 'process', 'require', 'global', '__dirname', '__filename'].map(
  (name) => ({ name, message: browserSafe }),
);

export default tseslint.config(
  {
    ignores: ['dist/', 'node_modules/', 'data/', 'bench/results/', 'test/browser/.firefox-esr140/'],
  },
  js.configs.recommended,
  ...tseslint.configs.recommendedTypeChecked,
  {
    languageOptions: {
      parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname },
    },
    rules: {
      // node:test's describe/it return promises the runner itself awaits.
      '@typescript-eslint/no-floating-promises': [
        'error',
        {
          allowForKnownSafeCalls: [
            { from: 'package', package: 'node:test', name: ['describe', 'it', 'test', 'suite'] },
          ],
        },
      ],
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_' }],
      'no-restricted-imports': ['error', { paths: restricted }],
    },
  },
  {
    files: ['**/*.js', '**/*.mjs'],
    ...tseslint.configs.disableTypeChecked,
    languageOptions: {
      ...tseslint.configs.disableTypeChecked.languageOptions,
      globals: { process: 'readonly', console: 'readonly' },
    },
  },
  {
    files: ['src/db/sql/**'],
    rules: {
      'no-restricted-imports': [
        'error',
        { paths: allowedIn(['mysql2', 'mysql2/promise', 'better-sqlite3']) },
      ],
    },
  },
  {
    files: ['src/auth/**', 'test/client/**'],
    rules: { 'no-restricted-imports': ['error', { paths: allowedIn(['hawk']) }] },
  },
  {
    files: ['src/log.ts'],
    rules: { 'no-restricted-imports': ['error', { paths: allowedIn(['pino']) }] },
  },
  {
    files: ['src/config.ts'],
    rules: { 'no-restricted-imports': ['error', { paths: allowedIn(['convict']) }] },
  },
  {
    files: ['src/customs/**'],
    rules: { 'no-restricted-imports': ['error', { paths: allowedIn(['ioredis']) }] },
  },
  {
    files: ['src/mailer/**'],
    rules: { 'no-restricted-imports': ['error', { paths: allowedIn(['nodemailer']) }] },
  },
  {
    files: ['src/client/**'],
    rules: {
      'no-restricted-imports': ['error', clientImports],
      'no-restricted-globals': ['error', ...clientGlobals],
    },
  },
  {
    // The client's tests run in Node and check it against Node's crypto, hawk and jose.
    files: ['src/client/**/*.test.ts'],
    rules: {
      'no-restricted-imports': ['error', { paths: allowedIn(['hawk']) }],
      'no-restricted-globals': 'off',
    },
  },
  {
    files: ['src/push/**'],
    rules: { 'no-restricted-imports': ['error', { paths: allowedIn(['web-push']) }] },
  },
  {
    files: ['src/metrics/**'],
    rules: { 'no-restricted-imports': ['error', { paths: allowedIn(['prom-client']) }] },
  },
  {
    // Tests drive databases directly to set up and inspect state.
    files: ['test/helpers/**', 'scripts/**', 'bench/**'],
    rules: { 'no-restricted-imports': 'off' },
  },
);
