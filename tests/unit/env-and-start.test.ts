// Environment: an unknown value is refused with a readable message and no stack.
import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { EnvError, parseEnv } from '@/lib/env';

const root = path.resolve(__dirname, '..', '..');

describe('environment errors', () => {
  it('parseEnv names the variable and what is wrong with it', () => {
    let error: unknown;
    try {
      parseEnv({
        PORT: 'abc',
        AUTH_SECRET: 'x'.repeat(40),
        ENCRYPTION_KEYS: `k1:${Buffer.alloc(32).toString('base64')}`,
      });
    } catch (err) {
      error = err;
    }
    expect(error).toBeInstanceOf(EnvError);
    expect((error as EnvError).message).toMatch(/^Invalid environment:\n {2}- PORT: /);
  });

  it('npm start with PORT=abc exits 2 with that message and no stack trace', () => {
    const result = spawnSync(
      process.execPath,
      [path.join(root, 'node_modules', 'tsx', 'dist', 'cli.mjs'), 'lib/server/start.ts'],
      {
        cwd: root,
        encoding: 'utf8',
        env: { ...process.env, PORT: 'abc', CASEFLOW_SKIP_BUILD: '1' },
        timeout: 60_000,
      },
    );
    expect(result.status).toBe(2);
    expect(result.stderr).toContain('Invalid environment:');
    expect(result.stderr).toContain('PORT:');
    expect(result.stderr).not.toMatch(/\n\s+at /);
  }, 60_000); // a cold tsx start takes seconds on a busy machine
});
