// The checks ingestion makes about a message that need the network (sender verification asks DNS), run
// by the sync for a whole batch before its tenant transaction opens, and handed to ingestMessage with
// the reading. Imported mail (the mailbox's past) and mailboxes with verification off are not checked.
import { env } from '@/lib/env';
import type { MessageReading } from '@/lib/mail/read-message';
import { memoizedResolver, systemDnsResolver, type DnsResolver } from './dns-resolver';
import type { SenderAuth, SenderPolicy } from './sender-auth';
import { verifySender } from './verify-sender';

export type InboundChecks = {
  /** What verification found; null when not checked. */
  senderAuth: SenderAuth | null;
  /** The mailbox enforces the verdict: an unverified sender cannot join by token, reopen, or get an acknowledgement. */
  enforce: boolean;
};

export const NO_CHECKS: InboundChecks = { senderAuth: null, enforce: false };

export type MailboxCheckSettings = { senderVerification: SenderPolicy | null; trustedAuthservId: string | null };

export type InboundChecker = (raw: Buffer, reading: MessageReading) => Promise<InboundChecks>;

/** One checker per sync run: its DNS answers are shared by the run's messages. */
export function inboundChecker(mailbox: MailboxCheckSettings, resolver?: DnsResolver): InboundChecker {
  const policy = senderPolicyOf(mailbox);
  if (policy === 'off') return async () => NO_CHECKS;
  const dns = memoizedResolver(resolver ?? systemDnsResolver());
  return async (raw, reading) => {
    if (!reading.ok) return NO_CHECKS;
    const senderAuth = await verifySender(raw, reading.message.from?.address, {
      resolver: dns,
      timeoutMs: env.SENDER_VERIFICATION_TIMEOUT_MS,
      trustedAuthservId: mailbox.trustedAuthservId,
    });
    return { senderAuth, enforce: policy === 'enforce' };
  };
}

/** The mailbox's own choice, else the operator's default (SENDER_VERIFICATION). */
export function senderPolicyOf(mailbox: Pick<MailboxCheckSettings, 'senderVerification'>): SenderPolicy {
  return mailbox.senderVerification ?? env.SENDER_VERIFICATION;
}

/** An enforcing mailbox and a sender that did not verify. */
export function isUnverified(checks: InboundChecks): boolean {
  return checks.enforce && checks.senderAuth !== null && !checks.senderAuth.verified;
}
