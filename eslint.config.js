import js from '@eslint/js';
import tseslint from 'typescript-eslint';

export default tseslint.config(
  {
    ignores: [
      '**/src/gql/**',
      '**/node_modules/**',
      '**/dist/**',
      '**/generated/**',
      'data/**',
      'e2e/test-results/**',
      'e2e/playwright-report/**',
    ],
  },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { globals: { process: 'readonly', console: 'readonly', URL: 'readonly' } },
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      'no-console': 'off',
    },
  },
  {
    // CommonJS config files (dependency-cruiser's).
    files: ['**/*.cjs'],
    languageOptions: { sourceType: 'commonjs', globals: { module: 'writable', require: 'readonly' } },
  },
  {
    // The core holds the rules and nothing else: no I/O, no persistence, no transport.
    files: ['packages/core/src/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              group: [
                '@prisma/*',
                'prisma',
                'pg',
                'better-sqlite3',
                'graphql',
                'graphql/*',
                '@apollo/*',
                'express',
                'node:fs',
                'node:net',
                'node:http',
                'fs',
                'http',
                '@assent/server',
                'react',
              ],
              message: 'packages/core is pure: no I/O, persistence or transport.',
            },
          ],
        },
      ],
    },
  },
);
