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
];
export default config;
