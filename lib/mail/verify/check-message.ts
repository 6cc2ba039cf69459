// The content checks of one inbound message, run in the check pool (lib/mail/pool/check-message-in-pool.ts),
// never on the event loop: sender verification (SPF, DKIM, DMARC, ARC, or the trusted server's
// Authentication-Results) and the receiving server's spam headers. Both read the message's bytes with
// regular expressions. DNS is asked through the resolver handed in (in the pool: the sync run's own,
// on the main thread, reached over a message port).
import type { DnsResolver } from './dns-resolver';
import type { SenderAuth } from './sender-auth';
import { spamVerdictFromHeaders, type SpamSettings, type SpamVerdict } from './spam-verdict';
import { verifySender } from './verify-sender';

export type CheckRequest = {
  fromAddress?: string;
  /** null: the mailbox does not verify senders. */
  verify: { timeoutMs: number; trustedAuthservId: string | null; trustedArcSealers?: string[] } | null;
  /** null: the mailbox's spam filter is off. */
  spam: SpamSettings | null;
};

export type CheckResult = { senderAuth: SenderAuth | null; spamFromHeaders: SpamVerdict | null };

export async function checkMessage(raw: Buffer, req: CheckRequest, resolver: DnsResolver): Promise<CheckResult> {
  const spamFromHeaders = req.spam ? spamVerdictFromHeaders(raw, req.spam) : null;
  const senderAuth = req.verify
    ? await verifySender(raw, req.fromAddress, {
        resolver,
        timeoutMs: req.verify.timeoutMs,
        trustedAuthservId: req.verify.trustedAuthservId,
        trustedArcSealers: req.verify.trustedArcSealers ?? [],
      })
    : null;
  return { senderAuth, spamFromHeaders };
}
