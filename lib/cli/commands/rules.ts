// message simulate --mailbox ID file.eml: what a mailbox would do with a message (no changes);
// rules list --tenant S: the tenant's rules in run order, with their problems.
import fs from 'node:fs/promises';
import { AppError } from '@/lib/errors';
import { listRules } from '@/lib/rules/list-rules';
import { simulateWithChecks } from '@/lib/rules/simulate-message';
import { defineCommand } from '../registry';
import { resolveMailbox } from '../resolve-mailbox';
import { defineTenantCommand } from '../tenant-command';

defineCommand({
  name: 'message simulate',
  summary:
    'What a mailbox would do with an .eml: classification, sender lists, matching rules, thread, outcome; changes nothing',
  usage: '--mailbox <id> <file.eml>',
  options: { mailbox: { type: 'string' } },
  required: ['mailbox'],
  positionals: ['file.eml'],
  run: async ({ values, positionals }) => {
    const mailbox = await resolveMailbox(values.mailbox!);
    let raw: Buffer;
    try {
      raw = await fs.readFile(positionals[0]);
    } catch (err) {
      const code = (err as NodeJS.ErrnoException).code;
      throw new AppError(
        code === 'ENOENT' ? 'not_found' : 'bad_request',
        `Cannot read ${positionals[0]}: ${code ?? 'unreadable'}`,
      );
    }
    return simulateWithChecks({ tenantId: mailbox.tenantId, mailboxId: mailbox.id, source: { raw } });
  },
});

defineTenantCommand({
  name: 'rules list',
  summary: 'A tenant’s inbound rules in the order they run (tenant-wide first, then per mailbox)',
  usage: '--tenant <slug>',
  run: ({ inTenant }) => inTenant((tx) => listRules(tx)),
});
