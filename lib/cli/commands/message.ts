// message classify <file.eml|folder>...: what Caseflow would decide about messages, without side
// effects. One file: the decision as one JSON document (as always). Several files or a folder (a
// maildir, an export; searched recursively): one JSON line per file, each with its "file".
import fs from 'node:fs';
import { AppError } from '@/lib/errors';
import { classifyFile } from '@/lib/mail/classify-file';
import { classifyFiles } from '@/lib/mail/classify-files';
import { defineCommand, JsonLines } from '../registry';

defineCommand({
  name: 'message classify',
  summary: 'Classify .eml files or folders (auto-generated or normal, and why); changes nothing',
  usage: '<file.eml|folder> [more files or folders]',
  options: {},
  positionals: ['file.eml...'],
  run: async ({ positionals }) => {
    const [first] = positionals;
    if (positionals.length === 1 && fs.existsSync(first) && !fs.statSync(first).isDirectory())
      return classifyFile(first);
    if (positionals.length === 1 && !fs.existsSync(first)) throw new AppError('not_found', `No such file: ${first}`);
    return new JsonLines(classifyFiles(positionals));
  },
});
