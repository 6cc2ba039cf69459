// The per-run context ingestion works with (everything except the per-message import flag), built
// once per sync run and by the simulator the same way, so both classify and apply rules alike.
import type { TenantTx } from '@/db/tenancy';
import { mailboxes } from '@/db/schema';
import { attachmentPolicyOf } from '@/lib/cases/attachment-policy';
import type { IngestContext } from '@/lib/cases/ingest-message';
import type { ReadContext } from '@/lib/mail/read-message';
import { loadRuleSet } from '@/lib/rules/load-rule-set';
import { toPlainRuleSet } from '@/lib/rules/rule-set-transfer';
import { listOwnAddresses } from './list-own-addresses';

export type MailboxForIngest = {
  id: string;
  tenantId: string;
  email: string;
  createCases: boolean;
} & Partial<Pick<typeof mailboxes.$inferSelect, 'attachmentMaxCount' | 'attachmentMaxBytes' | 'attachmentOverLimit'>>;

export async function buildIngestContext(
  tx: TenantTx,
  mailbox: MailboxForIngest,
): Promise<Omit<IngestContext, 'imported'>> {
  const own = await tx
    .select({
      id: mailboxes.id,
      email: mailboxes.email,
      createContacts: mailboxes.createContacts,
      senderFilter: mailboxes.senderFilter,
      confirmUnknownSenders: mailboxes.confirmUnknownSenders,
    })
    .from(mailboxes);
  const self = own.find((m) => m.id === mailbox.id);
  return {
    tenantId: mailbox.tenantId,
    mailbox: { id: mailbox.id, email: mailbox.email, createCases: mailbox.createCases },
    ownAddresses: await listOwnAddresses(tx),
    attachmentPolicy:
      mailbox.attachmentOverLimit === undefined
        ? null
        : attachmentPolicyOf({
            attachmentMaxCount: mailbox.attachmentMaxCount ?? null,
            attachmentMaxBytes: mailbox.attachmentMaxBytes ?? null,
            attachmentOverLimit: mailbox.attachmentOverLimit,
          }),
    rules: await loadRuleSet(tx, { tenantId: mailbox.tenantId, mailboxId: mailbox.id }),
    contactPolicy: self
      ? {
          createContacts: self.createContacts,
          senderFilter: self.senderFilter,
          confirmUnknownSenders: self.confirmUnknownSenders,
        }
      : undefined,
  };
}

/** What the message worker pool needs to read a message as this context's run would. */
export function readContextFor(ctx: Omit<IngestContext, 'imported'>, maxBytes: number): ReadContext {
  return { tenantId: ctx.tenantId, ownAddresses: ctx.ownAddresses, maxBytes, rules: toPlainRuleSet(ctx.rules) };
}
