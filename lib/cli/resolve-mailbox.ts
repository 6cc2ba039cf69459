// A mailbox id from the command line → the mailbox and its tenant (system role: operators see every tenant).
import { eq } from 'drizzle-orm';
import { mailboxes } from '@/db/schema';
import { withSystem } from '@/db/tenancy';
import { AppError } from '@/lib/errors';
import { isUuid } from '@/lib/is-uuid';

export type CliMailbox = { id: string; tenantId: string };

export async function resolveMailbox(id: string): Promise<CliMailbox> {
  const missing = () =>
    new AppError('not_found', `No mailbox with the id "${id}". See: npm run cli -- mailbox list --tenant <slug>`);
  if (!isUuid(id)) throw missing();
  const [row] = await withSystem((tx) =>
    tx.select({ id: mailboxes.id, tenantId: mailboxes.tenantId }).from(mailboxes).where(eq(mailboxes.id, id)),
  );
  if (!row) throw missing();
  return row;
}
