// `message classify` over several files or folders (a maildir, an export): one result per file, in
// a stable order, as each is ready. A file that cannot be read gives an error line and the audit goes on.
import { readdir, stat } from 'node:fs/promises';
import path from 'node:path';
import { isAppError } from '@/lib/errors';
import { classifyFile, type ClassifiedFile } from './classify-file';

export type ClassifiedFileLine =
  ({ file: string } & ClassifiedFile) | { file: string; error: { code: string; message: string } };

// An audit of a huge tree should still end: at most this many files are classified.
const MAX_FILES = 200_000;

/** Files under `target` (itself when a file), depth first, names sorted, hidden entries skipped. */
async function* filesUnder(target: string): AsyncGenerator<string> {
  const info = await stat(target);
  if (!info.isDirectory()) {
    yield target;
    return;
  }
  const entries = (await readdir(target, { withFileTypes: true }))
    .filter((e) => !e.name.startsWith('.'))
    .sort((a, b) => a.name.localeCompare(b.name));
  for (const entry of entries) {
    const full = path.join(target, entry.name);
    if (entry.isDirectory()) yield* filesUnder(full);
    else if (entry.isFile()) yield full;
  }
}

export async function* classifyFiles(targets: string[]): AsyncGenerator<ClassifiedFileLine> {
  let count = 0;
  for (const target of targets) {
    let files: AsyncGenerator<string>;
    try {
      files = filesUnder(target);
      for await (const file of files) {
        if (++count > MAX_FILES) {
          yield { file, error: { code: 'too_many_files', message: `Stopped after ${MAX_FILES} files.` } };
          return;
        }
        try {
          yield { file, ...(await classifyFile(file)) };
        } catch (err) {
          yield { file, error: describeError(err) };
        }
      }
    } catch (err) {
      yield { file: target, error: describeError(err) };
    }
  }
}

function describeError(err: unknown): { code: string; message: string } {
  if (isAppError(err)) return { code: err.code, message: err.message };
  const code = (err as NodeJS.ErrnoException).code;
  return {
    code: code === 'ENOENT' ? 'not_found' : 'unreadable',
    message: code ? `Cannot read: ${code}` : 'Cannot read.',
  };
}
