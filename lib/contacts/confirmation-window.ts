// At most one confirmation request per sender and mailbox within the mailbox's acknowledgement window
// (24 h by default), unless an agent asks to resend. The outbox consumer applies it when it sends
// (send-sender-confirmation.ts: the held row is marked 'not-sent'); the rules simulator
// (lib/rules/simulate-message.ts) reads the same rows through the same function to say a request would be
// skipped, so the two cannot disagree.
import { and, desc, eq, gt, inArray, ne, sql } from 'drizzle-orm';
import type { TenantTx } from '@/db/tenancy';
import { ignoredMessages } from '@/db/schema';
import { DEFAULT_ACK_WINDOW_HOURS } from '@/lib/acknowledgements/ack-limits';

/** The refusal (and the consumer's skip reason) when a request went to the sender within the window. */
export const CONFIRMATION_RATE_LIMITED = 'rate-limited';

export type RecentConfirmationRequest = { ignoredMessageId: string; sentAt: Date; windowHours: number };

/**
 * The request sent (or being sent) to `sender` for this mailbox within its window, the newest first; null
 * when there is none. `except` leaves out the held message the caller is about to ask about.
 */
export async function recentConfirmationRequest(
  tx: TenantTx,
  p: {
    mailbox: { id: string; ackWindowHours: number | null };
    sender: string;
    now: Date;
    except?: string;
  },
): Promise<RecentConfirmationRequest | null> {
  const windowHours = p.mailbox.ackWindowHours ?? DEFAULT_ACK_WINDOW_HOURS;
  const [recent] = await tx
    .select({ id: ignoredMessages.id, sentAt: ignoredMessages.confirmationSentAt })
    .from(ignoredMessages)
    .where(
      and(
        eq(ignoredMessages.mailboxId, p.mailbox.id),
        sql`lower(${ignoredMessages.fromAddress}) = ${p.sender.toLowerCase()}`,
        p.except ? ne(ignoredMessages.id, p.except) : undefined,
        inArray(ignoredMessages.confirmationStatus, ['sending', 'sent', 'confirmed']),
        gt(ignoredMessages.confirmationSentAt, new Date(p.now.getTime() - windowHours * 3_600_000)),
      ),
    )
    .orderBy(desc(ignoredMessages.confirmationSentAt))
    .limit(1);
  return recent ? { ignoredMessageId: recent.id, sentAt: recent.sentAt!, windowHours } : null;
}

/** What the consumer records on a held message whose request the window skipped. */
export function rateLimitedConfirmationError(sender: string, { windowHours }: RecentConfirmationRequest): string {
  return `Not sent: ${sender.toLowerCase()} was asked to confirm another message within ${windowHours} h.`;
}
