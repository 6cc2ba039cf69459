// The public side of a confirmation request: what the signed link's page shows, and the confirmation
// itself (a POST from that page, never the GET: mail scanners open links, people press buttons).
import { eq } from 'drizzle-orm';
import { withTenant } from '@/db/tenancy';
import { ignoredMessages, mailboxes } from '@/db/schema';
import { confirmHeldMessage, type ConfirmResult } from './confirm-held-message';
import { verifyConfirmation } from './confirmation-token';

export type HeldForLink = {
  subject: string | null;
  mailbox: string | null;
  state: 'waiting' | 'confirmed' | 'expired';
};

/** What the page shows for a token; null for a token we did not sign or a message that is gone. */
export async function describeConfirmationLink(token: string): Promise<HeldForLink | null> {
  const signed = verifyConfirmation(token);
  if (!signed) return null;
  const [row] = await withTenant(signed.tenantId, (tx) =>
    tx
      .select({
        subject: ignoredMessages.subject,
        mailbox: mailboxes.email,
        status: ignoredMessages.confirmationStatus,
        released: ignoredMessages.releasedCaseId,
      })
      .from(ignoredMessages)
      .leftJoin(mailboxes, eq(mailboxes.id, ignoredMessages.mailboxId))
      .where(eq(ignoredMessages.id, signed.ignoredMessageId)),
  );
  if (!row || !row.status) return null;
  const state = row.released ? 'confirmed' : row.status === 'expired' ? 'expired' : 'waiting';
  return { subject: row.subject, mailbox: row.mailbox, state };
}

export async function confirmByLink(token: string): Promise<ConfirmResult> {
  const signed = verifyConfirmation(token);
  if (!signed) return { outcome: 'not-found' };
  return withTenant(signed.tenantId, (tx) =>
    confirmHeldMessage(tx, { tenantId: signed.tenantId, ignoredMessageId: signed.ignoredMessageId, via: 'link' }),
  );
}
