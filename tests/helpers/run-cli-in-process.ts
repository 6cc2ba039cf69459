// The operator CLI run in the test's own process, as `caseflow <argv>` would run it, with what it wrote captured:
// one way to do it for every integration test that drives a command (the test imports the command files it needs,
// e.g. `import '@/lib/cli/commands/mailbox'`, so that they register themselves).
import { Readable } from 'node:stream';
import { runCli } from '@/lib/cli/registry';

export type CliRun = { code: number; stdout: string; stderr: string };

/** Runs the command with `stdin` (empty unless given) and returns its exit code and everything it printed. */
export async function runCliCaptured(argv: string[], stdin: string | NodeJS.ReadableStream = ''): Promise<CliRun> {
  let stdout = '';
  let stderr = '';
  const code = await runCli(argv, {
    stdout: (t) => (stdout += t),
    stderr: (t) => (stderr += t),
    stdin: typeof stdin === 'string' ? Readable.from([stdin]) : stdin,
  });
  return { code, stdout, stderr };
}

/** The same, with stdout parsed as the one JSON document a `--json` (or JSON-only) command prints, if any. */
export async function runCliJson(
  argv: string[],
  stdin: string | NodeJS.ReadableStream = '',
): Promise<CliRun & { json: any }> {
  const run = await runCliCaptured(argv, stdin);
  return { ...run, json: run.stdout ? JSON.parse(run.stdout) : undefined };
}
