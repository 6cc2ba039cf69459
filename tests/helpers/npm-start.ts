// `npm start` as an operator runs it (the build skipped: npm test built it): lib/server/start.ts in a process
// group of its own, on a free port, answered once GET /sign-in does. For e2e files that need the real server
// with its in-process runner and its own deadlines, not `next start` (app-server.ts).
import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { freePort } from './free-port';

const root = path.resolve(__dirname, '..', '..');

export type NpmStarted = {
  child: ChildProcess;
  url: string;
  port: number;
  log: () => string;
  /** Signals the whole process group (the server and its workers); a group already gone is fine. */
  kill: (signal: NodeJS.Signals) => void;
};

export function requireBuild(): void {
  if (!fs.existsSync(path.join(root, '.next', 'BUILD_ID')))
    throw new Error('build the app first (npm test does): npx next build');
}

/** `env` is added to the test process's environment (DATABASE_URL, RUNNER_DISABLED, deadlines …). */
export async function npmStart(env: Record<string, string>): Promise<NpmStarted> {
  requireBuild();
  const port = await freePort();
  let log = '';
  const child = spawn(process.execPath, ['--import', 'tsx', path.join(root, 'lib/server/start.ts')], {
    cwd: root,
    detached: true,
    stdio: ['ignore', 'pipe', 'pipe'],
    env: {
      ...process.env,
      PORT: String(port),
      CASEFLOW_SKIP_BUILD: '1',
      DATA_DIR: fs.mkdtempSync(path.join(os.tmpdir(), 'caseflow-start-')),
      ...env,
    },
  });
  child.stdout!.on('data', (d) => (log += d));
  child.stderr!.on('data', (d) => (log += d));
  const kill = (signal: NodeJS.Signals) => {
    try {
      process.kill(-child.pid!, signal);
    } catch {
      // already gone
    }
  };
  const url = `http://127.0.0.1:${port}`;
  for (let i = 0; i < 600; i++) {
    try {
      const res = await fetch(`${url}/sign-in`);
      if (res.status < 500) return { child, url, port, log: () => log, kill };
    } catch {
      // not up yet
    }
    if (child.exitCode !== null) throw new Error(`npm start exited: ${log.slice(-3000)}`);
    await new Promise((r) => setTimeout(r, 200));
  }
  kill('SIGKILL');
  throw new Error(`npm start did not serve: ${log.slice(-3000)}`);
}
