// The tenant-isolation route table (docs/architecture.md, invariant 4): every route that takes a tenant slug or a tenant-owned id.
// tests/e2e/tenant-isolation.test.ts signs in as tenant A (session and API key) and asks for
// tenant B's slug or ids; every row must answer 404. A new route, page or server action needs a row here (or in
// the unscoped list with its reason): tests/unit/isolation-completeness.test.ts fails without one. Add a seed
// when their routes need records (a case, a mailbox) to exist in B.
import type { TestTenant } from './tenant';

export type IsolationTenant = TestTenant & {
  /** An API key of this tenant. */
  apiKey: string;
  /** Ids returned by the seeds below, merged (e.g. { caseNumber: '1', mailboxId: '…' }). */
  ids: Record<string, string>;
};

export type RouteCtx = { own: IsolationTenant; other: IsolationTenant };

/** Pages and page-like routes used with a signed-in session (cookie of `own`'s owner). */
export type PageRoute = { name: string; path: (ctx: RouteCtx) => string };

/** /api/v1 routes used with `own`'s API key. */
export type ApiRoute = {
  name: string;
  method: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';
  path: (ctx: RouteCtx) => string;
  body?: (ctx: RouteCtx) => unknown;
};

/** Creates records in a tenant and returns their ids; runs for both tenants before the table is checked. */
export type IsolationSeed = (tenant: TestTenant) => Promise<Record<string, string>>;

export const isolationSeeds: IsolationSeed[] = [
  // A draft mailbox (never connected) in each tenant.
  async (tenant) => {
    const { withTenant } = await import('@/db/tenancy');
    const { createMailbox } = await import('@/lib/mailboxes/create-mailbox');
    const mailbox = await withTenant(tenant.tenantId, (tx) =>
      createMailbox(tx, {
        tenantId: tenant.tenantId,
        input: {
          email: `iso-${tenant.slug}@example.test`,
          password: 'secret-pass',
          protocol: 'imaps',
          host: 'imap.example.test',
        },
        actor: { kind: 'system' },
      }),
    );
    return { mailboxId: mailbox.id };
  },
  // A case (with a random number, so the two tenants' numbers differ) and an ignored message in each tenant.
  async (tenant) => {
    const { randomInt } = await import('node:crypto');
    const { eq } = await import('drizzle-orm');
    const { withTenant } = await import('@/db/tenancy');
    const { caseMessages, cases, ignoredMessages, tenants } = await import('@/db/schema');
    const number = randomInt(100_000, 10_000_000);
    return withTenant(tenant.tenantId, async (tx) => {
      await tx.update(tenants).set({ caseCounter: number }).where(eq(tenants.id, tenant.tenantId));
      const [c] = await tx
        .insert(cases)
        .values({
          tenantId: tenant.tenantId,
          number,
          subject: 'Isolation case',
          requesterEmail: 'iso@customer.example',
        })
        .returning({ id: cases.id });
      await tx.insert(caseMessages).values({
        tenantId: tenant.tenantId,
        caseId: c.id,
        direction: 'in',
        fromAddress: 'iso@customer.example',
        subject: 'Isolation case',
        text: 'hello',
      });
      const [ignored] = await tx
        .insert(ignoredMessages)
        .values({
          tenantId: tenant.tenantId,
          outcome: 'ignored',
          kind: 'auto-reply',
          reason: 'header:auto-submitted=auto-replied',
          fromAddress: 'ooo@customer.example',
          subject: 'Away',
        })
        .returning({ id: ignoredMessages.id });
      return { caseNumber: String(number), ignoredMessageId: ignored.id };
    });
  },
  // An inbound rule and a blocked sender in each tenant.
  async (tenant) => {
    const { withTenant } = await import('@/db/tenancy');
    const { createRule } = await import('@/lib/rules/save-rule');
    const { addSenderEntry } = await import('@/lib/rules/sender-list-entries');
    return withTenant(tenant.tenantId, async (tx) => {
      const actor = { kind: 'system' } as const;
      const rule = await createRule(tx, {
        tenantId: tenant.tenantId,
        input: {
          name: 'Isolation rule',
          conditions: [{ field: 'subject', operator: 'contains', value: 'x' }],
          actions: [{ type: 'ignore' }],
        },
        actor,
      });
      const sender = await addSenderEntry(tx, {
        tenantId: tenant.tenantId,
        input: { kind: 'blocked', pattern: `iso-${tenant.slug}.example` },
        actor,
      });
      return { ruleId: rule.id, senderEntryId: sender.id };
    });
  },
  // A webhook endpoint (pointing at a closed local port) with one logged test delivery.
  async (tenant) => {
    const { withTenant } = await import('@/db/tenancy');
    const { createWebhookEndpoint } = await import('@/lib/webhooks/create-webhook-endpoint');
    const { sendTestWebhook } = await import('@/lib/webhooks/send-test-webhook');
    const endpoint = await withTenant(tenant.tenantId, (tx) =>
      createWebhookEndpoint(tx, {
        tenantId: tenant.tenantId,
        input: { url: 'http://127.0.0.1:9/hook' },
        actor: { kind: 'system' },
      }),
    );
    const delivery = await sendTestWebhook({
      tenantId: tenant.tenantId,
      endpointId: endpoint.id,
      actor: { kind: 'system' },
    });
    return { webhookEndpointId: endpoint.id, webhookDeliveryId: delivery.id };
  },
  // Workspace: a received message with an attachment and its raw source, in each tenant.
  async (tenant) => {
    const { buildMail } = await import('./mail-builder');
    const { makeMailboxRow, receiveMail } = await import('./receive-mail');
    const { withTenant } = await import('@/db/tenancy');
    const { getCaseByNumber } = await import('@/lib/cases/queries/get-case');
    const mailbox = await makeMailboxRow(tenant.tenantId, { email: `iso-ws-${tenant.slug}@example.test` });
    const raw = buildMail({
      from: 'iso-file@customer.example',
      to: mailbox.email,
      subject: 'Isolation attachment',
      text: 'see file',
      attachments: [{ filename: 'iso.txt', contentType: 'text/plain', content: Buffer.from('iso') }],
    });
    const received = await receiveMail(tenant.tenantId, mailbox, raw);
    if (received.outcome !== 'created') throw new Error(`isolation seed: expected a case, got ${received.outcome}`);
    const c = await withTenant(tenant.tenantId, (tx) => getCaseByNumber(tx, received.caseNumber));
    const message = c.messages.find((m) => m.attachments.length > 0)!;
    return {
      attachmentId: message.attachments[0].id,
      rawCaseMessageId: message.id,
      attachmentCaseNumber: String(received.caseNumber),
    };
  },
  // Contacts: an organisation and a contact in it, in each tenant.
  async (tenant) => {
    const { withTenant } = await import('@/db/tenancy');
    const { contacts } = await import('@/db/schema');
    const { createOrganization } = await import('@/lib/contacts/organizations');
    return withTenant(tenant.tenantId, async (tx) => {
      const org = await createOrganization(tx, {
        tenantId: tenant.tenantId,
        input: { name: `Iso ${tenant.slug}`, domains: [`iso-org-${tenant.slug}.example`] },
        actor: { kind: 'system' },
      });
      const [contact] = await tx
        .insert(contacts)
        .values({ tenantId: tenant.tenantId, email: `person@iso-org-${tenant.slug}.example`, organizationId: org.id })
        .returning({ id: contacts.id });
      return { contactId: contact.id, organizationId: org.id };
    });
  },
];

export const pageRoutes: PageRoute[] = [
  { name: 'tenant home', path: ({ other }) => `/t/${other.slug}` },
  { name: 'members settings', path: ({ other }) => `/t/${other.slug}/settings/members` },
  { name: 'API keys settings', path: ({ other }) => `/t/${other.slug}/settings/api-keys` },
  { name: 'rules settings', path: ({ other }) => `/t/${other.slug}/settings/rules` },
  { name: 'sender lists settings', path: ({ other }) => `/t/${other.slug}/settings/senders` },
  { name: 'replies settings (canned replies, signature)', path: ({ other }) => `/t/${other.slug}/settings/replies` },
  { name: 'webhooks settings', path: ({ other }) => `/t/${other.slug}/settings/webhooks` },
  {
    name: 'webhook endpoint page',
    path: ({ other }) => `/t/${other.slug}/settings/webhooks/${other.ids.webhookEndpointId}`,
  },
  {
    name: 'webhook endpoint page with a foreign id under the own slug',
    path: ({ own, other }) => `/t/${own.slug}/settings/webhooks/${other.ids.webhookEndpointId}`,
  },
  // Workspace.
  { name: 'cases list', path: ({ other }) => `/t/${other.slug}/cases` },
  { name: 'cases search', path: ({ other }) => `/t/${other.slug}/cases?q=isolation` },
  { name: 'cases list, all view with a tag', path: ({ other }) => `/t/${other.slug}/cases?view=all&tag=x` },
  { name: 'case page', path: ({ other }) => `/t/${other.slug}/cases/${other.ids.caseNumber}` },
  {
    name: 'case page with a foreign number under the own slug',
    path: ({ own, other }) => `/t/${own.slug}/cases/${other.ids.attachmentCaseNumber}`,
  },
  {
    name: 'who is replying on a case',
    path: ({ other }) => `/t/${other.slug}/cases/${other.ids.caseNumber}/presence`,
  },
  {
    name: 'who is replying on a case with a foreign number under the own slug',
    path: ({ own, other }) => `/t/${own.slug}/cases/${other.ids.attachmentCaseNumber}/presence`,
  },
  { name: 'attachment download', path: ({ other }) => `/t/${other.slug}/attachments/${other.ids.attachmentId}` },
  {
    name: 'attachment download with a foreign id under the own slug',
    path: ({ own, other }) => `/t/${own.slug}/attachments/${other.ids.attachmentId}`,
  },
  {
    name: 'view original with a foreign message under the own slug',
    path: ({ own, other }) =>
      `/t/${own.slug}/cases/${own.ids.attachmentCaseNumber}/original/${other.ids.rawCaseMessageId}`,
  },
  // Live workspace: the change stream, "changed since" and the live list's rows.
  { name: 'live change stream', path: ({ other }) => `/t/${other.slug}/live` },
  { name: 'live change stream resuming', path: ({ other }) => `/t/${other.slug}/live?after=0` },
  { name: 'live changed since', path: ({ other }) => `/t/${other.slug}/live/changes?after=0` },
  {
    name: 'live list rows',
    path: ({ other }) =>
      `/t/${other.slug}/live/cases?numbers=${other.ids.caseNumber},${other.ids.attachmentCaseNumber}`,
  },
  { name: 'live unread count', path: ({ other }) => `/t/${other.slug}/live/unread` },
  { name: 'review queue', path: ({ other }) => `/t/${other.slug}/review` },
  { name: 'contacts', path: ({ other }) => `/t/${other.slug}/contacts` },
  { name: 'contact page', path: ({ other }) => `/t/${other.slug}/contacts/${other.ids.contactId}` },
  {
    name: 'contact page with a foreign id under the own slug',
    path: ({ own, other }) => `/t/${own.slug}/contacts/${other.ids.contactId}`,
  },
  { name: 'organizations', path: ({ other }) => `/t/${other.slug}/organizations` },
  { name: 'organization page', path: ({ other }) => `/t/${other.slug}/organizations/${other.ids.organizationId}` },
  {
    name: 'organization page with a foreign id under the own slug',
    path: ({ own, other }) => `/t/${own.slug}/organizations/${other.ids.organizationId}`,
  },
  { name: 'mailboxes settings', path: ({ other }) => `/t/${other.slug}/settings/mailboxes` },
  { name: 'new mailbox wizard', path: ({ other }) => `/t/${other.slug}/settings/mailboxes/new` },
  { name: 'mailbox page', path: ({ other }) => `/t/${other.slug}/settings/mailboxes/${other.ids.mailboxId}` },
  {
    name: 'mailbox page with a foreign id under the own slug',
    path: ({ own, other }) => `/t/${own.slug}/settings/mailboxes/${other.ids.mailboxId}`,
  },
  {
    name: 'mailbox import progress',
    path: ({ other }) => `/t/${other.slug}/settings/mailboxes/${other.ids.mailboxId}/progress`,
  },
  {
    name: 'mailbox import progress with a foreign id under the own slug',
    path: ({ own, other }) => `/t/${own.slug}/settings/mailboxes/${other.ids.mailboxId}/progress`,
  },
];

export const apiRoutes: ApiRoute[] = [
  // GET /api/v1/tenant takes no id: the test checks separately that a key only ever sees its own tenant.
  { name: 'mailbox', method: 'GET', path: ({ other }) => `/api/v1/mailboxes/${other.ids.mailboxId}` },
  {
    name: 'mailbox change',
    method: 'PATCH',
    path: ({ other }) => `/api/v1/mailboxes/${other.ids.mailboxId}`,
    body: () => ({ displayName: 'Taken over' }),
  },
  { name: 'mailbox test', method: 'POST', path: ({ other }) => `/api/v1/mailboxes/${other.ids.mailboxId}/test` },
  { name: 'mailbox import', method: 'POST', path: ({ other }) => `/api/v1/mailboxes/${other.ids.mailboxId}/import` },
  { name: 'mailbox sync', method: 'POST', path: ({ other }) => `/api/v1/mailboxes/${other.ids.mailboxId}/sync` },
  { name: 'mailbox with a forged id', method: 'GET', path: () => `/api/v1/mailboxes/not-a-uuid` },
  {
    name: 'mailbox filtering',
    method: 'GET',
    path: ({ other }) => `/api/v1/mailboxes/${other.ids.mailboxId}/filtering`,
  },
  {
    name: 'mailbox filtering change',
    method: 'PATCH',
    path: ({ other }) => `/api/v1/mailboxes/${other.ids.mailboxId}/filtering`,
    body: () => ({ senderVerification: 'off' }),
  },
  { name: 'case', method: 'GET', path: ({ other }) => `/api/v1/cases/${other.ids.caseNumber}` },
  { name: 'case messages', method: 'GET', path: ({ other }) => `/api/v1/cases/${other.ids.caseNumber}/messages` },
  { name: 'case with a malformed number', method: 'GET', path: () => `/api/v1/cases/not-a-number` },
  {
    name: 'release ignored message',
    method: 'POST',
    path: ({ other }) => `/api/v1/ignored-messages/${other.ids.ignoredMessageId}/release`,
  },
  {
    name: 'block the sender of an ignored message',
    method: 'POST',
    path: ({ other }) => `/api/v1/ignored-messages/${other.ids.ignoredMessageId}/block-sender`,
  },
  {
    name: 'mark an ignored message not spam',
    method: 'POST',
    path: ({ other }) => `/api/v1/ignored-messages/${other.ids.ignoredMessageId}/not-spam`,
  },
  {
    name: 'resend the confirmation of a held message',
    method: 'POST',
    path: ({ other }) => `/api/v1/ignored-messages/${other.ids.ignoredMessageId}/resend-confirmation`,
  },
  // Contacts and organisations.
  { name: 'contact', method: 'GET', path: ({ other }) => `/api/v1/contacts/${other.ids.contactId}` },
  {
    name: 'contact update',
    method: 'PATCH',
    path: ({ other }) => `/api/v1/contacts/${other.ids.contactId}`,
    body: () => ({ name: 'Taken over' }),
  },
  { name: 'contact cases', method: 'GET', path: ({ other }) => `/api/v1/contacts/${other.ids.contactId}/cases` },
  {
    name: 'contact merge',
    method: 'POST',
    path: ({ other }) => `/api/v1/contacts/${other.ids.contactId}/merge`,
    body: ({ own }) => ({ mergeId: own.ids.contactId }),
  },
  {
    name: 'contact merge taking a foreign contact into the own one',
    method: 'POST',
    path: ({ own }) => `/api/v1/contacts/${own.ids.contactId}/merge`,
    body: ({ other }) => ({ mergeId: other.ids.contactId }),
  },
  { name: 'contact with a forged id', method: 'GET', path: () => `/api/v1/contacts/not-a-uuid` },
  { name: 'organization', method: 'GET', path: ({ other }) => `/api/v1/organizations/${other.ids.organizationId}` },
  {
    name: 'organization update',
    method: 'PATCH',
    path: ({ other }) => `/api/v1/organizations/${other.ids.organizationId}`,
    body: () => ({ name: 'Taken over' }),
  },
  {
    name: 'organization cases',
    method: 'GET',
    path: ({ other }) => `/api/v1/organizations/${other.ids.organizationId}/cases`,
  },
  {
    name: 'release ignored message with a forged id',
    method: 'POST',
    path: () => `/api/v1/ignored-messages/not-a-uuid/release`,
  },
  { name: 'rule', method: 'GET', path: ({ other }) => `/api/v1/rules/${other.ids.ruleId}` },
  {
    name: 'rule update',
    method: 'PATCH',
    path: ({ other }) => `/api/v1/rules/${other.ids.ruleId}`,
    body: () => ({ name: 'Renamed' }),
  },
  {
    name: 'rule move',
    method: 'POST',
    path: ({ other }) => `/api/v1/rules/${other.ids.ruleId}/move`,
    body: () => ({ direction: 'down' }),
  },
  { name: 'rule with a forged id', method: 'GET', path: () => `/api/v1/rules/not-a-uuid` },
  {
    name: 'mailbox simulate',
    method: 'POST',
    path: ({ other }) => `/api/v1/mailboxes/${other.ids.mailboxId}/simulate`,
    body: () => ({ raw: Buffer.from('From: a@b.example\r\nSubject: s\r\n\r\nhi\r\n').toString('base64') }),
  },
  {
    name: 'rules re-run on an ignored message (preview)',
    method: 'POST',
    path: () => `/api/v1/rules/rerun`,
    body: ({ other }) => ({ ignoredMessageId: other.ids.ignoredMessageId }),
  },
  { name: 'rule delete', method: 'DELETE', path: ({ other }) => `/api/v1/rules/${other.ids.ruleId}` },
  {
    name: 'sender list entry delete',
    method: 'DELETE',
    path: ({ other }) => `/api/v1/sender-lists/${other.ids.senderEntryId}`,
  },
  // Workspace.
  {
    name: 'case update',
    method: 'PATCH',
    path: ({ other }) => `/api/v1/cases/${other.ids.caseNumber}`,
    body: () => ({ status: 'pending' }),
  },
  {
    name: 'case reply',
    method: 'POST',
    path: ({ other }) => `/api/v1/cases/${other.ids.attachmentCaseNumber}/replies`,
    body: () => ({ text: 'isolation reply' }),
  },
  {
    name: 'case note',
    method: 'POST',
    path: ({ other }) => `/api/v1/cases/${other.ids.caseNumber}/notes`,
    body: () => ({ text: 'isolation note' }),
  },
  {
    // Into the same number: A's own call answers 422 (a case cannot join itself) and changes nothing.
    name: 'case merge',
    method: 'POST',
    path: ({ other }) => `/api/v1/cases/${other.ids.caseNumber}/merge`,
    body: ({ other }) => ({ into: Number(other.ids.caseNumber) }),
  },
  {
    name: 'case messages of the attachment case',
    method: 'GET',
    path: ({ other }) => `/api/v1/cases/${other.ids.attachmentCaseNumber}/messages`,
  },
  { name: 'attachment', method: 'GET', path: ({ other }) => `/api/v1/attachments/${other.ids.attachmentId}` },
  { name: 'attachment with a forged id', method: 'GET', path: () => `/api/v1/attachments/not-a-uuid` },
  // Webhooks; DELETE comes last because the own-tenant check really deletes.
  {
    name: 'webhook endpoint',
    method: 'GET',
    path: ({ other }) => `/api/v1/webhook-endpoints/${other.ids.webhookEndpointId}`,
  },
  {
    name: 'webhook endpoint update',
    method: 'PATCH',
    path: ({ other }) => `/api/v1/webhook-endpoints/${other.ids.webhookEndpointId}`,
    body: () => ({ description: 'changed' }),
  },
  {
    name: 'webhook secret rotation',
    method: 'POST',
    path: ({ other }) => `/api/v1/webhook-endpoints/${other.ids.webhookEndpointId}/rotate-secret`,
  },
  {
    name: 'webhook test event',
    method: 'POST',
    path: ({ other }) => `/api/v1/webhook-endpoints/${other.ids.webhookEndpointId}/test`,
  },
  {
    name: 'webhook deliveries',
    method: 'GET',
    path: ({ other }) => `/api/v1/webhook-endpoints/${other.ids.webhookEndpointId}/deliveries`,
  },
  {
    name: 'webhook delivery',
    method: 'GET',
    path: ({ other }) =>
      `/api/v1/webhook-endpoints/${other.ids.webhookEndpointId}/deliveries/${other.ids.webhookDeliveryId}`,
  },
  {
    name: 'webhook delivery replay',
    method: 'POST',
    path: ({ other }) =>
      `/api/v1/webhook-endpoints/${other.ids.webhookEndpointId}/deliveries/${other.ids.webhookDeliveryId}/replay`,
  },
  {
    name: 'webhook delivery under the own endpoint',
    method: 'GET',
    path: ({ own, other }) =>
      `/api/v1/webhook-endpoints/${own.ids.webhookEndpointId}/deliveries/${other.ids.webhookDeliveryId}`,
  },
  { name: 'webhook endpoint with a forged id', method: 'GET', path: () => `/api/v1/webhook-endpoints/not-a-uuid` },
  {
    name: 'webhook endpoint delete',
    method: 'DELETE',
    path: ({ other }) => `/api/v1/webhook-endpoints/${other.ids.webhookEndpointId}`,
  },
];

/**
 * Routes and pages that take no tenant slug and no tenant-owned id, each with the reason. The completeness
 * test (tests/unit/isolation-completeness.test.ts) requires every route.ts and page.tsx to match a row above
 * or a row here, so a new route cannot escape the isolation check silently.
 */
export const unscopedRoutes: { path: string; why: string }[] = [
  { path: '/', why: 'lists the signed-in user’s own tenants (membership from the database)' },
  { path: '/sign-in', why: 'public form' },
  { path: '/sign-up', why: 'public form' },
  { path: '/sign-up/confirm/[token]', why: 'the sealed sign-up link is the secret; it creates only its own workspace' },
  { path: '/forgot-password', why: 'public form; answers the same whether the address has an account' },
  { path: '/reset-password/[token]', why: 'the reset token is the secret; it changes only its own user' },
  { path: '/account', why: 'the signed-in user’s own account (password, sessions); no tenant' },
  { path: '/invite/[token]', why: 'the invitation token is the secret; accepting joins its own tenant' },
  { path: '/api/auth/[...nextauth]', why: 'next-auth session endpoints' },
  { path: '/api/inngest', why: 'Inngest serve endpoint, signed requests only' },
  { path: '/api/oauth/mailbox/callback', why: 'the state is bound to the user and tenant that started it' },
  { path: '/api/attachments/inline/[token]', why: 'a signed, expiring token names tenant and attachment' },
  { path: '/api/v1/[...path]', why: 'the catch-all 404 for unknown API paths' },
  { path: '/api/v1/tenant', why: 'answers the API key’s own tenant; tenant-isolation.test.ts checks it' },
  { path: '/api/v1/cases', why: 'lists and creates in the API key’s own tenant; no id in the path' },
  { path: '/api/v1/ignored-messages', why: 'lists the API key’s own tenant; no id in the path' },
  { path: '/api/v1/contacts', why: 'lists the API key’s own tenant; no id in the path' },
  { path: '/api/v1/organizations', why: 'lists and creates in the API key’s own tenant; no id in the path' },
  {
    path: '/confirm-sender/[token]',
    why: 'a token signed with AUTH_SECRET names tenant and held message; it only confirms that message',
  },
  { path: '/api/v1/mailboxes', why: 'lists and creates in the API key’s own tenant; no id in the path' },
  { path: '/api/v1/rules', why: 'lists and creates in the API key’s own tenant; no id in the path' },
  { path: '/api/v1/rules/reorder', why: 'ids in the body are checked like the move row above' },
  { path: '/api/v1/sender-lists', why: 'lists and creates in the API key’s own tenant; no id in the path' },
  { path: '/api/v1/webhook-endpoints', why: 'lists and creates in the API key’s own tenant; no id in the path' },
];

/**
 * Every server action, by file: `tenant` actions re-check the membership of the slug they are posted with
 * (defineAction with auth 'tenant') and run inside withTenant; `user` and `public` ones touch no tenant's
 * data by id. The completeness test checks each exported action has a row and is defined with that auth.
 */
export const serverActions: { file: string; auth: 'tenant' | 'user' | 'public'; actions: string[] }[] = [
  {
    file: 'app/(auth)/actions.ts',
    auth: 'public',
    actions: [
      'signUpAction',
      'confirmSignUpAction',
      'signInAction',
      'signOutAction',
      'requestPasswordResetAction',
      'resetPasswordAction',
    ],
  },
  { file: 'app/account/actions.ts', auth: 'user', actions: ['changePasswordAction', 'updateNameAction'] },
  // The agent's own notification settings in the posted slug's workspace (membership re-checked).
  { file: 'app/account/actions.ts', auth: 'tenant', actions: ['saveNotificationsAction'] },
  // A plain function: it ends the caller's own sessions (requireUser inside), no tenant.
  { file: 'app/account/actions.ts', auth: 'public', actions: ['signOutEverywhereAction'] },
  { file: 'app/invite/[token]/actions.ts', auth: 'user', actions: ['acceptAsUserAction'] },
  { file: 'app/invite/[token]/actions.ts', auth: 'public', actions: ['acceptAsNewUserAction'] },
  {
    file: 'app/t/[slug]/cases/(list)/actions.ts',
    auth: 'tenant',
    actions: ['bulkUpdateCasesAction', 'bulkMergeCasesAction', 'saveViewAction', 'deleteViewAction'],
  },
  {
    file: 'app/t/[slug]/cases/[number]/actions.ts',
    auth: 'tenant',
    actions: [
      'updateCaseAction',
      'addNoteAction',
      'replyAction',
      'retryReplyAction',
      'undoReplyAction',
      'mergeCaseAction',
      'replyingAction',
    ],
  },
  // Reads only: the case by number inside the slug's tenant (RLS), so another tenant's number is not found.
  { file: 'app/t/[slug]/cases/[number]/live-actions.ts', auth: 'tenant', actions: ['caseChangesAction'] },
  {
    file: 'app/t/[slug]/settings/api-keys/actions.ts',
    auth: 'tenant',
    actions: ['createApiKeyAction', 'revokeApiKeyAction'],
  },
  {
    file: 'app/t/[slug]/settings/mailboxes/actions.ts',
    auth: 'tenant',
    actions: [
      'testNewMailboxAction',
      'createMailboxAction',
      'createForwardMailboxAction',
      'testStoredMailboxAction',
      'confirmImportAction',
      'updateMailboxAction',
      'updateAcknowledgementAction',
      'setMailboxStateAction',
      'syncNowAction',
      'deleteMailboxAction',
      'releaseIgnoredAction',
    ],
  },
  {
    file: 'app/t/[slug]/review/actions.ts',
    auth: 'tenant',
    actions: ['releaseHeldAction', 'blockHeldSenderAction', 'notSpamAction', 'resendConfirmationAction'],
  },
  {
    file: 'app/t/[slug]/contacts/actions.ts',
    auth: 'tenant',
    actions: ['updateContactAction', 'mergeContactsAction', 'createOrganizationAction', 'updateOrganizationAction'],
  },
  // A plain function: the signed token names the held message; it confirms only that message.
  { file: 'app/confirm-sender/[token]/actions.ts', auth: 'public', actions: ['confirmSenderAction'] },
  {
    file: 'app/t/[slug]/settings/mailboxes/[id]/filtering-actions.ts',
    auth: 'tenant',
    actions: ['updateFilteringAction', 'updateReplyTemplateAction'],
  },
  {
    file: 'app/t/[slug]/settings/mailboxes/_components/oauth-actions.ts',
    auth: 'tenant',
    actions: [
      'createOAuthMailboxAction',
      'beginAuthorizationAction',
      'pasteAuthorizationAction',
      'updateOAuthSettingsAction',
    ],
  },
  {
    file: 'app/t/[slug]/settings/mailboxes/_components/api-mailbox-actions.ts',
    auth: 'tenant',
    actions: ['createApiMailboxAction', 'updateApiMailboxAction'],
  },
  {
    file: 'app/t/[slug]/settings/members/actions.ts',
    auth: 'tenant',
    actions: ['inviteMemberAction', 'changeRoleAction', 'removeMemberAction', 'revokeInvitationAction'],
  },
  {
    file: 'app/t/[slug]/settings/rules/actions.ts',
    auth: 'tenant',
    actions: [
      'saveRuleAction',
      'deleteRuleAction',
      'toggleRuleAction',
      'moveRuleAction',
      'reorderRulesAction',
      'simulateAction',
      'rerunAction',
    ],
  },
  {
    file: 'app/t/[slug]/settings/replies/actions.ts',
    auth: 'tenant',
    actions: ['saveCannedReplyAction', 'deleteCannedReplyAction', 'saveSignatureAction'],
  },
  {
    file: 'app/t/[slug]/settings/senders/actions.ts',
    auth: 'tenant',
    actions: ['addSenderAction', 'removeSenderAction'],
  },
  {
    file: 'app/t/[slug]/settings/webhooks/actions.ts',
    auth: 'tenant',
    actions: [
      'createEndpointAction',
      'updateEndpointAction',
      'rotateSecretAction',
      'sendTestAction',
      'deleteEndpointAction',
      'replayDeliveryAction',
    ],
  },
];
