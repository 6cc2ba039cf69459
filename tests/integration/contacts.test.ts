// Contacts and organisations with real PostgreSQL: made from requesters at ingestion (set-based, in the
// batch), the "existing contacts only" sender filter, release, merge, the backfill, and the API and CLI.
import { randomBytes } from 'node:crypto';
import { asc, eq } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { cases, contacts, mailboxes, outboxEvents, rawMessages, tenants } from '@/db/schema';
import { withTenant } from '@/db/tenancy';
import { GET as contactCases } from '@/app/api/v1/contacts/[id]/cases/route';
import { POST as mergeRoute } from '@/app/api/v1/contacts/[id]/merge/route';
import { GET as showContact, PATCH as patchContact } from '@/app/api/v1/contacts/[id]/route';
import { GET as listContactsRoute } from '@/app/api/v1/contacts/route';
import { GET as orgCases } from '@/app/api/v1/organizations/[id]/cases/route';
import { GET as showOrg, PATCH as patchOrg } from '@/app/api/v1/organizations/[id]/route';
import { GET as listOrgs, POST as createOrg } from '@/app/api/v1/organizations/route';
import { GET as listIgnored } from '@/app/api/v1/ignored-messages/route';
import { ingestBatch, type IngestItem } from '@/lib/cases/ingest-message';
import '@/lib/cli/commands/contacts';
import { backfillTenantContacts } from '@/lib/contacts/backfill-contacts';
import { listOrganizationCasesForCase } from '@/lib/contacts/list-organization-cases-for-case';
import { createOrganization } from '@/lib/contacts/organizations';
import { PARSE_LIMITS } from '@/lib/mail/parse-limits';
import { readMessageInPool } from '@/lib/mail/pool/read-message-in-pool';
import { buildIngestContext, readContextFor } from '@/lib/mailboxes/build-ingest-context';
import { updateMailFiltering } from '@/lib/mailboxes/mail-filtering';
import { addSenderEntry } from '@/lib/rules/sender-list-entries';
import { makeTenantWithKey } from '@/tests/helpers/api-key';
import { callWithKey } from '@/tests/helpers/call-with-key';
import { buildMail, type MailSpec } from '@/tests/helpers/mail-builder';
import { receiveMail, type TestMailbox } from '@/tests/helpers/receive-mail';
import { releaseIgnored } from '@/tests/helpers/release-ignored';
import { runCliJson } from '@/tests/helpers/run-cli-in-process';

const uid = () => randomBytes(4).toString('hex');

function setup(extra: Partial<typeof mailboxes.$inferInsert> = {}) {
  return makeTenantWithKey('contacts', extra);
}

const mail = (mailbox: TestMailbox, from: string, subject: string, extra: Partial<MailSpec> = {}) =>
  buildMail({ from, to: mailbox.email, subject, text: `About ${subject}`, ...extra });

async function contactRows(tenantId: string) {
  return withTenant(tenantId, (tx) => tx.select().from(contacts).orderBy(asc(contacts.email)));
}

async function caseRow(tenantId: string, caseId: string) {
  const [row] = await withTenant(tenantId, (tx) => tx.select().from(cases).where(eq(cases.id, caseId)));
  return row;
}

describe('contacts from requesters', () => {
  it("a new case's requester becomes a contact, in the organisation that owns their domain", async () => {
    const t = await setup();
    const org = await withTenant(t.tenantId, (tx) =>
      createOrganization(tx, {
        tenantId: t.tenantId,
        input: { name: `Customer A ${uid()}`, domains: ['customer-a.example', '@Customer-A2.example'] },
        actor: { kind: 'system' },
      }),
    );
    expect(org.domains).toEqual(['customer-a.example', 'customer-a2.example']);
    const r = await receiveMail(t.tenantId, t.mailbox, mail(t.mailbox, 'Ann Example <Ann@Customer-A.example>', 'Hi'));
    expect(r.outcome).toBe('created');
    const [ann] = await contactRows(t.tenantId);
    expect(ann).toMatchObject({ email: 'ann@customer-a.example', name: 'Ann Example', organizationId: org.id });
    expect((await caseRow(t.tenantId, (r as any).caseId)).contactId).toBe(ann.id);

    // Her next case is linked to the same contact; no second contact is made.
    const again = await receiveMail(t.tenantId, t.mailbox, mail(t.mailbox, 'ann@customer-a.example', 'Again'));
    expect((await caseRow(t.tenantId, (again as any).caseId)).contactId).toBe(ann.id);
    expect(await contactRows(t.tenantId)).toHaveLength(1);
  });

  it("the case page's organisation panel lists the cases of the requester's colleagues, not their own", async () => {
    const t = await setup();
    const org = await withTenant(t.tenantId, (tx) =>
      createOrganization(tx, {
        tenantId: t.tenantId,
        input: { name: `Customer B ${uid()}`, domains: ['customer-b.example'] },
        actor: { kind: 'system' },
      }),
    );
    const first = await receiveMail(t.tenantId, t.mailbox, mail(t.mailbox, 'ann@customer-b.example', 'Ann one'));
    await receiveMail(t.tenantId, t.mailbox, mail(t.mailbox, 'ann@customer-b.example', 'Ann two'));
    await receiveMail(t.tenantId, t.mailbox, mail(t.mailbox, 'bob@customer-b.example', 'Bob one'));
    const stranger = await receiveMail(t.tenantId, t.mailbox, mail(t.mailbox, 'eve@elsewhere.example', 'Eve'));
    const panel = await withTenant(t.tenantId, (tx) =>
      listOrganizationCasesForCase(tx, { caseId: (first as any).caseId }),
    );
    expect(panel?.organization).toEqual({ id: org.id, name: org.name });
    expect(panel?.total).toBe(1);
    expect(panel?.items.map((c) => c.subject)).toEqual(['Bob one']);
    // A requester outside any organisation has no panel.
    expect(
      await withTenant(t.tenantId, (tx) => listOrganizationCasesForCase(tx, { caseId: (stranger as any).caseId })),
    ).toBeNull();
  });

  it('one batch with several messages from the same and from new senders makes one contact each', async () => {
    const t = await setup();
    const senders = ['b1@batch.example', 'b2@batch.example', 'b1@batch.example', 'B2@batch.example'];
    const context = await withTenant(t.tenantId, (tx) =>
      buildIngestContext(tx, { ...t.mailbox, tenantId: t.tenantId }),
    );
    const items: { raw: Buffer; reading: Awaited<ReturnType<typeof readMessageInPool>> }[] = [];
    for (const [i, from] of senders.entries()) {
      const raw = mail(t.mailbox, from, `Batch ${i} ${uid()}`);
      items.push({ raw, reading: await readMessageInPool(raw, readContextFor(context, PARSE_LIMITS.maxBytes)) });
    }
    const outcomes = await withTenant(t.tenantId, async (tx) => {
      const stored: IngestItem[] = [];
      for (const { raw, reading } of items) {
        const [row] = await tx
          .insert(rawMessages)
          .values({
            tenantId: t.tenantId,
            mailboxId: t.mailbox.id,
            sha256: uid() + uid(),
            size: raw.length,
            content: raw,
          })
          .returning({ id: rawMessages.id });
        stored.push({ rawMessageId: row.id, reading, imported: false });
      }
      return ingestBatch(tx, context, stored);
    });
    expect(outcomes.map((o) => o.outcome)).toEqual(['created', 'created', 'created', 'created']);
    const rows = await contactRows(t.tenantId);
    expect(rows.map((c) => c.email)).toEqual(['b1@batch.example', 'b2@batch.example']);
    const linked = await withTenant(t.tenantId, (tx) =>
      tx.select({ contactId: cases.contactId, email: cases.requesterEmail }).from(cases),
    );
    for (const c of linked) expect(c.contactId).toBe(rows.find((r) => r.email === c.email.toLowerCase())!.id);
  });

  it('with "create new contact" off no contact is made, but a known requester is still linked', async () => {
    const t = await setup({ createContacts: false });
    const stranger = await receiveMail(t.tenantId, t.mailbox, mail(t.mailbox, 'new@nocontact.example', 'One'));
    expect(await contactRows(t.tenantId)).toEqual([]);
    expect((await caseRow(t.tenantId, (stranger as any).caseId)).contactId).toBeNull();
    const [known] = await withTenant(t.tenantId, (tx) =>
      tx.insert(contacts).values({ tenantId: t.tenantId, email: 'known@nocontact.example' }).returning(),
    );
    const r = await receiveMail(t.tenantId, t.mailbox, mail(t.mailbox, 'Known@nocontact.example', 'Two'));
    expect((await caseRow(t.tenantId, (r as any).caseId)).contactId).toBe(known.id);
  });
});

describe('existing contacts only', () => {
  it("holds a stranger's new message as unknown-sender and opens a case for a contact; a participant's reply still joins", async () => {
    const t = await setup({ senderFilter: 'contacts' });
    await withTenant(t.tenantId, (tx) =>
      tx.insert(contacts).values({ tenantId: t.tenantId, email: 'friend@known.example', name: 'Friend' }),
    );
    const stranger = await receiveMail(t.tenantId, t.mailbox, mail(t.mailbox, 'stranger@unknown.example', 'Let me in'));
    expect(stranger).toMatchObject({ outcome: 'ignored', kind: 'unknown-sender', reason: 'unknown-sender' });
    const friendId = `f-${uid()}@known.example`;
    const friend = await receiveMail(
      t.tenantId,
      t.mailbox,
      mail(t.mailbox, 'Friend@Known.example', 'Hello', { messageId: friendId }),
    );
    expect(friend.outcome).toBe('created');

    // A stranger cc'd on the friend's case replies by its headers: replies to existing cases still join.
    const reply = await receiveMail(
      t.tenantId,
      t.mailbox,
      mail(t.mailbox, 'colleague@unknown.example', 'Re: Hello', { inReplyTo: friendId }),
    );
    expect(reply).toMatchObject({ outcome: 'appended', caseNumber: (friend as any).caseNumber });

    // The queue shows the held message with its reason (API filter).
    const held = await callWithKey(listIgnored, t.key, '/api/v1/ignored-messages?reason=unknown-sender&released=false');
    expect(held.body.data).toMatchObject([
      { subject: 'Let me in', reviewReason: 'unknown-sender', reason: 'unknown-sender' },
    ]);
    // No confirmation is asked when the mailbox does not ask: nothing to send.
    const events = await withTenant(t.tenantId, (tx) =>
      tx.select({ type: outboxEvents.type }).from(outboxEvents).where(eq(outboxEvents.tenantId, t.tenantId)),
    );
    expect(events.map((e) => e.type)).not.toContain('sender.confirmation_requested');

    // Released, it opens a case and the stranger becomes a contact: their next message opens a case.
    const released = await releaseIgnored(t.tenantId, held.body.data[0].id);
    expect(released.outcome).toBe('created');
    const strangerContact = (await contactRows(t.tenantId)).find((c) => c.email === 'stranger@unknown.example');
    expect(strangerContact).toBeDefined();
    expect((await caseRow(t.tenantId, released.caseId)).contactId).toBe(strangerContact!.id);
    const next = await receiveMail(t.tenantId, t.mailbox, mail(t.mailbox, 'stranger@unknown.example', 'Next'));
    expect(next.outcome).toBe('created');
  });

  it('an allowed sender passes the filter; the options are saved per mailbox and bad ones refused with words', async () => {
    const t = await setup({ senderFilter: 'contacts' });
    await withTenant(t.tenantId, (tx) =>
      addSenderEntry(tx, {
        tenantId: t.tenantId,
        input: { kind: 'allowed', pattern: 'partner.example' },
        actor: { kind: 'system' },
      }),
    );
    expect((await receiveMail(t.tenantId, t.mailbox, mail(t.mailbox, 'p@partner.example', 'Allowed'))).outcome).toBe(
      'created',
    );
    const saved = await withTenant(t.tenantId, (tx) =>
      updateMailFiltering(tx, {
        mailboxId: t.mailbox.id,
        input: { senderFilter: 'anyone', confirmUnknownSenders: true, confirmationExpiryDays: 3 },
        actor: { kind: 'system' },
      }),
    );
    expect(saved).toMatchObject({
      senderFilter: 'anyone',
      confirmUnknownSenders: true,
      confirmationExpiryDays: 3,
      createContacts: true,
    });
    await expect(
      withTenant(t.tenantId, (tx) =>
        updateMailFiltering(tx, {
          mailboxId: t.mailbox.id,
          input: { senderFilter: 'friends' },
          actor: { kind: 'system' },
        }),
      ),
    ).rejects.toThrow(/anyone or contacts/);
  });
});

describe('merge', () => {
  it('keeps every case: the merged contact’s cases move, and its address then finds the kept contact', async () => {
    const t = await setup();
    const a1 = await receiveMail(t.tenantId, t.mailbox, mail(t.mailbox, 'Kim <kim@home.example>', 'Home 1'));
    const a2 = await receiveMail(t.tenantId, t.mailbox, mail(t.mailbox, 'kim@home.example', 'Home 2'));
    const b1 = await receiveMail(t.tenantId, t.mailbox, mail(t.mailbox, 'kim@work.example', 'Work 1'));
    const [home, work] = await contactRows(t.tenantId);
    expect([home.email, work.email]).toEqual(['kim@home.example', 'kim@work.example']);

    const merged = await callWithKey(mergeRoute, t.key, `/api/v1/contacts/${home.id}/merge`, { id: home.id }, 'POST', {
      mergeId: work.id,
    });
    expect(merged.status).toBe(200);
    expect(merged.body).toMatchObject({
      id: home.id,
      addresses: ['kim@home.example', 'kim@work.example'],
      caseCount: 3,
      movedCases: 1,
      name: 'Kim',
    });
    for (const r of [a1, a2, b1]) expect((await caseRow(t.tenantId, (r as any).caseId)).contactId).toBe(home.id);
    // Every case still exists and is listed under the kept contact (paginated: 2 + 1).
    const page1 = await callWithKey(contactCases, t.key, `/api/v1/contacts/${home.id}/cases?limit=2`, { id: home.id });
    const page2 = await callWithKey(
      contactCases,
      t.key,
      `/api/v1/contacts/${home.id}/cases?limit=2&cursor=${page1.body.nextCursor}`,
      { id: home.id },
    );
    expect([...page1.body.data, ...page2.body.data].map((c: any) => c.subject).sort()).toEqual([
      'Home 1',
      'Home 2',
      'Work 1',
    ]);
    expect(page2.body.nextCursor).toBeNull();

    // New mail from the merged address joins the kept contact; the merged id answers with the kept one.
    const later = await receiveMail(t.tenantId, t.mailbox, mail(t.mailbox, 'kim@work.example', 'Work 2'));
    expect((await caseRow(t.tenantId, (later as any).caseId)).contactId).toBe(home.id);
    expect((await callWithKey(showContact, t.key, `/api/v1/contacts/${work.id}`, { id: work.id })).body.id).toBe(
      home.id,
    );
    // The list leaves the merged row out.
    const list = await callWithKey(listContactsRoute, t.key, '/api/v1/contacts?q=kim');
    expect(list.body.data.map((c: any) => c.email)).toEqual(['kim@home.example']);
    // Merging into itself is refused, with words.
    const self = await callWithKey(mergeRoute, t.key, `/api/v1/contacts/${home.id}/merge`, { id: home.id }, 'POST', {
      mergeId: home.id,
    });
    expect(self.status).toBe(422);
  });
});

describe('backfill', () => {
  it("makes contacts of existing cases' requesters and links the cases; running it again changes nothing", async () => {
    const t = await setup({ createContacts: false });
    await receiveMail(t.tenantId, t.mailbox, mail(t.mailbox, 'Old One <old1@past.example>', 'Past 1'));
    await receiveMail(t.tenantId, t.mailbox, mail(t.mailbox, 'OLD1@past.example', 'Past 2'));
    await receiveMail(t.tenantId, t.mailbox, mail(t.mailbox, 'old2@past.example', 'Past 3'));
    expect(await contactRows(t.tenantId)).toEqual([]);
    await withTenant(t.tenantId, (tx) =>
      tx.update(tenants).set({ contactsBackfilledAt: null }).where(eq(tenants.id, t.tenantId)),
    );
    await withTenant(t.tenantId, (tx) => backfillTenantContacts(tx, t.tenantId));
    await withTenant(t.tenantId, (tx) => backfillTenantContacts(tx, t.tenantId));
    const rows = await contactRows(t.tenantId);
    expect(rows.map((c) => c.email)).toEqual(['old1@past.example', 'old2@past.example']);
    const linked = await withTenant(t.tenantId, (tx) => tx.select({ contactId: cases.contactId }).from(cases));
    expect(linked.every((c) => c.contactId)).toBe(true);
    const [tenant] = await withTenant(t.tenantId, (tx) =>
      tx.select({ at: tenants.contactsBackfilledAt }).from(tenants).where(eq(tenants.id, t.tenantId)),
    );
    expect(tenant.at).toBeInstanceOf(Date);
  });
});

describe('contacts and organisations API', () => {
  it('lists with search and pagination, shows, edits; organisations are created, edited and list their cases', async () => {
    const t = await setup();
    for (const n of [1, 2, 3]) {
      await receiveMail(t.tenantId, t.mailbox, mail(t.mailbox, `Person ${n} <p${n}@org.example>`, `Case ${n}`));
    }
    await receiveMail(t.tenantId, t.mailbox, mail(t.mailbox, 'other@else.example', 'Other'));

    const page1 = await callWithKey(listContactsRoute, t.key, '/api/v1/contacts?q=org.example&limit=2');
    expect(page1.body.data).toHaveLength(2);
    const page2 = await callWithKey(
      listContactsRoute,
      t.key,
      `/api/v1/contacts?q=org.example&limit=2&cursor=${page1.body.nextCursor}`,
    );
    expect([...page1.body.data, ...page2.body.data].map((c: any) => c.email).sort()).toEqual([
      'p1@org.example',
      'p2@org.example',
      'p3@org.example',
    ]);
    expect((await callWithKey(listContactsRoute, t.key, '/api/v1/contacts?q=Person%202')).body.data).toMatchObject([
      { email: 'p2@org.example' },
    ]);
    expect((await callWithKey(listContactsRoute, t.key, '/api/v1/contacts?cursor=bogus')).status).toBe(422);

    const created = await callWithKey(createOrg, t.key, '/api/v1/organizations', {}, 'POST', {
      name: 'Org Inc',
      domains: ['org.example'],
    });
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({ name: 'Org Inc', domains: ['org.example'], contactCount: 3 });
    const orgId = created.body.id;
    expect((await callWithKey(listOrgs, t.key, '/api/v1/organizations')).body.data).toMatchObject([{ id: orgId }]);
    const cases3 = await callWithKey(orgCases, t.key, `/api/v1/organizations/${orgId}/cases`, { id: orgId });
    expect(cases3.body.data.map((c: any) => c.subject).sort()).toEqual(['Case 1', 'Case 2', 'Case 3']);

    // Domains: one organisation per domain; a bad one is a clear 422.
    const clash = await callWithKey(createOrg, t.key, '/api/v1/organizations', {}, 'POST', {
      name: 'Copycat',
      domains: ['ORG.example'],
    });
    expect(clash.status).toBe(409);
    expect(clash.body.error.message).toContain('org.example');
    const bad = await callWithKey(createOrg, t.key, '/api/v1/organizations', {}, 'POST', {
      name: 'Bad',
      domains: ['not a domain'],
    });
    expect(bad.status).toBe(422);
    const edited = await callWithKey(patchOrg, t.key, `/api/v1/organizations/${orgId}`, { id: orgId }, 'PATCH', {
      name: 'Org Incorporated',
      domains: ['org.example', 'else.example'],
    });
    expect(edited.body).toMatchObject({
      name: 'Org Incorporated',
      domains: ['else.example', 'org.example'],
      contactCount: 4,
    });
    expect((await callWithKey(showOrg, t.key, `/api/v1/organizations/${orgId}`, { id: orgId })).body.name).toBe(
      'Org Incorporated',
    );

    const p1 = [...page1.body.data, ...page2.body.data].find((c: any) => c.email === 'p1@org.example');
    const patched = await callWithKey(patchContact, t.key, `/api/v1/contacts/${p1.id}`, { id: p1.id }, 'PATCH', {
      name: 'Pat One',
      organizationId: null,
    });
    expect(patched.status).toBe(200);
    expect(patched.body).toMatchObject({ name: 'Pat One', organizationId: null, organization: null });
    const wrongOrg = await callWithKey(patchContact, t.key, `/api/v1/contacts/${p1.id}`, { id: p1.id }, 'PATCH', {
      organizationId: '00000000-0000-4000-8000-000000000000',
    });
    expect(wrongOrg.status).toBe(422);
    expect((await callWithKey(showContact, t.key, '/api/v1/contacts/nope', { id: 'nope' })).status).toBe(404);
  });
});

describe('contacts CLI', () => {
  it('contacts list, show and merge print JSON', async () => {
    const t = await setup();
    await receiveMail(t.tenantId, t.mailbox, mail(t.mailbox, 'Lee <lee@one.example>', 'One'));
    await receiveMail(t.tenantId, t.mailbox, mail(t.mailbox, 'lee@two.example', 'Two'));
    const list = await runCliJson(['contacts', 'list', '--tenant', t.slug, '--search', 'lee@']);
    expect(list.code).toBe(0);
    expect(list.json.map((c: any) => c.email).sort()).toEqual(['lee@one.example', 'lee@two.example']);
    const show = await runCliJson(['contacts', 'show', 'LEE@one.example', '--tenant', t.slug]);
    expect(show.json).toMatchObject({
      email: 'lee@one.example',
      name: 'Lee',
      caseCount: 1,
      cases: [{ subject: 'One' }],
    });
    const merged = await runCliJson(['contacts', 'merge', 'lee@one.example', 'lee@two.example', '--tenant', t.slug]);
    expect(merged.code).toBe(0);
    expect(merged.json).toMatchObject({
      addresses: ['lee@one.example', 'lee@two.example'],
      caseCount: 2,
      movedCases: 1,
    });
    const missing = await runCliJson(['contacts', 'show', 'nobody@none.example', '--tenant', t.slug]);
    expect(missing.code).toBe(1);
    expect(missing.stderr).toContain('no contact');
  });
});
