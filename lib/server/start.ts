// `npm start`: build if needed, migrate, make sure local secrets exist, then serve the built app with our
// own HTTP server (serve.mjs: Next.js's handler with header and request timeouts set).
// Needs no services: without DATABASE_URL the data lives in embedded PGlite under DATA_DIR.
import { spawn, spawnSync } from 'node:child_process';
import path from 'node:path';
import { env, EnvError } from '@/lib/env';
import { buildIsStale } from './build-is-stale';
import { errorMessage } from '@/lib/errors';

const root = process.cwd();
const nextBin = path.join(root, 'node_modules', 'next', 'dist', 'bin', 'next');

function log(message: string) {
  process.stderr.write(`[caseflow] ${message}\n`);
}

async function main() {
  try {
    void env.PORT; // parse the environment now: a bad value stops here with a clear message
  } catch (err) {
    if (err instanceof EnvError) {
      log(err.message);
      process.exit(2);
    }
    throw err;
  }
  if (process.env.CASEFLOW_SKIP_BUILD !== '1' && buildIsStale(root)) {
    log('building the web app (first start or changed sources)…');
    const built = spawnSync(process.execPath, [nextBin, 'build'], {
      stdio: ['ignore', 'inherit', 'inherit'],
      env: { ...process.env, NODE_ENV: 'production' },
    });
    if (built.status !== 0) {
      log('build failed; see the output above');
      process.exit(built.status ?? 1);
    }
  }
  log(
    env.DATABASE_URL
      ? 'migrating PostgreSQL…'
      : `migrating embedded PGlite in ${path.resolve(env.DATA_DIR, 'pglite')}…`,
  );
  const { migrateDatabase } = await import('@/db/migrate');
  const { closeDb } = await import('@/db/client');
  await migrateDatabase();
  await closeDb(); // PGlite allows one process: hand the data directory to the server
  log(`listening on http://localhost:${env.PORT}`);
  const child = spawn(process.execPath, [path.join(root, 'lib', 'server', 'serve.mjs')], {
    stdio: 'inherit',
    env: {
      ...process.env,
      NODE_ENV: 'production',
      PORT: String(env.PORT),
      CASEFLOW_HEADERS_TIMEOUT_MS: String(env.REQUEST_HEADERS_TIMEOUT_MS),
      // The body deadline answers 408 itself; the server's limit is the backstop past it.
      CASEFLOW_REQUEST_TIMEOUT_MS: String(env.REQUEST_HEADERS_TIMEOUT_MS + env.REQUEST_BODY_TIMEOUT_MS + 5_000),
      AUTH_SECRET: env.AUTH_SECRET,
      ENCRYPTION_KEYS: env.ENCRYPTION_KEYS,
      AUTH_TRUST_HOST: 'true',
      // Production needs APP_URL (links are never built from request headers); one box on a fresh
      // machine serves http://localhost:PORT unless told otherwise.
      APP_URL: env.APP_URL ?? `http://localhost:${env.PORT}`,
    },
  });
  const forward = (signal: NodeJS.Signals) => child.kill(signal);
  process.on('SIGTERM', forward);
  process.on('SIGINT', forward);
  child.on('exit', (code, signal) => process.exit(code ?? (signal ? 1 : 0)));
}

main().catch((err) => {
  log(`start failed: ${errorMessage(err)}`);
  process.exit(1);
});
