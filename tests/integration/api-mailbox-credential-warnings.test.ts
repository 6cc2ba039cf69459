// The client secret of a Microsoft Graph or Gmail API mailbox expires too (Entra ID secrets after at most 24
// months): its expiry date, entered with the secret, is mailed to owners and admins before it comes, as for an
// OAuth IMAP/POP3 mailbox (credential-health.test.ts). Without the date an API mailbox stopped with no warning.
import { describe, expect, it } from 'vitest';
import { withTenant } from '@/db/tenancy';
import { sendCredentialWarnings } from '@/lib/mailboxes/send-credential-warnings';
import { updateMailbox } from '@/lib/mailboxes/update-mailbox';
import { makeGmailMailbox, makeGraphMailbox, type ApiMailboxFixture } from '../helpers/api-mailbox';
import { useMailApiFakes } from '../helpers/use-mail-api-fakes';
import { useSystemSmtpSink } from '../helpers/use-system-smtp-sink';
import { makeTenant } from '../helpers/tenant';

const DAY = 24 * 3600_000;
const { provider, graph, gmail } = useMailApiFakes();
const sink = useSystemSmtpSink();

const setExpiry = (fx: ApiMailboxFixture, clientSecretExpiresAt: string) =>
  withTenant(fx.tenant.tenantId, (tx) =>
    updateMailbox(tx, {
      id: fx.mailboxId,
      input: { oauth: { clientSecretExpiresAt } },
      actor: { kind: 'user', userId: fx.tenant.ownerUserId },
    }),
  );

describe('credential warnings for API mailboxes', () => {
  it('owners are mailed once when a Graph or Gmail API mailbox’s client secret expires within days; a far-off one is not mailed', async () => {
    const tenant = await makeTenant('apiwarn');
    const appOnly = await makeGraphMailbox(provider, graph, { mode: 'shared-app-only', tenant });
    const gmailBox = await makeGmailMailbox(provider, gmail, { tenant });
    const far = await makeGraphMailbox(provider, graph, { mode: 'delegated', tenant });
    const inTwoDays = new Date(Date.now() + 2 * DAY + 3600_000).toISOString().slice(0, 10);
    await setExpiry(appOnly, inTwoDays);
    await setExpiry(gmailBox, inTwoDays);
    await setExpiry(far, new Date(Date.now() + 200 * DAY).toISOString().slice(0, 10));

    const total = sink.messages.length;
    expect((await sendCredentialWarnings({ tenantIds: [tenant.tenantId] })).mailed).toBe(2);
    await sink.waitFor(total + 2);
    const mails = sink.messages.slice(total).filter((m) => m.envelope.to.includes(tenant.ownerEmail));
    expect(mails).toHaveLength(2);
    for (const fx of [appOnly, gmailBox]) {
      const mail = mails.find((m) => m.parsed.text?.includes(`/settings/mailboxes/${fx.mailboxId}`));
      expect(mail?.parsed.subject).toMatch(
        new RegExp(`^The OAuth client secret of ${fx.address.replace(/[.+]/g, '\\$&')} expires in (1 day|2 days)`),
      );
    }
    const graphMail = mails.find((m) => m.parsed.text?.includes(appOnly.mailboxId));
    expect(graphMail?.parsed.text).toContain('Certificates & secrets');
    expect(mails.some((m) => m.parsed.text?.includes(far.address))).toBe(false);

    // The next tick sends nothing more for the same threshold.
    expect((await sendCredentialWarnings({ tenantIds: [tenant.tenantId] })).mailed).toBe(0);
  });
});
