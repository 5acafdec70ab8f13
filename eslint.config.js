// Lint rules, including the dependency direction of STYLE.md: each
// third-party package is imported from one folder only.
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
];

const allowedIn = (names) => restricted.filter((r) => !names.includes(r.name));

export default tseslint.config(
  { ignores: ['dist/', 'node_modules/', 'data/', 'bench/results/'] },
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
    files: ['src/push/**'],
    rules: { 'no-restricted-imports': ['error', { paths: allowedIn(['web-push']) }] },
  },
  {
    // Tests drive databases directly to set up and inspect state.
    files: ['test/helpers/**', 'scripts/**', 'bench/**'],
    rules: { 'no-restricted-imports': 'off' },
  },
);
