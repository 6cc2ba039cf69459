// The import's "messages received after <date> become Open cases" option, against a real Dovecot: the history
// dated before stays Closed, what is dated later opens Open cases — both imported, neither acknowledged — and
// mail delivered after the confirmation is new mail as always.
import { eq } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { cases, outboxEvents } from '@/db/schema';
import { withTenant } from '@/db/tenancy';
import { confirmMailboxImport } from '@/lib/mailboxes/confirm-import';
import { syncMailbox } from '@/lib/mailboxes/sync-mailbox';
import { buildMail } from '../helpers/mail-builder';
import { makeMailbox } from '../helpers/mailbox-fixture';
import { useDovecot } from '../helpers/use-dovecot';

const dovecot = useDovecot();

describe('importing with "received after" open', () => {
  it('history before the date is Closed, after it Open; both imported and never acknowledged; later mail is new', async () => {
    const fx = await makeMailbox(dovecot, { protocol: 'imap', starttls: 'off' });
    const dated = (subject: string, date: Date) =>
      buildMail({
        from: `${subject.replace(/\W/g, '')}@customer.example`,
        to: fx.address,
        subject,
        text: subject,
        date,
      });
    await dovecot.append(fx.user, [
      dated('January question', new Date(Date.UTC(2026, 0, 10, 9))),
      dated('February question', new Date(Date.UTC(2026, 1, 10, 9))),
      dated('March question', new Date(Date.UTC(2026, 2, 10, 9))),
    ]);
    await confirmMailboxImport(fx.tenant.tenantId, fx.mailboxId, { openAfter: new Date(Date.UTC(2026, 1, 1)) });
    await syncMailbox(fx.mailboxId, { trigger: 'import', untilEmpty: true });
    await dovecot.append(fx.user, [dated('New question', new Date())]);
    await syncMailbox(fx.mailboxId, { trigger: 'runner', untilEmpty: true });

    const rows = await withTenant(fx.tenant.tenantId, async (tx) => {
      const all = await tx.select().from(cases).where(eq(cases.mailboxId, fx.mailboxId));
      const events = await tx.select().from(outboxEvents).where(eq(outboxEvents.type, 'case.created'));
      const ack = new Map(events.map((e) => [e.payload.caseId as string, e.payload.acknowledge]));
      return all
        .map((c) => ({ subject: c.subject, status: c.status, imported: c.imported, acknowledge: ack.get(c.id) }))
        .sort((a, b) => a.subject.localeCompare(b.subject));
    });
    expect(rows).toEqual([
      { subject: 'February question', status: 'open', imported: true, acknowledge: false },
      { subject: 'January question', status: 'closed', imported: true, acknowledge: false },
      { subject: 'March question', status: 'open', imported: true, acknowledge: false },
      { subject: 'New question', status: 'open', imported: false, acknowledge: true },
    ]);
    expect(await dovecot.count(fx.user)).toBe(0);
  });
});
