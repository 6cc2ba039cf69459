// The ingestion engine end to end against a real Dovecot and PostgreSQL. The import over each of the six protocol
// variants is the server matrix's (server-matrix-dovecot.test.ts).
import { eq } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { caseMessages, cases, ignoredMessages } from '@/db/schema';
import { withTenant } from '@/db/tenancy';
import { confirmMailboxImport } from '@/lib/mailboxes/confirm-import';
import { syncMailbox } from '@/lib/mailboxes/sync-mailbox';
import { buildBounce, buildMail } from '../helpers/mail-builder';
import { makeMailbox } from '../helpers/mailbox-fixture';
import { useDovecot } from '../helpers/use-dovecot';

const dovecot = useDovecot();

describe('after the import', () => {
  it('a new message opens a case, a reply joins it, a reply to a closed case reopens it, auto-generated mail is ignored with its reason', async () => {
    const fx = await makeMailbox(dovecot, { protocol: 'imaps', starttls: 'required' });
    const old = buildMail({
      from: 'Old Customer <old@example.org>',
      to: fx.address,
      subject: 'Old question',
      messageId: 'old-1@example.org',
      text: 'hi',
    });
    await dovecot.append(fx.user, [old]);
    await confirmMailboxImport(fx.tenant.tenantId, fx.mailboxId);
    await syncMailbox(fx.mailboxId, { untilEmpty: true });

    // Each arrives on its own and is synced: what the sync did with it.
    const arrivals = [
      {
        mail: {
          from: 'Ann <ann@example.org>',
          subject: 'Printer on fire',
          messageId: 'new-1@example.org',
          text: 'help',
        },
        synced: { created: 1, deleted: 1 },
      },
      {
        mail: {
          from: 'Ann <ann@example.org>',
          subject: 'Re: Printer on fire',
          messageId: 'new-2@example.org',
          inReplyTo: 'new-1@example.org',
          text: 'still burning',
        },
        synced: { created: 0, appended: 1 },
      },
      {
        mail: {
          from: 'Old Customer <old@example.org>',
          subject: 'Re: Old question',
          messageId: 'old-2@example.org',
          inReplyTo: 'old-1@example.org',
          text: 'again',
        },
        synced: { appended: 1 },
      },
    ];
    for (const { mail, synced } of arrivals) {
      await dovecot.append(fx.user, [buildMail({ ...mail, to: fx.address })]);
      expect(await syncMailbox(fx.mailboxId), mail.subject).toMatchObject(synced);
    }

    await dovecot.append(fx.user, [
      buildMail({
        from: 'Ann <ann@example.org>',
        to: fx.address,
        subject: 'Automatic reply: Printer on fire',
        text: 'I am away',
        headers: { 'Auto-Submitted': 'auto-replied' },
        inReplyTo: 'new-2@example.org',
      }),
      buildBounce({ to: fx.address, failedRecipient: 'gone@example.org', originalMessageId: 'whatever@example.org' }),
      buildMail({
        from: 'Bob <bob@example.org>',
        to: fx.address,
        subject: 'Abwesenheitsnotiz: Ihre Anfrage',
        text: 'Ich bin bis Montag nicht im Büro.',
        headers: { 'Auto-Submitted': 'auto-replied', Precedence: 'auto_reply' },
      }),
    ]);
    expect(await syncMailbox(fx.mailboxId)).toMatchObject({ created: 0, appended: 0, ignored: 3, deleted: 3 });

    const { all, ignored, history } = await withTenant(fx.tenant.tenantId, async (tx) => ({
      all: await tx.select().from(cases).orderBy(cases.number),
      ignored: await tx.select().from(ignoredMessages),
      history: await tx.select().from(caseMessages),
    }));
    expect(all.map((c) => [c.subject, c.status, c.imported])).toEqual([
      ['Old question', 'open', true],
      ['Printer on fire', 'open', false],
    ]);
    expect(history.filter((m) => m.caseId === all[1].id && m.direction === 'in')).toHaveLength(2);
    expect(history.some((m) => m.caseId === all[0].id && m.systemKind === 'reopened')).toBe(true);
    expect(history.some((m) => m.caseId === all[1].id && m.systemKind === 'auto-reply')).toBe(true);
    expect(ignored).toHaveLength(3);
    expect(ignored.map((i) => i.kind)).toContain('bounce');
    expect(ignored.every((i) => ['auto-reply', 'vacation', 'bounce'].includes(i.kind))).toBe(true);
    expect(ignored.every((i) => i.reason.length > 0 && i.reason !== 'normal')).toBe(true);
    const [okCase] = await withTenant(fx.tenant.tenantId, (tx) =>
      tx.select().from(cases).where(eq(cases.id, all[1].id)),
    );
    expect(okCase.status).toBe('open');
  });
});
