// message classify <file.eml>: what Caseflow would decide about a message, without side effects.
import fs from 'node:fs';
import { AppError } from '@/lib/errors';
import { classifyFile } from '@/lib/mail/classify-file';
import { defineCommand } from '../registry';

defineCommand({
  name: 'message classify',
  summary: 'Classify an .eml file (auto-generated or normal, and why); changes nothing',
  usage: '<file.eml>',
  options: {},
  positionals: ['file.eml'],
  run: async ({ positionals }) => {
    const file = positionals[0];
    if (!fs.existsSync(file)) throw new AppError('not_found', `No such file: ${file}`);
    return classifyFile(file);
  },
});
