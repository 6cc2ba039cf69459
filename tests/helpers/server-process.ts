// Starting and stopping a throwaway server process tree for tests (Dovecot, Cyrus, Courier), so none outlives its test
// worker.
import { execFile, spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import { promisify } from 'node:util';
import { freePorts, waitForPort } from './free-port';

export const run = promisify(execFile);

const running = new Set<ChildProcess>();
let exitHookInstalled = false;

/** The self-signed certificate every TLS listener presents (CN=localhost, SAN localhost + 127.0.0.1). */
export async function makeCertificate(keyFile: string, certFile: string): Promise<void> {
  await run('openssl', [
    'req',
    '-x509',
    '-newkey',
    'rsa:2048',
    '-nodes',
    '-days',
    '3650',
    '-subj',
    '/CN=localhost',
    '-addext',
    'subjectAltName=DNS:localhost,IP:127.0.0.1',
    '-keyout',
    keyFile,
    '-out',
    certFile,
  ]);
}

/**
 * Spawns `cmd` in its own process group and waits until every port listens. `pidFile`, when given, lists further
 * processes that left the group (daemons that call setsid); they are killed with it.
 */
export async function startServerProcess(opts: {
  name: string;
  cmd: string;
  args: string[];
  ports: number[];
  dir: string;
  pidFile?: string;
  log: () => string;
}): Promise<{ stop: () => Promise<void> }> {
  installExitHook();
  const child = spawn(opts.cmd, opts.args, { detached: true, stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  child.stdout?.on('data', (d) => (output += d));
  child.stderr?.on('data', (d) => (output += d));
  running.add(child);
  child.once('exit', () => running.delete(child));
  const alive = () => child.exitCode === null && child.signalCode === null;
  const extraPids = () => {
    if (!opts.pidFile) return [];
    try {
      return fs.readFileSync(opts.pidFile, 'utf8').split(/\s+/).filter(Boolean).map(Number);
    } catch {
      return [];
    }
  };
  // A test worker killed with SIGKILL runs no exit hook: a detached shell waits for it to disappear, then kills the
  // server's process group (and the listed daemons) and removes its directory.
  const script =
    'while kill -0 "$1" 2>/dev/null; do sleep 1; done; kill -KILL -"$2" 2>/dev/null; ' +
    '[ -f "$4" ] && kill -KILL $(cat "$4") 2>/dev/null; rm -rf "$3"';
  const watchdog = spawn(
    '/bin/sh',
    ['-c', script, `${opts.name}-watchdog`, String(process.pid), String(child.pid), opts.dir, opts.pidFile ?? ''],
    { detached: true, stdio: 'ignore' },
  );
  watchdog.unref();

  const stop = async () => {
    try {
      if (watchdog.pid) process.kill(watchdog.pid, 'SIGKILL');
    } catch {
      // already gone
    }
    const pids = extraPids();
    const exited = new Promise<void>((resolve) => {
      if (!alive()) resolve();
      else child.once('exit', () => resolve());
    });
    for (const signal of ['SIGTERM', 'SIGKILL'] as const) {
      for (const pid of [-child.pid!, ...pids]) {
        try {
          process.kill(pid, signal);
        } catch {
          // already gone
        }
      }
      await Promise.race([exited, new Promise((r) => setTimeout(r, 500).unref())]);
    }
  };
  try {
    for (const port of opts.ports) await waitForPort(port, '127.0.0.1', 20_000, alive);
  } catch (err) {
    await stop();
    throw new Error(`${opts.name} did not start: ${(err as Error).message}\n${output}\n${opts.log()}`);
  }
  return { stop };
}

/** Retries start-up with fresh ports: another process can take a port between our probe and the server's bind. */
export async function withFreshPorts<T>(count: number, start: (ports: number[]) => Promise<T>): Promise<T> {
  let lastError: unknown;
  for (let attempt = 0; attempt < 3; attempt++) {
    try {
      return await start(await freePorts(count));
    } catch (err) {
      lastError = err;
    }
  }
  throw lastError;
}

function installExitHook() {
  if (exitHookInstalled) return;
  exitHookInstalled = true;
  process.once('exit', () => {
    for (const child of running) {
      try {
        if (child.pid) process.kill(-child.pid, 'SIGKILL');
      } catch {
        // already gone
      }
    }
  });
}
