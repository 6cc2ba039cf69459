// The operator CLI's command registry. A command lives in its own file under lib/cli/commands/ and
// registers itself; main.ts imports that file (one line). Example:
//
//   defineCommand({
//     name: 'tenant create',
//     summary: 'Create a tenant and its owner account',
//     usage: '--name <name> --slug <slug>',
//     options: { name: { type: 'string' }, slug: { type: 'string' } },
//     required: ['name', 'slug'],
//     run: async ({ values, progress }) => { progress('creating…'); return createTenant(…); },
//   });
//
// `run` returns what is printed as JSON on stdout. Throw AppError for failures (printed as
// { "error": { code, message } } on stderr, exit 1) and UsageError for bad invocations (exit 2).
// A command about one tenant (`--tenant <slug>`) or one mailbox (`<mailbox id>`) is declared with
// defineTenantCommand (tenant-command.ts) or defineMailboxCommand (mailbox-command.ts), which add that flag or
// positional and run the work under its tenant.
import { parseArgs, type ParseArgsConfig } from 'node:util';
import { z } from 'zod';
import { isAppError, publicError } from '@/lib/errors';

export type Options = NonNullable<ParseArgsConfig['options']>;
type Values<O extends Options> = {
  [K in keyof O]?: O[K] extends { type: 'boolean' } ? boolean : O[K] extends { multiple: true } ? string[] : string;
};

export type CommandIo = {
  /** Progress and notes for the operator: stderr, never stdout. */
  progress: (message: string) => void;
  /** Everything on stdin (for secrets that must not appear in the process list). */
  readStdin: () => Promise<string>;
};

/** What `run` is given: the parsed flags and positionals, and the operator's streams. */
export type CommandArgs<O extends Options> = { values: Values<O>; positionals: string[] } & CommandIo;

export type CommandSpec<O extends Options> = {
  name: string;
  summary: string;
  usage?: string;
  options: O;
  required?: (keyof O & string)[];
  /** Names of positional arguments (`mailbox test <id>`; a last "name..." takes one or more); without this, positionals are refused. */
  positionals?: string[];
  run: (args: CommandArgs<O>) => Promise<unknown>;
};

export class UsageError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'UsageError';
  }
}

/** A result that is printed on stdout like any other, but exits non-zero (e.g. a failed connection test). */
export class ExitWith {
  constructor(
    public readonly value: unknown,
    public readonly code: number,
  ) {}
}

/** A result printed as one compact JSON line per item, as each is ready (for audits over many files). */
export class JsonLines {
  constructor(public readonly lines: AsyncIterable<unknown>) {}
}

const commands = new Map<string, CommandSpec<Options>>();

export function defineCommand<O extends Options>(spec: CommandSpec<O>): void {
  if (commands.has(spec.name)) throw new Error(`CLI command "${spec.name}" is defined twice`);
  commands.set(spec.name, spec as unknown as CommandSpec<Options>);
}

export type CliStreams = {
  stdout: (text: string) => void;
  stderr: (text: string) => void;
  stdin: NodeJS.ReadableStream;
};

const defaultStreams: CliStreams = {
  stdout: (t) => process.stdout.write(t),
  stderr: (t) => process.stderr.write(t),
  stdin: process.stdin,
};

/** Runs one command line and returns the exit code: 0 ok, 1 failure, 2 usage error. */
export async function runCli(argv: string[], streams: CliStreams = defaultStreams): Promise<number> {
  const words = argv.filter((a) => !a.startsWith('-'));
  const match = [...commands.values()]
    .filter((c) => c.name.split(' ').every((w, i) => argv[i] === w))
    .sort((a, b) => b.name.length - a.name.length)[0];
  if (!match || argv.includes('--help') || argv.includes('-h') || words.length === 0) {
    if (!match && words.length > 0) streams.stderr(`unknown command: ${words.slice(0, 2).join(' ')}\n\n`);
    streams.stderr(helpText(match));
    return match || argv.includes('--help') || argv.includes('-h') ? 0 : 2;
  }
  const rest = argv.slice(match.name.split(' ').length);
  try {
    let parsed: { values: Record<string, unknown>; positionals: string[] };
    try {
      parsed = parseArgs({
        args: rest,
        options: match.options,
        allowPositionals: Boolean(match.positionals),
        strict: true,
      });
    } catch (err) {
      throw new UsageError((err as Error).message);
    }
    const expected = match.positionals ?? [];
    // A last positional named "name..." takes one or more values.
    const variadic = expected.at(-1)?.endsWith('...') ?? false;
    const count = parsed.positionals.length;
    if (expected.length && (variadic ? count < expected.length : count !== expected.length)) {
      throw new UsageError(`Expected ${expected.map((p) => `<${p}>`).join(' ')}.`);
    }
    for (const key of match.required ?? []) {
      if (parsed.values[key] === undefined || parsed.values[key] === '') throw new UsageError(`Missing --${key}.`);
    }
    const result = await match.run({
      values: parsed.values as never,
      positionals: parsed.positionals,
      progress: (m) => streams.stderr(`${m}\n`),
      readStdin: () => readAll(streams.stdin),
    });
    if (result instanceof JsonLines) {
      for await (const line of result.lines) streams.stdout(`${JSON.stringify(line)}\n`);
      return 0;
    }
    if (result instanceof ExitWith) {
      streams.stdout(`${JSON.stringify(result.value, null, 2)}\n`);
      return result.code;
    }
    streams.stdout(`${JSON.stringify(result, null, 2)}\n`);
    return 0;
  } catch (err) {
    if (err instanceof UsageError) {
      streams.stderr(
        `${JSON.stringify({ error: { code: 'usage', message: err.message } })}\nusage: npm run cli -- ${match.name} ${match.usage ?? ''}\n`,
      );
      return 2;
    }
    if (isAppError(err)) {
      streams.stderr(`${JSON.stringify({ error: { code: err.code, message: err.message } })}\n`);
      return 1;
    }
    if (err instanceof z.ZodError) {
      streams.stderr(
        `${JSON.stringify({ error: { code: 'validation', message: err.issues.map((i) => i.message).join('; ') } })}\n`,
      );
      return 1;
    }
    // Never the raw text (SQL, library internals, a stack) to the operator's terminal or scripts.
    streams.stderr(`${JSON.stringify({ error: { code: 'internal', message: publicError(err).message } })}\n`);
    return 1;
  }
}

function helpText(command?: CommandSpec<Options>): string {
  if (command) return `npm run cli -- ${command.name} ${command.usage ?? ''}\n  ${command.summary}\n`;
  const lines = [...commands.values()]
    .sort((a, b) => a.name.localeCompare(b.name))
    .map((c) => `  ${`${c.name} ${c.usage ?? ''}`.padEnd(72)} ${c.summary}`);
  return `usage: npm run cli -- <command> [flags]\n\ncommands:\n${lines.join('\n')}\n`;
}

async function readAll(stream: NodeJS.ReadableStream): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of stream) chunks.push(typeof chunk === 'string' ? Buffer.from(chunk) : (chunk as Buffer));
  return Buffer.concat(chunks).toString('utf8');
}
