// The checks ingestion makes about a message that may need the network (sender verification asks DNS,
// rspamd is an HTTP call), run by the sync for a whole batch before its tenant transaction opens, and
// handed to ingestMessage with the reading. Imported mail (the mailbox's past) is not checked; a mailbox
// with verification off is not verified, one with the spam filter off gets no spam verdict.
// What reads the message (verification, the spam headers) runs in the check pool; DNS is answered here,
// by the run's resolver, and rspamd is asked from here (it gets the bytes; its answer is its own JSON).
import { env } from '@/lib/env';
import { checkMessageInPool } from '@/lib/mail/pool/check-message-in-pool';
import type { MessageReading } from '@/lib/mail/read-message';
import { memoizedResolver, systemDnsResolver, type DnsResolver } from './dns-resolver';
import { rspamdVerdict } from './rspamd';
import type { SenderAuth, SenderPolicy } from './sender-auth';
import type { SpamSettings, SpamVerdict } from './spam-verdict';

export type InboundChecks = {
  /** What verification found; null when not checked. */
  senderAuth: SenderAuth | null;
  /** The mailbox enforces the verdict: an unverified sender cannot join by token, reopen, or get an acknowledgement. */
  enforce: boolean;
  /** The receiving server's (or rspamd's) verdict when it says spam; null otherwise. */
  spam: SpamVerdict | null;
};

export const NO_CHECKS: InboundChecks = { senderAuth: null, enforce: false, spam: null };

export type MailboxCheckSettings = SpamSettings & {
  senderVerification: SenderPolicy | null;
  trustedAuthservId: string | null;
  /** Absent: none (rows from before the setting, test stubs). */
  trustedArcSealers?: string[];
};

export type InboundChecker = (raw: Buffer, reading: MessageReading) => Promise<InboundChecks>;

/** One checker per sync run: its DNS answers are shared by the run's messages. */
export function inboundChecker(mailbox: MailboxCheckSettings, resolver?: DnsResolver): InboundChecker {
  const policy = senderPolicyOf(mailbox);
  const dns = memoizedResolver(resolver ?? systemDnsResolver());
  return async (raw, reading) => {
    if (!reading.ok) return NO_CHECKS;
    if (policy === 'off' && !mailbox.spamFilter) return NO_CHECKS;
    const { senderAuth, spamFromHeaders } = await checkMessageInPool(
      raw,
      {
        fromAddress: reading.message.from?.address,
        verify:
          policy === 'off'
            ? null
            : {
                timeoutMs: env.SENDER_VERIFICATION_TIMEOUT_MS,
                trustedAuthservId: mailbox.trustedAuthservId,
                trustedArcSealers: mailbox.trustedArcSealers ?? [],
              },
        spam: mailbox.spamFilter ? pickSpamSettings(mailbox) : null,
      },
      dns,
    );
    return { senderAuth, enforce: policy === 'enforce', spam: await spamVerdict(raw, mailbox, spamFromHeaders) };
  };
}

/** The headers' verdict, else rspamd's when RSPAMD_URL is set; only a "spam" verdict is kept. */
async function spamVerdict(
  raw: Buffer,
  settings: SpamSettings,
  fromHeaders: SpamVerdict | null,
): Promise<SpamVerdict | null> {
  if (!settings.spamFilter) return null;
  if (fromHeaders?.spam) return fromHeaders;
  if (!env.RSPAMD_URL) return null;
  const scored = await rspamdVerdict(raw, { url: env.RSPAMD_URL, settings });
  return scored?.spam ? scored : null;
}

function pickSpamSettings(s: SpamSettings): SpamSettings {
  return { spamFilter: s.spamFilter, spamScoreThreshold: s.spamScoreThreshold, spamSclThreshold: s.spamSclThreshold };
}

/** The mailbox's own choice, else the operator's default (SENDER_VERIFICATION). */
export function senderPolicyOf(mailbox: Pick<MailboxCheckSettings, 'senderVerification'>): SenderPolicy {
  return mailbox.senderVerification ?? env.SENDER_VERIFICATION;
}

/** An enforcing mailbox and a sender that did not verify. */
export function isUnverified(checks: InboundChecks): boolean {
  return checks.enforce && checks.senderAuth !== null && !checks.senderAuth.verified;
}
