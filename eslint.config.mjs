import next from 'eslint-config-next';

const config = [
  {
    ignores: [
      '.next/**',
      'node_modules/**',
      '.data/**',
      'db/migrations/**',
      'tests/e2e/artifacts/**',
      'bench/results/**',
      'next-env.d.ts',
    ],
  },
  ...next,
  {
    rules: {
      // Server code reads env only through lib/env.ts.
      'no-restricted-properties': [
        'error',
        { object: 'process', property: 'env', message: 'Import { env } from lib/env.ts instead.' },
      ],
    },
  },
  {
    files: [
      'lib/env.ts',
      'tests/**',
      'bench/**',
      'drizzle.config.ts',
      'instrumentation.ts',
      'lib/server/**',
      'lib/cli/**',
    ],
    rules: { 'no-restricted-properties': 'off' },
  },
  {
    // Tests are not React: useDovecot(), useStarted() … are vitest fixtures (a beforeAll and an afterAll), not hooks.
    files: ['tests/**'],
    rules: { 'react-hooks/rules-of-hooks': 'off' },
  },
  {
    // app/ reads and writes through lib/, never straight to the tables (docs/architecture.md, "Data path").
    files: ['app/**'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          paths: [{ name: '@/db/schema', message: 'Query through a lib/<domain> function instead.' }],
          patterns: [
            { group: ['drizzle-orm', 'drizzle-orm/*'], message: 'Query through a lib/<domain> function instead.' },
            { group: ['@/db/schema/*'], message: 'Query through a lib/<domain> function instead.' },
          ],
        },
      ],
    },
  },
  {
    // lib/ is the framework-free domain: only the edges that adapt it to Next.js (auth, API routes, the
    // HTTP server of `npm start`) import next/*.
    files: ['lib/**'],
    ignores: ['lib/auth/**', 'lib/api/**', 'lib/server/**'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              group: ['next', 'next/*'],
              message: 'Only lib/auth, lib/api and lib/server import next/*; keep lib/ framework-free.',
            },
          ],
        },
      ],
    },
  },
];
export default config;
