// The review queue's data: GET /api/v1/ignored-messages with reason, mailbox and released filters,
// `ignored list --reason --held`, and the block-sender / not-spam actions, with real API keys and PostgreSQL.
import { randomBytes } from 'node:crypto';
import { PassThrough } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { withTenant } from '@/db/tenancy';
import { POST as blockSender } from '@/app/api/v1/ignored-messages/[id]/block-sender/route';
import { POST as notSpam } from '@/app/api/v1/ignored-messages/[id]/not-spam/route';
import { GET as listIgnored } from '@/app/api/v1/ignored-messages/route';
import { createApiKey } from '@/lib/api-keys/create-api-key';
import '@/lib/cli/commands/ignored';
import { runCli } from '@/lib/cli/registry';
import { listSenderEntries } from '@/lib/rules/sender-list-entries';
import { buildMail } from '@/tests/helpers/mail-builder';
import { makeMailboxRow, receiveMail } from '@/tests/helpers/receive-mail';
import { makeTenant } from '@/tests/helpers/tenant';
import { callRoute, type RouteHandler } from '@/tests/helpers/call-route';

async function setup() {
  const tenant = await makeTenant('rq');
  const { key } = await withTenant(tenant.tenantId, (tx) =>
    createApiKey(tx, { tenantId: tenant.tenantId, name: 'test', createdBy: null }),
  );
  const [a, b] = [await makeMailboxRow(tenant.tenantId), await makeMailboxRow(tenant.tenantId)];
  const uid = () => randomBytes(3).toString('hex');
  const send = (mailbox: typeof a, subject: string, headers: Record<string, string> = {}, from?: string) =>
    receiveMail(
      tenant.tenantId,
      mailbox,
      buildMail({ from: from ?? `x-${uid()}@sender.example`, to: mailbox.email, subject, text: 'x', headers }),
    );
  await send(a, 'Spam in A', { 'X-Spam-Flag': 'YES' }, 'spammer@junk.example');
  await send(b, 'Spam in B', { 'X-Spam': 'Yes' });
  await send(a, 'Away', { 'Auto-Submitted': 'auto-replied' });
  await send(a, 'A person');
  return { ...tenant, key, a, b };
}

async function call(
  handler: RouteHandler,
  key: string,
  url: string,
  params: Record<string, string> = {},
  method = 'GET',
) {
  return callRoute(handler, { key, path: url, params, method });
}

describe('review queue', () => {
  it('filters by reason, mailbox and whether it is still held; block sender and not spam act on the sender lists', async () => {
    const t = await setup();
    const list = (q: string) => call(listIgnored, t.key, `/api/v1/ignored-messages?${q}`);
    const subjects = (r: { body: any }) => r.body.data.map((i: any) => i.subject).sort();

    expect(subjects(await list('reason=spam'))).toEqual(['Spam in A', 'Spam in B']);
    expect(subjects(await list(`reason=spam&mailboxId=${t.a.id}`))).toEqual(['Spam in A']);
    expect(subjects(await list('reason=auto-generated'))).toEqual(['Away']);
    expect((await list('reason=spam')).body.data[0]).toMatchObject({ kind: 'spam', reviewReason: 'spam' });
    expect((await list('reason=nonsense')).status).toBe(422);

    const spamA = (await list(`reason=spam&mailboxId=${t.a.id}`)).body.data[0];
    const blocked = await call(blockSender, t.key, `/x`, { id: spamA.id }, 'POST');
    expect(blocked).toMatchObject({ status: 200, body: { blocked: 'spammer@junk.example' } });
    // Twice is fine: already on the list.
    expect((await call(blockSender, t.key, `/x`, { id: spamA.id }, 'POST')).status).toBe(200);

    const spamB = (await list(`reason=spam&mailboxId=${t.b.id}`)).body.data[0];
    const released = await call(notSpam, t.key, `/x`, { id: spamB.id }, 'POST');
    expect(released.body).toMatchObject({ outcome: 'created', allowed: spamB.from });
    const entries = await withTenant(t.tenantId, (tx) => listSenderEntries(tx));
    expect(entries.map((e: any) => [e.kind, e.pattern]).sort()).toEqual(
      [
        ['allowed', spamB.from],
        ['blocked', 'spammer@junk.example'],
      ].sort(),
    );

    expect(subjects(await list('reason=spam&released=false'))).toEqual(['Spam in A']);
    expect(subjects(await list('reason=spam&released=true'))).toEqual(['Spam in B']);

    // Another tenant's key sees none of it and cannot act on it.
    const other = await setup();
    expect((await call(blockSender, other.key, `/x`, { id: spamA.id }, 'POST')).status).toBe(404);

    let stdout = '';
    const stdin = new PassThrough();
    stdin.end();
    const code = await runCli(['ignored', 'list', '--tenant', t.slug, '--reason', 'spam', '--held'], {
      stdout: (s) => (stdout += s),
      stderr: () => {},
      stdin,
    });
    expect(code).toBe(0);
    expect(JSON.parse(stdout).map((i: any) => i.subject)).toEqual(['Spam in A']);
  });
});
