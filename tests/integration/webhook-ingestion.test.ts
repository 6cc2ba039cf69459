// Mail arriving in a Dovecot mailbox becomes signed webhook events that a
// receiver verifies with `standardwebhooks`: an import → case.created (imported: true), a new
// message → case.created, a reply → message.received, an auto-reply → message.ignored.
import { describe, expect, it } from 'vitest';
import { withTenant } from '@/db/tenancy';
import { confirmMailboxImport } from '@/lib/mailboxes/confirm-import';
import { syncMailbox } from '@/lib/mailboxes/sync-mailbox';
import { createWebhookEndpoint } from '@/lib/webhooks/create-webhook-endpoint';
import { deliverDueWebhooks } from '@/lib/webhooks/deliver-due-webhooks';
import { webhookPayloadSchema } from '@/lib/webhooks/events';
import { dispatchTenantOutbox } from '../helpers/dispatch-tenant-outbox';
import { buildMail } from '../helpers/mail-builder';
import { makeMailbox } from '../helpers/mailbox-fixture';
import { startWebhookReceiver } from '../helpers/webhook-receiver';
import { useDovecot } from '../helpers/use-dovecot';
import { useStarted } from '../helpers/use-started';

const dovecot = useDovecot();
const receiver = useStarted(startWebhookReceiver, (started) => started.stop());

describe('mail in a Dovecot mailbox', () => {
  it('produces verified case.created (imported and new), message.received and message.ignored webhooks', async () => {
    const fx = await makeMailbox(dovecot, { protocol: 'imaps', starttls: 'required' });
    const path = `/ingest-${fx.tenant.slug}`;
    const endpoint = await withTenant(fx.tenant.tenantId, (tx) =>
      createWebhookEndpoint(tx, {
        tenantId: fx.tenant.tenantId,
        input: { url: receiver.url(path), includeBodies: true },
        actor: { kind: 'system' },
      }),
    );
    receiver.secrets.push(endpoint.secret);
    const got = () => receiver.received.filter((r) => r.path === path);
    const step = async () => {
      await syncMailbox(fx.mailboxId, { untilEmpty: true });
      await dispatchTenantOutbox(fx.tenant.tenantId);
      await deliverDueWebhooks({ tenantId: fx.tenant.tenantId });
    };

    // The import of what was already there.
    await dovecot.append(fx.user, [
      buildMail({
        from: 'Old <old@customer.example>',
        to: fx.address,
        subject: 'Old question',
        messageId: 'old-1@customer.example',
        text: 'from before',
      }),
    ]);
    await confirmMailboxImport(fx.tenant.tenantId, fx.mailboxId);
    await step();
    // New mail, then a reply to it, then an out-of-office about it: each arrives and is synced on its own.
    const arrivals = [
      {
        from: 'Ann <ann@customer.example>',
        subject: 'Printer on fire',
        messageId: 'ann-1@customer.example',
        text: 'Smoke!',
      },
      {
        from: 'Ann <ann@customer.example>',
        subject: 'Re: Printer on fire',
        messageId: 'ann-2@customer.example',
        inReplyTo: 'ann-1@customer.example',
        text: 'Still smoking.',
      },
      {
        from: 'Bob <bob@customer.example>',
        subject: 'Automatic reply: away',
        text: 'I am away until Monday.',
        headers: { 'Auto-Submitted': 'auto-replied' },
      },
    ];
    for (const mail of arrivals) {
      await dovecot.append(fx.user, [buildMail({ ...mail, to: fx.address })]);
      await step();
    }

    const requests = got();
    expect(requests.every((r) => r.verifiedWith.includes(endpoint.secret))).toBe(true);
    expect(requests.map((r) => r.payload?.type)).toEqual([
      'case.created',
      'case.created',
      'message.received',
      'message.ignored',
    ]);
    expect(new Set(requests.map((r) => r.id)).size).toBe(4);

    const imported = webhookPayloadSchema('case.created').parse(requests[0].payload);
    expect(imported.data).toMatchObject({
      caseNumber: 1,
      subject: 'Old question',
      imported: true,
      status: 'closed',
      mailboxId: fx.mailboxId,
    });
    const created = webhookPayloadSchema('case.created').parse(requests[1].payload);
    expect(created.data).toMatchObject({
      caseNumber: 2,
      subject: 'Printer on fire',
      imported: false,
      status: 'open',
      requester: { email: 'ann@customer.example', name: 'Ann' },
    });
    expect(created.data.body?.text).toContain('Smoke!');
    const reply = webhookPayloadSchema('message.received').parse(requests[2].payload);
    expect(reply.data).toMatchObject({
      caseId: created.data.caseId,
      caseNumber: 2,
      from: 'ann@customer.example',
      messageId: 'ann-2@customer.example',
      subject: 'Re: Printer on fire',
    });
    expect(reply.data.body?.text).toContain('Still smoking.');
    const ignored = webhookPayloadSchema('message.ignored').parse(requests[3].payload);
    expect(ignored.data).toMatchObject({ outcome: 'ignored', from: 'bob@customer.example', imported: false });
    expect(['auto-reply', 'vacation']).toContain(ignored.data.kind);
    expect(ignored.data.reason.length).toBeGreaterThan(0);
    // Never a secret in any payload.
    expect(requests.some((r) => /whsec_|password|sealed/i.test(r.body))).toBe(false);
  });
});
