// message simulate --mailbox ID file.eml: what a mailbox would do with a message (no changes);
// rules list --tenant S: the tenant's rules in run order, with their problems.
import fs from 'node:fs/promises';
import { eq } from 'drizzle-orm';
import { mailboxes } from '@/db/schema';
import { withSystem, withTenant } from '@/db/tenancy';
import { AppError } from '@/lib/errors';
import { listRules } from '@/lib/rules/list-rules';
import { simulateWithChecks } from '@/lib/rules/simulate-message';
import { defineCommand } from '../registry';
import { resolveTenant } from '../resolve-tenant';
import { isUuid } from '@/lib/is-uuid';

defineCommand({
  name: 'message simulate',
  summary:
    'What a mailbox would do with an .eml: classification, sender lists, matching rules, thread, outcome; changes nothing',
  usage: '--mailbox <id> <file.eml>',
  options: { mailbox: { type: 'string' } },
  required: ['mailbox'],
  positionals: ['file.eml'],
  run: async ({ values, positionals }) => {
    const id = values.mailbox!;
    const missing = () =>
      new AppError('not_found', `No mailbox with the id "${id}". See: npm run cli -- mailbox list --tenant <slug>`);
    if (!isUuid(id)) throw missing();
    const [mailbox] = await withSystem((tx) =>
      tx.select({ id: mailboxes.id, tenantId: mailboxes.tenantId }).from(mailboxes).where(eq(mailboxes.id, id)),
    );
    if (!mailbox) throw missing();
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

defineCommand({
  name: 'rules list',
  summary: 'A tenant’s inbound rules in the order they run (tenant-wide first, then per mailbox)',
  usage: '--tenant <slug>',
  options: { tenant: { type: 'string' } },
  required: ['tenant'],
  run: async ({ values }) => {
    const tenant = await resolveTenant(values.tenant!);
    return withTenant(tenant.id, (tx) => listRules(tx));
  },
});
