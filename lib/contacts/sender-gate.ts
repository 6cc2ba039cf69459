// What ingestion needs to know about a batch's senders for the mailbox's sender filter, loaded with one
// query each for the whole batch (never per message):
//   - which senders are contacts (only when the mailbox accepts existing contacts only);
//   - which messages reply to a confirmation request we sent for a held message (any mailbox: a
//     sender confirming after the option was switched off is still honoured).
import { and, eq, inArray, isNull, or, sql } from 'drizzle-orm';
import type { TenantTx } from '@/db/tenancy';
import { contacts, ignoredMessages } from '@/db/schema';
import type { ParsedMessage } from '@/lib/mail/types';
import { contactAddress } from './contact-address';

/** The mailbox's contact options, as ingestion applies them. */
export type ContactPolicy = {
  createContacts: boolean;
  senderFilter: 'anyone' | 'contacts';
  confirmUnknownSenders: boolean;
};

export const DEFAULT_CONTACT_POLICY: ContactPolicy = {
  createContacts: true,
  senderFilter: 'anyone',
  confirmUnknownSenders: false,
};

export type HeldForConfirmation = { id: string; from: string };

export class SenderGate {
  constructor(
    private readonly known: Set<string>,
    private readonly confirmations: Map<string, HeldForConfirmation>,
  ) {}

  static async load(tx: TenantTx, p: { policy: ContactPolicy; messages: ParsedMessage[] }): Promise<SenderGate> {
    const known = new Set<string>();
    const senders = [...new Set(p.messages.map((m) => contactAddress(m.from?.address)).filter((a) => a !== null))];
    if (p.policy.senderFilter === 'contacts' && senders.length) {
      for (let i = 0; i < senders.length; i += 5000) {
        const rows = await tx
          .select({ email: contacts.email })
          .from(contacts)
          .where(inArray(contacts.email, senders.slice(i, i + 5000)));
        for (const r of rows) known.add(r.email);
      }
    }
    const confirmations = new Map<string, HeldForConfirmation>();
    const referenced = [
      ...new Set(p.messages.flatMap((m) => [...(m.inReplyTo ? [m.inReplyTo] : []), ...m.references])),
    ];
    if (referenced.length) {
      const t = ignoredMessages;
      const rows = await tx
        .select({ id: t.id, from: t.fromAddress, messageId: t.confirmationMessageId })
        .from(t)
        .where(
          and(
            inArray(t.confirmationMessageId, referenced.slice(0, 5000)),
            isNull(t.releasedCaseId),
            or(eq(t.confirmationStatus, 'sent'), eq(t.confirmationStatus, 'sending')),
            sql`${t.fromAddress} is not null`,
          ),
        );
      for (const r of rows) if (r.messageId) confirmations.set(r.messageId, { id: r.id, from: r.from!.toLowerCase() });
    }
    return new SenderGate(known, confirmations);
  }

  isContact(address: string | undefined): boolean {
    const a = contactAddress(address);
    return a !== null && this.known.has(a);
  }

  /** The held message this one confirms: a reply (In-Reply-To or References) to its request, from its sender. */
  confirms(message: ParsedMessage): HeldForConfirmation | null {
    const from = contactAddress(message.from?.address);
    if (!from) return null;
    for (const id of [message.inReplyTo, ...message.references]) {
      const held = id ? this.confirmations.get(id) : undefined;
      if (held && held.from === from) return held;
    }
    return null;
  }
}
