// An agent releases an ignored or quarantined message to a case (docs/architecture.md, invariant 8: the rule that
// fired may be wrong). The raw bytes are parsed again and threaded like new mail: a message that
// threads (or a bounce/auto-reply that was linked to one of our cases) joins that case (a Closed
// case reopens, as for any reply); otherwise it opens a new Open case. Either way the case gets a system note "Released from ignored (reason)".
//
// A message that still cannot be parsed (quarantined: too large, hostile structure, parse error)
// becomes a case with the subject "(unreadable message)": its history entry points at the raw
// message (so "view original" works) and carries the raw text, decoded as UTF-8 and cut at
// UNREADABLE_TEXT_LIMIT, as its text.
//
// Released cases never get an acknowledgement: the sender was judged automatic once, and an agent
// who releases old mail is not asking us to write to it now (the case.created event says
// `acknowledge: false`, and the acknowledgement sender checks for the release itself). The one
// exception is a held unknown sender who confirmed their message (`confirmedBy`): that case is
// acknowledged like new mail. A released unknown sender becomes a contact.
//
// Releasing twice is not an error: the second call returns the first release's case.
//
// The case is opened or appended to by the same writers ingestion uses (openCaseFromMessage,
// appendMessageToCase), so a released case's rows and events have the same shape as any other's.
import { and, eq } from 'drizzle-orm';
import { z } from 'zod';
import type { TenantTx } from '@/db/tenancy';
import { cases, ignoredMessages, mailboxes, rawMessages } from '@/db/schema';
import { recordAudit, type AuditActor } from '@/lib/audit/record-audit';
import { AppError } from '@/lib/errors';
import { PARSE_LIMITS } from '@/lib/mail/parse-limits';
import { readMessageInPool } from '@/lib/mail/pool/read-message-in-pool';
import { findThreadForMessage } from '@/lib/mail/thread';
import { appendMessageToCase } from './append-message-to-case';
import { CaseWriteBatch } from './case-write-batch';
import { openCaseFromMessage } from './open-case-from-message';
import { isUuid } from '@/lib/is-uuid';

export const UNREADABLE_SUBJECT = '(unreadable message)';
export const UNREADABLE_TEXT_LIMIT = 256 * 1024;
/** Releasing is an explicit request: allow larger messages than a sync does, but not unbounded. */
const RELEASE_MAX_BYTES = 100 * 1024 * 1024;

export const releaseIgnoredMessageInput = z.object({ tenantId: z.uuid(), ignoredMessageId: z.string() });

export type ReleaseResult = {
  outcome: 'created' | 'appended';
  caseId: string;
  caseNumber: number;
  /** The message could not be parsed: the case holds it as "(unreadable message)". */
  unreadable: boolean;
  reopened: boolean;
  /** It had been released before; nothing was changed. */
  alreadyReleased: boolean;
};

type IgnoredRow = typeof ignoredMessages.$inferSelect;

export type ReleaseOptions = {
  /** The sender confirmed it (lib/contacts/confirm-held-message.ts): acknowledged like new mail, and its note says so. */
  confirmedBy?: 'reply' | 'link';
};

export async function releaseIgnoredMessage(
  tx: TenantTx,
  params: { tenantId: string; ignoredMessageId: string; actor: AuditActor } & ReleaseOptions,
): Promise<ReleaseResult> {
  const { tenantId, ignoredMessageId } = releaseIgnoredMessageInput.parse(params);
  const notFound = () => new AppError('not_found', 'There is no such ignored message.');
  if (!isUuid(ignoredMessageId)) throw notFound();

  // The row lock makes two agents releasing the same message at once produce one case.
  const [row] = await tx.select().from(ignoredMessages).where(eq(ignoredMessages.id, ignoredMessageId)).for('update');
  if (!row) throw notFound();
  if (row.releasedCaseId) {
    const [released] = await tx.select({ number: cases.number }).from(cases).where(eq(cases.id, row.releasedCaseId));
    if (released) {
      return {
        outcome: 'created',
        caseId: row.releasedCaseId,
        caseNumber: Number(released.number),
        unreadable: false,
        reopened: false,
        alreadyReleased: true,
      };
    }
  }

  const raw = row.rawMessageId
    ? (
        await tx.select({ content: rawMessages.content }).from(rawMessages).where(eq(rawMessages.id, row.rawMessageId))
      )[0]?.content
    : undefined;
  // Read in the worker pool under the message budget, like ingestion: a message that was over
  // budget then is over budget now, and becomes an "(unreadable message)" case with its raw text.
  const parsed = raw
    ? await readMessageInPool(raw, {
        tenantId,
        ownAddresses: [],
        maxBytes: Math.min(Math.max(raw.length, PARSE_LIMITS.maxBytes), RELEASE_MAX_BYTES),
      })
    : undefined;
  const note = params.confirmedBy
    ? `The sender confirmed this message (${params.confirmedBy === 'reply' ? 'by replying' : 'with the link'}).`
    : `Released from ignored (${row.reason}).`;
  const mailbox = await existingMailbox(tx, row);
  // A held unknown sender becomes a contact when released (that is what lets their next message in).
  const createContact = row.kind === 'unknown-sender' || (mailbox?.createContacts ?? true);

  const batch = new CaseWriteBatch(tenantId);
  let result: Omit<ReleaseResult, 'alreadyReleased'>;
  if (parsed?.ok) {
    const { message, content } = parsed;
    const thread = (await findThreadForMessage(tx, { tenantId, message })) ?? (await referencedCase(tx, row));
    // The message as filed either way: appended to the case it threads into, or opening one.
    const filed = {
      rawMessageId: row.rawMessageId,
      message,
      content,
      senderAuth: row.senderAuth,
      imported: false,
      notes: [{ kind: 'released', text: note }],
    };
    if (thread) {
      const appended = appendMessageToCase(batch, {
        thread,
        ...filed,
        reopen: { text: 'Reopened by a released message.', reason: 'released' },
        eventExtra: { released: true },
      });
      result = { outcome: 'appended', ...appended, unreadable: false };
    } else {
      const opened = await openCaseFromMessage(tx, batch, {
        mailboxId: mailbox?.id ?? null,
        ...filed,
        // Only a sender's own confirmation asks for the acknowledgement (the sender checks the rest).
        acknowledge: Boolean(params.confirmedBy),
        createContact,
        eventExtra: { released: true, ...(params.confirmedBy ? { confirmedBy: params.confirmedBy } : {}) },
      });
      result = { outcome: 'created', ...opened, unreadable: false, reopened: false };
    }
  } else {
    const why = parsed && !parsed.ok ? parsed.reason : 'raw-message-missing';
    const opened = await openCaseFromMessage(tx, batch, {
      mailboxId: mailbox?.id ?? null,
      rawMessageId: row.rawMessageId,
      // An unreadable message whose header section could be read was recorded with its sender and subject.
      unreadable: {
        subject: row.subject ?? UNREADABLE_SUBJECT,
        text: unreadableText(raw),
        requester: row.fromAddress ? { address: row.fromAddress, name: row.fromName ?? undefined } : undefined,
      },
      imported: false,
      notes: [{ kind: 'released', text: `${note} It could not be read (${why}); the original is attached.` }],
      acknowledge: false,
      createContact,
      eventExtra: { released: true },
    });
    result = { outcome: 'created', ...opened, unreadable: true, reopened: false };
  }
  await batch.flush(tx);

  const releasedAt = new Date();
  await tx
    .update(ignoredMessages)
    .set({ releasedCaseId: result.caseId, releasedAt })
    .where(eq(ignoredMessages.id, row.id));
  await recordAudit(tx, {
    by: { tenantId, actor: params.actor },
    action: 'ignored_message.released',
    target: { type: 'ignored_message', id: row.id },
    details: {
      outcome: row.outcome,
      kind: row.kind,
      reason: row.reason,
      caseNumber: result.caseNumber,
      joined: result.outcome === 'appended',
      unreadable: result.unreadable,
    },
  });
  return { ...result, alreadyReleased: false };
}

/** A bounce or auto-reply about one of our messages was linked to its case when it was ignored. */
async function referencedCase(tx: TenantTx, row: IgnoredRow) {
  if (!row.caseId) return null;
  const [found] = await tx
    .select({ caseId: cases.id, caseNumber: cases.number, status: cases.status })
    .from(cases)
    .where(eq(cases.id, row.caseId));
  return found ? { ...found, caseNumber: Number(found.caseNumber), via: 'referenced' } : null;
}

/** The mailbox may have been deleted since (mailbox_id is then null); the case keeps no mailbox. */
async function existingMailbox(tx: TenantTx, row: IgnoredRow): Promise<{ id: string; createContacts: boolean } | null> {
  if (!row.mailboxId) return null;
  const [found] = await tx
    .select({ id: mailboxes.id, createContacts: mailboxes.createContacts })
    .from(mailboxes)
    .where(eq(mailboxes.id, row.mailboxId));
  return found ?? null;
}

function unreadableText(raw: Buffer | undefined): string {
  if (!raw) return '(The original message is no longer stored.)';
  const head = raw
    .subarray(0, UNREADABLE_TEXT_LIMIT)
    .toString('utf8')
    .replace(/\u0000/g, '');
  return raw.length > UNREADABLE_TEXT_LIMIT
    ? `${head}\n\n[… cut at ${UNREADABLE_TEXT_LIMIT} of ${raw.length} bytes: see the original]`
    : head;
}
