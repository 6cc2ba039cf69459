// Child processes a test SIGKILLs at random points (crash-safety tests), started one ahead: each loads its
// imports while the previous one works, and starts its work only when handed its arguments on stdin
// (child side: argsFromParent in child-args.ts). A run then costs its work, not a process start-up.
import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import path from 'node:path';

const root = path.resolve(__dirname, '..', '..');

export type WarmChild = {
  child: ChildProcessWithoutNullStreams;
  /** Hands the child its arguments: it starts its work now. */
  go: (args: string[]) => void;
  /** The exit code (null when a signal ended it). */
  exited: Promise<number | null>;
  stderr: () => string;
};

/** `next()` returns a started child and starts the one after it; `close()` kills the one left waiting. */
export function warmChildren(script: string, env: Record<string, string> = {}) {
  const start = (): WarmChild => {
    // `--import tsx` keeps the work in this very process, so a kill hits it (the tsx CLI would fork a grandchild).
    const child = spawn(process.execPath, ['--import', 'tsx', path.join(root, script)], {
      cwd: root,
      env: { ...process.env, ...env },
      stdio: ['pipe', 'pipe', 'pipe'],
    });
    let stderr = '';
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    child.stdin.on('error', () => {}); // a child that died while waiting: its exit code says so
    const exited = new Promise<number | null>((resolve, reject) => {
      child.on('error', reject);
      child.on('exit', (code) => resolve(code));
    });
    return { child, go: (args) => child.stdin.end(`${JSON.stringify(args)}\n`), exited, stderr: () => stderr };
  };
  let waiting: WarmChild | undefined;
  return {
    next(): WarmChild {
      const current = waiting ?? start();
      waiting = start();
      return current;
    },
    close(): void {
      waiting?.child.kill('SIGKILL');
      waiting = undefined;
    },
  };
}
